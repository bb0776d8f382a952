"""The public page cache: whole responses to anonymous GET and HEAD requests.

Each entry is tagged with the content version (osce_site/caching.py), so any content write
makes it stale. Requests with a session or messages cookie (staff, editors) are never
served from, nor stored in, the cache. Responses that set cookies, vary on anything but
Cookie, or are not 200 are not stored. If the cache backend fails, pages are served
uncached and it is logged.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import http_date

from osce_site.caching import STATE_KEY, lifetime, new_state

logger = logging.getLogger(__name__)

BYPASS_PATHS = (f"/{settings.ADMIN_PATH}", "/healthz")  # the admin may live elsewhere
MAX_QUERY_STRING = 1024


# The middleware --------------------------------------------------------------------------


class PublicPageCacheMiddleware:
    """Serves and stores anonymous GET/HEAD responses. Place it above SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.CACHE_PAGE_SECONDS
        if seconds <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            found = cache.get_many([STATE_KEY, key])
            state = found.get(STATE_KEY) or new_state()
        except Exception:
            logger.warning("Cache unavailable: serving %s uncached", request.path, exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == state.version:
            response = entry[1]
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(request, response):
            self.store(key, state, response, seconds)
        return response

    def store(self, key, state, response, seconds):
        try:
            ttl = lifetime(state, seconds)
            if ttl < 1:
                return
            if not response.has_header("ETag"):
                set_response_etag(response)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(time.time())
            if "max-age" not in response.get("Cache-Control", ""):
                # Views that chose a lifetime (the feeds' public max-age) keep it.
                patch_cache_control(response, max_age=0, must_revalidate=True)
            if not response.streaming:
                # Feeds are written in thousands of small pieces: store (and send) one.
                response.content = response.content
            cache.set(key, (state.version, response), ttl)
            response["X-Cache"] = "miss"
        except Exception:
            logger.warning("Cache unavailable: could not store a page", exc_info=True)


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PATHS):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    if "authorization" in request.headers:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {
        d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if varies - {"cookie"}:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_key(request):
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()
