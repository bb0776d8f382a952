"""The content version, what is cached under it, and the cache backend.

Any write that goes through Django's database connections to a content table (newsroom_*,
structures_*, taggit_*, publications_*, library_*: publish, unpublish, edit, delete, import,
bulk updates alike) replaces the *content version*, so every cached page
(osce_site/middleware/page_cache.py) and every remembered count is stale at once. The write
is seen by a database execute wrapper rather than model signals, so QuerySet.update() and
bulk_create() in the admin and importer invalidate too. The version is replaced again when
the transaction commits, so a page rendered from pre-commit data cannot be kept.

A scheduled item going live changes no row, so no entry may outlive the next scheduled
publish_at: each entry's lifetime is min(its setting, seconds until then).

The Redis backend (FaultTolerantRedisCache) turns Redis being down into cache misses.
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
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db.backends.signals import connection_created
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STATE_KEY = "content:state"
CONTENT_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?'
    r"(?:newsroom_|structures_|taggit_|publications_|library_)",
    re.IGNORECASE,
)


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
    connection_created.connect(_install_watcher, dispatch_uid="osce_site.caching.watch_writes")


# Versions and lifetimes ------------------------------------------------------------------


def content_state():
    """The current content version, created on first use after a change."""
    state = cache.get(STATE_KEY)
    return state if state is not None else new_state()


def new_state():
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
        from publications.models import Publication

        moment = (
            NewsItem.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        # A scheduled publication goes live the same way: no row changes.
        publication = (
            Publication.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        moments = [m.timestamp() for m in (moment, publication) if m]
        next_live = min(moments, default=math.inf)
        cache.set(key, next_live, None if next_live == math.inf else max(1, next_live - now))
    return max(0, math.floor(min(seconds, next_live - now)))


# Cached computations ---------------------------------------------------------------------


def remembering():
    """Whether remember() keeps anything (settings.CACHE_COUNT_SECONDS above 0)."""
    return settings.CACHE_COUNT_SECONDS > 0


def remember(parts, compute):
    """compute(), cached until the content changes, for at most CACHE_COUNT_SECONDS (0: never).

    For numbers that are costly at archive scale and change only with content: the
    newsroom's counts and facet counts. A failing cache backend only costs the computation.
    """
    if not remembering():
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
            if (ttl := lifetime(state, settings.CACHE_COUNT_SECONDS)) >= 1:
                cache.set(key, value, ttl)
        except Exception:
            logger.warning("Cache unavailable: could not keep %s", parts[0], exc_info=True)
    return value


# The Redis backend -----------------------------------------------------------------------
# Django's RedisCache, except that Redis being down means cache misses, not 500s.
#
# Every page can be built from the database; the cache only makes it cheaper. When Redis
# fails, reads return the default, writes are dropped and `incr` raises ValueError (what
# callers already handle for a missing key). After a failure the backend stops calling
# Redis for a few seconds, so a dead or black-holed server costs one timeout per process
# per pause instead of one per cache call; the failure is logged once per pause.


PAUSE_SECONDS = 5.0
FAILURES = (RedisError, OSError)


class FaultTolerantRedisCache(RedisCache):
    _down_until = 0.0

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < FaultTolerantRedisCache._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except FAILURES as error:
            FaultTolerantRedisCache._down_until = time.monotonic() + PAUSE_SECONDS
            logger.error(
                "cache unavailable, serving without it for %ss: %s: %s",
                PAUSE_SECONDS,
                type(error).__name__,
                error,
            )
            return fallback()

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", self._missing(key), key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)

    @staticmethod
    def _missing(key):
        def fallback():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return fallback
