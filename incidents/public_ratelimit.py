"""A small per-client rate limit for the pages anyone can reach (status link, online form).

Counts requests per client IP (resolved through the trusted proxies, lostfound.client_ip), scope and fixed
window in Django's cache. With CACHE_URL pointing at Redis every web process counts in the same place, so
the limit holds across processes and replicas; the locmem default of a local first run counts per process.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from lostfound.client_ip import client_ip

# (requests, seconds) per client and view; PUBLIC_RATE_LIMITS in settings may override a view's entry.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "read": (60, 60),
    "write": (10, 60),
}


def _limit(scope: str) -> tuple[int, int]:
    return getattr(settings, "PUBLIC_RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def hit(request, scope: str) -> tuple[bool, int]:
    """Count one request; (allowed, seconds until the window ends)."""
    limit, period = _limit(scope)
    now = int(time.time())
    window = now // period
    key = f"public-rl:{scope}:{client_ip(request) or 'unknown'}:{window}"
    # add() then incr() is atomic per key in locmem and Redis: two requests at once both count.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= limit, period - now % period


def rate_limited(*, read: str = "read", write: str = "write"):
    """Answer 429 (with a friendly page and Retry-After) when a client asks too often.

    GET/HEAD count against `read`, other methods against `write` as well as `read`.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            scopes = [read] if request.method in ("GET", "HEAD") else [read, write]
            for scope in scopes:
                allowed, retry_after = hit(request, scope)
                if not allowed:
                    response = render(request, "incidents/public/too_many.html", {"retry_after": retry_after},
                                      status=429)
                    response["Retry-After"] = str(retry_after)
                    response["X-Robots-Tag"] = "noindex, nofollow"
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
