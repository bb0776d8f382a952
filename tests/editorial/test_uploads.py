"""Uploads over the size limit in the admin (issue 17): a form error that names the limit, or
the admin's own refusal, never a 500 or the public 400 page; and nothing half-saved: the
record keeps its file, no new file is left in storage, no item is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.models import Document, Image
from newsroom.models import NewsItem
from tests.factories import (
    ADD_URL,
    change_form_data,
    image_upload,
    listing,
    listing_item,
    make_document,
    make_image,
)

pytestmark = pytest.mark.django_db


def stored_files(media):
    return sorted(path.relative_to(media) for path in media.rglob("*") if path.is_file())


@pytest.fixture
def small_limits(settings):
    # Over the site's request cap too: the library's pages take larger bodies and cut files.
    settings.REQUEST_BODY_MAX_SIZE = 20_000
    settings.LIBRARY_IMAGE_MAX_BYTES = 20_000
    settings.LIBRARY_DOCUMENT_MAX_BYTES = 20_000


def test_uploads_oversized_replacement_image_keeps_the_image_as_it_was(
    publisher_client, media, small_limits
):
    image = make_image(size=(200, 100))
    before = stored_files(media)
    url = reverse("admin:library_image_change", args=[image.pk])
    response = publisher_client.post(
        url,
        {
            "title": "Renamed",
            "alt": image.alt,
            "language": "en",
            "file": SimpleUploadedFile("huge.jpg", b"\xff\xd8" + b"x" * 60_000, "image/jpeg"),
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "This file is 58.6\xa0KB; images may be at most 19.5\xa0KB" in page
    assert 'class="errorlist' in page
    image.refresh_from_db()
    assert (image.title, image.file.name) == ("Border crossing", Image.objects.get().file.name)
    assert image.file.name in {str(path) for path in before}
    assert stored_files(media) == before  # no new original, no new renditions


def test_uploads_oversized_document_is_a_form_error_and_no_record(
    editor_client, media, small_limits
):
    response = editor_client.post(
        reverse("admin:library_document_add"),
        {
            "title": "Annual report",
            "language": "en",
            "file": SimpleUploadedFile("annual.pdf", b"%PDF-1.4\n" + b"0" * 60_000),
        },
    )
    assert response.status_code == 200
    assert "documents may be at most 19.5\xa0KB" in response.text
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_uploads_oversized_replacement_document_keeps_the_old_file(
    publisher_client, media, small_limits
):
    document = make_document()
    before = stored_files(media)
    response = publisher_client.post(
        reverse("admin:library_document_change", args=[document.pk]),
        {
            "title": "Renamed",
            "language": "en",
            "file": SimpleUploadedFile("annual.pdf", b"%PDF-1.4\n" + b"0" * 60_000),
        },
    )
    assert response.status_code == 200
    assert "documents may be at most 19.5\xa0KB" in response.text
    document.refresh_from_db()
    assert document.title == "Final report"
    assert stored_files(media) == before


@pytest.mark.parametrize("view", ["admin:library_image_add", "admin:newsroom_newsitem_add"])
def test_uploads_request_over_every_cap_is_not_the_search_page(
    publisher_client, settings, media, view
):
    """Bigger than even the library's body cap (or, elsewhere in the admin, the site's): refused
    before any form or session, with a page that speaks of the form, not of searches."""
    settings.LIBRARY_UPLOAD_BODY_MAX_SIZE = settings.REQUEST_BODY_MAX_SIZE = 20_000
    response = publisher_client.post(
        reverse(view), {"title": "Big", "alt": "Big", "file": image_upload(size=(3000, 3000))}
    )
    assert response.status_code == 400
    page = response.text
    assert "The request is too large (at most 19.5\xa0KB)." in page
    assert "Nothing was saved. Go back to the form" in page
    assert f'href="{reverse("admin:index")}"' in page
    assert "search" not in page.lower()
    assert not Image.objects.exists()
    assert not NewsItem.objects.exists()
    assert stored_files(media) == []


def test_uploads_refusal_inside_the_admin_names_the_limits(publisher_client, settings):
    """A body Django itself refuses (over its POST limit) is the admin's refusal page, with
    the limits as configured."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = publisher_client.post(
        reverse("admin:library_image_add"), {"title": "x" * 60_000, "alt": "Big"}
    )
    assert response.status_code == 400
    page = response.text
    assert 'id="site-name"' in page  # the admin's layout
    assert "images up to 10.0 MB, documents up to 50.0 MB" in page
    assert "Nothing was saved." in page
    assert not Image.objects.exists()


def test_uploads_item_form_text_over_the_post_limit_saves_nothing(publisher_client, settings):
    """The item form uploads no file (images and documents come from the library); a text
    over Django's POST limit (e.g. pasted data) is refused in the admin, nothing written."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    data = change_form_data(NewsItem(title="Pasted", slug="pasted"), body="<p>x</p>" * 10_000)
    response = publisher_client.post(ADD_URL, data)
    assert response.status_code == 400
    assert 'id="site-name"' in response.text
    assert "a text over 48.8 KB" in response.text
    assert not NewsItem.objects.exists()


def test_uploads_import_over_its_limit_is_a_form_error(publisher_client):
    big = listing(listing_item(title="Big", lead="SKOPJE, 15 May 2025 – " + "x" * 1_100_000))
    response = publisher_client.post(
        reverse("admin:newsroom_newsitem_import"),
        {"files": [SimpleUploadedFile("big.txt", big)]},
    )
    assert response.status_code == 200
    assert "Upload at most 1 MB at a time." in response.text
    assert not NewsItem.objects.exists()
