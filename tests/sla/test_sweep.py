"""The sweeper a step at a time, with "now" passed in."""

import datetime

import pytest

from lostfound.log_privacy import PersonalDataFilter
from notifications.models import Audience, Message, MessageState
from organization.models import DutyKind, DutyShift
from policy.models import EscalationStep
from sla import hooks
from sla.models import Deadline, DeadlineState
from sla.services import deadline_meet, deadline_start
from sla.sweep import deadlines_sweep
from tests.sla.conftest import local

pytestmark = pytest.mark.django_db

MONDAY_10 = local(2026, 11, 23, 10, 0)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def deadline(site, area, front_desk, staff_templates, ladder):
    """Acknowledge within 60 minutes, owned by Fiona at the front desk; due 11:00 Shanghai time."""
    return deadline_start(subject=area, site=site, kind="acknowledge", owner=front_desk, start=MONDAY_10)


@pytest.fixture
def registry():
    """An empty registry for the test; the apps' own registrations come back after it."""
    handlers, describers = dict(hooks._due_handlers), dict(hooks._describers)
    hooks._due_handlers.clear()
    hooks._describers.clear()
    yield hooks
    hooks._due_handlers.clear()
    hooks._due_handlers.update(handlers)
    hooks._describers.clear()
    hooks._describers.update(describers)


def keys() -> list[str]:
    return sorted(Message.objects.values_list("dedupe_key", flat=True))


def test_nothing_happens_before_the_reminder_time(deadline):
    report = deadlines_sweep(now=deadline.next_check_at - MINUTE)
    assert report.claimed == 0
    assert not Message.objects.exists()


def test_the_owner_is_reminded_before_the_deadline(deadline, front_desk, area):
    remind_at = local(2026, 11, 23, 10, 45)
    report = deadlines_sweep(now=remind_at)
    assert report.reminded == 1
    message = Message.objects.get()
    assert message.dedupe_key == f"deadline:{deadline.pk}:remind"
    assert message.template_key == "deadline_reminder"
    assert message.audience == Audience.STAFF
    assert message.recipient_user == front_desk
    assert message.recipient_address == front_desk.email
    assert message.subject == area
    assert message.context["due_at"] == "2026-11-23 11:00"
    assert message.context["reference"].endswith(f" #{area.pk}")  # the generic describer
    assert message.send_after == remind_at
    deadline.refresh_from_db()
    assert deadline.next_check_at == deadline.due_at
    assert deadline.breached_at is None


def test_a_second_sweep_adds_nothing(deadline, manager):
    for minute in (45, 45, 61, 61):
        deadlines_sweep(now=local(2026, 11, 23, 10, 0) + datetime.timedelta(minutes=minute))
    assert keys() == sorted([f"deadline:{deadline.pk}:remind", f"deadline:{deadline.pk}:escalate:1:{manager.pk}"])


def test_a_message_already_in_the_outbox_is_not_written_again(deadline, manager):
    """Say a restored backup put the row back a step but kept the message: the sweep moves on without a copy."""
    deadlines_sweep(now=local(2026, 11, 23, 11, 1))
    Deadline.objects.filter(pk=deadline.pk).update(escalation_level=0, next_check_at=deadline.due_at)
    Message.objects.update(context={"kept": True})

    report = deadlines_sweep(now=local(2026, 11, 23, 11, 2))

    assert (report.claimed, report.escalated) == (1, 0)
    assert list(Message.objects.values_list("dedupe_key", "context")) == [
        (f"deadline:{deadline.pk}:escalate:1:{manager.pk}", {"kept": True})]
    deadline.refresh_from_db()
    assert deadline.escalation_level == 1


def test_a_met_deadline_is_left_alone(deadline, area):
    deadline_meet(subject=area, kind="acknowledge", at=local(2026, 11, 23, 10, 30))
    assert deadlines_sweep(now=local(2026, 11, 23, 15, 0)).claimed == 0
    assert not Message.objects.exists()


