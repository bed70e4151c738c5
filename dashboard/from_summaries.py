"""The period's figures read from the daily summary rows (dashboard.models) instead of the incidents.

Same definitions and same shapes as the live queries in dashboard.selectors, which fill in what is a
snapshot of now (backlog, corrective actions) and compensation's figure. Used when the summaries hold every
site of the scope and each site's local day is the viewer's day (same time zone); otherwise the figures are
counted live. Counts are sums of rows; medians and 90th percentiles are exact, over the stored durations.
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, QuerySet, Sum

from dashboard.filters import Scope
from dashboard.models import DailyDeadlines, DailyFigures, DailyLossHours, IncidentDurations, SummaryState
from dashboard.percentiles import duration_percentiles
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


def time_percentiles(scope: Scope, counts: dict[str, int]) -> dict:
    durations = {name: (field, None) for name, field in DURATION_FIELDS.items()}
    return duration_percentiles(duration_rows(scope), durations, counts)


def summed(rows: list[dict], names=FIGURE_COLUMNS) -> dict:
    totals = defaultdict(int)
    for row in rows:
        for name in names:
            totals[name] += row[name] or 0
    return dict(totals)
