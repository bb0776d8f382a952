from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control

from library.models import Document, DocumentType

DOCUMENT_MAX_AGE = 3600


def document_file(request, pk, filename):
    """A library document, streamed from the configured storage.

    Its Content-Type comes from the type found in its content when it was uploaded, never
    from the name; PDFs open in the browser, office files download; `nosniff` stops a
    browser from guessing otherwise. An old or mistyped file name redirects to the current.
    """
    document = get_object_or_404(Document, pk=pk)
    if filename != document.download_name:
        return redirect(document, permanent=True)
    try:
        stream = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file of this document is missing.") from exc
    response = FileResponse(
        stream,
        content_type=document.mime_type,
        as_attachment=document.file_type != DocumentType.PDF,
        filename=document.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if document.file_size:
        response["Content-Length"] = str(document.file_size)
    patch_cache_control(response, public=True, max_age=DOCUMENT_MAX_AGE)
    return response