def test_at_due_the_breach_is_marked_and_level_one_escalates(deadline, manager, site_gm):
    deadlines_sweep(now=local(2026, 11, 23, 10, 45))
    report = deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert report.breached == 1 and report.escalated == 1
    deadline.refresh_from_db()
    assert deadline.breached_at == deadline.due_at
    assert deadline.escalation_level == 1
    assert deadline.next_check_at == deadline.due_at + datetime.timedelta(minutes=60)
    escalation = Message.objects.get(template_key="deadline_escalated")
    assert escalation.recipient_user == manager
    assert escalation.context["level"] == 1
    assert escalation.dedupe_key == f"deadline:{deadline.pk}:escalate:1:{manager.pk}"


def test_the_ladder_is_climbed_step_by_step(deadline, manager, site_gm, company_gm):
    deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    deadlines_sweep(now=local(2026, 11, 23, 11, 59))
    assert Deadline.objects.get().escalation_level == 1
    deadlines_sweep(now=local(2026, 11, 23, 12, 0))
    assert Message.objects.filter(recipient_user=site_gm, context__level=2).count() == 1
    deadlines_sweep(now=local(2026, 11, 23, 15, 0))
    deadline.refresh_from_db()
    assert deadline.escalation_level == 3
    assert deadline.next_check_at is None  # the ladder is exhausted
    assert Message.objects.filter(recipient_user=company_gm, context__level=3).count() == 1
    assert deadlines_sweep(now=local(2026, 11, 24, 15, 0)).claimed == 0


def test_a_late_sweep_catches_up_every_step_once(deadline, manager, site_gm, company_gm):
    report = deadlines_sweep(now=local(2026, 11, 23, 18, 0))
    assert report.escalated == 3
    assert report.reminded == 0  # too late to remind: the ladder has it
    deadline.refresh_from_db()
    assert deadline.escalation_level == 3
    assert deadlines_sweep(now=local(2026, 11, 23, 18, 0)).claimed == 0


def test_the_department_manager_of_the_owners_department_is_preferred(
    django_user_model, site, deadline, manager
):
    from organization.models import DepartmentKind, Position
    from organization.roles import Role
    from tests.conftest import make_staff

    own = make_staff(django_user_model, "cora", role=Role.MANAGER, sites=[site],
                     kind=DepartmentKind.CUSTOMER_SERVICE, position=Position.DEPARTMENT_MANAGER)
    deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert list(Message.objects.filter(template_key="deadline_escalated").values_list("recipient_user", flat=True)) == [own.pk]


def test_a_site_ladder_replaces_the_company_ladder(site, deadline, manager, site_gm):
    EscalationStep.objects.create(site=site, level=1, position="site_general_manager", delay_minutes=30)
    deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert not Message.objects.filter(template_key="deadline_escalated").exists()
    deadlines_sweep(now=local(2026, 11, 23, 11, 30))
    assert list(Message.objects.filter(template_key="deadline_escalated").values_list("recipient_user", flat=True)) == [site_gm.pk]
    assert Deadline.objects.get().next_check_at is None


def _roster(site, user, start, end):
    DutyShift.objects.create(site=site, kind=DutyKind.DUTY_MANAGER, user=user, starts_at=start, ends_at=end)


def test_after_hours_the_duty_manager_is_told_as_well(site, area, front_desk, staff_templates, ladder,
                                                      manager, duty_manager):
    _roster(site, duty_manager, local(2026, 11, 23, 20, 0), local(2026, 11, 24, 8, 0))
    late = deadline_start(subject=area, site=site, kind="acknowledge", owner=front_desk,
                          start=local(2026, 11, 23, 22, 0))
    deadlines_sweep(now=local(2026, 11, 23, 23, 0))
    recipients = set(Message.objects.filter(template_key="deadline_escalated").values_list("recipient_user", flat=True))
    assert recipients == {manager.pk, duty_manager.pk}
    assert Message.objects.get(recipient_user=duty_manager).dedupe_key == f"deadline:{late.pk}:escalate:1:{duty_manager.pk}"


def test_in_business_hours_the_duty_manager_is_not_told(site, deadline, manager, duty_manager):
    _roster(site, duty_manager, local(2026, 11, 23, 8, 0), local(2026, 11, 23, 20, 0))
    deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert not Message.objects.filter(recipient_user=duty_manager).exists()


def test_nobody_in_the_position_falls_back_to_the_duty_manager(site, deadline, duty_manager):
    _roster(site, duty_manager, local(2026, 11, 23, 8, 0), local(2026, 11, 23, 20, 0))
    deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert Message.objects.get(template_key="deadline_escalated").recipient_user == duty_manager
    assert Deadline.objects.get().escalation_level == 1


