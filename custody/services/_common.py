"""Helpers shared by the custody services."""


from django.conf import settings

from notifications.models import Channel



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
