import datetime

import pytest
from django.db import connection

from policy.models import CalendarDay, CalendarDayKind, Policy
from sla.models import Deadline, DeadlineState
from sla.selectors import deadlines_due
from sla.services import (
    DeadlineError,
    deadline_cancel,
    deadline_meet,
    deadline_restart,
    deadline_start,
    deadlines_of,
    deadlines_open_new,
    due_time,
)
from tests.sla.conftest import local

pytestmark = pytest.mark.django_db

MONDAY_10 = local(2026, 11, 23, 10, 0)


def test_due_time_in_clock_time(site):
    assert due_time(site=site, kind="acknowledge", start=MONDAY_10) == MONDAY_10 + datetime.timedelta(minutes=60)
    assert due_time(site=site, kind="customer_update", start=MONDAY_10) == MONDAY_10 + datetime.timedelta(hours=24)
    assert due_time(site=site, kind="claim_review", start=MONDAY_10) == MONDAY_10 + datetime.timedelta(days=7)


def test_due_time_follows_the_site_policy_over_the_company(site):
    Policy.objects.update_or_create(site=None, defaults={"acknowledge_minutes": 45})
    Policy.objects.create(site=site, acknowledge_minutes=20)
    assert due_time(site=site, kind="acknowledge", start=MONDAY_10) == MONDAY_10 + datetime.timedelta(minutes=20)


def test_working_days_skip_the_weekend(site):
    friday = local(2026, 11, 20, 16, 30)
    # 3 working days after Friday: Monday, Tuesday, Wednesday, same wall-clock time in Shanghai.
    assert due_time(site=site, kind="investigation_finish", start=friday) == local(2026, 11, 25, 16, 30)


def test_working_days_skip_holidays_and_count_make_up_days(site):
    friday = local(2026, 11, 20, 16, 30)
    CalendarDay.objects.create(site=None, date=datetime.date(2026, 11, 23), kind=CalendarDayKind.HOLIDAY)
    assert due_time(site=site, kind="investigation_finish", start=friday) == local(2026, 11, 26, 16, 30)
    CalendarDay.objects.create(site=site, date=datetime.date(2026, 11, 21), kind=CalendarDayKind.WORKDAY)
    assert due_time(site=site, kind="investigation_finish", start=friday) == local(2026, 11, 25, 16, 30)


def test_start_with_an_owner_checks_first_at_the_reminder(site, area, front_desk):
    deadline = deadline_start(subject=area, site=site, kind="acknowledge", owner=front_desk, start=MONDAY_10)
    assert deadline.due_at == MONDAY_10 + datetime.timedelta(minutes=60)
    assert deadline.next_check_at == deadline.due_at - datetime.timedelta(minutes=15)
    assert deadline.state == DeadlineState.OPEN


def test_start_without_owner_or_with_a_short_limit_checks_at_due(site, area, front_desk):
    no_owner = deadline_start(subject=area, site=site, kind="acknowledge", start=MONDAY_10)
    assert no_owner.next_check_at == no_owner.due_at
    # 5 minutes is shorter than the 15-minute reminder lead: no reminder.
    short = deadline_start(subject=area, site=site, kind="emergency_response", owner=front_desk, start=MONDAY_10)
    assert short.next_check_at == short.due_at


def test_start_keeps_an_open_deadline_of_the_same_kind(site, area):
    first = deadline_start(subject=area, site=site, kind="dispatch", start=MONDAY_10)
    again = deadline_start(subject=area, site=site, kind="dispatch", start=MONDAY_10 + datetime.timedelta(hours=1))
    assert again.pk == first.pk
    assert Deadline.objects.count() == 1


def test_start_refuses_an_unknown_kind(site, area):
    with pytest.raises(DeadlineError):
        deadline_start(subject=area, site=site, kind="coffee", start=MONDAY_10)