def test_staff_alerts_ignore_quiet_hours(site, area, front_desk, staff_templates, ladder, manager):
    deadline_start(subject=area, site=site, kind="acknowledge", owner=front_desk, start=local(2026, 11, 24, 1, 0))
    now = local(2026, 11, 24, 2, 0)
    deadlines_sweep(now=now)
    assert Message.objects.get(template_key="deadline_escalated").send_after == now


def test_a_handled_kind_is_restarted_and_never_escalates(site, area, front_desk, staff_templates, ladder,
                                                         manager, registry):
    calls = []

    @registry.on_due("customer_update")
    def progress(deadline, *, now):
        calls.append((deadline.pk, now))
        return True

    first = deadline_start(subject=area, site=site, kind="customer_update", owner=front_desk, start=MONDAY_10)
    assert first.next_check_at == first.due_at  # automated kinds remind nobody
    now = first.due_at + MINUTE
    report = deadlines_sweep(now=now)
    assert report.handled == 1 and calls == [(first.pk, now)]
    first.refresh_from_db()
    assert first.state == DeadlineState.MET and first.breached_at is None and first.escalation_level == 0
    following = Deadline.objects.get(state=DeadlineState.OPEN)
    assert following.started_at == now and following.due_at == now + datetime.timedelta(hours=24)
    assert following.owner == front_desk
    assert not Message.objects.exists()
    assert deadlines_sweep(now=now).claimed == 0


def test_a_handler_that_restarts_itself_is_not_restarted_twice(site, area, registry):
    from sla.services import deadline_restart

    @registry.on_due("complaint_followup")
    def followup(deadline, *, now):
        deadline_restart(subject=deadline.subject, kind=deadline.kind, at=now)
        return True

    deadline_start(subject=area, site=site, kind="complaint_followup", start=MONDAY_10)
    deadlines_sweep(now=MONDAY_10 + datetime.timedelta(hours=25))
    assert Deadline.objects.filter(state=DeadlineState.OPEN).count() == 1
    assert Deadline.objects.filter(state=DeadlineState.MET).count() == 1


def test_a_handler_that_declines_leaves_it_to_the_ladder(site, area, staff_templates, ladder, manager, registry):
    registry.register_due_handler("complaint_followup", lambda deadline, *, now: False)
    deadline_start(subject=area, site=site, kind="complaint_followup", start=MONDAY_10)
    report = deadlines_sweep(now=MONDAY_10 + datetime.timedelta(hours=24))
    assert report.handled == 0 and report.breached == 1
    assert Message.objects.filter(recipient_user=manager, template_key="deadline_escalated").exists()


def test_a_failing_handler_rolls_back_only_its_row(site, area, other_area, staff_templates, ladder, manager, registry):
    @registry.on_due("customer_update")
    def broken(deadline, *, now):
        Message.objects.create(dedupe_key="half-done", audience="staff", channel="email", recipient_address="x@y",
                               language="en", template_key="x", send_after=now)
        raise RuntimeError("boom")

    deadline_start(subject=area, site=site, kind="customer_update", start=MONDAY_10)
    fine = deadline_start(subject=other_area, site=site, kind="acknowledge", start=MONDAY_10)
    report = deadlines_sweep(now=MONDAY_10 + datetime.timedelta(hours=25))
    assert report.errors == 1
    assert not Message.objects.filter(dedupe_key="half-done").exists()
    assert Deadline.objects.get(kind="customer_update").next_check_at <= MONDAY_10 + datetime.timedelta(hours=25)
    fine.refresh_from_db()
    assert fine.escalation_level == 3


def test_registering_two_handlers_for_a_kind_is_refused(registry):
    registry.register_due_handler("customer_update", lambda deadline, *, now: True)
    with pytest.raises(ValueError):
        registry.register_due_handler("customer_update", lambda deadline, *, now: True)
    with pytest.raises(ValueError):
        registry.register_due_handler("coffee", lambda deadline, *, now: True)


