"""Sign-in in a real browser.

Two-step sign-in: a manager enrols an authenticator app from the QR code page, signs out, signs in again with
the password and the code the app would show (computed here from the key the page gives, with django_otp.oath)
and opens the admin site. Session expiry: a report typed into a session that ended comes back filled in after
signing in again, with nothing saved meanwhile. Assertions use URLs, element ids and the typed values.
"""

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from incidents.models import Incident

from tests.e2e.browser import PASSWORD, assert_inputs_labelled, log_in, log_out

pytestmark = pytest.mark.browser


def app_code(manual_key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in by hand (30-second steps, six digits)."""
    key = b32decode(manual_key.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6, drift=steps_ahead):06d}"


def test_a_manager_enrols_and_signs_in_with_a_code(page, live_server, manager):
    log_in(page, manager)
    two_step = reverse("accounts:two_factor")
    with page.expect_navigation():
        page.locator(f"nav a[href='{two_step}']").click()
    assert_inputs_labelled(page)
    qr_width = page.locator("img[src^='data:image/svg+xml']").evaluate("image => image.naturalWidth")
    assert qr_width > 0, "the QR code is drawn"
    manual_key = page.locator("#manual-key").inner_text()

    page.fill("#id_code", app_code(manual_key))
    with page.expect_navigation():
        page.locator("form:has(#id_code) [type=submit]").click()
    assert page.locator("#id_code").count() == 1  # now the form to turn it off
    assert TOTPDevice.objects.get(user=manager).confirmed

    log_out(page)
    page.fill("input[name=username]", manager.get_username())
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert page.url.endswith(reverse("accounts:signin_code"))
    assert_inputs_labelled(page)

    # The code of enrolment is spent; the app's next one is accepted.
    page.fill("#id_code", app_code(manual_key, steps_ahead=1))
    with page.expect_navigation():
        page.locator("form:has(#id_code) [type=submit]").click()
    assert page.url == f"{live_server.url}/"

    page.goto(reverse("admin:index"))
    assert page.url == f"{live_server.url}{reverse('admin:index')}"
    assert page.locator("#site-name").count() == 1


def test_a_report_typed_into_an_ended_session_comes_back_after_signing_in(page, live_server, front_desk, settings,
                                                                          policy_defaults):
    log_in(page, front_desk)
    new_report = reverse("incidents:new")
    page.goto(new_report)
    page.fill("#id_name", "王芳 Wang Fang")
    page.fill("#id_description", "黑色钱包 black wallet near the lifts")

    # The screen is left alone longer than the idle limit (made short here, and set back before signing in).
    page.wait_for_load_state("networkidle")
    idle_limit = settings.SESSION_IDLE_SECONDS
    settings.SESSION_IDLE_SECONDS = 1
    time.sleep(2.1)

    with page.expect_navigation():
        page.locator("form:has(#id_description)").evaluate("form => form.submit()")
    assert reverse("login") in page.url
    assert Incident.objects.count() == 0
    assert page.locator(".alert-warning").count() == 1
    settings.SESSION_IDLE_SECONDS = idle_limit

    page.fill("input[name=username]", front_desk.get_username())
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()

    assert page.url == f"{live_server.url}{new_report}"
    assert page.input_value("#id_name") == "王芳 Wang Fang"
    assert page.input_value("#id_description") == "黑色钱包 black wallet near the lifts"