def test_opening_a_new_subjects_deadlines_writes_what_start_and_meet_would(site, area, other_area, front_desk):
    opened = deadlines_open_new(subject=area, site=site, start=MONDAY_10, met={"acknowledge"},
                                owners={"acknowledge": front_desk, "dispatch": front_desk, "complaint_contact": None})
    deadline_start(subject=other_area, site=site, kind="acknowledge", owner=front_desk, start=MONDAY_10)
    deadline_meet(subject=other_area, kind="acknowledge", at=MONDAY_10)
    deadline_start(subject=other_area, site=site, kind="dispatch", owner=front_desk, start=MONDAY_10)
    deadline_start(subject=other_area, site=site, kind="complaint_contact", start=MONDAY_10)
    columns = ("kind", "owner_id", "started_at", "due_at", "state", "met_at", "next_check_at", "site_id")
    assert [d.kind for d in opened] == ["acknowledge", "dispatch", "complaint_contact"]
    assert (list(Deadline.objects.filter(subject_id=area.pk).order_by("pk").values_list(*columns))
            == list(Deadline.objects.filter(subject_id=other_area.pk).order_by("pk").values_list(*columns)))


def test_opening_new_deadlines_refuses_an_unknown_kind(site, area):
    with pytest.raises(DeadlineError):
        deadlines_open_new(subject=area, site=site, start=MONDAY_10, owners={"dispatch": None, "coffee": None})
    assert not Deadline.objects.exists()


def test_meet_closes_the_open_deadline(site, area):
    deadline_start(subject=area, site=site, kind="dispatch", start=MONDAY_10)
    met = deadline_meet(subject=area, kind="dispatch", at=MONDAY_10 + datetime.timedelta(minutes=3))
    assert met.state == DeadlineState.MET
    assert met.met_at == MONDAY_10 + datetime.timedelta(minutes=3)
    assert met.next_check_at is None
    assert deadline_meet(subject=area, kind="dispatch") is None


def test_cancel_all_or_some_kinds(site, area):
    for kind in ("dispatch", "acknowledge", "customer_update"):
        deadline_start(subject=area, site=site, kind=kind, start=MONDAY_10)
    assert deadline_cancel(subject=area, kinds=["dispatch"]) == 1
    assert deadline_cancel(subject=area) == 2
    assert set(Deadline.objects.values_list("state", flat=True)) == {DeadlineState.CANCELLED}
    assert not Deadline.objects.filter(next_check_at__isnull=False).exists()


def test_restart_meets_the_period_and_opens_the_next(site, area, front_desk):
    first = deadline_start(subject=area, site=site, kind="customer_update", owner=front_desk, start=MONDAY_10)
    later = MONDAY_10 + datetime.timedelta(hours=5)
    second = deadline_restart(subject=area, kind="customer_update", at=later)
    first.refresh_from_db()
    assert first.state == DeadlineState.MET and first.met_at == later
    assert second.pk != first.pk
    assert second.started_at == later
    assert second.due_at == later + datetime.timedelta(hours=24)
    assert second.owner == front_desk and second.site == site
    assert list(deadlines_of(area)) == [first, second]


def test_restart_without_an_open_deadline_needs_a_site(site, area):
    with pytest.raises(DeadlineError):
        deadline_restart(subject=area, kind="customer_update", at=MONDAY_10)
    started = deadline_restart(subject=area, kind="customer_update", at=MONDAY_10, site=site)
    assert started.state == DeadlineState.OPEN


def test_deadlines_due_lists_open_rows_whose_check_time_has_come(site, area, other_area):
    due = deadline_start(subject=area, site=site, kind="dispatch", start=MONDAY_10)
    deadline_start(subject=other_area, site=site, kind="claim_review", start=MONDAY_10)
    met = deadline_start(subject=area, site=site, kind="acknowledge", start=MONDAY_10)
    deadline_meet(subject=area, kind="acknowledge")
    now = MONDAY_10 + datetime.timedelta(hours=2)
    assert list(deadlines_due(now=now)) == [due]
    assert met.pk not in {row.pk for row in deadlines_due(now=now)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index plan is checked on PostgreSQL")
def test_deadlines_due_uses_the_partial_index(site, area):
    deadline_start(subject=area, site=site, kind="dispatch", start=MONDAY_10)
    sql, params = deadlines_due(now=MONDAY_10).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "deadline_due_open" in plan
