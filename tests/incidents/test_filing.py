import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from incidents.errors import IncidentError
from incidents.models import Customer, Incident, ItemPhoto, Kind, LostItem, Severity, Status, TheftBy
from notifications.models import Message
from organization.models import DutyKind, DutyShift
from sla.models import Deadline, DeadlineState
from tests.incidents.conftest import file_report, photo_upload

pytestmark = pytest.mark.django_db


def _kinds(incident, state=None):
    rows = Deadline.objects.filter(subject_id=incident.pk, subject_type__model="incident")
    if state:
        rows = rows.filter(state=state)
    return set(rows.values_list("kind", flat=True))


def test_filing_creates_reference_timeline_deadlines_and_acknowledgement(report, front_desk, site):
    incident = report()
    local_day = incident.created_at.astimezone(site.zone).strftime("%Y%m%d")
    assert incident.reference == f"LF-SH01-{local_day}-0001"
    assert incident.status == Status.REPORTED
    assert incident.owner == front_desk and incident.created_by == front_desk
    assert incident.events.filter(code="incident.filed").count() == 1
    assert _kinds(incident, DeadlineState.OPEN) == {"dispatch", "customer_update"}
    # The receipt was enqueued, so the acknowledge deadline is met at once.
    assert _kinds(incident, DeadlineState.MET) == {"acknowledge"}
    assert incident.acknowledged_at is not None
    message = Message.objects.get(template_key="report_acknowledged")
    assert message.subject == incident and message.audience == "customer"
    assert message.channel == "sms" and message.language == "zh-hans"
    assert message.context["reference"] == incident.reference
    assert incident.status_token in message.context["status_url"]
    assert set(message.context) >= {"reference", "status_url", "site_name", "site_phone", "recipient_name"}


def test_references_count_per_site_and_day(report, other_site, other_area, outsider):
    first, second = report(), report()
    assert first.reference.endswith("-0001") and second.reference.endswith("-0002")
    elsewhere = report(site=other_site, area=other_area, by=outsider)
    assert elsewhere.reference.startswith("LF-BJ01-") and elsewhere.reference.endswith("-0001")


def test_filing_is_all_or_nothing(report, category, site, area, front_desk):
    with pytest.raises(IncidentError):
        file_report(site=site, area=area, category=category, by=front_desk,
                    items=[{"category": category, "name": "ok"}, {"category": category, "name": "bad", "quantity": 0}])
    assert not Incident.objects.exists() and not Customer.objects.exists() and not Message.objects.exists()
    assert not Deadline.objects.exists()


def test_customer_without_address_leaves_acknowledge_open(report):
    incident = report(customer_data={"name": "Walk-in", "preferred_language": "en", "preferred_channel": "phone"})
    assert "acknowledge" in _kinds(incident, DeadlineState.OPEN)
    assert not Message.objects.exists()


def test_id_number_is_stored_masked_and_hashed(report):
    incident = report(customer_data={"name": "Li", "phone": "13800138000", "id_type": "id_card",
                                     "id_number": "110101199003071234"}, id_consent=True)
    customer = incident.customer
    assert customer.id_number_masked == "110***********1234"
    assert len(customer.id_number_hash) == 64
    assert "110101199003071234" not in str(Customer.objects.filter(pk=customer.pk).values().get())


def test_photos_are_stored_with_thumbnails(report, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    incident = report(items=[{"category": category, "name": "wallet", "photos": [photo_upload(size=(1200, 900))]}])
    photo = ItemPhoto.objects.get(item__incident=incident)
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (1200, 900)
    assert photo.thumbnail.width <= 320
    assert not photo.image.url.startswith("/static")


def test_urgent_report_alerts_security_on_duty(report, security_officer, site):
    now = timezone.now()
    DutyShift.objects.create(site=site, kind=DutyKind.SECURITY_OFFICER, user=security_officer,
                             starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1))
    incident = report(severity=Severity.URGENT)
    alert = Message.objects.get(template_key="emergency_alert")
    assert alert.recipient_user == security_officer and alert.audience == "staff"
    assert alert.context["reference"] == incident.reference and alert.context["incident_url"].endswith(f"/{incident.pk}/")
    assert alert.context["severity_code"] == "urgent" and alert.context["severity"] in ("Urgent", "紧急")
    assert {"emergency_response", "investigation_start"} <= _kinds(incident, DeadlineState.OPEN)
    assert Deadline.objects.get(kind="emergency_response").owner == security_officer


