"""Customers' quiet hours (SLA-5), in the site's time zone."""

import datetime
import zoneinfo

from django.conf import settings

import policy
from organization.models import Site


def _zone(site: Site | None) -> zoneinfo.ZoneInfo:
    return site.zone if site is not None else zoneinfo.ZoneInfo(settings.TIME_ZONE)


def in_window(moment: datetime.time, start: datetime.time, end: datetime.time) -> bool:
    """Whether a local time lies in [start, end); a window with start after end wraps past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_hours_end(*, site: Site | None, at: datetime.datetime) -> datetime.datetime | None:
    """The end of the quiet hours `at` falls in (UTC), or None when `at` is outside them."""
    rules = policy.for_site(site)
    zone = _zone(site)
    local = at.astimezone(zone)
    if not in_window(local.time(), rules.quiet_hours_start, rules.quiet_hours_end):
        return None
    day = local.date()
    if local.time() >= rules.quiet_hours_end:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, rules.quiet_hours_end, tzinfo=zone).astimezone(datetime.timezone.utc)
