"""Links from a figure to the incident list that shows the rows behind it.

The list (incidents:list) filters by site, state, kind, category, report dates, owner, "overdue only",
drills, area, the owner's department, weekday and hour of the loss, and a breach at an escalation level.
What it cannot express (an incident reaching a step, outcome "returned" whatever the state, one row per
deadline rather than per incident) is left out of the link, which then shows a superset of the rows: such a
link is marked `exact=False` and the page says so next to the figure.
"""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.urls import get_script_prefix, get_urlconf, reverse

from dashboard.filters import Scope


@dataclass(frozen=True)
class Link:
    url: str
    exact: bool = True


def incident_list_link(
    scope: Scope, *, exact: bool = True, first_day: datetime.date | None = None,
    last_day: datetime.date | None = None, period: bool = True, **filters,
) -> Link:
    """The incident list for the scope's site, kind, category and (unless `period=False`) period."""
    if period:
        first_day, last_day = first_day or scope.first_day, last_day or scope.last_day
    own = "&".join(f"{name}={quote_plus(str(value))}" for name, value in filters.items() if value not in (None, ""))
    before, after = _scope_query(scope, first_day, last_day)
    query = "&".join(part for part in (before, own, after) if part)
    return Link(url=f"{_list_url(get_script_prefix(), get_urlconf())}?{query}", exact=exact)


@functools.lru_cache(maxsize=64)
def _scope_query(scope: Scope, first_day: datetime.date | None, last_day: datetime.date | None) -> tuple[str, str]:
    """The scope's part of a link's query, before and after the figure's own filters: the same for the hundreds
    of links of one dashboard."""
    params: dict[str, str] = {"drills": "real"}
    if scope.site:
        params["site"] = str(scope.site)
    if scope.kind:
        params["kind"] = scope.kind
    if scope.category:
        params["category"] = str(scope.category)
    if first_day:
        params["date_from"] = first_day.isoformat()
    if last_day:
        params["date_to"] = last_day.isoformat()
    return urlencode(params), urlencode({"department": scope.department}) if scope.department else ""


@functools.lru_cache(maxsize=16)
def _list_url(_prefix: str, _urlconf) -> str:
    """The list's path, reversed once per script prefix and URL configuration: a page has hundreds of links."""
    return reverse("incidents:list")
