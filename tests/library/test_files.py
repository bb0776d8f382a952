"""No orphans: replaced or deleted files go with every copy; library_orphans finds the rest."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from library.models import Document
from tests.factories import image_upload, make_document, make_image, pdf_bytes

pytestmark = pytest.mark.django_db


def test_files_replacing_an_image_deletes_the_old_file_and_copies(
    publisher_client, media, django_capture_on_commit_callbacks
):
    image = make_image("old.jpg")
    old_files = [media / name for name in image.file_names()]
    assert len(old_files) == 5  # original, three widths, social card
    assert all(path.exists() for path in old_files)
    data = {
        "title": image.title,
        "alt": image.alt,
        "caption": "",
        "credit": "",
        "focal_x": "",
        "focal_y": "",
        "file": image_upload("new.jpg", size=(1600, 900)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            reverse("admin:library_image_change", args=[image.pk]), data
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert not any(path.exists() for path in old_files)
    assert all((media / name).exists() for name in image.file_names())
    assert image.file.name.endswith("new.jpg")
    assert [r["width"] for r in image.renditions] == [480, 960, 1440, 1600]


def test_files_moving_the_focal_point_replaces_the_social_card_only(
    publisher_client, media, django_capture_on_commit_callbacks
):
    image = make_image()
    names = image.file_names()
    data = {"title": image.title, "alt": image.alt, "caption": "", "credit": ""}
    data.update({"focal_x": "0.1", "focal_y": "0.2"})
    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(reverse("admin:library_image_change", args=[image.pk]), data)
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.1, 0.2)
    assert image.file_names() == names  # the card is rewritten in place
    assert all((media / name).exists() for name in names)


def test_files_replacing_a_document_deletes_the_old_file(
    editor_client, media, django_capture_on_commit_callbacks
):
    document = make_document("first.pdf")
    old = media / document.file.name
    data = {
        "title": document.title,
        "language": "en",
        "description": "",
        "page_count": "",
        "file": SimpleUploadedFile("second.pdf", pdf_bytes(pages=5)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:library_document_change", args=[document.pk]), data
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert not old.exists()
    assert (media / document.file.name).exists()
    assert document.page_count == 5


def test_files_deleting_a_document_deletes_its_file(media, django_capture_on_commit_callbacks):
    document = make_document()
    path = media / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not path.exists()
    assert not Document.objects.exists()


def test_files_rolled_back_delete_keeps_the_files(media, django_capture_on_commit_callbacks):
    image = make_image()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()
    assert callbacks  # the deletion waits for the commit, which never came
    assert all((media / name).exists() for name in image.file_names())


def test_files_orphans_command_reports_and_deletes(media):
    image = make_image()
    document = make_document()
    stray = ["news/2024/replaced.jpg", "news/2024/replaced.960w.jpg", "library/images/x.jpg"]
    for name in stray:
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"old")
    (media / "elsewhere.txt").write_text("not the library's")
    out, err = io.StringIO(), io.StringIO()
    call_command("library_orphans", stdout=out, stderr=err)
    assert out.getvalue().split() == sorted(stray)
    assert "Found 3 orphaned file(s)." in err.getvalue()
    assert all((media / name).exists() for name in stray)

    call_command("library_orphans", "--delete", stdout=io.StringIO(), stderr=err)
    assert not any((media / name).exists() for name in stray)
    assert (media / "elsewhere.txt").exists()
    assert all((media / name).exists() for name in image.file_names())
    assert (media / document.file.name).exists()
    out = io.StringIO()
    call_command("library_orphans", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == ""
