"""The library in the admin: choosers, search and filters, usage, protection."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from library.models import BodyReference, Image, ItemDocument
from tests.factories import (
    make_document,
    make_image,
    make_news_item,
    make_structure,
    make_user,
)

pytestmark = pytest.mark.django_db
IMAGE_CHOOSER = reverse("admin:library_image_chooser")
DOCUMENT_CHOOSER = reverse("admin:library_document_chooser")


def test_admin_image_chooser_searches_and_gives_thumbnails(editor_client, media):
    make_image("border.jpg", title="Border crossing", alt="Guards at the border")
    make_image("vote.jpg", title="Polling station", alt="A voter", caption="Elections in Skopje")
    data = editor_client.get(IMAGE_CHOOSER, {"q": "skopje"}).json()
    assert data["count"] == 1
    (result,) = data["results"]
    assert result["title"] == "Polling station"
    assert result["alt"] == "A voter"
    assert result["thumbnail"].endswith(".480w.jpg")
    assert ".960w.jpg 960w" in result["srcset"]
    assert result["social_card"].endswith(".social.jpg")
    assert editor_client.get(IMAGE_CHOOSER).json()["count"] == 2


def test_admin_image_chooser_html_fragment_has_no_script(editor_client, media):
    image = make_image(title="Border crossing")
    response = editor_client.get(IMAGE_CHOOSER, {"format": "html"})
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert f'data-id="{image.pk}"' in html
    assert 'data-alt="Border guards at a crossing"' in html
    assert "<script" not in html
    assert "style=" not in html
    assert "No image matches “zzz”" in editor_client.get(
        IMAGE_CHOOSER, {"format": "html", "q": "zzz"}
    ).content.decode("utf-8")


def test_admin_document_chooser_gives_summary_and_url(editor_client, media):
    document = make_document(title="Annual report", language="fr")
    (result,) = editor_client.get(DOCUMENT_CHOOSER, {"q": "annual"}).json()["results"]
    assert result["url"] == document.get_absolute_url()
    assert result["summary"].startswith("PDF, ")
    assert result["summary"].endswith(", French")
    html = editor_client.get(DOCUMENT_CHOOSER, {"format": "html"}).content.decode()
    assert f'data-url="{document.get_absolute_url()}"' in html
    assert f'data-summary="{result["summary"]}"' in html


def test_admin_choosers_need_staff_with_library_rights(client, media):
    assert client.get(IMAGE_CHOOSER).status_code == 302  # to the login page
    assert client.get(DOCUMENT_CHOOSER).status_code == 302
    client.force_login(make_user("visitor"))  # staff, in no group
    assert client.get(IMAGE_CHOOSER).status_code == 403
    assert client.get(DOCUMENT_CHOOSER).status_code == 403


def test_admin_image_list_shows_usage_and_filters(publisher_client, media):
    used = make_image("used.jpg", title="Used photo")
    make_image("spare.png", title="Spare photo")
    make_news_item(lead_image=used)
    make_news_item(lead_image=used)
    make_news_item(body=f'<p><img src="/media/{used.renditions[0]["name"]}" alt="x"></p>')
    changelist = reverse("admin:library_image_changelist")
    page = publisher_client.get(changelist).content.decode()
    assert "used in 3 items" in page
    assert "not used" in page
    assert (
        "Spare photo" not in publisher_client.get(changelist, {"format": "JPEG"}).content.decode()
    )
    assert "Used photo" not in publisher_client.get(changelist, {"format": "PNG"}).content.decode()
    change = publisher_client.get(reverse("admin:library_image_change", args=[used.pk]))
    assert "used in 3 items" in change.content.decode()


def test_admin_document_list_filters_by_type_language_structure(publisher_client, media):
    skopje = make_structure("Mission to Skopje")
    make_document(title="Rapport annuel", language="fr", structure=skopje)
    make_document(title="Annual report", language="en")
    changelist = reverse("admin:library_document_changelist")
    page = publisher_client.get(changelist, {"language__exact": "fr"}).content.decode()
    assert "Rapport annuel" in page
    assert "Annual report" not in page
    page = publisher_client.get(changelist, {"structure__id__exact": skopje.pk}).content.decode()
    assert "Rapport annuel" in page
    assert "Annual report" not in page
    page = publisher_client.get(changelist, {"q": "annual"}).content.decode()
    assert "Annual report" in page
    assert "Rapport annuel" not in page


def test_admin_body_references_follow_the_body(media):
    image = make_image()
    document = make_document()
    item = make_news_item(
        body=f'<p><img src="/media/{image.renditions[1]["name"]}" alt="x">'
        f'<a href="{document.get_absolute_url()}">Report</a></p>'
    )
    refs = BodyReference.objects.filter(item=item)
    assert {(r.image_id, r.document_id) for r in refs} == {(image.pk, None), (None, document.pk)}
    item.body = "<p>No more pictures.</p>"
    item.save()
    assert not BodyReference.objects.filter(item=item).exists()


def test_admin_images_in_use_are_protected(publisher_client, media):
    image = make_image(title="Lead photo")
    item = make_news_item("Observers deployed", lead_image=image)
    with pytest.raises(ProtectedError):
        image.delete()
    response = publisher_client.post(
        reverse("admin:library_image_delete", args=[image.pk]), {"post": "yes"}
    )
    page = response.content.decode()
    assert "would require deleting the following protected related objects" in page
    assert item.title in page
    assert Image.objects.filter(pk=image.pk).exists()
    make_news_item("Inline use", body=f'<p><img src="/media/{image.file.name}" alt="x"></p>')
    page = publisher_client.get(reverse("admin:library_image_delete", args=[image.pk]))
    assert "“Lead photo” in the body of “Inline use”" in page.content.decode()


def test_admin_documents_in_use_are_protected(media):
    document = make_document()
    linked = make_document(title="Linked")
    item = make_news_item(body=f'<p><a href="{linked.get_absolute_url()}">it</a></p>')
    ItemDocument.objects.create(item=item, document=document)
    for target in (document, linked):
        with pytest.raises(ProtectedError):
            target.delete()


def test_admin_unused_image_can_be_deleted(
    publisher_client, media, django_capture_on_commit_callbacks
):
    image = make_image()
    files = [media / name for name in image.file_names()]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            reverse("admin:library_image_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(path.exists() for path in files)


def test_admin_editors_use_the_library_but_cannot_delete(editor_client, media):
    image = make_image()
    assert editor_client.get(reverse("admin:library_image_add")).status_code == 200
    assert editor_client.get(reverse("admin:library_document_add")).status_code == 200
    delete = reverse("admin:library_image_delete", args=[image.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403


def test_admin_lead_image_field_opens_the_library_and_shows_a_thumbnail(publisher_client, media):
    image = make_image(title="Lead photo")
    item = make_news_item(lead_image=image)
    page = publisher_client.get(
        reverse("admin:newsroom_newsitem_change", args=[item.pk])
    ).content.decode()
    assert f'href="{reverse("admin:library_image_changelist")}?_to_field=id"' in page
    assert f'<img src="/media/{image.renditions[0]["name"]}" alt="" width="160"' in page
    popup = publisher_client.get(
        reverse("admin:library_image_changelist"), {"_to_field": "id", "_popup": "1", "q": "lead"}
    ).content.decode()
    assert "Lead photo" in popup
    assert f'src="/media/{image.renditions[0]["name"]}"' in popup
