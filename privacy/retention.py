"""How long the audit log is kept: at least three years (issue #9), whatever anyone asks for."""

import datetime

from django.utils import timezone

AUDIT_LOG_MINIMUM_DAYS = 3 * 366  # three years, leap days included


def audit_log_prune_limit(*, now: datetime.datetime | None = None) -> datetime.date:
    """The newest date before which audit rows may be deleted."""
    return ((now or timezone.now()) - datetime.timedelta(days=AUDIT_LOG_MINIMUM_DAYS)).date()
