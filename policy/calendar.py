"""The business calendar (SLA-1): the weekly pattern from policy, exceptions from CalendarDay.

A site's own CalendarDay beats a company-wide one for the same date.
"""

import datetime

from django.apps import apps as global_apps
from django.db.models import Q
from django.utils import timezone

from organization.models import Site
from policy.models import CalendarDay, CalendarDayKind
from policy.selectors import policy_for_site

# Days fetched beyond the estimate of a span; a span that still runs past them fetches one more chunk.
_CHUNK_DAYS = 60
# A guard only: validation refuses a week without a working day, and China's longest break is about nine days.
_MAX_SCAN_DAYS = 3660


class BusinessCalendar:
    """Working days of one site, with the exceptions of a span of dates loaded in one query."""

    def __init__(self, *, site: Site, weekend: frozenset[int] | None = None) -> None:
        self.site = site
        self.weekend = weekend if weekend is not None else policy_for_site(site).weekend
        self._kinds: dict[datetime.date, str] = {}
        self._loaded: tuple[datetime.date, datetime.date] | None = None

    def _load(self, first: datetime.date, last: datetime.date) -> None:
        rows = CalendarDay.objects.filter(Q(site=self.site) | Q(site__isnull=True), date__range=(first, last))
        company, own = {}, {}
        for date, kind, site_id in rows.values_list("date", "kind", "site_id"):
            (company if site_id is None else own)[date] = kind
        contiguous = self._loaded and first <= self._loaded[1] + datetime.timedelta(days=1) and last >= self._loaded[0]
        if not contiguous:
            self._kinds, self._loaded = {}, (first, last)
        self._kinds.update(company)
        self._kinds.update(own)
        self._loaded = (min(first, self._loaded[0]), max(last, self._loaded[1]))

    def is_working_day(self, day: datetime.date) -> bool:
        if self._loaded is None or not (self._loaded[0] <= day <= self._loaded[1]):
            self._load(day, day + datetime.timedelta(days=_CHUNK_DAYS))
        kind = self._kinds.get(day)
        if kind == CalendarDayKind.HOLIDAY:
            return False
        if kind == CalendarDayKind.WORKDAY:
            return True
        return day.weekday() not in self.weekend

    def add_working_days(self, day: datetime.date, days: int) -> datetime.date:
        if days < 0:
            raise ValueError("days must not be negative")
        # Enough for `days` working days in a normal year, so one query usually covers the span.
        self._load(day, day + datetime.timedelta(days=days * 7 // 5 + _CHUNK_DAYS // 2))
        current, remaining = day, days
        for _step in range(_MAX_SCAN_DAYS):
            if remaining == 0:
                return current
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        raise ValueError(f"no {days} working days within {_MAX_SCAN_DAYS} days of {day} at {self.site}")


def is_working_day(*, site: Site, day: datetime.date) -> bool:
    return BusinessCalendar(site=site).is_working_day(day)


def add_working_days(*, site: Site, start: datetime.datetime, days: int) -> datetime.datetime:
    """The same local clock time `days` working days after `start`, at the site; returned in UTC."""
    local = start.astimezone(site.zone)
    day = BusinessCalendar(site=site).add_working_days(local.date(), days)
    naive = datetime.datetime.combine(day, local.time())
    return naive.replace(tzinfo=site.zone).astimezone(datetime.timezone.utc)


def china_calendar(years: list[int]) -> dict[datetime.date, tuple[str, str]]:
    """Mainland China's public holidays and make-up workdays, with Chinese names, from `holidays`."""
    import holidays

    official = holidays.China(years=years, language="zh_CN")
    days: dict[datetime.date, tuple[str, str]] = {
        date: (CalendarDayKind.HOLIDAY.value, name) for date, name in official.items()
    }
    for workday in sorted(official.weekend_workdays):
        if workday.year not in years:
            continue
        # The library names the day off "休息日（由 2026-10-10 调休）"; name the workday after it.
        swapped = [date for date, name in official.items() if workday.isoformat() in name]
        name = "调休上班" + (f"（{swapped[0].month}月{swapped[0].day}日休息）" if swapped else "")
        days[workday] = (CalendarDayKind.WORKDAY.value, name)
    return days


def load_china_calendar(years: list[int], *, apps=global_apps) -> int:
    """Add China's holidays and make-up workdays for `years` as company-wide days; returns how many.

    Idempotent: a date already in the company calendar is left as legal keeps it.
    """
    model = apps.get_model("policy", "CalendarDay")
    wanted = china_calendar(sorted(set(years)))
    existing = set(model.objects.filter(site__isnull=True, date__in=list(wanted)).values_list("date", flat=True))
    new_rows = [
        model(site=None, date=date, kind=kind, name=name[:120])
        for date, (kind, name) in sorted(wanted.items())
        if date not in existing
    ]
    for row in new_rows:
        # One save per row rather than bulk_create, so the audit log records each addition.
        row.save()
    return len(new_rows)


def default_years(today: datetime.date | None = None) -> list[int]:
    """This year and next, in the project's time zone."""
    year = (today or timezone.localdate()).year
    return [year, year + 1]
