"""Publications in the admin: kinds, files inline, the roles' rights, versions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from publications.models import Publication, PublicationKind
from tests.factories import make_document, make_field_of_work, text_pdf

pytestmark = pytest.mark.django_db
ADD = reverse("admin:publications_publication_add")


def form_data(document=None, **overrides):
    kind = PublicationKind.objects.get(slug="studies-and-reports")
    data = {
        "title": "Report on media freedom",
        "slug": "report-on-media-freedom",
        "kind": kind.pk,
        "status": "published",
        "publish_at_0": "2025-01-10",
        "publish_at_1": "10:00:00",
        "backdate": "on",  # published with that earlier time, as an archive item is
        "issued_on": "2024-12-01",
        "date_precision": "month",
        "abstract": "What journalists face.",
        "body": "<p>Text<script>alert(1)</script></p>",
        "tags": "media",
        "files-TOTAL_FORMS": "1" if document else "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    if document:
        data.update({"files-0-document": document.pk, "files-0-position": "0"})
    data.update(overrides)
    return data


def test_admin_publisher_adds_a_publication_with_a_file(publisher_client, media):
    document = make_document(content=text_pdf("The media freedom survey results"), language="de")
    field = make_field_of_work("Media freedom and development")
    response = publisher_client.post(ADD, form_data(document, fields_of_work=[field.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get()
    assert publication.is_public
    assert "<script>" not in publication.body
    assert [f.document for f in publication.files.all()] == [document]
    assert publication.get_date_precision_display() == "Month"
    assert Version.objects.get_for_object(publication).count() == 1
    # The public list finds it, by the language of its file too.
    assert publisher_client.get("/publications/?language=de").context["object_list"] == [
        publication
    ]


def test_admin_editor_saves_drafts_but_cannot_publish(editor_client, media):
    refused = editor_client.post(ADD, form_data())  # a hand-made POST asking to publish
    assert "You cannot publish, unpublish or schedule publications" in refused.text
    assert not Publication.objects.exists()
    data = form_data()
    del data["status"]  # not in an Editor's form
    response = editor_client.post(ADD, data)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.status == Publication.Status.DRAFT  # the field is read-only for them
    change = reverse("admin:publications_publication_change", args=[publication.pk])
    page = editor_client.get(change).content.decode()
    assert 'name="status"' not in page


def test_admin_kinds_are_an_editable_list(publisher_client):
    page = publisher_client.get(reverse("admin:publications_publicationkind_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Manual or guide" in html
    assert 'name="form-0-position"' in html


def test_admin_document_shows_its_text_status(publisher_client, media):
    document = make_document(content=text_pdf(""), text_status="scanned")
    html = publisher_client.get(
        reverse("admin:library_document_change", args=[document.pk])
    ).content.decode()
    assert "Scanned (no text)" in html
