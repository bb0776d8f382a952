"""HTTP behaviour shared by every API response: validators, caching and CORS headers.

Each operation computes its ETag and Last-Modified from a small query before building the
answer, and `not_modified()` answers 304 from them; `public_headers()` (applied to every
operation by views.py) adds the caching and CORS headers to every answer, errors included.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date


def etag_of(*parts):
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]


def not_modified(request, response, etag, last_modified):
    """A 304 when the client's copy is current, else None; `response` gets the validators."""
    response["ETag"] = quote_etag(etag)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    answer = get_conditional_response(request, etag=response["ETag"], last_modified=timestamp)
    if answer is not None:
        for header in ("ETag", "Last-Modified"):
            if header in response:
                answer[header] = response[header]
    return answer


def public_headers(view):
    """Cache-Control public with the feeds' lifetime, and CORS for any origin (read-only)."""

    @wraps(view)
    def with_headers(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code < 400:
            patch_cache_control(response, public=True, max_age=settings.FEED_CACHE_MAX_AGE)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response

    return with_headers
