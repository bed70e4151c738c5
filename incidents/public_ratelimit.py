"""A small per-client rate limit for the pages anyone can reach (status link, online form).

Counts requests per client IP, view and fixed window in Django's cache. The default cache is per process
(locmem), so with several web processes the limit is per process: good enough against a script
guessing tokens or flooding the form; a shared cache (Redis) makes it exact.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

# (requests, seconds) per client and view; PUBLIC_RATE_LIMITS in settings may override a view's entry.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "read": (60, 60),
    "write": (10, 60),
}


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a trusted proxy set it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _limit(scope: str) -> tuple[int, int]:
    return getattr(settings, "PUBLIC_RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def hit(request, scope: str) -> tuple[bool, int]:
    """Count one request; (allowed, seconds until the window ends)."""
    limit, period = _limit(scope)
    now = int(time.time())
    window = now // period
    key = f"public-rl:{scope}:{client_ip(request)}:{window}"
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
