"""PDF text and first-page thumbnails, read outside the editor's request.

An upload stores the file at once and marks a PDF `pending`; after the transaction commits,
a task (library/tasks.py, run by `manage.py worker`) reads it with pdfium (pypdfium2): the
text of every page into DocumentPage rows, the page count, and a first-page thumbnail. A
PDF with no text at all (a scan) is kept and marked `scanned`; one pdfium cannot open is
kept and marked `failed`. Nothing here ever makes an upload fail.

`text_extracted` tells whoever indexes documents (publications) that a text changed.
"""

import io
import logging
import posixpath

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal

from library.models import Document, DocumentPage, DocumentType, TextStatus

logger = logging.getLogger(__name__)
text_extracted = Signal()  # sender=Document, document=<Document>
THUMBNAIL_WIDTH = 400
MIN_TEXT = 20  # characters over the whole document below which it counts as scanned


def mark_for_extraction(document):
    """Before saving a new file: PDFs wait for extraction, other files have no text to read.
    What was read from the previous file (thumbnail, pages) goes with it."""
    document.text_status = TextStatus.PENDING if document.file_type == DocumentType.PDF else ""
    document.thumbnail = ""
    document.text_replaced = True


def schedule(document):
    """After saving: forget the old file's text, and extract a pending PDF once the
    transaction has committed."""
    if getattr(document, "text_replaced", False):
        del document.text_replaced
        if DocumentPage.objects.filter(document=document).delete()[0]:
            text_extracted.send(sender=Document, document=document)
    if document.text_status == TextStatus.PENDING:
        from library.tasks import extract_document_text

        pk = document.pk
        transaction.on_commit(lambda: extract_document_text.enqueue(pk))


def read_pdf(data):
    """(texts of the pages, thumbnail PNG bytes or None) of a PDF's bytes; raises on a bad file."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\x00", ""))
            textpage.close()
            page.close()
        thumbnail = None
        if len(pdf):
            page = pdf[0]
            width = page.get_width() or 1
            image = page.render(scale=THUMBNAIL_WIDTH / width).to_pil()
            page.close()
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "PNG", optimize=True)
            thumbnail = buffer.getvalue()
        return texts, thumbnail
    finally:
        pdf.close()


def extract(document):
    """Read a pending PDF document; idempotent (anything but `pending` is left as it is)."""
    if document.text_status != TextStatus.PENDING or not document.file:
        return document.text_status
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        texts, thumbnail = read_pdf(data)
    except Exception:  # pdfium's errors, a missing file: the upload stays, marked
        logger.warning("Could not read document %s", document.pk, exc_info=True)
        Document.objects.filter(pk=document.pk).update(text_status=TextStatus.FAILED)
        document.text_status = TextStatus.FAILED
        return document.text_status
    scanned = sum(len(text.strip()) for text in texts) < MIN_TEXT
    with transaction.atomic():
        DocumentPage.objects.filter(document=document).delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=number, text=text)
            for number, text in enumerate(texts, start=1)
            if text.strip()
        )
        document.page_count = len(texts) or document.page_count
        document.text_status = TextStatus.SCANNED if scanned else TextStatus.EXTRACTED
        fields = ["page_count", "text_status"]
        if thumbnail:
            stem = posixpath.splitext(posixpath.basename(document.file.name))[0]
            old = document.thumbnail.name if document.thumbnail else None
            document.thumbnail.save(f"{stem}.png", ContentFile(thumbnail), save=False)
            fields.append("thumbnail")
            if old and old != document.thumbnail.name:
                storage = document.thumbnail.storage
                transaction.on_commit(lambda: storage.exists(old) and storage.delete(old))
        Document.objects.filter(pk=document.pk).update(
            **{name: getattr(document, name) for name in fields}
        )
        text_extracted.send(sender=Document, document=document)
    return document.text_status
