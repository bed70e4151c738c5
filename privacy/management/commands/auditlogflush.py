"""django-auditlog's `auditlogflush`, kept from deleting anything younger than three years.

It takes this name so the library's command (which can empty the whole log) is never the one that runs.
"""

import datetime

from auditlog.management.commands.auditlogflush import Command as LibraryCommand
from django.core.management.base import CommandError

from privacy.retention import AUDIT_LOG_MINIMUM_DAYS, audit_log_prune_limit


class Command(LibraryCommand):
    help = f"Delete audit log entries older than a date at least {AUDIT_LOG_MINIMUM_DAYS} days ago."

    def handle(self, *args, **options):
        if options.get("truncate"):
            raise CommandError("The audit log is kept at least three years: --truncate is refused.")
        before: datetime.date | None = options.get("before_date")
        limit = audit_log_prune_limit()
        if before is None or before > limit:
            raise CommandError(f"The audit log is kept at least three years: give --before-date {limit} or earlier.")
        return super().handle(*args, **options)
