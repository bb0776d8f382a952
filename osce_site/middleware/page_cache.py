"""The public page cache: whole responses to anonymous GET and HEAD requests.

Each entry is tagged with the content version (osce_site/caching.py), so any content write
makes it stale; after a change one request recomputes a page while concurrent anonymous
requests get the previous one for at most settings.CACHE_STALE_SECONDS (caching.cached()),
and while they may, one request at a time re-renders a page (`one_at_a_time`): after an edit
the hot pages are re-rendered one after the other by one worker, never by all workers at once
while visitors queue.
Requests with a session or messages cookie (staff, editors) are never served from, nor
stored in, the cache. Responses that set cookies, vary on anything but Cookie, or are not
200 are not stored. If the cache backend fails, pages are served uncached and it is logged.

Headers for a shared HTTP cache in front (README: Deploy): every stored page carries its
surrogate keys (`Surrogate-Key`, `xkey`: osce_site/surrogate.py); when a purging cache is
configured (settings.CACHE_PURGE_URL), fresh pages also carry `s-maxage` = the seconds
the entry has left, and stale ones `s-maxage=0`, so the shared cache never keeps them.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import http_date

from osce_site import surrogate
from osce_site.caching import cached, stale_allowed

logger = logging.getLogger(__name__)

BYPASS_PATHS = (f"/{settings.ADMIN_PATH}", "/healthz")  # the admin may live elsewhere
MAX_QUERY_STRING = 1024
UNSTORED = frozenset({304, 429})  # depend on the request or the moment: never "pass"


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

        def render():
            response = self.get_response(request)
            keep = request.method == "GET" and is_cacheable_response(request, response)
            if keep:
                prepare(response)
            elif response.status_code in UNSTORED or response.status_code >= 500:
                raise NotStored(response)
            return response, surrogate.keys_on(response), keep

        with stale_allowed():
            try:
                found = cached(
                    key, render, seconds, fresh_only=request.method == "HEAD", one_at_a_time=True
                )
            except NotStored as error:
                return error.response
        response = found.value
        if response is None:  # HEAD without a fresh entry
            return self.get_response(request)
        if found.how in ("hit", "stale", "miss"):
            response["X-Cache"] = found.how
            shared_cache_lifetime(response, found)
        return response


class NotStored(Exception):
    def __init__(self, response):
        self.response = response


def prepare(response):
    """What a stored page carries: validators, a revalidating max-age, surrogate keys."""
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    if "max-age" not in response.get("Cache-Control", ""):
        # Views that chose a lifetime (the feeds' public max-age) keep it.
        patch_cache_control(response, max_age=0, must_revalidate=True)
    if not response.has_header("Surrogate-Key"):
        surrogate.tag(response, [surrogate.SITE])
    if not response.streaming:
        # Feeds are written in thousands of small pieces: store (and send) one.
        response.content = response.content


def shared_cache_lifetime(response, found):
    """s-maxage for the purging shared cache in front, if there is one: what the entry has
    left (so it goes no later than the next scheduled item), 0 for a stale page."""
    if not settings.CACHE_PURGE_URL:
        return
    seconds = 0 if found.how == "stale" else max(0, math.floor(found.expires - time.time()))
    patch_cache_control(response, s_maxage=seconds)


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
