"""Working time by the site's business calendar (SLA-1)."""

import datetime

from organization.models import Site


def add_working_days(*, site: Site, start: datetime.datetime, days: int) -> datetime.datetime:
    """The same local clock time `days` working days after `start`, at the site."""
    from policy.calendar import is_working_day

    local = start.astimezone(site.zone)
    current = local.date()
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(site=site, day=current):
            remaining -= 1
    naive = datetime.datetime.combine(current, local.time())
    return naive.replace(tzinfo=site.zone).astimezone(datetime.timezone.utc)
