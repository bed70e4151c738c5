from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from policy.seed import install_defaults


class Command(BaseCommand):
    help = "Add the rulebook's missing defaults: company policy, categories, ladder, message texts, calendar."

    def handle(self, *args, **options) -> None:
        install_defaults()
        self.stdout.write(self.style.SUCCESS(_("Policy defaults are in place.")))
