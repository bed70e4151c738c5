"""Shared front-desk screens: a session ends when idle and after its lifetime; a form posted into an ended
session sends the person to sign in and back to the same form, filled in again, with nothing saved."""

import json
import re
import time

from django.urls import reverse

from accounts import session_expiry
from incidents.models import Incident

LOGIN = reverse("login")


def _age_session(client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": session_expiry.STARTED, "seen": session_expiry.SEEN}[key]] = now - ago
    session.save()


def test_an_active_session_goes_on_and_counts_from_the_last_request(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS - 5)

    assert client.get(reverse("home")).status_code == 200
    assert int(time.time()) - client.session[session_expiry.SEEN] <= 1


def test_an_idle_session_ends_and_the_login_page_says_why(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    minutes = settings.SESSION_IDLE_SECONDS // 60
    assert f"You were signed out after {minutes} minutes without activity." in page.content.decode()


def test_a_busy_session_still_ends_after_its_lifetime(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, started=settings.SESSION_COOKIE_AGE + 1, seen=0)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    hours = settings.SESSION_COOKIE_AGE // 3600
    assert f"signed out {hours} hours after signing in" in client.get(response["Location"]).content.decode()


def test_the_idle_limit_is_a_setting(client, front_desk, settings):
    settings.SESSION_IDLE_SECONDS = 60
    client.force_login(front_desk)
    _age_session(client, seen=61)

    assert client.get(reverse("home")).status_code == 302


def test_a_form_posted_after_expiry_saves_nothing_and_comes_back_filled_in(client, front_desk, settings,
                                                                           policy_defaults):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)
    new_report = reverse("incidents:new")

    response = client.post(new_report, {
        "csrfmiddlewaretoken": "x", "name": "Wang Fang", "description": "Black wallet left near the lifts",
        "kind": "loss", "declined_followups": "on",
    })

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={new_report}"
    assert Incident.objects.count() == 0
    login_page = client.get(response["Location"]).content.decode()
    assert "Nothing was saved yet" in login_page

    signed_in = client.post(LOGIN, {"username": "fiona", "password": "correct-horse-battery", "next": new_report})
    assert signed_in["Location"] == new_report
    form_page = client.get(new_report).content.decode()
    fields = json.loads(re.search(r'<script id="resume-form-fields" type="application/json">(.*?)</script>',
                                  form_page, re.S).group(1))
    assert fields == {"name": ["Wang Fang"], "description": ["Black wallet left near the lifts"], "kind": ["loss"],
                      "declined_followups": ["on"]}
    assert "resume-form-fields" not in client.get(new_report).content.decode(), "handed back once only"


def test_passwords_and_id_numbers_are_never_kept_for_later(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)

    client.post(reverse("password_change"), {"old_password": "correct-horse-battery", "new_password1": "n3w-secret!",
                                              "new_password2": "n3w-secret!", "id_number": "11010519491231002X",
                                              "note": "kept"})

    kept = client.session[session_expiry.RESUME]
    assert kept == {"path": reverse("password_change"), "fields": {"note": ["kept"]}}


def test_a_background_htmx_request_ends_the_session_but_leaves_the_page_alone(client, front_desk, settings,
                                                                            policy_defaults):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)
    new_report = reverse("incidents:new")

    search = client.get(reverse("incidents:customer_search"), {"name": "Wang"}, HTTP_HX_REQUEST="true")
    assert search.status_code == 204 and search["HX-Reswap"] == "none"
    assert "_auth_user_id" not in client.session

    # The form typed meanwhile is sent next: kept, and the person sent to sign in.
    response = client.post(new_report, {"name": "Wang Fang"})
    assert response["Location"] == f"{LOGIN}?next={new_report}"
    assert client.session[session_expiry.RESUME] == {"path": new_report, "fields": {"name": ["Wang Fang"]}}


def test_an_htmx_post_goes_back_to_the_page_it_was_sent_from(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)

    response = client.post(reverse("incidents:note", args=[7]), {"text": "called back"}, HTTP_HX_REQUEST="true",
                           HTTP_HX_CURRENT_URL="http://testserver/incidents/7/")

    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next=/incidents/7/"
    assert client.session[session_expiry.RESUME] == {"path": "/incidents/7/", "fields": {"text": ["called back"]}}


def test_an_ended_session_may_still_open_the_public_pages_and_sign_in(client, front_desk, settings):
    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)

    assert client.get(LOGIN).status_code == 200
    assert client.get(reverse("public:status", args=["z" * 43])).status_code == 404
    assert client.get(reverse("home"))["Location"] == f"{LOGIN}?next=/"


def test_expired_sessions_and_the_forms_they_kept_are_deleted_by_the_beat_task(client, front_desk, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts.tasks import clear_expired_sessions
    from lostfound.celery import app

    client.force_login(front_desk)
    _age_session(client, seen=settings.SESSION_IDLE_SECONDS + 1)
    client.post(reverse("password_change"), {"note": "kept"})
    kept_in = client.session.session_key
    Session.objects.filter(session_key=kept_in).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    clear_expired_sessions()

    assert not Session.objects.filter(session_key=kept_in).exists()
    assert any(entry["task"] == "accounts.tasks.clear_expired_sessions" for entry in app.conf.beat_schedule.values())
