"""The period's figures read from the daily summary rows (dashboard.models) instead of the incidents.

Same definitions and same shapes as the live queries in dashboard.selectors, which fill in what is a
snapshot of now (backlog, corrective actions) and compensation's figure. Used when the summaries hold every
site of the scope and each site's local day is the viewer's day (same time zone); otherwise the figures are
counted live. Counts are sums of rows; medians and 90th percentiles are exact, over the stored durations (on
PostgreSQL counted by bucket, then only the buckets holding them read: dashboard.percentiles.bucketed_percentiles).
"""

import datetime
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Sum

from dashboard.filters import Scope
from dashboard.models import (
    DailyDeadlines, DailyFigures, DailyLossHours, DurationBuckets, IncidentDurations, SummaryState,
)
from dashboard.percentiles import bucket_counts, bucketed_percentiles, duration_percentiles
from incidents.models import LostItem
from organization.models import Area

FIGURE_COLUMNS = ("reports", "reported", "cancelled", "resolved", "returned", "not_found", "still_open", "thefts",
                  "eligible", "responded", "n_acknowledge", "n_dispatch", "n_find", "n_return", "n_close",
                  "handled", "late", "score_1", "score_2", "score_3", "score_4", "score_5")
# dashboard.selectors.DURATIONS name → IncidentDurations field.
DURATION_FIELDS = {"acknowledge": "acknowledge", "dispatch": "dispatch", "find": "find", "return": "returned",
                   "close": "close"}


def usable_state(scope: Scope) -> SummaryState | None:
    """The summaries' state when they can answer for this scope, else None."""
    state = SummaryState.objects.first()
    if state is None:
        return None
    zone = str(scope.zone)
    if any(state.zones.get(str(site.pk)) != site.time_zone or site.time_zone != zone for site in scope.sites):
        return None
    return state


def _rows(model, scope: Scope, *, by_category: bool = False) -> QuerySet:
    rows = model.objects.filter(site_id__in=scope.site_ids, day__gte=scope.first_day, day__lte=scope.last_day)
    if scope.category:
        rows = rows.filter(category_id=scope.category)
    elif not by_category:
        rows = rows.filter(category__isnull=True)
    if by_category and not scope.category:
        rows = rows.filter(category__isnull=False)
    if scope.kind:
        rows = rows.filter(kind=scope.kind)
    if scope.department:
        rows = rows.filter(department_id=scope.department)
    return rows


def figures_by_area(scope: Scope) -> list[dict]:
    """Rows like `_summary`'s: per site and area, most reports first, then by site code and area name."""
    rows = list(_rows(DailyFigures, scope).values("site_id", "area_id").annotate(
        **{name: Sum(name) for name in FIGURE_COLUMNS}).order_by())
    codes = {site.pk: site.code for site in scope.sites}
    names = {pk: area.name for pk, area in Area.objects.in_bulk({row["area_id"] for row in rows} - {None}).items()}
    for row in rows:
        row["site__code"] = codes.get(row["site_id"], "")
        row["area__name"] = names.get(row["area_id"])
    # As PostgreSQL sorts them: ascending names, rows without an area last.
    rows.sort(key=lambda row: (-row["reports"], row["site__code"], row["area__name"] is None, row["area__name"] or ""))
    return rows


def deadline_groups(scope: Scope) -> list[dict]:
    """Deadline counts by deadline kind and escalation level (like `_timeliness`'s grouping)."""
    return list(_rows(DailyDeadlines, scope).values("deadline_kind", "escalation_level").annotate(
        on_time=Sum("on_time"), breached=Sum("breached"), pending=Sum("pending"),
        breached_open=Sum("breached_open")).order_by())


def satisfaction_scores(totals: dict) -> dict[int, int]:
    return {score: totals[f"score_{score}"] for score in range(1, 6)}


def trend_counts(scope: Scope) -> dict:
    """{day: {reported, resolved, returned}} of the period's days with any report."""
    rows = _rows(DailyFigures, scope).values("day").annotate(
        reported=Sum("reports"), resolved=Sum("resolved"), returned=Sum("returned")).order_by()
    return {row["day"]: row for row in rows}


def category_counts(scope: Scope) -> list[dict]:
    rows = _rows(DailyFigures, scope, by_category=True).values("category_id").annotate(n=Sum("reports"))
    return list(rows.order_by("-n", "category_id"))


def heat_cells(scope: Scope) -> list[list[int]]:
    cells = [[0] * 24 for _day in range(7)]
    for row in _rows(DailyLossHours, scope).values("weekday", "hour").annotate(n=Sum("n")).order_by():
        cells[row["weekday"] - 1][row["hour"]] += row["n"]
    return cells


def duration_rows(scope: Scope) -> QuerySet:
    rows = IncidentDurations.objects.filter(site_id__in=scope.site_ids, day__gte=scope.first_day,
                                            day__lte=scope.last_day)
    if scope.kind:
        rows = rows.filter(kind=scope.kind)
    if scope.department:
        rows = rows.filter(department_id=scope.department)
    if scope.category:
        rows = rows.filter(Exists(LostItem.objects.filter(incident_id=OuterRef("incident_id"),
                                                          category_id=scope.category)))
    return rows


def _month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def duration_counts(scope: Scope) -> dict[str, dict[int, int]]:
    """The period's durations per bucket ({name: {bucket: n}}): whole months from DurationBuckets, the other days
    from the durations themselves, and every day so when a category is chosen (the months do not keep it)."""
    start = scope.first_day if scope.first_day.day == 1 else _month_after(scope.first_day)
    following = scope.last_day + datetime.timedelta(days=1)
    stop = following if following.day == 1 else scope.last_day.replace(day=1)
    if scope.category or start >= stop:
        return bucket_counts(duration_rows(scope), DURATION_FIELDS)
    counts: dict[str, Counter] = {name: Counter() for name in DURATION_FIELDS}
    name_of = {field: name for name, field in DURATION_FIELDS.items()}
    months = DurationBuckets.objects.filter(site_id__in=scope.site_ids, month__gte=start, month__lt=stop)
    if scope.kind:
        months = months.filter(kind=scope.kind)
    if scope.department:
        months = months.filter(department_id=scope.department)
    for row in months.values("duration", "bucket").annotate(n=Sum("n")).order_by():
        counts[name_of[row["duration"]]][row["bucket"]] += row["n"]
    if scope.first_day < start or stop <= scope.last_day:
        days = bucket_counts(duration_rows(scope).exclude(day__gte=start, day__lt=stop), DURATION_FIELDS)
        for name, by_bucket in days.items():
            counts[name].update(by_bucket)
    return {name: dict(by_bucket) for name, by_bucket in counts.items()}


def time_percentiles(scope: Scope, counts: dict[str, int]) -> dict:
    # With a category, every duration of the period is checked against the lost items whatever the method:
    # sorting what is left in that one pass measured faster than counting and then reading.
    if connection.vendor == "postgresql" and not scope.category:
        return bucketed_percentiles(duration_rows(scope), DURATION_FIELDS, duration_counts(scope))
    durations = {name: (field, None) for name, field in DURATION_FIELDS.items()}
    return duration_percentiles(duration_rows(scope), durations, counts)


def summed(rows: list[dict], names=FIGURE_COLUMNS) -> dict:
    totals = defaultdict(int)
    for row in rows:
        for name in names:
            totals[name] += row[name] or 0
    return dict(totals)
