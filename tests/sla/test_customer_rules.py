"""SLA-1 and SLA-5 through the sweep: working time across a weekend, a public holiday and a make-up
workday; opt-out stops the customer's progress messages but never the staff's escalations."""

import datetime

import pytest
from django.utils import timezone

from notifications.delivery import deliver
from notifications.models import Audience, Message, MessageState
from policy.calendar import load_china_calendar
from policy.models import ItemCategory, Policy
from sla.models import Deadline, DeadlineState
from sla.services import deadline_start
from sla.sweep import deadlines_sweep
from tests.sla.conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("notifications.services._kick_delivery", lambda message_id: None)
    monkeypatch.setattr("notifications.services._kick_delivery_sweep", lambda: None)


@pytest.fixture
def national_day(db):
    """China's 2026 calendar: 1–7 October off (4 October is a Sunday anyway), Saturday 10 October worked."""
    load_china_calendar([2026])
    Policy.objects.update_or_create(site=None, defaults={"investigation_finish_working_days": 3})


def test_working_days_skip_the_golden_week_and_count_the_make_up_saturday(site, area, front_desk, staff_templates,
                                                                          ladder, manager, national_day):
    # Wednesday 30 September, 10:00: Thursday 1 … Wednesday 7 are holidays or the weekend;
    # Thursday 8 and Friday 9 count, and so does the make-up Saturday 10.
    deadline = deadline_start(subject=area, site=site, kind="investigation_finish", owner=front_desk,
                              start=local(2026, 9, 30, 10, 0))
    assert deadline.due_at == local(2026, 10, 10, 10, 0)

    for moment in (local(2026, 10, 4, 10, 0), local(2026, 10, 7, 18, 0), local(2026, 10, 9, 10, 0)):
        deadlines_sweep(now=moment)
        deadline.refresh_from_db()
        assert deadline.breached_at is None and deadline.escalation_level == 0
    assert not Message.objects.filter(template_key="deadline_escalated").exists()

    deadlines_sweep(now=local(2026, 10, 10, 10, 0))
    deadline.refresh_from_db()
    assert deadline.breached_at == local(2026, 10, 10, 10, 0) and deadline.escalation_level == 1
    assert Message.objects.get(template_key="deadline_escalated").recipient_user == manager


def test_a_make_up_workday_is_business_hours_and_a_holiday_is_not(site, area, front_desk, staff_templates,
                                                                  ladder, manager, duty_manager, national_day):
    from organization.models import DutyKind, DutyShift

    DutyShift.objects.create(site=site, kind=DutyKind.DUTY_MANAGER, user=duty_manager,
                             starts_at=local(2026, 10, 1, 0, 0), ends_at=local(2026, 10, 11, 0, 0))
    holiday = deadline_start(subject=area, site=site, kind="acknowledge", start=local(2026, 10, 2, 10, 0))
    deadlines_sweep(now=local(2026, 10, 2, 11, 0))  # a Friday, but a public holiday: after hours
    told = set(Message.objects.filter(dedupe_key__startswith=f"deadline:{holiday.pk}:").values_list(
        "recipient_user", flat=True))
    assert told == {manager.pk, duty_manager.pk}

    from organization.models import Area

    workday = deadline_start(subject=Area.objects.create(site=site, name="Gate"), site=site, kind="acknowledge",
                             start=local(2026, 10, 10, 10, 0))
    deadlines_sweep(now=local(2026, 10, 10, 11, 0))  # a Saturday, but a make-up workday: business hours
    told = set(Message.objects.filter(dedupe_key__startswith=f"deadline:{workday.pk}:").values_list(
        "recipient_user", flat=True))
    assert told == {manager.pk}


@pytest.fixture
def file_incident(site, area, front_desk):
    from tests.incidents.conftest import file_report

    category = ItemCategory.objects.get_or_create(
        code="t-wallet", defaults={"name_zh_hans": "钱包", "name_en": "Wallet", "retention_days": 90})[0]
    return lambda **extra: file_report(site=site, area=area, category=category, by=front_desk, **extra)


def _progress_updates(incident):
    return Message.objects.filter(template_key="progress_update", subject_id=incident.pk)


def _escalations_to(user):
    return Message.objects.filter(template_key="deadline_escalated", recipient_user=user, audience=Audience.STAFF)


def test_progress_updates_go_to_a_customer_who_did_not_opt_out(file_incident, staff_templates, ladder, manager):
    incident = file_incident()
    deadlines_sweep(now=timezone.now() + datetime.timedelta(hours=25))
    assert _progress_updates(incident).count() == 1


def test_an_opt_out_stops_progress_updates_but_not_the_staff_escalation(file_incident, staff_templates, ladder,
                                                                        manager):
    from incidents.public_services import incident_opt_out

    incident = file_incident()
    incident_opt_out(incident=incident)
    later = timezone.now() + datetime.timedelta(hours=25)
    deadlines_sweep(now=later)
    deadlines_sweep(now=later + datetime.timedelta(hours=25))

    assert not _progress_updates(incident).exists()
    assert not Deadline.objects.filter(kind="customer_update", state=DeadlineState.OPEN).exists()
    escalation = _escalations_to(manager).filter(subject_id=incident.pk).first()
    assert escalation is not None, "the open staff deadline must still climb the ladder"
    assert deliver(escalation.pk, now=later + datetime.timedelta(hours=25)) == MessageState.SENT  # staff alerts go


def test_opting_out_when_filing_starts_no_progress_clock(file_incident, staff_templates, ladder, manager):
    incident = file_incident(progress_updates_opt_out=True)
    deadlines_sweep(now=timezone.now() + datetime.timedelta(hours=25))
    assert not Deadline.objects.filter(kind="customer_update").exists()
    assert not _progress_updates(incident).exists()
    assert _escalations_to(manager).filter(subject_id=incident.pk).exists()


def test_at_night_the_customer_waits_for_the_morning_and_the_staff_do_not(site, area, other_area, staff_templates,
                                                                          ladder, manager, monkeypatch):
    from django.core import mail

    from notifications.delivery import deliver_due
    from notifications.services import message_enqueue
    from policy.models import MessageTemplate
    from sla import hooks

    MessageTemplate.objects.update_or_create(site=None, key="progress_update", language="zh-hans", channel="email",
                                             defaults={"subject": "进展 {{ reference }}", "body": "仍在查找"})

    def progress(deadline, *, now):
        message_enqueue(dedupe_key=f"test:progress:{deadline.pk}", audience=Audience.CUSTOMER, channel="email",
                        recipient_address="wang@example.com", language="zh-hans", template_key="progress_update",
                        context={"reference": "LF-1"}, site=deadline.site, subject=deadline.subject, now=now)
        return True

    monkeypatch.setitem(hooks._due_handlers, "customer_update", hooks.DueRegistration(progress, remind_owner=False))
    deadline_start(subject=area, site=site, kind="customer_update", start=local(2026, 11, 22, 23, 30))
    deadline_start(subject=other_area, site=site, kind="acknowledge", start=local(2026, 11, 23, 22, 30))
    night = local(2026, 11, 23, 23, 30)
    deadlines_sweep(now=night)

    customer = Message.objects.get(audience=Audience.CUSTOMER)
    assert customer.send_after == local(2026, 11, 24, 8, 0)
    assert deliver_due(now=night + datetime.timedelta(minutes=1)).sent == 1  # the manager's escalation only
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert deliver_due(now=local(2026, 11, 24, 7, 59)).sent == 0
    assert deliver_due(now=local(2026, 11, 24, 8, 0)).sent == 1
    assert mail.outbox[-1].to == ["wang@example.com"]
