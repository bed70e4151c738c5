"""Optional TOTP (django-otp) for managers, legal and administrators: enrol with a QR code and a code, a
second step at sign-in, a fresh code to turn it off, and the admin site only with a verified session."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = reverse("login")
CODE = reverse("accounts:signin_code")
TWO_STEP = reverse("accounts:two_factor")
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows now (or a step later, as a fresh code)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_a_manager_enrols_with_the_qr_code_and_a_code(client, manager):
    client.force_login(manager)

    page = client.get(TWO_STEP).content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert 'src="data:image/svg+xml' in page
    assert re.search(r'<span id="manual-key"[^>]*>([A-Z2-7 ]+)</span>', page)

    response = client.post(TWO_STEP, {"code": code_for(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Two-step sign-in is on" in client.get(TWO_STEP).content.decode()


def test_a_wrong_code_does_not_enrol(client, legal):
    client.force_login(legal)
    client.get(TWO_STEP)
    device = TOTPDevice.objects.get(user=legal)

    response = client.post(TWO_STEP, {"code": f"{(int(code_for(device)) + 1) % 1_000_000:06d}"})

    assert response.status_code == 200
    assert "This code is not right, or it has expired." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=legal, confirmed=True).exists()


@pytest.mark.parametrize("persona", ["front_desk", "security_officer", "custodian", "finance"])
def test_other_roles_neither_see_nor_reach_the_option(client, persona, request, policy_defaults):
    client.force_login(request.getfixturevalue(persona))

    assert TWO_STEP not in client.get(reverse("home")).content.decode()
    assert client.get(TWO_STEP).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_the_menu_offers_it_to_administrators(client, administrator):
    client.force_login(administrator)
    assert TWO_STEP in client.get(reverse("home")).content.decode()


def test_an_enrolled_manager_signs_in_with_password_then_code(client, manager):
    device = enrolled(manager)

    step_one = client.post(LOGIN, {"username": "maria", "password": PASSWORD, "next": "/admin/"})

    assert step_one["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302, "the password alone signs nobody in"

    step_two = client.post(CODE, {"code": code_for(device)})

    assert step_two["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(manager.pk)
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, manager, settings):
    device = enrolled(manager)
    client.post(LOGIN, {"username": "maria", "password": PASSWORD})
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    answers = [client.post(CODE, {"code": wrong}).status_code for _attempt in range(settings.AXES_FAILURE_LIMIT)]

    assert answers[-1] == 429
    assert AccessAttempt.objects.get(username="maria").failures_since_start == settings.AXES_FAILURE_LIMIT
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client, manager, settings):
    enrolled(manager)
    client.post(LOGIN, {"username": "maria", "password": PASSWORD})
    session = client.session
    session["accounts.pending_sign_in"]["at"] = int(time.time()) - settings.SIGNIN_CODE_SECONDS - 1
    session.save()

    response = client.get(CODE)

    assert response["Location"] == LOGIN


def test_the_code_page_without_a_password_first_sends_to_sign_in(client, manager):
    enrolled(manager)
    assert client.get(CODE)["Location"] == LOGIN


def test_turning_it_off_needs_a_fresh_code(client, manager):
    device = enrolled(manager)
    client.post(LOGIN, {"username": "maria", "password": PASSWORD})
    used = code_for(device)
    client.post(CODE, {"code": used})

    reused = client.post(TWO_STEP, {"code": used})
    assert reused.status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk).exists(), "a code already used does not turn it off"

    device.refresh_from_db()
    device.throttle_reset()
    fresh = client.post(TWO_STEP, {"code": code_for(device, steps_ahead=1)})

    assert fresh.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()


def test_the_admin_site_asks_an_enrolled_user_for_the_second_factor(client, administrator):
    enrolled(administrator)
    client.force_login(administrator)  # password only: no verified device in the session

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(response["Location"])["Location"].startswith(f"{LOGIN}?next=")


def test_the_admin_site_opens_for_staff_without_a_second_factor(client, legal):
    client.force_login(legal)
    assert client.get(reverse("admin:index")).status_code == 200


def test_administrators_remove_a_lost_phone_in_the_admin_site(client, administrator, manager):
    device = enrolled(manager)
    client.force_login(administrator)

    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