def test_a_subject_describer_gives_reference_and_link(site, area, deadline, registry):
    from organization.models import Area

    registry.register_subject_describer(Area, lambda subject: hooks.SubjectDescription(
        reference=f"LF-{subject.name}", url=f"/incidents/{subject.pk}/"))
    deadlines_sweep(now=local(2026, 11, 23, 10, 45))
    context = Message.objects.get().context
    assert context["reference"] == "LF-Lobby"
    assert context["incident_url"].endswith(f"/incidents/{area.pk}/")
    assert context["incident_url"].startswith("http")
    assert context["kind"] == "acknowledge" and context["deadline"]


def test_a_deadline_whose_subject_is_gone_is_cancelled(site, area, deadline, registry):
    area.delete()
    deadlines_sweep(now=local(2026, 11, 23, 12, 0))
    assert Deadline.objects.get().state == DeadlineState.CANCELLED
    assert not Message.objects.exists()


def test_staff_without_address_are_skipped(deadline, front_desk):
    front_desk.email = ""
    front_desk.save()
    report = deadlines_sweep(now=local(2026, 11, 23, 10, 45))
    assert report.reminded == 0
    assert Deadline.objects.get().next_check_at == deadline.due_at


def test_the_log_names_the_deadline_whose_reminder_was_skipped(deadline, front_desk, caplog):
    """Its id stays readable through the personal-data filter: seven digits would otherwise read as a phone."""
    Deadline.objects.filter(pk=deadline.pk).update(id=4700001)
    front_desk.email = ""
    front_desk.save()
    deadlines_sweep(now=local(2026, 11, 23, 10, 45))

    [record] = [record for record in caplog.records if record.name == "sla.sweep"]
    PersonalDataFilter().filter(record)
    assert record.getMessage() == f"deadline 4700001: user {front_desk.pk} has no email or phone for deadline_reminder"


def test_a_staff_member_without_email_gets_a_text(deadline, front_desk):
    front_desk.email = ""
    front_desk.save()
    front_desk.staff_profile.phone = "+8613800000000"
    front_desk.staff_profile.save()
    deadlines_sweep(now=local(2026, 11, 23, 10, 45))
    message = Message.objects.get()
    assert (message.channel, message.recipient_address) == ("sms", "+8613800000000")
    assert message.state == MessageState.PENDING


def test_the_sweep_task_runs_the_sweeper(deadline, registry):
    from sla.tasks import sweep

    assert sweep.name == "sla.tasks.sweep"
    assert set(sweep.run()) >= {"claimed", "escalated"}


def test_beat_wakes_both_sweepers_every_minute():
    from lostfound.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["sla.tasks.sweep"] == 60.0 and schedule["notifications.tasks.deliver"] == 60.0
    app.loader.import_default_modules()
    assert {"sla.tasks.sweep", "notifications.tasks.deliver"} <= set(app.tasks)


def test_a_broken_describer_leaves_out_only_its_row(site, area, other_area, staff_templates, ladder, manager,
                                                    registry):
    from organization.models import Area

    def describe(subject):
        if subject == area:
            raise ValueError("broken describer")
        return hooks.SubjectDescription(reference=subject.name)

    registry.register_subject_describer(Area, describe)
    broken = deadline_start(subject=area, site=site, kind="acknowledge", start=MONDAY_10)
    fine = deadline_start(subject=other_area, site=site, kind="acknowledge", start=MONDAY_10)
    report = deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert report.errors == 1 and report.escalated == 1
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.escalation_level, broken.next_check_at) == (0, broken.due_at)  # tried again next time
    assert fine.escalation_level == 1
    assert keys() == [f"deadline:{fine.pk}:escalate:1:{manager.pk}"]


def test_a_database_error_rolls_back_the_whole_batch(site, area, other_area, staff_templates, ladder, manager,
                                                     registry):
    from django.db import DatabaseError

    from organization.models import Area

    def describe(subject):
        if subject == area:
            raise DatabaseError("connection lost")
        return hooks.SubjectDescription(reference=subject.name)

    registry.register_subject_describer(Area, describe)
    deadline_start(subject=other_area, site=site, kind="acknowledge", start=MONDAY_10)
    deadline_start(subject=area, site=site, kind="acknowledge", start=MONDAY_10)
    with pytest.raises(DatabaseError):
        deadlines_sweep(now=local(2026, 11, 23, 11, 0))
    assert not Message.objects.exists()
    assert set(Deadline.objects.values_list("escalation_level", "breached_at")) == {(0, None)}
