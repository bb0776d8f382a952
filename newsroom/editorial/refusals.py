"""Refusals inside the admin: what was refused, why, and the way back, in the admin's layout.

The site's handlers for 403 and 400 (osce_site/urls.py) send admin requests of signed-in
staff here; everyone else gets the public pages. A PermissionDenied raised with a message
(the editorial views give one) shows it; the admin's own, bare ones get the general reason.
"""

from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from newsroom.importer.upload import MAX_BYTES as IMPORT_MAX_BYTES

GENERAL_REASON = (
    "Your role does not allow this, or the item belongs to structures outside your scope. "
    "An Editor can propose changes for review; a Publisher decides what is public."
)


def upload_reason():
    """Why a request body was refused, with the limits as configured."""
    return (
        "The request was too large or could not be read: an upload may be over the size limit "
        f"(images up to {filesizeformat(settings.LIBRARY_IMAGE_MAX_BYTES)}, documents up to "
        f"{filesizeformat(settings.LIBRARY_DOCUMENT_MAX_BYTES)}, documents to import up to "
        f"{filesizeformat(IMPORT_MAX_BYTES)} at a time), or a text over "
        f"{filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}. Nothing was saved."
    ).replace("\xa0", " ")


def in_admin(request):
    user = getattr(request, "user", None)
    return (
        request.path.startswith(f"/{settings.ADMIN_PATH}")
        and user is not None
        and user.is_active
        and user.is_staff
    )


def refusal(request, status, title, reason):
    back = request.headers.get("referer")
    if not back or not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = None
    context = {
        **admin.site.each_context(request),
        "title": title,
        "reason": reason,
        "back": back,
    }
    response = TemplateResponse(request, "admin/refused.html", context, status=status)
    return response.render()


def permission_denied(request, exception):
    if not in_admin(request):
        return defaults.permission_denied(request, exception)
    return refusal(request, 403, "Not allowed", str(exception) or GENERAL_REASON)


def bad_request(request, exception):
    if not in_admin(request):
        return defaults.bad_request(request, exception)
    return refusal(request, 400, "This request could not be handled", upload_reason())
