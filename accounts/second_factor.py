"""The optional second factor (TOTP, django-otp) of managers, legal and administrators."""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from organization.roles import Role, has_role

ROLES = (Role.MANAGER, Role.LEGAL, Role.ADMINISTRATOR)
DEVICE_NAME = "authenticator"


def may_enrol(user) -> bool:
    return user.is_authenticated and has_role(user, *ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def satisfied(request) -> bool:
    """True unless the user enrolled a second factor and this session has not been verified with it."""
    return confirmed_device(request.user) is None or request.user.is_verified()


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed device whose secret the enrolment page shows (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def manual_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[index:index + 4] for index in range(0, len(key), 4))


def check_code(device: TOTPDevice, code: str) -> bool:
    """Whether the code is right now; django-otp slows down repeated wrong codes (throttling)."""
    allowed, _details = device.verify_is_allowed()
    return bool(allowed) and device.verify_token(code)


@transaction.atomic
def second_factor_enrol(*, request, device: TOTPDevice) -> None:
    """Confirm the device after a right code; the current session counts as verified by it."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)


@transaction.atomic
def second_factor_disable(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
