"""Delivery of outbox rows: claim with a lease, send, then mark sent (SLA-6).

A row is `sending` only while a worker holds its lease. If the worker dies mid-send the lease runs
out and the delivery sweep claims the row again, so nothing is lost; a row is `sent` only after the
channel accepted it. The one window left is a crash between the channel's "accepted" and our
"sent" mark: then the message goes again, with the same email Message-ID / SMS idempotency key so
a receiver that honours them drops the copy. Timing (backoff) lives in `send_after`, not in Celery.
"""

from dataclasses import dataclass
import datetime
import logging
import time

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from lostfound.log_privacy import RecordId
from notifications import channels
from notifications.models import Message, MessageState
from notifications.rendering import TemplateMissing, render_message

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt after `attempts` failed ones: doubling, capped."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_MAX_SECONDS))


def _claimable(now: datetime.datetime) -> Q:
    return Q(state=MessageState.PENDING, send_after__lte=now) | Q(state=MessageState.SENDING, lease_until__lt=now)


def message_claim(*, message_id: int, now: datetime.datetime) -> Message | None:
    """Take the lease on a due message; None when it is not due or someone else holds it.

    One conditional UPDATE: of two workers racing for the row, exactly one changes it.
    """
    claimed = Message.objects.filter(
        _claimable(now), pk=message_id, attempts__lt=settings.NOTIFICATIONS_MAX_ATTEMPTS
    ).update(
        state=MessageState.SENDING,
        lease_until=now + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return None
    return Message.objects.select_related("site").get(pk=message_id)


def _ours(message: Message):
    # Still our lease: nobody re-claimed the row after it ran out (that would have raised attempts).
    return Message.objects.filter(pk=message.pk, state=MessageState.SENDING, attempts=message.attempts)


def _mark_sent(message: Message, at: datetime.datetime) -> str:
    if _ours(message).update(state=MessageState.SENT, sent_at=at, lease_until=None, last_error="") != 1:
        logger.warning("message %s was sent but its lease had been taken over", RecordId(message.pk))
    return MessageState.SENT


def _mark_failed_attempt(message: Message, error: str, at: datetime.datetime, *, permanent: bool = False) -> str:
    if permanent or message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        state, send_after = MessageState.FAILED, message.send_after
        logger.error("message %s failed for good after %s attempts: %s", RecordId(message.pk), message.attempts, error)
    else:
        state, send_after = MessageState.PENDING, at + backoff(message.attempts)
        logger.warning("message %s attempt %s failed, next at %s: %s", RecordId(message.pk), message.attempts, send_after,
                       error)
    _ours(message).update(state=state, send_after=send_after, lease_until=None, last_error=error[:2000])
    return state


def deliver(message_id: int, *, now: datetime.datetime | None = None) -> str | None:
    """Send one message if it is due and free; returns its new state, or None when not claimed."""
    message = message_claim(message_id=message_id, now=now or timezone.now())
    if message is None:
        return None
    if not message.recipient_address:
        return _mark_failed_attempt(message, "no address", now or timezone.now(), permanent=True)
    try:
        rendered = render_message(message)
    except TemplateMissing as error:
        # Waiting will not make a template appear; a manager retries once legal has added it.
        return _mark_failed_attempt(message, str(error), now or timezone.now(), permanent=True)
    try:
        channels.send(message, rendered)
    except channels.ChannelError as error:
        return _mark_failed_attempt(message, str(error), now or timezone.now())
    except Exception as error:  # a bug or an unexpected transport error: count it, keep the row
        logger.exception("message %s: unexpected error while sending", RecordId(message.pk))
        return _mark_failed_attempt(message, f"{type(error).__name__}: {error}", now or timezone.now())
    return _mark_sent(message, now or timezone.now())


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


def messages_due(*, now: datetime.datetime):
    """Rows to send now: pending whose time has come, and sending whose lease ran out."""
    return Message.objects.filter(_claimable(now)).order_by("send_after", "pk")


def deliver_due(
    *, now: datetime.datetime | None = None, limit: int = 500, time_budget: float = 45.0
) -> DeliveryReport:
    """The delivery sweep (every minute): sends what is due, within a time budget well below the task limit."""
    at = now or timezone.now()
    report = DeliveryReport()
    # A worker died holding the last attempt: give up on the row, managers see it among the failed.
    report.failed += Message.objects.filter(
        state=MessageState.SENDING, lease_until__lt=at, attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS
    ).update(state=MessageState.FAILED, lease_until=None, last_error="the worker stopped while sending (last attempt)")
    started = time.monotonic()
    for message_id in list(messages_due(now=at).values_list("pk", flat=True)[:limit]):
        if time.monotonic() - started > time_budget:
            break  # the next sweep goes on from here
        state = deliver(message_id, now=now)
        if state == MessageState.SENT:
            report.sent += 1
        elif state == MessageState.PENDING:
            report.retrying += 1
        elif state == MessageState.FAILED:
            report.failed += 1
        else:
            report.skipped += 1
    return report
