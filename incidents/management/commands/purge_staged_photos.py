"""Delete photos parked by report forms that were never sent again (older than a day).

Run it daily (cron or a beat entry); a parked photo's token expires after 24 hours anyway.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete photos parked by unfinished report forms (older than 24 hours)."

    def handle(self, *args, **options) -> None:
        limit = timezone.now() - datetime.timedelta(hours=24)
        deleted = 0
        try:
            _folders, files = default_storage.listdir("incidents/staging")
        except FileNotFoundError:
            files = []
        for name in files:
            path = f"incidents/staging/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                deleted += 1
        self.stdout.write(f"{deleted} parked photo(s) deleted")
