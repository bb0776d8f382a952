"""Caps on what a public query string may hold, and on request bodies.

The newsroom's filters cost a query per value; a 10 kB query string of repeated facets
is a cheap way to make the database work hard. Such requests get a 400 page saying
which limit they crossed, before any view, session or database is touched.

The library's admin pages (uploads of images and documents) have a larger body cap, and
a file over its own limit becomes a form error there (library/uploads.py).
"""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat

from library.uploads import UploadSizeLimitHandler
from osce_site.errors import render_error


def query_problem(query_string):
    """Why this query string is refused, or None."""
    if len(query_string) > settings.QUERY_STRING_MAX_LENGTH:
        return f"The address is too long (at most {settings.QUERY_STRING_MAX_LENGTH} characters)."
    try:
        query = QueryDict(query_string)
    except TooManyFieldsSent:
        return f"Too many parameters (at most {settings.QUERY_MAX_PARAMETERS})."
    if len(query) > settings.QUERY_MAX_PARAMETERS:
        return f"Too many different parameters (at most {settings.QUERY_MAX_PARAMETERS})."
    for key, values in query.lists():
        if len(values) > settings.QUERY_MAX_VALUES_PER_PARAMETER:
            limit = settings.QUERY_MAX_VALUES_PER_PARAMETER
            return f"Too many values for “{key[:40]}” (at most {limit})."
        for value in [key, *values]:
            if len(value) > settings.QUERY_MAX_VALUE_LENGTH:
                limit = settings.QUERY_MAX_VALUE_LENGTH
                return f"A parameter is too long (at most {limit} characters)."
    return None


def body_problem(request, limit):
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        return "The request has an invalid Content-Length."
    if length > limit:
        return f"The request is too large (at most {filesizeformat(limit)})."
    return None


class QueryLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}"
        self.library_prefix = f"/{settings.ADMIN_PATH}library/"

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_SIZE
        if request.path.startswith(self.library_prefix) and request.method == "POST":
            limit = settings.LIBRARY_UPLOAD_BODY_MAX_SIZE
            request.upload_handlers.insert(0, UploadSizeLimitHandler(request))
        problem = body_problem(request, limit)
        if problem is None and not request.path.startswith(self.admin_prefix):
            problem = query_problem(request.META.get("QUERY_STRING", ""))
        if problem and request.path.startswith(self.admin_prefix):
            # Before sessions: nobody is signed in yet, so the page names no one, but it
            # speaks of the form the editor left (not of searches) and leads back to it.
            return render_error(400, problem, request, admin_path=self.admin_prefix)
        if problem:
            return render_error(400, problem, request)
        return self.get_response(request)
