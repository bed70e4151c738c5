import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lostfound.settings")

app = Celery("lostfound")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one beat schedule. Timing lives in the database; beat only wakes the sweepers.
app.conf.beat_schedule = {
    # Every minute: deadlines whose time has come get their reminder, due handler (progress updates,
    # complaint follow-ups), breach mark or next escalation step (SLA-1..4). Idempotent: rows are
    # claimed with SKIP LOCKED and messages carry dedupe keys, so two beats do no harm (SLA-6).
    "sla-sweep": {"task": "sla.tasks.sweep", "schedule": 60.0, "options": {"expires": 55}},
    # Every minute: outbox rows due now, retries whose backoff ran out, and rows whose sender died
    # (lease expired). Catches every message whose after-commit kick was lost (Redis down, crash).
    "notifications-deliver": {"task": "notifications.tasks.deliver", "schedule": 60.0, "options": {"expires": 55}},
    # Hourly: photos parked by report forms that were never sent again (a day old) are deleted.
    "incidents-purge-staged-photos": {"task": "incidents.tasks.purge_staged_photos", "schedule": 3600.0},
    # Every DASHBOARD_REFRESH_SECONDS: the dashboard's daily summary rows, for the days that changed.
    "dashboard-refresh-summaries": {"task": "dashboard.tasks.refresh_summaries",
                                    "schedule": float(settings.DASHBOARD_REFRESH_SECONDS)},
    # Hourly: customers' personal data of incidents closed longer ago than the policy's retention days are
    # anonymised (SEC-4). Idempotent and claimed with SKIP LOCKED, so a rerun or a second beat adds nothing.
    "privacy-anonymise": {"task": "privacy.tasks.anonymise", "schedule": 3600.0, "options": {"expires": 3500}},
    # Hourly: expired sessions are deleted (Django keeps their rows), with any form they kept for after sign-in.
    "accounts-clear-expired-sessions": {"task": "accounts.tasks.clear_expired_sessions", "schedule": 3600.0,
                                        "options": {"expires": 3500}},
}
