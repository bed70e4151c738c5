import datetime

import pytest

from notifications.models import Audience, Message, MessageState
from notifications.services import MessageError, message_enqueue, message_retry
from notifications.timing import in_window, quiet_hours_end
from policy.models import Policy
from tests.notifications.conftest import make_message
from tests.sla.conftest import local

pytestmark = pytest.mark.django_db


def enqueue(site, *, key="k1", audience=Audience.CUSTOMER, now=None, **kwargs):
    return message_enqueue(
        dedupe_key=key, audience=audience, channel="email", recipient_address="guest@example.com", language="en",
        template_key="hello", context={"reference": "LF-1"}, site=site, now=now, **kwargs,
    )


def test_enqueue_adds_one_row_per_dedupe_key(site, area):
    now = local(2026, 11, 23, 10, 0)
    first = enqueue(site, now=now, subject=area)
    assert first is not None and first.state == MessageState.PENDING and first.send_after == now
    assert first.subject == area
    assert enqueue(site, now=now) is None
    assert Message.objects.count() == 1


def test_enqueue_kicks_delivery_after_commit(site, django_capture_on_commit_callbacks, monkeypatch):
    kicked = []
    monkeypatch.setattr("notifications.services._kick_delivery", kicked.append)
    with django_capture_on_commit_callbacks(execute=True):
        # Outside the site's quiet hours, whatever the clock says (a customer's message waits through them).
        message = enqueue(site, now=local(2026, 11, 23, 10, 0))
    assert kicked == [message.pk]


def test_a_lost_kick_is_only_logged_and_the_sweep_sends(site, templates, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    from notifications.delivery import deliver_due

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr("notifications.tasks.deliver_message.apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(site, audience=Audience.STAFF)
    message.refresh_from_db()
    assert message.state == MessageState.PENDING
    assert deliver_due().sent == 1  # beat's next delivery sweep
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_a_database_hiccup_in_the_task_is_retried(site, templates, monkeypatch):
    from django.db import OperationalError

    from notifications import delivery
    from notifications.tasks import deliver_message

    real, calls = delivery.deliver, []

    def flaky(message_id, **kwargs):
        calls.append(message_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(message_id, **kwargs)

    monkeypatch.setattr(delivery, "deliver", flaky)
    message = enqueue(site, audience=Audience.STAFF)
    deliver_message.apply(args=(message.pk,))
    message.refresh_from_db()
    assert calls == [message.pk, message.pk]
    assert message.state == MessageState.SENT


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(2026, 11, 23, 23, 30), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 24, 2, 0), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 23, 22, 0), local(2026, 11, 24, 8, 0)),
        (local(2026, 11, 23, 8, 0), None),
        (local(2026, 11, 23, 21, 59), None),
    ],
)
def test_quiet_hours_end_in_the_site_zone(site, at, expected):
    assert quiet_hours_end(site=site, at=at) == expected


def test_quiet_hours_that_do_not_wrap_midnight(site):
    Policy.objects.update_or_create(site=site, defaults={"quiet_hours_start": datetime.time(1, 0),
                                                         "quiet_hours_end": datetime.time(7, 0)})
    assert quiet_hours_end(site=site, at=local(2026, 11, 23, 3, 0)) == local(2026, 11, 23, 7, 0)
    assert quiet_hours_end(site=site, at=local(2026, 11, 23, 23, 0)) is None
    assert not in_window(datetime.time(3), datetime.time(5), datetime.time(5))


def test_customer_messages_wait_for_the_end_of_quiet_hours(site):
    message = enqueue(site, now=local(2026, 11, 23, 23, 30))
    assert message.send_after == local(2026, 11, 24, 8, 0)


def test_customer_messages_scheduled_into_quiet_hours_wait_too(site):
    message = enqueue(site, now=local(2026, 11, 23, 12, 0), send_after=local(2026, 11, 23, 23, 0))
    assert message.send_after == local(2026, 11, 24, 8, 0)


def test_staff_messages_go_at_once_in_quiet_hours(site):
    now = local(2026, 11, 23, 23, 30)
    assert enqueue(site, audience=Audience.STAFF, now=now).send_after == now


