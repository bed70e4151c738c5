from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dashboard.summaries import refresh_summaries


class Command(BaseCommand):
    help = _("Bring the dashboard's daily summary rows up to date (--full: rebuild them all).")

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help=_("Rebuild every day of every site."))

    def handle(self, *args, full=False, **options):
        result = refresh_summaries(full=full)
        self.stdout.write(_("%(days)d days counted afresh (%(sites)d sites in full), figures as of %(as_of)s.") % {
            "days": len(result.days), "sites": result.full_sites, "as_of": result.as_of.isoformat()})
