"""Friendly pages for failures, rendered without the database.

When PostgreSQL is unreachable every page would otherwise be a 500 and a traceback per
request; visitors get a short 503 page instead (with Retry-After) and the log gets one
error line. The error templates are static: rendering them queries nothing.
"""

import logging
import sys
from functools import cache
from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def render_error(status, message=None, request=None, **context):
    """The error page, or a problem document for the JSON API's clients. `context` is for
    the template (e.g. `admin_path` for a page of the admin: its own way back)."""
    if request is not None and is_api(request):
        return problem(status, detail=message)
    body = loader.render_to_string(f"{status}.html", {"message": message, **context})
    return HttpResponse(body, status=status)


def problem(status, title=None, detail=None, **members):
    """An RFC 9457 problem document (application/problem+json)."""
    document = {"type": "about:blank", "title": title or HTTPStatus(status).phrase}
    document["status"] = status
    if detail:
        document["detail"] = detail
    document.update(members)
    return JsonResponse(
        document,
        status=status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )


@cache
def api_prefix():
    try:
        return reverse("api:v1:api-root")
    except NoReverseMatch:
        return None


def is_api(request):
    """Whether `request` is for the JSON API, whose errors are problem documents."""
    prefix = api_prefix()
    return prefix is not None and request.path.startswith(prefix)


def page_not_found(request, exception):
    """handler404: a problem document under the API, the site's 404 page elsewhere."""
    if is_api(request):
        return problem(404, detail=gettext("There is nothing at this address."))
    return defaults.page_not_found(request, exception)


def database_unavailable():
    response = render_error(503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: database failures outside a view (middleware, sessions) still get a 503."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable()
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a plain page saying what happened and for how long."""
    seconds = round(float(settings.AXES_COOLOFF_TIME) * 3600)
    body = loader.render_to_string(
        "security/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": max(1, seconds // 60)},
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response
