from celery import shared_task
from django.core.cache import cache

from dashboard.summaries import refresh_summaries as refresh

# A first build at a million incidents takes minutes; later refreshes take about a second.
LOCK_SECONDS = 3600


@shared_task(ignore_result=True, time_limit=LOCK_SECONDS, soft_time_limit=LOCK_SECONDS - 60)
def refresh_summaries() -> None:
    """Bring the dashboard's daily summary rows up to date; a refresh still running makes this one a no-op."""
    if not cache.add("dashboard:refresh-summaries", 1, LOCK_SECONDS):
        return
    try:
        refresh()
    finally:
        cache.delete("dashboard:refresh-summaries")
