"""Who may see and write the log: every view has its forbidden path tested."""

import pytest
from django.urls import reverse

from investigations.models import EntryPhoto, RecordReview
from tests.investigations.conftest import photo_upload, valid_data


@pytest.fixture
def survey_photo(client, security_officer, incident):
    client.force_login(security_officer)
    data = valid_data("scene_survey", officer=security_officer) | {"photos": [photo_upload()]}
    client.post(reverse("investigations:add", args=[incident.pk, "scene_survey"]), data)
    client.logout()
    return EntryPhoto.objects.get()


def _urls(incident, photo):
    entry = photo.survey
    return [
        reverse("investigations:incident", args=[incident.pk]),
        reverse("investigations:add", args=[incident.pk, "record_review"]),
        reverse("investigations:notice_publish", args=[incident.pk]),
        entry.get_absolute_url(),
        reverse("investigations:photo", args=[photo.pk, "full"]),
        reverse("investigations:photo", args=[photo.pk, "thumb"]),
    ]


def test_anonymous_is_sent_to_sign_in(client, incident, survey_photo):
    for url in _urls(incident, survey_photo):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_outsider_of_another_site_gets_404(client, outsider, incident, survey_photo):
    client.force_login(outsider)
    for url in _urls(incident, survey_photo):
        assert client.get(url).status_code == 404, url


def test_front_desk_may_view_but_not_add(client, front_desk, incident, survey_photo, security_officer):
    client.force_login(front_desk)
    log = client.get(reverse("investigations:incident", args=[incident.pk]))
    assert log.status_code == 200
    assert reverse("investigations:add", args=[incident.pk, "record_review"]) not in log.content.decode()
    assert client.get(survey_photo.survey.get_absolute_url()).status_code == 200
    assert client.get(reverse("investigations:photo", args=[survey_photo.pk, "thumb"])).status_code == 200
    add = reverse("investigations:add", args=[incident.pk, "record_review"])
    assert client.get(add).status_code == 403
    assert client.post(add, valid_data("record_review", officer=security_officer)).status_code == 403
    assert not RecordReview.objects.exists()
    assert client.get(reverse("investigations:notice_publish", args=[incident.pk])).status_code == 403


def test_custodian_without_the_log_permission_is_refused(client, custodian, incident):
    client.force_login(custodian)
    assert client.get(reverse("investigations:incident", args=[incident.pk])).status_code == 403


def test_security_officer_cannot_publish_notices(client, security_officer, incident):
    client.force_login(security_officer)
    assert client.get(reverse("investigations:notice_publish", args=[incident.pk])).status_code == 403


def test_unknown_entry_type_is_404(client, security_officer, incident):
    client.force_login(security_officer)
    assert client.get(reverse("investigations:add", args=[incident.pk, "gossip"])).status_code == 404
    assert client.get(reverse("investigations:entry", args=["gossip", 1])).status_code == 404


@pytest.fixture
def line_urls(security_officer, manager, incident, category):
    """The pages that add lines to an entry, and the notice withdrawal."""
    import datetime

    from django.utils import timezone

    from investigations.services import entry_add, notice_publish

    evidence = entry_add(kind="evidence", incident=incident, author=security_officer, data={
        "label": "E-1", "description": "receipt", "collected_at": timezone.now() - datetime.timedelta(hours=1),
        "container": "BAG-1", "storage_location": "Office", "untouched": True,
    })
    report = entry_add(kind="police_report", incident=incident, author=security_officer, data={
        "reported_at": timezone.now(), "reported_by": "customer", "station": "Jing'an"})
    notice = notice_publish(incident=incident, by=manager, category=category, description_zh_hans="钱包",
                            description_en="Wallet", lost_on=datetime.date.today())
    return {
        "handover": reverse("investigations:handover", args=[evidence.pk]),
        "followup": reverse("investigations:followup", args=[report.pk]),
        "withdraw": reverse("investigations:notice_withdraw", args=[notice.pk]),
    }


def test_line_pages_forbidden_paths(client, front_desk, outsider, line_urls):
    for url in line_urls.values():
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    client.force_login(outsider)
    for url in line_urls.values():
        assert client.post(url).status_code == 404, url
    client.force_login(front_desk)
    for url in line_urls.values():
        assert client.post(url).status_code == 403, url
