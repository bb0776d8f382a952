"""Per-client rate limits for the requests that make the database work: searches and
filtered feeds. Fixed one-minute windows counted in the shared cache (Redis in
production, so every app server sees the same counts). If the cache fails, requests
pass: a broken cache must not take the site down with it.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

from osce_site.errors import is_api, render_error

logger = logging.getLogger(__name__)


def client_ip(request):
    """REMOTE_ADDR, or the address the nearest trusted proxy saw (TRUSTED_PROXY_COUNT)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("x-forwarded-for", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return remote[:64]


def parse_rate(rate):
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def bucket_for(request):
    """Which limit applies to this request, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    if request.GET.get("q", "").strip():
        return "search"
    if request.META.get("QUERY_STRING") and (
        request.path.endswith(("/rss/", "/atom/", "/feed.json")) or is_api(request)
    ):
        return "feed"
    return None


def hit(bucket, ip, limit, window):
    """Count one request; return the seconds to wait when over the limit, else None."""
    now = time.time()
    window_start = math.floor(now / window) * window
    key = f"ratelimit:{bucket}:{ip}:{int(window_start)}"
    try:
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr, or the cache is down
        return None
    except Exception:
        logger.warning("rate limit cache unavailable; letting the request through", exc_info=True)
        return None
    if count > limit:
        return max(1, math.ceil(window_start + window - now))
    return None


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RATELIMIT_ENABLED and (bucket := bucket_for(request)):
            rate = settings.RATELIMIT_SEARCH if bucket == "search" else settings.RATELIMIT_FEED
            limit, window = parse_rate(rate)
            if (retry_after := hit(bucket, client_ip(request), limit, window)) is not None:
                response = render_error(
                    429,
                    "You have sent many searches or filtered feed requests in a short time. "
                    f"Please wait {retry_after} seconds and try again.",
                    request,
                )
                response["Retry-After"] = str(retry_after)
                return response
        return self.get_response(request)
