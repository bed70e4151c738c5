"""Sign-in, the layout and the language switch, in Simplified Chinese and English."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "登录"), ("en", "Sign in")],
)
def test_login_page_in_both_languages(client, db, language, expected):
    client.cookies["django_language"] = language
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_home_needs_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_with_the_right_password(client, front_desk):
    response = client.post(reverse("login"), {"username": "fiona", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client, front_desk):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "fiona", "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_language_switch_changes_the_page(client, front_desk):
    client.force_login(front_desk)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Sign out" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "退出" in client.get(reverse("home")).content.decode()


def test_sign_out_and_password_change(client, front_desk):
    client.force_login(front_desk)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "Lantern-Harbour-42", "new_password2": "Lantern-Harbour-42"},
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_dates_show_in_the_site_time_zone(client, front_desk, site):
    from django.utils import timezone

    client.force_login(front_desk)
    response = client.get(reverse("home"))
    assert timezone.get_current_timezone_name() in {"Asia/Shanghai", "UTC"}
    assert response.context["TIME_ZONE"] == "Asia/Shanghai"


def test_demo_loader_is_idempotent_and_has_a_login_per_role(db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from organization.roles import Role

    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    User = get_user_model()
    for role in Role.values:
        assert User.objects.filter(groups__name=role).exists(), role
    assert User.objects.filter(username="frontdesk").count() == 1
