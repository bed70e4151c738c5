import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from organization.models import Site
from notifications.models import Audience, Message


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
) -> Message | None:
    """Add a message to the outbox, once: a second call with the same dedupe key adds nothing.

    Returns the new message, or None when the key was already there.
    """
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
                "send_after": send_after or timezone.now(),
            },
        )
    if not created:
        return None
    transaction.on_commit(lambda: _kick_delivery(message.pk))
    return message


def _kick_delivery(message_id: int) -> None:
    from notifications.tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception:  # the broker is down: the next sweep finds the pending row
        pass


__all__ = ["message_enqueue", "Audience"]
