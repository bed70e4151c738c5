"""Working time by the site's business calendar (SLA-1); the calendar itself lives in policy."""

import datetime

from organization.models import Site


def add_working_days(*, site: Site, start: datetime.datetime, days: int) -> datetime.datetime:
    """The same local clock time `days` working days after `start`, at the site."""
    from policy.calendar import add_working_days as policy_add_working_days

    return policy_add_working_days(site=site, start=start, days=days)
