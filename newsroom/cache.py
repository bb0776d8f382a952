"""The public page cache and its invalidation: the one module that owns both.

Whole responses to anonymous GET and HEAD requests are cached (Django's cache: memory by
default, Redis when REDIS_URL is set), each tagged with the *content version*. Any write
that goes through Django's database connections to a content table (newsroom_*,
structures_*, taggit_*: publish, unpublish, edit, delete, import, bulk updates alike)
replaces the version, so every cached page and cached count is stale at once. The write is
seen by a database execute wrapper rather than model signals, so QuerySet.update() and
bulk_create() in the admin and importer invalidate too. The version is replaced again
when the transaction commits, so a page rendered from pre-commit data cannot be kept.

A scheduled item going live changes no row, so no entry may outlive the next scheduled
publish_at: each entry's lifetime is min(CACHE_PAGE_SECONDS, seconds until then).

Requests with a session or messages cookie (staff, editors) are never served from, nor
stored in, the cache. Responses that set cookies, vary on anything but Cookie, or are not
200 are not stored. If the cache backend fails, pages are served uncached and it is logged.
"""

import hashlib
import logging
import math
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import http_date

logger = logging.getLogger(__name__)

STATE_KEY = "content:state"
CONTENT_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(?:newsroom_|structures_|taggit_)',
    re.IGNORECASE,
)
BYPASS_PATHS = (f"/{settings.ADMIN_PATH}", "/healthz")  # the admin may live elsewhere
MAX_QUERY_STRING = 1024


@dataclass(frozen=True)
class ContentState:
    version: str
    changed_at: float


# Invalidation ----------------------------------------------------------------------------


def content_changed(connection=None):
    """Make every cached page and count stale, now and again when the transaction commits."""
    _forget_state()
    if connection is not None and connection.in_atomic_block:
        connection.on_commit(_forget_state)


def _forget_state():
    try:
        cache.delete(STATE_KEY)
    except Exception:
        logger.warning("Cache unavailable: could not invalidate cached pages", exc_info=True)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if CONTENT_WRITE.match(sql):
        content_changed(context["connection"])
    return result


def _install_watcher(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def connect():
    """Called once from NewsroomConfig.ready()."""
    connection_created.connect(_install_watcher, dispatch_uid="newsroom.cache.watch_writes")


# Versions and lifetimes ------------------------------------------------------------------


def content_state():
    """The current content version, created on first use after a change."""
    state = cache.get(STATE_KEY)
    return state if state is not None else _new_state()


def _new_state():
    state = ContentState(version=uuid.uuid4().hex, changed_at=time.time())
    if not cache.add(STATE_KEY, state, None):
        state = cache.get(STATE_KEY) or state
    return state


def lifetime(state, seconds):
    """How long something cached under `state` may live: up to the next item going live."""
    key = f"content:next-live:{state.version}"
    next_live = cache.get(key)
    now = time.time()
    if next_live is None:
        from newsroom.models import NewsItem

        moment = (
            NewsItem.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        next_live = moment.timestamp() if moment else math.inf
        cache.set(key, next_live, None if next_live == math.inf else max(1, next_live - now))
    return max(0, math.floor(min(seconds, next_live - now)))


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
            state = found.get(STATE_KEY) or _new_state()
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
    if "HTTP_AUTHORIZATION" in request.META:
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


# Cached computations ---------------------------------------------------------------------


def remember(parts, compute, seconds):
    """compute(), cached until the content changes (at most `seconds`; 0 means not cached).

    For numbers that are costly at archive scale and change only with content: the
    newsroom's counts and facet counts. A failing cache backend only costs the computation.
    """
    if seconds <= 0:
        return compute()
    try:
        state = content_state()
        key = "remember:" + hashlib.sha256(f"{parts!r}:{state.version}".encode()).hexdigest()
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable: computing %s", parts[0], exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            if (ttl := lifetime(state, seconds)) >= 1:
                cache.set(key, value, ttl)
        except Exception:
            logger.warning("Cache unavailable: could not keep %s", parts[0], exc_info=True)
    return value
