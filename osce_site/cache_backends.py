"""Django's RedisCache, except that Redis being down means cache misses, not 500s.

Every page can be built from the database; the cache only makes it cheaper. When Redis
fails, reads return the default, writes are dropped and `incr` raises ValueError (what
callers already handle for a missing key). After a failure the backend stops calling
Redis for a few seconds, so a dead or black-holed server costs one timeout per process
per pause instead of one per cache call; the failure is logged once per pause.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

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
