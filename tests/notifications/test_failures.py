"""Real processes, real Redis, real failures (SLA-6): nothing lost, nothing sent twice.

Each test runs its own redis-server on a free port (the shared one on 6379 is never touched), a
real Celery worker process on the PostgreSQL test database, and counts what the channel accepted
in files both processes see (tests.support.sms.CountingSMSBackend).
"""

import logging
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from notifications.models import Audience, Message, MessageState
from notifications.services import message_enqueue
from tests.support import sms
from tests.support.broker import PrivateRedis, celery_broker, kill_hard, start_worker, wait_until
from tests.support.processes import stop

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("redis://"),
                       reason="process tests run where Redis is the broker: set CELERY_BROKER_URL=redis://…"),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the worker process must reach the test database: needs DATABASE_URL=postgres://…"),
]

LEASE_SECONDS = 2


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def channel(tmp_path):
    folder = tmp_path / "sms"
    folder.mkdir()
    return folder


def _worker_env(channel, *, delay: float) -> dict[str, str]:
    return {
        "SMS_BACKEND": "tests.support.sms.CountingSMSBackend",
        "COUNTING_SMS_DIR": str(channel),
        "COUNTING_SMS_DELAY": str(delay),
        "NOTIFICATIONS_LEASE_SECONDS": str(LEASE_SECONDS),
    }


def _enqueue(site, reference: str) -> Message:
    # One business transaction each, as when reports are filed one after another.
    with transaction.atomic():
        return message_enqueue(
            dedupe_key=f"failure-test:{reference}", audience=Audience.STAFF, channel="sms",
            recipient_address="+8613800000000", recipient_name="Maria", language="en", template_key="hello",
            context={"reference": reference}, site=site,
        )


def _all_sent(count: int) -> bool:
    return Message.objects.filter(state=MessageState.SENT).count() == count


def test_a_worker_killed_mid_send_is_replaced_and_each_message_goes_once(site, templates, redis, channel, tmp_path):
    """SIGKILL while the channel call is in flight, before the gateway accepted: exactly once.

    The window this cannot close: a kill after the gateway accepted but before the row is marked
    `sent`. Then the lease runs out and the text goes again (at least once, not exactly once), with
    the same reference as the SMS idempotency key / email Message-ID so a receiver can drop it.
    """
    log = tmp_path / "worker.log"
    with celery_broker(redis.url) as app:
        slow = start_worker(broker_url=redis.url, log=log, **_worker_env(channel, delay=60))
        try:
            messages = [_enqueue(site, f"LF-KILL-{n}") for n in range(3)]
            # The worker takes the first kick and sits inside the channel call, before the "gateway" accepts.
            wait_until(lambda: len(sms.lines(channel / "started")) == 1, timeout=60, what="a send to start", log=log)
            kill_hard(slow)
        finally:
            stop(slow)
        killed = Message.objects.get(dedupe_key=sms.lines(channel / "started")[0])
        assert killed.state == MessageState.SENDING and killed.attempts == 1
        assert sms.lines(channel / "sent") == []  # the channel never accepted it

        time.sleep(LEASE_SECONDS + 0.5)  # the dead worker's lease runs out
        fresh = start_worker(broker_url=redis.url, log=log, **_worker_env(channel, delay=0))
        try:
            # Beat's delivery sweep (sent by hand here) claims the abandoned row again.
            app.send_task("notifications.tasks.deliver")
            wait_until(lambda: _all_sent(3), timeout=60, what="all three messages sent", log=log)
            # Kicks still in the queue (and a redelivered one) find nothing left to do.
            app.send_task("notifications.tasks.deliver")
            for message in messages:
                app.send_task("notifications.tasks.deliver_message", (message.pk,))
            time.sleep(1.5)
        finally:
            stop(fresh)

    sent = sms.lines(channel / "sent")
    assert sorted(sent) == sorted(f"failure-test:LF-KILL-{n}" for n in range(3))  # each exactly once
    killed.refresh_from_db()
    assert killed.state == MessageState.SENT and killed.attempts == 2
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_messages_filed_while_redis_is_down_are_all_delivered(site, templates, redis, channel, tmp_path, caplog):
    log = tmp_path / "worker.log"
    with celery_broker(redis.url) as app:
        redis.stop()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="notifications.services"):
            # The kick after each commit fails; the business transaction does not notice, nor wait.
            messages = [_enqueue(site, f"LF-DOWN-{n}") for n in range(5)]
        assert time.monotonic() - started < 5  # no connection retries while someone files a report
        assert all(message is not None for message in messages)
        assert caplog.text.count("could not queue delivery") == 5
        assert set(Message.objects.values_list("state", flat=True)) == {MessageState.PENDING}

        redis.start()
        worker = start_worker(broker_url=redis.url, log=log, **_worker_env(channel, delay=0))
        try:
            app.send_task("notifications.tasks.deliver")  # beat's next delivery sweep
            wait_until(lambda: _all_sent(5), timeout=60, what="all five messages sent", log=log)
        finally:
            stop(worker)

    assert sorted(sms.lines(channel / "sent")) == sorted(f"failure-test:LF-DOWN-{n}" for n in range(5))