def test_a_customer_who_opted_out_gets_a_suppressed_row(site, django_capture_on_commit_callbacks, monkeypatch):
    kicked = []
    monkeypatch.setattr("notifications.services._kick_delivery", kicked.append)
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(site, opted_out=True)
    assert message.state == MessageState.SUPPRESSED
    assert kicked == []
    staff = enqueue(site, key="k2", audience=Audience.STAFF, opted_out=True)
    assert staff.state == MessageState.PENDING


def test_retry_gives_a_failed_message_fresh_attempts(site, manager):
    message = make_message(site=site, state=MessageState.FAILED, attempts=8, last_error="refused")
    now = local(2026, 11, 23, 10, 0)
    retried = message_retry(message=message, user=manager, now=now)
    assert (retried.state, retried.attempts, retried.send_after) == (MessageState.PENDING, 0, now)


def test_only_failed_messages_can_be_retried(site):
    with pytest.raises(MessageError):
        message_retry(message=make_message(site=site, state=MessageState.SENT, sent_at=local(2026, 11, 23, 10, 0)))


def test_the_bulk_staff_insert_writes_every_column_as_the_orm_would(site, area, front_desk):
    """The sweep's messages go in through one SQL INSERT on PostgreSQL: a column added to Message later, with a
    default Django fills in, must not be left out of it."""
    from django.db import connection

    from notifications.services import _create_new_messages, _insert_new_messages, staff_messages_enqueue

    if connection.vendor != "postgresql":
        pytest.skip("the SQL insert is PostgreSQL's")
    now = local(2026, 11, 23, 10, 0)

    def draft(key):
        return {"dedupe_key": key, "channel": "email", "recipient_address": "boss@example.com",
                "recipient_name": "Boss", "recipient_user": front_desk, "language": "en", "template_key": "hello",
                "context": {"reference": "LF-1"}, "site": site, "subject": area, "send_after": now}

    sql = _insert_new_messages([draft("sql")], now=now)
    orm = _create_new_messages({"orm": draft("orm")}, now=now)
    assert set(sql) == {"sql"} and set(orm) == {"orm"}
    skipped = {"id", "dedupe_key", "created_at"}
    fields = [f.attname for f in Message._meta.concrete_fields if f.name not in skipped]
    by_sql, by_orm = (Message.objects.filter(dedupe_key=key).values(*fields).get() for key in ("sql", "orm"))
    assert by_sql == by_orm
    assert staff_messages_enqueue(drafts=[draft("sql")], now=now, kick=False) == {}


def test_an_enqueued_message_is_the_row_save_would_write(site, area, front_desk):
    """message_enqueue inserts with its own statement on PostgreSQL: the row and the returned object must be what
    Message.save() gives for the same values."""
    from notifications.services import _insert_once

    now = local(2026, 11, 23, 10, 0)
    values = {"audience": Audience.STAFF, "channel": "email", "recipient_address": "boss@example.com",
              "recipient_name": "Boss", "recipient_user": front_desk, "language": "en", "template_key": "hello",
              "context": {"reference": "LF-1", "n": 2}, "site": site, "subject": area, "send_after": now}
    inserted = message_enqueue(dedupe_key="inserted", **values)
    subject = values.pop("subject")
    saved = Message.objects.create(dedupe_key="saved", subject_type=inserted.subject_type, subject_id=subject.pk,
                                   state=MessageState.PENDING, **values)
    skipped = {"id", "dedupe_key", "created_at"}
    fields = [f.attname for f in Message._meta.concrete_fields if f.name not in skipped]
    by_insert, by_save = (Message.objects.filter(pk=pk).values(*fields).get() for pk in (inserted.pk, saved.pk))
    assert by_insert == by_save
    fresh = Message.objects.get(pk=inserted.pk)
    assert [getattr(fresh, f) for f in fields] == [getattr(inserted, f) for f in fields]
    assert fresh.created_at == inserted.created_at and not inserted._state.adding
    again = Message(dedupe_key="inserted", **{**values, "subject_id": subject.pk})
    assert _insert_once(again) is False and again.pk is None