def test_theft_after_hours_alerts_the_duty_roster(report, security_officer, manager, custodian, site, monkeypatch):
    import incidents.services.filing as filing

    monkeypatch.setattr(filing, "is_after_hours", lambda site, at: True)
    now = timezone.now()
    window = {"starts_at": now - datetime.timedelta(hours=1), "ends_at": now + datetime.timedelta(hours=1)}
    DutyShift.objects.create(site=site, kind=DutyKind.SECURITY_OFFICER, user=security_officer, **window)
    DutyShift.objects.create(site=site, kind=DutyKind.CENTRAL_CONTROL, user=custodian, **window)
    DutyShift.objects.create(site=site, kind=DutyKind.DUTY_MANAGER, user=manager, **window)
    incident = report(kind=Kind.THEFT, theft_by=TheftBy.STRANGER)
    recipients = set(Message.objects.filter(template_key="emergency_alert").values_list("recipient_user", flat=True))
    assert recipients == {security_officer.pk, custodian.pk, manager.pk}
    assert incident.police_report == "pending"


def test_after_hours_uses_the_site_time_zone(site):
    from incidents.services._common import is_after_hours

    # 23:30 in Shanghai is 15:30 UTC: after the default 08:00–22:00 business hours.
    assert is_after_hours(site, datetime.datetime(2026, 11, 22, 15, 30, tzinfo=datetime.timezone.utc))
    assert not is_after_hours(site, datetime.datetime(2026, 11, 22, 4, 0, tzinfo=datetime.timezone.utc))


def test_online_report_waits_for_verification(report):
    incident = report(online=True, by=None)
    assert incident.status == Status.TO_VERIFY and incident.owner is None and incident.channel == "online"
    assert _kinds(incident, DeadlineState.OPEN) == {"acknowledge"}
    assert Message.objects.filter(template_key="report_acknowledged").count() == 1
    assert not Message.objects.filter(template_key="emergency_alert").exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"lost_from_offset": 2}, "lost_until"),  # in the future
        ({"negative": True}, "estimated_value"),
        ({"other_area": True}, "area"),
        ({"theft_by_for_loss": True}, "theft_by"),
    ],
)
def test_bad_input_is_refused_with_a_field(change, field, site, area, other_area, category, front_desk):
    now = timezone.now()
    kwargs = dict(
        site=site, area=area, channel="on_site", kind=Kind.LOSS, theft_by="", severity=Severity.GENERAL,
        customer_data={"name": "A", "phone": "13800000000"},
        items=[{"category": category, "name": "wallet", "estimated_value": Decimal("1")}],
        lost_from=now - datetime.timedelta(hours=1), lost_until=now, filed_by=front_desk,
    )
    if "lost_from_offset" in change:
        kwargs["lost_until"] = now + datetime.timedelta(hours=change["lost_from_offset"])
    if change.get("negative"):
        kwargs["items"][0]["estimated_value"] = Decimal("-1")
    if change.get("other_area"):
        kwargs["area"] = other_area
    if change.get("theft_by_for_loss"):
        kwargs["theft_by"] = TheftBy.STRANGER
    from incidents.services import incident_file

    with pytest.raises(IncidentError) as error:
        incident_file(**kwargs)
    assert error.value.field == field
    assert not Incident.objects.exists() and not LostItem.objects.exists()


def test_complaint_starts_complaint_deadlines(report):
    incident = report(is_complaint=True)
    assert {"complaint_contact", "complaint_followup"} <= _kinds(incident, DeadlineState.OPEN)


def test_purge_staged_photos(settings, tmp_path):
    import os
    import time

    from django.core.management import call_command

    from incidents import photos
    from tests.incidents.conftest import photo_upload

    settings.MEDIA_ROOT = tmp_path
    photos.stage(photos.check_photo(photo_upload()), user_id=1)
    folder = tmp_path / "incidents" / "staging"
    old = next(folder.iterdir())
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    photos.stage(photos.check_photo(photo_upload()), user_id=1)
    call_command("purge_staged_photos")
    assert len(list(folder.iterdir())) == 1 and not old.exists()
