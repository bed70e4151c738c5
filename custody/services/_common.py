"""Helpers shared by the custody services."""

import contextlib

from auditlog.context import set_actor
from django.conf import settings

from notifications.models import Channel


def acting(user):
    """Audit entries written inside name the user who acted, also outside a request."""
    if user is not None and getattr(user, "is_authenticated", False):
        return set_actor(user)
    return contextlib.nullcontext()


def staff_route(user) -> tuple[str, str] | None:
    """(channel, address) for a staff alert: the profile's phone, else the e-mail address."""
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.phone:
        return Channel.SMS, profile.phone
    if user.email:
        return Channel.EMAIL, user.email
    return None


def staff_language(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE
