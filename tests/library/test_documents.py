"""Library documents: type by content, upload limits, serving headers, the item page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.documents import detect_type, pdf_page_count
from library.models import Document, DocumentType, ItemDocument
from tests.factories import (
    change_form_data,
    change_url,
    make_document,
    make_news_item,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:library_document_add")


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf_bytes(), DocumentType.PDF),
        (DOCX, DocumentType.DOCX),
        (XLSX, DocumentType.XLSX),
        (ODT, DocumentType.ODT),
        (b"MZ\x90\x00 a Windows program", None),
        (b"<html><script>alert(1)</script></html>", None),
        (zip_bytes({"readme.txt": "just a zip"}), None),
        (b"PK\x03\x04 broken zip", None),
    ],
)
def test_documents_type_is_read_from_the_content(content, expected):
    assert detect_type(io.BytesIO(content)) == expected


def test_documents_pdf_page_count():
    assert pdf_page_count(io.BytesIO(pdf_bytes(pages=3))) == 3
    assert pdf_page_count(io.BytesIO(b"%PDF-1.7 compressed objects only")) is None


def post_document(client, content, name="report.pdf", **overrides):
    data = {
        "title": "Final report",
        "language": "en",
        "description": "",
        "page_count": "",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        **overrides,
    }
    return client.post(ADD_URL, data)


def test_documents_upload_records_type_size_pages_uploader(editor_client, media):
    assert post_document(editor_client, pdf_bytes(pages=4)).status_code == 302
    document = Document.objects.get()
    assert document.file_type == DocumentType.PDF
    assert document.file_size == len(pdf_bytes(pages=4))
    assert document.page_count == 4
    assert document.uploaded_by.username == "editor"
    assert document.file.name.startswith("library/documents/")


def test_documents_file_name_never_decides_the_type(editor_client, media):
    """A PDF named .docx is stored and served as a PDF; a program named .pdf is refused."""
    assert post_document(editor_client, pdf_bytes(), name="minutes.docx").status_code == 302
    document = Document.objects.get()
    assert document.file_type == DocumentType.PDF
    assert document.file.name.endswith("minutes.pdf")
    response = post_document(editor_client, b"MZ\x90\x00 program", name="report.pdf")
    assert response.status_code == 200
    assert "is not a PDF, Word, Excel, PowerPoint or OpenDocument file" in (
        response.content.decode()
    )
    assert Document.objects.count() == 1


def test_documents_oversized_upload_is_a_form_error(editor_client, media, settings):
    settings.REQUEST_BODY_MAX_SIZE = 10_000
    settings.LIBRARY_IMAGE_MAX_BYTES = 10_000
    settings.LIBRARY_DOCUMENT_MAX_BYTES = 10_000
    response = post_document(editor_client, b"%PDF-1.4\n" + b"0" * 30_000)
    assert response.status_code == 200
    assert "documents may be at most 9.8\xa0KB" in response.content.decode()
    assert not Document.objects.exists()


def test_documents_served_with_type_disposition_and_nosniff(client, media):
    content = pdf_bytes()
    document = make_document("final-report.pdf", content)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="final-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(content))
    assert b"".join(response.streaming_content) == content


def test_documents_office_files_download_as_attachments(client, media):
    document = make_document("budget.docx", DOCX, file_type=DocumentType.DOCX)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="budget.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_documents_wrong_name_redirects_and_missing_file_is_404(client, media):
    document = make_document()
    url = reverse("library:document-file", args=[document.pk, "old-name.pdf"])
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == document.get_absolute_url()
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("library:document-file", args=[999, "x.pdf"])).status_code == 404


def test_documents_listed_on_the_item_page_in_order(client, media):
    item = make_news_item(published=True)
    report = make_document(title="Final report")
    Document.objects.filter(pk=report.pk).update(file_size=int(1.2 * 1024 * 1024))
    annex = make_document(title="Annex", language="fr")
    ItemDocument.objects.create(item=item, document=annex, position=2)
    ItemDocument.objects.create(item=item, document=report, position=1)
    page = client.get(item.get_absolute_url()).content.decode()
    assert '<h2 id="documents-heading">Documents</h2>' in page
    assert "Final report</a> (PDF, 1.2 MB, English)" in page
    assert "Annex</a> (PDF, " in page
    assert page.index("Final report</a>") < page.index("Annex</a>")
    assert f'href="{report.get_absolute_url()}" type="application/pdf" hreflang="en"' in page


def test_documents_item_without_documents_has_no_section(client, media):
    page = client.get(make_news_item(published=True).get_absolute_url()).content.decode()
    assert "documents-heading" not in page


def test_documents_attached_in_the_news_item_form(publisher_client, media):
    item = make_news_item(published=True)
    first, second = make_document(title="First"), make_document(title="Second")
    data = change_form_data(item)
    data.update(
        {
            "attached_documents-TOTAL_FORMS": "2",
            "attached_documents-0-document": second.pk,
            "attached_documents-0-position": "1",
            "attached_documents-1-document": first.pk,
            "attached_documents-1-position": "2",
        }
    )
    assert publisher_client.post(change_url(item), data).status_code == 302
    titles = [a.document.title for a in item.attached_documents.all()]
    assert titles == ["Second", "First"]


@pytest.mark.parametrize("count", [1, 6])
def test_documents_item_page_queries_constant(client, media, django_assert_max_num_queries, count):
    item = make_news_item(published=True)
    for n in range(count):
        ItemDocument.objects.create(item=item, document=make_document(title=f"D{n}"), position=n)
    with django_assert_max_num_queries(9):
        response = client.get(item.get_absolute_url())
    assert response.content.decode().count("(PDF, ") == count
