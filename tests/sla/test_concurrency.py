"""Two sweepers at once on PostgreSQL: each due deadline is handled by exactly one of them (SLA-6)."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections

from notifications.models import Message
from organization.models import Area
from sla import hooks
from sla.models import Deadline, DeadlineState
from sla.services import deadline_start
from sla.sweep import deadlines_sweep
from tests.sla.conftest import local

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL"),
]

START = local(2026, 11, 23, 10, 0)


def _run_together(target, count: int) -> list:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


@pytest.fixture
def no_broker(monkeypatch):
    # The kicks after commit would go to the broker; the rows are what this test is about.
    monkeypatch.setattr("notifications.services._kick_delivery", lambda message_id: None)
    monkeypatch.setattr("notifications.services._kick_delivery_sweep", lambda: None)


@pytest.fixture
def slow_progress_handler():
    calls = []
    lock = threading.Lock()
    saved = dict(hooks._due_handlers)
    hooks._due_handlers.pop("customer_update", None)

    def progress(deadline, *, now):
        with lock:
            calls.append(deadline.pk)
        time.sleep(0.01)  # widen the window in which the other sweeper could grab the same row
        return True

    hooks.register_due_handler("customer_update", progress)
    yield calls
    hooks._due_handlers.clear()
    hooks._due_handlers.update(saved)


def test_two_sweepers_escalate_each_deadline_once(site, front_desk, manager, staff_templates, ladder, no_broker):
    areas = [Area.objects.create(site=site, name=f"Area {n}") for n in range(40)]
    for area in areas:
        deadline_start(subject=area, site=site, kind="acknowledge", owner=front_desk, start=START)
    now = START + datetime.timedelta(minutes=61)

    reports = _run_together(lambda: deadlines_sweep(now=now, batch_size=5), 2)

    assert sum(report.claimed for report in reports) == 40
    assert sum(report.escalated for report in reports) == 40
    assert Message.objects.filter(template_key="deadline_escalated", recipient_user=manager).count() == 40
    assert set(Deadline.objects.values_list("escalation_level", flat=True)) == {1}


def test_two_sweepers_call_each_due_handler_once(site, slow_progress_handler, no_broker):
    areas = [Area.objects.create(site=site, name=f"Area {n}") for n in range(30)]
    for area in areas:
        deadline_start(subject=area, site=site, kind="customer_update", start=START)
    now = START + datetime.timedelta(hours=25)

    _run_together(lambda: deadlines_sweep(now=now, batch_size=3), 3)

    assert sorted(slow_progress_handler) == sorted(set(slow_progress_handler))
    assert len(slow_progress_handler) == 30
    assert Deadline.objects.filter(state=DeadlineState.OPEN).count() == 30
    assert Deadline.objects.filter(state=DeadlineState.MET).count() == 30


def test_two_deliverers_send_each_message_once(site, staff_templates, no_broker):
    from django.core import mail

    from notifications.delivery import deliver_due
    from tests.notifications.conftest import make_message

    for n in range(30):
        make_message(key=f"m{n}", site=site, template_key="deadline_reminder", audience="staff")
    reports = _run_together(lambda: deliver_due(), 3)
    assert sum(report.sent for report in reports) == 30
    assert len(mail.outbox) == 30
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 30


def test_two_sweepers_over_1000_due_deadlines_write_one_message_per_deadline_and_step(
    site, front_desk, manager, site_gm, company_gm, staff_templates, ladder, no_broker
):
    """1,000 deadlines, two sweepers on their own connections, twice: first at the owners' reminder
    time, then five hours past due (all three ladder steps). Each (deadline, step, person) once."""
    from django.contrib.contenttypes.models import ContentType

    from sla.services import first_check_at

    count = 1000
    areas = Area.objects.bulk_create([Area(site=site, name=f"Bulk {n}") for n in range(count)])
    area_type = ContentType.objects.get_for_model(Area)
    due = START + datetime.timedelta(minutes=60)
    check = first_check_at(site=site, kind="acknowledge", owner=front_desk, start=START, due_at=due)
    Deadline.objects.bulk_create([
        Deadline(subject_type=area_type, subject_id=area.pk, site=site, kind="acknowledge", owner=front_desk,
                 started_at=START, due_at=due, next_check_at=check)
        for area in areas
    ])

    reminders = _run_together(lambda: deadlines_sweep(now=check, batch_size=50), 2)
    escalations = _run_together(lambda: deadlines_sweep(now=due + datetime.timedelta(hours=5), batch_size=50), 2)

    assert sum(report.claimed for report in reminders) == count
    assert sum(report.reminded for report in reminders) == count
    assert all(report.claimed > 0 for report in reminders + escalations)  # both really worked
    assert sum(report.escalated for report in escalations) == 3 * count
    keys = list(Message.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == 4 * count
    ids = set(Deadline.objects.values_list("pk", flat=True))
    expected = {f"deadline:{pk}:remind" for pk in ids}
    for pk in ids:
        expected |= {f"deadline:{pk}:escalate:1:{manager.pk}", f"deadline:{pk}:escalate:2:{site_gm.pk}",
                     f"deadline:{pk}:escalate:3:{company_gm.pk}"}
    assert set(keys) == expected
    assert set(Deadline.objects.values_list("escalation_level", "next_check_at")) == {(3, None)}
