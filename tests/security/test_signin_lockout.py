"""Sign-in lockout (django-axes): limits from settings, one message whether or not the user exists, only the
user name and client pair locked, client addresses through the trusted proxies, administrators unlock."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

LOGIN = reverse("login")
PASSWORD = "correct-horse-battery"
_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _page_without(response, username: str) -> str:
    return _CSRF_VALUE.sub("", response.content.decode()).replace(username, "")


def _sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _fail_until_locked(client, username, settings, **extra):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, username, "wrong-password-1", **extra)


def test_the_configured_number_of_wrong_passwords_locks_even_the_right_one_out(client, front_desk, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "fiona", "wrong-password-1").status_code == 200
    locked = _sign_in(client, "fiona", "wrong-password-1")
    assert locked.status_code == 429

    response = _sign_in(client, "fiona", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed sign-ins for this user name from this device. Try again in {minutes} minutes" in (
        response.content.decode())


def test_the_limit_is_a_setting(client, front_desk, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _sign_in(client, "fiona", "wrong-password-1")
    assert _sign_in(client, "fiona", "wrong-password-1").status_code == 429


def test_the_lockout_reads_the_same_for_an_unknown_user_name(client, front_desk, settings):
    """No user enumeration: a stranger learns nothing from the answers about which names exist."""
    _fail_until_locked(client, "fiona", settings)
    _fail_until_locked(client, "nobody-here", settings)

    known = _sign_in(client, "fiona", "wrong-password-1")
    unknown = _sign_in(client, "nobody-here", "wrong-password-1")

    assert known.status_code == unknown.status_code == 429
    assert _page_without(known, "fiona") == _page_without(unknown, "nobody-here")


def test_a_wrong_password_reads_like_an_unknown_user_name(client, front_desk):
    known = _sign_in(client, "fiona", "wrong-password-1")
    unknown = _sign_in(client, "nobody-here", "wrong-password-1")

    assert known.status_code == unknown.status_code == 200
    assert _page_without(known, "fiona") == _page_without(unknown, "nobody-here")


def test_the_message_is_in_chinese_for_chinese_readers(client, front_desk, settings):
    client.cookies["django_language"] = "zh-hans"
    _fail_until_locked(client, "fiona", settings)

    response = _sign_in(client, "fiona", PASSWORD)

    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def test_only_that_user_name_from_that_client_is_locked(client, front_desk, security_officer, settings):
    _fail_until_locked(client, "fiona", settings, REMOTE_ADDR="203.0.113.7")

    assert _sign_in(client, "sam", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    assert _sign_in(client, "fiona", PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_behind_the_proxy_the_forwarded_client_is_locked_and_a_forged_hop_does_not_escape(
        client, front_desk, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    _fail_until_locked(client, "fiona", settings, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

    forged = _sign_in(client, "fiona", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7", **proxy)
    other_client = _sign_in(client, "fiona", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)

    assert forged.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert other_client.status_code == 302


def test_the_lock_ends_after_the_cool_off(client, front_desk, settings):
    _fail_until_locked(client, "fiona", settings)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

    assert _sign_in(client, "fiona", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin_site(client, front_desk, administrator, settings):
    _fail_until_locked(client, "fiona", settings)
    attempt = AccessAttempt.objects.get()
    admin_client = type(client)()
    admin_client.force_login(administrator)

    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "fiona" in listing.content.decode()
    deleted = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert deleted.status_code == 302
    assert _sign_in(client, "fiona", PASSWORD).status_code == 302


def test_managers_cannot_unlock(client, front_desk, manager):
    client.force_login(manager)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403

