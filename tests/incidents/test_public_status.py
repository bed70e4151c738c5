"""The customer's status page at the private link (INT-5, INT-11, SLA-5): no login, noindex, rate-limited."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

import policy
from incidents.models import FollowUp, FollowUpSource, Incident, ItemPhoto, Status, TimelineEvent
from incidents.services import (
    incident_add_note, incident_close, incident_dispatch, incident_mark_not_found, incident_start_search,
)
from incidents.timeline import timeline_of
from sla.models import Deadline, DeadlineState


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # the rate limit counts in the cache, which outlives a test
    yield
    cache.clear()


def png_upload(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _without_request_echo(response) -> str:
    """The page without the parts that differ per request anyway: CSRF token and the path it was asked at."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'name="next" type="hidden" value="[^"]*"', "", page)


def status_path(incident: Incident, name: str = "status") -> str:
    return reverse(f"public:{name}", args=[incident.status_token])


def close(incident: Incident, by) -> Incident:
    incident_dispatch(incident=incident, by=by)
    incident_start_search(incident=incident, by=by)
    incident_mark_not_found(incident=incident, by=by, note="我们已尽力寻找")
    return incident_close(incident=incident, by=by)


@pytest.fixture
def incident(report):
    return report()


def test_status_page_by_token_shows_state_reference_and_customer_notes(client, incident, front_desk):
    incident_add_note(incident=incident, by=front_desk, text="We checked the lobby cameras.", customer_visible=True)
    incident_add_note(incident=incident, by=front_desk, text="Internal: suspect the cleaner", customer_visible=False)
    client.cookies["django_language"] = "en"

    response = client.get(status_path(incident))

    assert response.status_code == 200
    page = response.content.decode()
    assert incident.reference in page
    assert 'data-status="reported"' in page
    assert "We have registered your report" in page
    assert "We checked the lobby cameras." in page
    assert "suspect the cleaner" not in page
    assert incident.customer.phone not in page  # personal data stay off the page (SEC-1)


def test_status_page_is_in_the_customers_language_unless_switched(client, incident):
    # The customer chose Chinese; without a language cookie the page is in Chinese.
    response = client.get(status_path(incident), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()

    client.cookies["django_language"] = "en"
    response = client.get(status_path(incident))
    assert response["Content-Language"] == "en"


def test_status_page_dates_in_the_sites_time_zone(client, incident):
    incident.site.time_zone = "America/New_York"
    incident.site.save()
    client.cookies["django_language"] = "en"
    page = client.get(status_path(incident)).content.decode()
    local = timezone.localtime(incident.created_at, incident.site.zone)
    assert f"{local:%Y-%m-%d %H:%M}" in page


def test_status_page_is_not_indexed(client, incident):
    response = client.get(status_path(incident))
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_unknown_token_gives_404(client, incident):
    response = client.get(reverse("public:status", args=["x" * 43]))
    assert response.status_code == 404
    assert "noindex" in response["X-Robots-Tag"]


def test_expired_link_looks_exactly_like_an_unknown_one(client, incident, front_desk):
    close(incident, front_desk)
    days = policy.for_site(incident.site).status_link_days
    assert client.get(status_path(incident)).status_code == 200  # still valid right after closing

    Incident.objects.filter(pk=incident.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days, minutes=1))
    expired = client.get(status_path(incident))
    unknown = client.get(reverse("public:status", args=["y" * 43]))

    assert expired.status_code == unknown.status_code == 404
    assert _without_request_echo(expired) == _without_request_echo(unknown)
    assert incident.reference not in expired.content.decode()


def test_customer_adds_information_with_a_photo(client, incident):
    response = client.post(status_path(incident, "add_information"),
                           {"text": "It has a red tag inside.", "photo": png_upload()})

    assert response.status_code == 302
    event = TimelineEvent.objects.get(incident=incident, code="customer.information")
    assert event.text == "It has a red tag inside."
    assert event.actor is None and event.customer_visible
    photo = ItemPhoto.objects.get(item__incident=incident)
    assert photo.content_type == "image/png" and photo.uploaded_by is None
    assert event.data["photo"] == photo.pk
    assert "It has a red tag inside." in client.get(status_path(incident)).content.decode()
    # Staff see it on the incident's one timeline.
    staff_entries = [entry for entry in timeline_of(incident) if entry.extra.get("code") == "customer.information"]
    assert [entry.detail for entry in staff_entries] == ["It has a red tag inside."]


def test_a_bad_photo_is_refused_beside_the_field_and_nothing_is_saved(client, incident):
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 'not a photo'; ?>", content_type="image/jpeg")
    client.cookies["django_language"] = "en"

    response = client.post(status_path(incident, "add_information"), {"text": "see photo", "photo": fake})

    assert response.status_code == 400
    page = response.content.decode()
    assert "not a photo we can read" in page
    assert "see photo" in page  # what was typed is kept
    assert not TimelineEvent.objects.filter(incident=incident, code="customer.information").exists()
    assert not ItemPhoto.objects.filter(item__incident=incident).exists()


def test_adding_nothing_is_refused(client, incident):
    response = client.post(status_path(incident, "add_information"), {"text": "  "})
    assert response.status_code == 400
    assert not TimelineEvent.objects.filter(incident=incident, code="customer.information").exists()


def test_customer_opts_out_of_progress_messages(client, incident):
    reminders = Deadline.objects.filter(subject_id=incident.pk, kind="customer_update", state=DeadlineState.OPEN)
    assert reminders.exists()

    response = client.post(status_path(incident, "opt_out"))

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.progress_updates_opt_out
    assert TimelineEvent.objects.filter(incident=incident, code="customer.opted_out").count() == 1
    # No more reminders to send progress updates (SLA-2, SLA-5).
    assert not reminders.exists()
    assert 'data-opted-out="true"' in client.get(status_path(incident)).content.decode()
    client.post(status_path(incident, "opt_out"))  # twice changes nothing
    assert TimelineEvent.objects.filter(incident=incident, code="customer.opted_out").count() == 1


def test_survey_only_after_closing(client, incident, front_desk):
    page = client.get(status_path(incident)).content.decode()
    assert 'data-testid="survey-form"' not in page
    client.post(status_path(incident, "survey"), {"satisfaction": "5"})
    assert not FollowUp.objects.filter(incident=incident).exists()

    close(incident, front_desk)
    page = client.get(status_path(incident)).content.decode()
    assert 'data-testid="survey-form"' in page
    assert 'data-testid="information-form"' not in page  # a closed report takes no more information


def test_survey_is_recorded_once(client, incident, front_desk):
    close(incident, front_desk)
    client.cookies["django_language"] = "en"

    first = client.post(status_path(incident, "survey"), {"satisfaction": "4", "comment": "Kind staff"})
    second = client.post(status_path(incident, "survey"), {"satisfaction": "1", "comment": "changed my mind"},
                         follow=True)

    followup = FollowUp.objects.get(incident=incident)
    assert first.status_code == 302
    assert (followup.source, followup.satisfaction, followup.comment) == (FollowUpSource.CUSTOMER_SURVEY, 4, "Kind staff")
    assert "already answered" in second.content.decode()
    assert 'data-testid="survey-done"' in second.content.decode()
    assert TimelineEvent.objects.filter(incident=incident, code="incident.followup").count() == 1


@pytest.mark.parametrize("value", ["0", "6", "-1", "abc", ""])
def test_survey_satisfaction_is_1_to_5(client, incident, front_desk, value):
    close(incident, front_desk)
    response = client.post(status_path(incident, "survey"), {"satisfaction": value})
    assert response.status_code == 400
    assert not FollowUp.objects.filter(incident=incident).exists()


def test_survey_accepts_both_ends(client, report, front_desk):
    for score in (1, 5):
        incident = close(report(), front_desk)
        assert client.post(status_path(incident, "survey"), {"satisfaction": str(score)}).status_code == 302
        assert FollowUp.objects.get(incident=incident).satisfaction == score


@override_settings(PUBLIC_RATE_LIMITS={"read": (3, 60), "write": (2, 60)})
def test_public_pages_are_rate_limited_per_client(client, incident):
    path = status_path(incident)
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 200]

    refused = client.get(path)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Guessing tokens counts too, and another client is not affected.
    assert client.get(reverse("public:status", args=["z" * 43])).status_code == 429
    assert client.get(path, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_status_of_an_online_report_waiting_for_verification(client, report):
    incident = report(online=True)
    assert incident.status == Status.TO_VERIFY
    client.cookies["django_language"] = "en"
    page = client.get(status_path(incident)).content.decode()
    assert "Our staff will check it shortly" in page


@pytest.fixture
def timeline_sources():
    from incidents import timeline

    before, staff_only = list(timeline._SOURCES), set(timeline._STAFF_ONLY)
    yield timeline
    timeline._SOURCES[:] = before
    timeline._STAFF_ONLY.clear()
    timeline._STAFF_ONLY.update(staff_only)


def test_status_page_asks_only_the_sources_that_show_customers_something(client, incident, timeline_sources):
    asked = []

    def staff_notes(incident):
        asked.append(incident.pk)
        return []

    def delivery(incident):
        return [timeline_sources.Entry(at=timezone.now(), label="Parcel delivered", source="courier",
                                       customer_visible=True)]

    timeline_sources.register_timeline_source(staff_notes, staff_only=True)
    timeline_sources.register_timeline_source(delivery)
    page = client.get(status_path(incident)).content.decode()
    assert "Parcel delivered" in page
    assert asked == []
    # The staff's timeline still has it.
    timeline_of(incident)
    assert asked == [incident.pk]
    # The incident's own events are shown once, in the customer's words.
    assert page.count('data-code="incident.filed"') == 1
