"""PDF text extraction: outside the request, page by page, never failing an upload."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library import extraction
from library.models import Document, DocumentPage
from publications.models import Publication
from tests.factories import make_document, make_publication, text_pdf

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:library_document_add")


def upload(client, content, language="en"):
    data = {
        "title": "Annual report",
        "language": language,
        "description": "",
        "page_count": "",
        "file": SimpleUploadedFile("report.pdf", content, content_type="application/pdf"),
    }
    return client.post(ADD_URL, data)


def test_extraction_upload_reads_text_pages_and_thumbnail_after_commit(
    editor_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(editor_client, text_pdf("First page text", "", "Third page zebra"))
    assert response.status_code == 302
    document = Document.objects.get()
    # The request stored the file and left the reading to the worker.
    assert document.text_status == Document.TextStatus.PENDING
    assert not DocumentPage.objects.exists()
    assert callbacks  # the task is enqueued on commit (tests run tasks in-process)
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.text_status == Document.TextStatus.EXTRACTED
    assert document.page_count == 3
    pages = dict(DocumentPage.objects.values_list("number", "text"))
    assert pages == {1: "First page text", 3: "Third page zebra"}
    assert document.thumbnail.name.startswith("library/thumbnails/")
    assert (media / document.thumbnail.name).read_bytes()[:4] == b"\x89PNG"


def test_extraction_scanned_pdf_is_stored_and_flagged(
    editor_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(editor_client, text_pdf("", "")).status_code == 302
    document = Document.objects.get()
    assert document.text_status == Document.TextStatus.SCANNED
    assert document.is_scanned
    assert document.page_count == 2
    assert not DocumentPage.objects.exists()


def test_extraction_unreadable_pdf_never_fails_the_upload(
    editor_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client, b"%PDF-1.4\nnot really a pdf at all")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.text_status == Document.TextStatus.FAILED
    assert document.file.size > 0


def test_extraction_is_idempotent_and_reindexes_publications(
    media, django_capture_on_commit_callbacks
):
    document = make_document(content=text_pdf("Water diplomacy in Central Asia"))
    Document.objects.filter(pk=document.pk).update(text_status=Document.TextStatus.PENDING)
    document.refresh_from_db()
    publication = make_publication("Water study", documents=[document])
    assert publication.document_text == ""
    assert extraction.extract(document) == Document.TextStatus.EXTRACTED
    assert extraction.extract(document) == Document.TextStatus.EXTRACTED  # nothing left to do
    assert DocumentPage.objects.filter(document=document).count() == 1
    publication = Publication.objects.get(pk=publication.pk)
    assert "Water diplomacy" in publication.document_text


def test_extraction_fast_enough_for_a_long_report(media):
    """An 86-page PDF: measured, for the notes (the worker does it, not the request)."""
    data = text_pdf(*[f"Page {n} of the report on border management" for n in range(86)])
    start = time.perf_counter()
    texts, thumbnail = extraction.read_pdf(data)
    elapsed = time.perf_counter() - start
    assert len(texts) == 86
    assert texts[85] == "Page 85 of the report on border management"
    assert thumbnail[:4] == b"\x89PNG"
    assert elapsed < 5


def test_extraction_description_line_names_language_type_size_pages(media):
    document = make_document(content=text_pdf("a", "b"), language="fr", page_count=86)
    document.file_size = 2_400_000
    assert document.description_line == "French — PDF, 2.3 MB, 86 pages"


def test_extraction_replacing_the_file_forgets_the_old_text(
    editor_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client, text_pdf("Old wording about pelicans"))
    document = Document.objects.get()
    publication = make_publication("Pelican study", documents=[document])
    assert "pelicans" in Publication.objects.get(pk=publication.pk).document_text
    change = reverse("admin:library_document_change", args=[document.pk])
    data = {
        "title": "Annual report",
        "language": "en",
        "description": "",
        "page_count": "",
        "file": SimpleUploadedFile("report.pdf", text_pdf("New wording"), "application/pdf"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change, data).status_code == 302
    text = Publication.objects.get(pk=publication.pk).document_text
    assert "New wording" in text
    assert "pelicans" not in text
