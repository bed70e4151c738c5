import datetime

import pytest
from django.core import mail
from django.test import override_settings

from notifications import delivery
from notifications.delivery import backoff, deliver, deliver_due, message_claim
from notifications.models import MessageState
from notifications.sms import MemorySMSBackend
from tests.notifications.conftest import make_message
from tests.sla.conftest import local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 23, 10, 0)


@pytest.fixture
def refusing_channel(monkeypatch):
    def refuse(message, rendered):
        raise delivery.channels.ChannelError("421 try again later")

    monkeypatch.setitem(delivery.channels.TRANSPORTS, "email", refuse)


def test_success_marks_sent_after_the_channel_accepted(templates, site):
    message = make_message(site=site, send_after=NOW)
    assert deliver(message.pk, now=NOW) == MessageState.SENT
    message.refresh_from_db()
    assert (message.state, message.sent_at, message.attempts, message.lease_until) == (MessageState.SENT, NOW, 1, None)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["guest@example.com"] and email.subject == "Hello LF-1"
    assert email.extra_headers["Message-ID"].startswith("<m1.")


@override_settings(SMS_BACKEND="notifications.sms.MemorySMSBackend")
def test_sms_goes_through_the_configured_backend(templates, site):
    MemorySMSBackend.outbox.clear()
    message = make_message(site=site, channel="sms", address="+8613800000000", send_after=NOW)
    assert deliver(message.pk, now=NOW) == MessageState.SENT
    assert MemorySMSBackend.outbox == [{"to": "+8613800000000", "body": "Hello SMS LF-1", "reference": "m1"}]


def test_a_message_not_yet_due_is_not_sent(templates, site):
    message = make_message(site=site, send_after=NOW + datetime.timedelta(minutes=1))
    assert deliver(message.pk, now=NOW) is None
    assert mail.outbox == []


def test_a_sent_message_is_never_sent_again(templates, site):
    message = make_message(site=site, send_after=NOW)
    deliver(message.pk, now=NOW)
    assert deliver(message.pk, now=NOW + datetime.timedelta(hours=1)) is None
    assert deliver_due(now=NOW + datetime.timedelta(hours=1)).sent == 0
    assert len(mail.outbox) == 1


def test_a_channel_failure_counts_the_attempt_and_backs_off(templates, site, refusing_channel):
    message = make_message(site=site, send_after=NOW)
    assert deliver(message.pk, now=NOW) == MessageState.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.send_after == NOW + backoff(1) == NOW + datetime.timedelta(seconds=60)
    assert "421" in message.last_error and message.lease_until is None
    assert deliver(message.pk, now=NOW + datetime.timedelta(seconds=30)) is None  # still backing off
    assert deliver(message.pk, now=NOW + datetime.timedelta(seconds=60)) == MessageState.PENDING
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.send_after == NOW + datetime.timedelta(seconds=60) + datetime.timedelta(seconds=120)


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(30).total_seconds() == 3600


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_the_message_is_failed(templates, site, refusing_channel):
    message = make_message(site=site, send_after=NOW)
    at = NOW
    states = []
    for _ in range(3):
        states.append(deliver(message.pk, now=at))
        at += datetime.timedelta(hours=2)
    assert states == [MessageState.PENDING, MessageState.PENDING, MessageState.FAILED]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    assert deliver(message.pk, now=at) is None


def test_a_missing_template_fails_at_once(site):
    message = make_message(site=site, template_key="nobody-wrote-this", send_after=NOW)
    assert deliver(message.pk, now=NOW) == MessageState.FAILED
    message.refresh_from_db()
    assert "nobody-wrote-this" in message.last_error


def test_a_claimed_message_cannot_be_claimed_again_until_its_lease_runs_out(templates, site, settings):
    message = make_message(site=site, send_after=NOW)
    claimed = message_claim(message_id=message.pk, now=NOW)
    assert claimed.state == MessageState.SENDING and claimed.attempts == 1
    assert message_claim(message_id=message.pk, now=NOW) is None
    lease_end = NOW + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    assert claimed.lease_until == lease_end
    assert message_claim(message_id=message.pk, now=lease_end) is None


def test_a_worker_killed_mid_send_is_replaced_after_the_lease(templates, site, settings):
    message = make_message(site=site, send_after=NOW)
    message_claim(message_id=message.pk, now=NOW)  # ... and the worker dies here, before sending
    assert deliver_due(now=NOW + datetime.timedelta(minutes=1)).sent == 0
    after_lease = NOW + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    report = deliver_due(now=after_lease)
    assert report.sent == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_late_finish_does_not_overwrite_the_new_owner(templates, site, settings):
    message = make_message(site=site, send_after=NOW)
    stale = message_claim(message_id=message.pk, now=NOW)
    after_lease = NOW + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    fresh = message_claim(message_id=message.pk, now=after_lease)
    delivery._mark_failed_attempt(stale, "slow", after_lease)
    message.refresh_from_db()
    assert message.state == MessageState.SENDING and message.attempts == fresh.attempts == 2


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=1)
def test_a_worker_dying_on_the_last_attempt_leaves_a_failed_row(templates, site, settings):
    message = make_message(site=site, send_after=NOW)
    message_claim(message_id=message.pk, now=NOW)
    report = deliver_due(now=NOW + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1))
    assert report.failed == 1
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and message.lease_until is None


def test_the_delivery_sweep_sends_due_rows_only(templates, site):
    due = make_message(key="due", site=site, send_after=NOW)
    later = make_message(key="later", site=site, send_after=NOW + datetime.timedelta(hours=1))
    suppressed = make_message(key="quiet", site=site, send_after=NOW, state=MessageState.SUPPRESSED)
    report = deliver_due(now=NOW)
    assert report.sent == 1
    states = {m.dedupe_key: m.state for m in (due, later, suppressed) if not m.refresh_from_db()}
    assert states == {"due": MessageState.SENT, "later": MessageState.PENDING, "quiet": MessageState.SUPPRESSED}


def test_the_delivery_tasks_are_thin(templates, site):
    from notifications.tasks import deliver as deliver_task
    from notifications.tasks import deliver_message

    first = make_message(key="a", site=site)
    deliver_message.run(first.pk)
    first.refresh_from_db()
    assert first.state == MessageState.SENT
    make_message(key="b", site=site)
    assert deliver_task.run()["sent"] == 1
    deliver_message.run(999999)  # a row that is gone is simply skipped
