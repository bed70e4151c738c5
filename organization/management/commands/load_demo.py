from django.conf import settings
from django.core.management.base import BaseCommand

from organization.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create (or reuse) the demo company, one login per role, the rulebook and demo incidents."

    def handle(self, *args, **options) -> None:
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS(f"\nLost property — demo at {settings.SITE_URL}/"))
        self.stdout.write(f"Every login's password: {DEMO_PASSWORD}\n")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role.label:<18} {login.name}")
        self.stdout.write(f"\nAdministration (legal, managers, administrator): {settings.SITE_URL}/admin/\n")
