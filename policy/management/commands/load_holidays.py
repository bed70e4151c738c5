from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from policy.calendar import default_years, load_china_calendar


class Command(BaseCommand):
    help = (
        "Add mainland China's public holidays and make-up workdays to the business calendar "
        "(default: this year and next). Days already in the calendar are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, action="append", dest="years", help="a year to load; repeatable")

    def handle(self, *args, years: list[int] | None = None, **options) -> None:
        years = years or default_years()
        added = load_china_calendar(years)
        message = _("%(count)s days added for %(years)s.") % {"count": added, "years": ", ".join(map(str, sorted(years)))}
        self.stdout.write(self.style.SUCCESS(message))
