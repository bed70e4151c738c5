from celery import shared_task
from django.conf import settings

from privacy.anonymise import anonymise_due


@shared_task(acks_late=True)
def anonymise() -> int:
    """SEC-4: anonymise every incident whose retention ran out (idempotent; SKIP LOCKED against a second beat).

    Stops starting batches at half the soft time limit; the next hourly run takes up the rest."""
    return anonymise_due(budget_seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)
