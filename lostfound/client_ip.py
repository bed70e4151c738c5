"""The client's IP address, as far as this server can trust it.

Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received the request from to
X-Forwarded-For. Only the last TRUSTED_PROXY_COUNT hops were written by our proxies; everything further
left is whatever the client sent, so the client is the hop just before them. Without proxies (the default)
X-Forwarded-For is ignored and REMOTE_ADDR is the client. Used by the public pages' rate limit and by the
sign-in lockout (django-axes), so both count the same client.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, or None when the request has none (a test client's force_login)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    if remote is None:
        return None
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    hops = [*forwarded, remote]
    # A request that passed fewer proxies than configured came from inside: the left-most hop is all we have.
    candidate = hops[-(proxies + 1)] if len(hops) > proxies else hops[0]
    return _valid(candidate) or remote
