"""Library documents: what a file is, read from its first bytes and never from its name.

PDF files start with `%PDF-`. Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods)
files are zip archives, told apart by what they contain. Anything else is refused.
"""

import re
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from library.images import too_large
from library.models import DocumentType

OOXML_PARTS = {
    "word/document.xml": DocumentType.DOCX,
    "xl/workbook.xml": DocumentType.XLSX,
    "ppt/presentation.xml": DocumentType.PPTX,
}
OPENDOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": DocumentType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": DocumentType.ODS,
}
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def detect_type(upload):
    """The DocumentType of an open file, from its content; None when it is none of ours."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-":
        return DocumentType.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return OPENDOCUMENT_TYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def pdf_page_count(upload):
    """Pages of a PDF whose page objects are not compressed away; None when unsure."""
    upload.seek(0)
    count = len(PDF_PAGE.findall(upload.read()))
    upload.seek(0)
    return count or None


class DocumentFormField(forms.FileField):
    """A FileField that accepts only the document types we can name, within the size limit."""

    def to_python(self, data):
        if error := too_large(data, settings.LIBRARY_DOCUMENT_MAX_BYTES, "documents"):
            raise error
        upload = super().to_python(data)
        if upload is None:
            return upload
        upload.detected_type = detect_type(upload)
        if upload.detected_type is None:
            raise ValidationError(
                "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file "
                "(its content was checked, not its name).",
                code="bad_type",
            )
        return upload
