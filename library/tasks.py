"""The library's background work, run by `manage.py worker` (django-tasks, db backend)."""

from django_tasks import task

from library import extraction
from library.models import Document


@task()
def extract_document_text(document_id):
    """Text, page count and thumbnail of one PDF; does nothing unless it is still pending."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    return extraction.extract(document)
