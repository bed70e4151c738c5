import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="sla.tasks.sweep", ignore_result=True)
def sweep() -> dict:
    """Beat, every minute: reminders, due handlers, breaches and escalations of due deadlines."""
    from sla.sweep import deadlines_sweep

    report = deadlines_sweep().__dict__
    if report["claimed"]:
        logger.info("deadline sweep: %s", report)
    return report
