"""The business calendar: weekends from policy, holidays and make-up workdays from CalendarDay."""

import datetime

from django.db.models import Q

from organization.models import Site
from policy.models import CalendarDay, CalendarDayKind


def is_working_day(*, site: Site, day: datetime.date) -> bool:
    from policy import for_site

    exceptions = {
        row.site_id: row.kind
        for row in CalendarDay.objects.filter(Q(site=site) | Q(site__isnull=True), date=day)
    }
    kind = exceptions.get(site.pk) or exceptions.get(None)
    if kind == CalendarDayKind.HOLIDAY:
        return False
    if kind == CalendarDayKind.WORKDAY:
        return True
    return day.weekday() not in for_site(site).weekend
