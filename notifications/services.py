"""The outbox: enqueue once, retry by hand (SLA-5, SLA-6). Sending is in `notifications.delivery`."""

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from notifications.models import Audience, Message, MessageState
from notifications.timing import quiet_hours_end
from organization.models import Site

logger = logging.getLogger(__name__)


class MessageError(Exception):
    pass


def message_enqueue(
    *,
    dedupe_key: str,
    audience: str,
    channel: str,
    recipient_address: str,
    language: str,
    template_key: str,
    context: dict,
    site: Site | None = None,
    subject: models.Model | None = None,
    recipient_name: str = "",
    recipient_user=None,
    send_after: datetime.datetime | None = None,
    opted_out: bool = False,
    now: datetime.datetime | None = None,
) -> Message | None:
    """Add a message to the outbox, once: a second call with the same dedupe key adds nothing.

    Returns the new message, or None when the key was already there.

    Customer messages that would go out in the site's quiet hours wait until they end, and a
    customer who opted out gets a `suppressed` row (it shows on the timeline, nothing is sent).
    Staff messages ignore both (SLA-5). Call it inside the business transaction: delivery is
    kicked only after commit, and the delivery sweep finds the row if that kick is lost.
    """
    now = now or timezone.now()
    send_after = send_after or now
    state = MessageState.PENDING
    if audience == Audience.CUSTOMER:
        if opted_out:
            state = MessageState.SUPPRESSED
        else:
            send_after = quiet_hours_end(site=site, at=send_after) or send_after
    with transaction.atomic():
        message, created = Message.objects.get_or_create(
            dedupe_key=dedupe_key,
            defaults={
                "audience": audience,
                "channel": channel,
                "recipient_address": recipient_address,
                "recipient_name": recipient_name,
                "recipient_user": recipient_user,
                "language": language,
                "template_key": template_key,
                "context": context,
                "site": site,
                "subject_type": ContentType.objects.get_for_model(subject) if subject is not None else None,
                "subject_id": subject.pk if subject is not None else None,
                "send_after": send_after,
                "state": state,
            },
        )
    if not created:
        return None
    if state == MessageState.PENDING and send_after <= now:
        transaction.on_commit(lambda: _kick_delivery(message.pk))
    return message


def _kick_delivery(message_id: int) -> None:
    from notifications.tasks import deliver_message

    try:
        # No broker retries: a web request must not hang while Redis is down.
        deliver_message.apply_async((message_id,), retry=False, expires=600)
    except Exception:  # the broker is down: the next delivery sweep finds the pending row
        logger.warning("could not queue delivery of message %s; the sweep will send it", message_id)


@transaction.atomic
def message_retry(*, message: Message, user=None, now: datetime.datetime | None = None) -> Message:
    """Give a failed message a fresh set of attempts (a manager's "retry")."""
    now = now or timezone.now()
    updated = Message.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
        state=MessageState.PENDING, attempts=0, send_after=now, lease_until=None
    )
    if updated != 1:
        raise MessageError("only a failed message can be retried")
    logger.info("message %s queued again by %s", message.pk, getattr(user, "pk", None))
    transaction.on_commit(lambda: _kick_delivery(message.pk))
    message.refresh_from_db()
    return message


__all__ = ["message_enqueue", "message_retry", "MessageError", "Audience"]
