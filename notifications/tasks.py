"""Thin tasks: take ids, call a service. Timing is in the database, so no long countdowns here."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


# Database errors (PostgreSQL restarting) are retried a few times within seconds; after that the
# row stays pending or its lease runs out, and the every-minute sweep sends it.
@shared_task(
    name="notifications.tasks.deliver_message",
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=10,
    max_retries=3,
)
def deliver_message(message_id: int) -> None:
    """Send one message now (kicked after the commit that enqueued it)."""
    from notifications.delivery import deliver

    deliver(message_id)


@shared_task(name="notifications.tasks.deliver", ignore_result=True)
def deliver() -> dict:
    """Beat, every minute: send every due row, retries after their backoff and rows whose lease ran out."""
    from notifications.delivery import deliver_due

    report = deliver_due().__dict__
    if any(report.values()):
        logger.info("delivery sweep: %s", report)
    return report
