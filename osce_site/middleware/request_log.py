"""One log line per request: JSON in production, a readable line in development.

Operators grep and ship these lines; they carry a request id (the caller's X-Request-ID
when it is sane, else a new one, echoed in the response) so a report from a visitor or
a proxy log can be matched to the server's. Never logged: cookies, session data, the
Authorization header, request bodies, and query strings under the admin.
"""

import datetime
import json
import logging
import re
import time
import traceback
import uuid

from django.conf import settings
from django.utils.functional import empty

logger = logging.getLogger("osce.request")

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
MAX_LOGGED_QUERY = 300


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
        }
        if isinstance(record.msg, dict):
            entry.update(record.msg)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


class ConsoleFormatter(logging.Formatter):
    """Development: one readable line per request, `12:04:05 GET /newsroom/?q=x 200 14 ms`."""

    def format(self, record):
        clock = datetime.datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        entry = record.msg
        if isinstance(entry, dict) and entry.get("event") == "request":
            query = f"?{entry['query']}" if entry.get("query") else ""
            line = (
                f"{clock} {entry['method']} {entry['path']}{query} {entry['status']} "
                f"{entry['duration_ms']:.0f} ms"
            )
        else:
            line = f"{clock} {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def request_id_for(request):
    candidate = request.headers.get("X-Request-ID", "")
    return candidate if REQUEST_ID_RE.match(candidate) else uuid.uuid4().hex


def user_for_log(request):
    """The user id if authentication already ran; never evaluates the lazy user (no query)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is None or wrapped is empty:
        return "anonymous" if settings.SESSION_COOKIE_NAME not in request.COOKIES else None
    return wrapped.pk if wrapped.is_authenticated else "anonymous"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        entry = {
            "event": "request",
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user": user_for_log(request),
        }
        query = request.META.get("QUERY_STRING", "")
        if query and not request.path.startswith(f"/{settings.ADMIN_PATH}"):
            entry["query"] = query[:MAX_LOGGED_QUERY]
        logger.info(entry)
        return response
