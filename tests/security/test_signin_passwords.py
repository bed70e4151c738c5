"""Strong password rules (settings.AUTH_PASSWORD_VALIDATORS) wherever a password is set: the person's own
password change and the administrator's in the admin site."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

OLD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(("password", "code"), [
    ("Sh0rt-pw", "password_too_short"),
    ("Fiona@example.com!", "password_too_similar"),
    ("password123456", "password_too_common"),
    ("830274619553", "password_entirely_numeric"),
    ("shanghaiplazalobby", "password_letters_and_others"),
])
def test_weak_passwords_are_refused_with_the_reason(front_desk, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, front_desk)

    assert code in {error.code for error in refused.value.error_list}


def test_a_long_passphrase_with_a_symbol_is_accepted(front_desk):
    validate_password("lantern-river-47-quietly", front_desk)


def test_the_minimum_length_is_a_setting(front_desk, settings):
    assert any(rule.get("OPTIONS", {}).get("min_length") == 12 for rule in settings.AUTH_PASSWORD_VALIDATORS)


def test_the_password_change_page_refuses_a_weak_password_and_keeps_the_old_one(client, front_desk):
    client.force_login(front_desk)

    response = client.post(reverse("password_change"), {
        "old_password": OLD, "new_password1": "shanghaiplazalobby", "new_password2": "shanghaiplazalobby",
    })

    assert response.status_code == 200
    assert "Use letters and at least one digit or symbol in the password." in response.content.decode()
    front_desk.refresh_from_db()
    assert front_desk.check_password(OLD)


def test_the_password_change_page_accepts_a_strong_password(client, front_desk):
    client.force_login(front_desk)

    response = client.post(reverse("password_change"), {
        "old_password": OLD, "new_password1": "lantern-river-47-quietly", "new_password2": "lantern-river-47-quietly",
    })

    assert response.status_code == 302
    front_desk.refresh_from_db()
    assert front_desk.check_password("lantern-river-47-quietly")


def test_the_admin_site_refuses_a_weak_password_for_a_user(client, administrator, front_desk):
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[front_desk.pk])

    response = client.post(url, {"password1": "830274619553", "password2": "830274619553", "usable_password": "true"})

    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    front_desk.refresh_from_db()
    assert front_desk.check_password(OLD)


def test_the_admin_site_refuses_a_weak_password_for_a_new_user(client, administrator, django_user_model):
    client.force_login(administrator)

    response = client.post(reverse("admin:auth_user_add"), {
        "username": "newcomer", "password1": "password123456", "password2": "password123456", "usable_password": "true",
    })

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not django_user_model.objects.filter(username="newcomer").exists()
