"""The dashboard's figures (KPI-1..6): a fixed number of aggregate queries, whatever the number of incidents.

Every figure counts real incidents only (`Incident.objects.real()`, INT-13), at the sites of the scope.
The reports of the period are the incidents *reported* (`created_at`) in the period, in the viewer's time
zone: counts and charts take all of them (as the incident list does); rates, times, timeliness and satisfaction
take those not cancelled ("reported"). The backlog and the corrective actions are snapshots of now. The page
states each definition ("How each figure is counted"); tests/dashboard/expected.py recomputes them in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate, TruncMonth
from django.utils.translation import gettext_lazy as _

from dashboard import from_summaries
from dashboard.filters import Scope
from dashboard.links import incident_list_link
from dashboard.percentiles import PERCENTILES, duration_percentiles
from incidents.models import (
    FINAL_STATUSES, OPEN_STATUSES, CorrectiveAction, FollowUp, Incident, LostItem, Outcome, Status,
)
from policy.models import ItemCategory
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState

# Durations measured from the report (`created_at`): name → (field, label).
DURATIONS = {
    "acknowledge": ("acknowledged_at", _("Acknowledge")),
    "dispatch": ("dispatched_at", _("Dispatch")),
    "find": ("found_at", _("Find")),
    "return": ("returned_at", _("Return")),
    "close": ("closed_at", _("Close")),
}

# Open incidents by the age of their report, in whole local days: (label, youngest, oldest or None).
BACKLOG_BUCKETS = [
    (_("Today"), 0, 0),
    (_("1–2 days"), 1, 2),
    (_("3–6 days"), 3, 6),
    (_("7–29 days"), 7, 29),
    (_("30 days or more"), 30, None),
]

WEEKDAYS = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]

# A period up to this many days is drawn day by day, a longer one month by month.
DAILY_TREND_MAX_DAYS = 62


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Dashboard:
    scope: Scope
    summary: dict = field(default_factory=dict)
    timeliness: dict = field(default_factory=dict)
    deadline_kinds: list = field(default_factory=list)
    satisfaction: dict = field(default_factory=dict)
    compensation: dict | None = None
    times: list = field(default_factory=list)
    breaches: list = field(default_factory=list)
    backlog: list = field(default_factory=list)
    actions: dict = field(default_factory=dict)
    trend: list = field(default_factory=list)
    trend_unit: str = "day"
    categories: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    heatmap: list = field(default_factory=list)
    sites: list = field(default_factory=list)
    # When the period's figures come from the daily summaries: the time they were counted; None = counted now.
    as_of: datetime.datetime | None = None


# ---------------------------------------------------------------------------------------------------------------
# Row sets


def scoped_incidents(scope: Scope) -> QuerySet[Incident]:
    """Real incidents of the scope's sites, kind, category and department, of any date."""
    rows = Incident.objects.real().filter(site_id__in=scope.site_ids)
    if scope.kind:
        rows = rows.filter(kind=scope.kind)
    if scope.category:
        rows = rows.filter(Exists(LostItem.objects.filter(incident=OuterRef("pk"), category_id=scope.category)))
    if scope.department:
        # An incident belongs to the department of its responsible person (INT-9).
        rows = rows.filter(owner__staff_profile__department_id=scope.department)
    return rows


def period_incidents(scope: Scope) -> QuerySet[Incident]:
    """Scoped incidents reported in the period, cancelled ones included."""
    return scoped_incidents(scope).filter(created_at__gte=scope.start, created_at__lt=scope.end)


def reported_incidents(scope: Scope) -> QuerySet[Incident]:
    """The period's population: reported in the period and not cancelled."""
    return period_incidents(scope).exclude(status=Status.CANCELLED)


# The lowest and highest id among the period's incidents, or None when there are none. Rows that point at
# those incidents (deadlines, follow-ups, lost items) are filtered by this id range as well as by the list
# of ids: the result is the same, but the range goes through the rows' (type, subject_id) or incident_id
# index, and because ids grow with `created_at` it keeps PostgreSQL from scanning the whole table
# (1.8 million deadlines at a million incidents) to hash-join it with one month.
IdRange = tuple[int, int] | None


def _within(rows: QuerySet, field_name: str, ids: IdRange) -> QuerySet:
    if ids is None:
        return rows
    return rows.filter(**{f"{field_name}__gte": ids[0], f"{field_name}__lte": ids[1]})


def incident_deadlines(scope: Scope, ids: IdRange = None) -> QuerySet[Deadline]:
    rows = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        subject_id__in=reported_incidents(scope).values("pk"),
    )
    return _within(rows, "subject_id", ids)


def breached_q(now: datetime.datetime) -> Q:
    """A deadline counts as breached when the sweeper recorded the breach or it is still open past due."""
    return Q(breached_at__isnull=False) | Q(state=DeadlineState.OPEN, due_at__lt=now)


ON_TIME_Q = Q(state=DeadlineState.MET, breached_at__isnull=True)


# ---------------------------------------------------------------------------------------------------------------
# Figures


def _summary(scope: Scope) -> dict:
    reported_q = ~Q(status=Status.CANCELLED)
    closed_q = Q(status=Status.CLOSED)
    eligible_q = closed_q & Q(customer__declined_followups=False)
    counts = {f"n_{name}": Count("pk", filter=reported_q & Q(**{f"{field_name}__isnull": False}))
              for name, (field_name, _label) in DURATIONS.items()}
    counts["n_close"] = Count("pk", filter=closed_q & Q(closed_at__isnull=False))
    has_followup = Exists(FollowUp.objects.filter(incident=OuterRef("pk")))
    # One row per site and area, in the areas table's order: summed here, by site for the sites table
    # (`_sites`) and used as they are for the areas table (`_areas`): one pass over the period for the three.
    rows = list(period_incidents(scope).values("site_id", "site__code", "area_id", "area__name").annotate(
        reports=Count("pk"),
        reported=Count("pk", filter=reported_q),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        resolved=Count("pk", filter=closed_q),
        returned=Count("pk", filter=reported_q & Q(returned_at__isnull=False)),
        not_found=Count("pk", filter=closed_q & Q(outcome=Outcome.NOT_FOUND)),
        still_open=Count("pk", filter=~Q(status__in=FINAL_STATUSES)),
        thefts=Count("pk", filter=reported_q & Q(kind="theft")),
        eligible=Count("pk", filter=eligible_q),
        responded=Count("pk", filter=eligible_q & has_followup),
        first_id=Min("pk"),
        last_id=Max("pk"),
        **counts,
    ).order_by("-reports", "site__code", "area__name"))
    return _sum_areas(rows, [*counts])


def _sum_areas(rows: list[dict], count_names: list[str]) -> dict:
    """The totals and the per-site rows of the per-area rows, which are kept as they are."""
    names = ["reports", "reported", "cancelled", "resolved", "returned", "not_found", "still_open", "thefts",
             "eligible", "responded", *count_names]
    row = {name: sum(area_row[name] for area_row in rows) for name in names}
    by_site: dict[int, dict] = {}
    for area_row in rows:
        site_row = by_site.setdefault(area_row["site_id"], dict.fromkeys(names, 0))
        for name in names:
            site_row[name] += area_row[name]
    row["first_id"] = min((r["first_id"] for r in rows if "first_id" in r), default=None)
    row["last_id"] = max((r["last_id"] for r in rows if "last_id" in r), default=None)
    row["by_site"] = by_site
    row["by_area"] = rows
    return row


def _timeliness(scope: Scope, board: Dashboard, ids: IdRange = None) -> None:
    breached = breached_q(scope.now)
    deadlines = incident_deadlines(scope, ids)
    flags = deadlines.values("subject_id").annotate(
        decided=Max(Case(When(ON_TIME_Q | breached, then=Value(1)), default=Value(0), output_field=IntegerField())),
        late=Max(Case(When(breached, then=Value(1)), default=Value(0), output_field=IntegerField())),
    )
    row = flags.aggregate(handled_total=Sum("decided"), late_total=Sum("late"))
    handled, late = row["handled_total"] or 0, row["late_total"] or 0
    # One pass over the deadlines for both tables: by kind, and breaches by escalation level.
    groups = (
        deadlines.values("kind", "escalation_level")
        .annotate(on_time=Count("pk", filter=ON_TIME_Q), breached=Count("pk", filter=breached),
                  pending=Count("pk", filter=Q(state=DeadlineState.OPEN, due_at__gte=scope.now)),
                  breached_open=Count("pk", filter=breached & Q(state=DeadlineState.OPEN)))
        .order_by()
    )
    _fill_timeliness(scope, board, handled, late, groups)


def _fill_timeliness(scope: Scope, board: Dashboard, handled: int, late: int, groups) -> None:
    """`groups`: deadline counts by `kind` (or `deadline_kind`) and `escalation_level`."""
    by_kind: dict[str, dict] = {}
    by_level: dict[int, dict] = {}
    for row in groups:
        kind = by_kind.setdefault(row.get("deadline_kind", row.get("kind")), {"on_time": 0, "breached": 0, "pending": 0})
        for name in kind:
            kind[name] += row[name]
        if row["breached"]:
            level = by_level.setdefault(row["escalation_level"], {"total": 0, "still_open": 0})
            level["total"] += row["breached"]
            level["still_open"] += row["breached_open"]
    board.deadline_kinds = [
        {"kind": code, "label": KINDS[code].label if code in KINDS else code, **counts,
         "rate": rate(counts["on_time"], counts["on_time"] + counts["breached"]),
         "link": incident_list_link(scope, exact=False)}
        for code, counts in sorted(by_kind.items())
    ]
    on_time = sum(row["on_time"] for row in board.deadline_kinds)
    breached_total = sum(row["breached"] for row in board.deadline_kinds)
    board.timeliness = {
        "handled": handled, "timely": handled - late, "late": late, "rate": rate(handled - late, handled),
        "deadlines_on_time": on_time, "deadlines_breached": breached_total,
        "deadline_rate": rate(on_time, on_time + breached_total),
        "handled_link": incident_list_link(scope, exact=False),
        "late_link": incident_list_link(scope, exact=False, overdue="on"),
    }
    # The list shows incidents, these count deadlines: an incident with two deadlines breached at one level
    # is listed once. "Still open" adds the list's "overdue only" (an open overdue deadline of any level).
    board.breaches = [
        {"level": level, **counts, "total_link": incident_list_link(scope, exact=False, escalation=level),
         "link": incident_list_link(scope, exact=False, escalation=level, overdue="on")}
        for level, counts in sorted(by_level.items())
    ]


def _satisfaction(scope: Scope, board: Dashboard, summary: dict, ids: IdRange = None) -> None:
    rows = (
        _within(FollowUp.objects.filter(incident__in=reported_incidents(scope).values("pk")), "incident_id", ids)
        .values("satisfaction").annotate(n=Count("pk")).order_by("satisfaction")
    )
    by_score = {score: 0 for score in range(1, 6)}
    for row in rows:
        by_score[row["satisfaction"]] = row["n"]
    _fill_satisfaction(scope, board, summary, by_score)


def _fill_satisfaction(scope: Scope, board: Dashboard, summary: dict, by_score: dict[int, int]) -> None:
    answers = sum(by_score.values())
    total = sum(score * n for score, n in by_score.items())
    board.satisfaction = {
        "answers": answers,
        "average": total / answers if answers else None,
        "distribution": [
            {"score": score, "n": n, "share": rate(n, answers)} for score, n in sorted(by_score.items(), reverse=True)
        ],
        "bars": [{"label": "★" * score, "n": n} for score, n in sorted(by_score.items(), reverse=True)],
        "eligible": summary["eligible"], "responded": summary["responded"],
        "response_rate": rate(summary["responded"], summary["eligible"]),
        "link": incident_list_link(scope, status=Status.CLOSED),
        # The list cannot keep only incidents with a given score: it shows every closed one.
        "answers_link": incident_list_link(scope, exact=False, status=Status.CLOSED),
    }


def _compensation(scope: Scope, board: Dashboard) -> None:
    """CMP-7 from the compensation app when it is installed; None shows as "—"."""
    try:
        from compensation.selectors import control_rate
    except ImportError:
        board.compensation = None
        return
    board.compensation = control_rate(sites=list(scope.sites), start=scope.start, end=scope.end)


def _times(scope: Scope, board: Dashboard, summary: dict) -> None:
    durations = {name: (field_name, "created_at") for name, (field_name, _label) in DURATIONS.items()}
    counts = {name: summary[f"n_{name}"] for name in DURATIONS}
    rows = reported_incidents(scope)
    # "close" measures closed incidents only; a cancelled one is outside `reported` already.
    found = duration_percentiles(rows, durations, counts)
    _fill_times(scope, board, counts, found)


def _fill_times(scope: Scope, board: Dashboard, counts: dict, found: dict) -> None:
    board.times = [
        {"name": name, "label": label, "n": counts[name],
         "median": found[name][PERCENTILES[0]], "p90": found[name][PERCENTILES[1]],
         # The list cannot keep only the incidents that reached the step.
         "link": incident_list_link(scope, exact=False)}
        for name, (_field, label) in DURATIONS.items()
    ]


def _backlog(scope: Scope, board: Dashboard) -> None:
    today = scope.today
    zone = scope.zone

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, zone)

    aggregates = {}
    for index, (_label, youngest, oldest) in enumerate(BACKLOG_BUCKETS):
        condition = Q(created_at__lt=midnight(today - datetime.timedelta(days=youngest - 1)))
        if oldest is not None:
            condition &= Q(created_at__gte=midnight(today - datetime.timedelta(days=oldest)))
        aggregates[f"b{index}"] = Count("pk", filter=condition)
    # `status IN (open states)` rather than `NOT IN (final states)`: the same rows, through (site, status).
    row = scoped_incidents(scope).filter(status__in=sorted(OPEN_STATUSES)).aggregate(**aggregates)
    board.backlog = [
        {
            "label": label, "n": row[f"b{index}"],
            "link": incident_list_link(
                scope, period=False, status="open",
                first_day=today - datetime.timedelta(days=oldest) if oldest is not None else None,
                last_day=today - datetime.timedelta(days=youngest),
            ),
        }
        for index, (label, youngest, oldest) in enumerate(BACKLOG_BUCKETS)
    ]


def overdue_actions(scope: Scope) -> QuerySet[CorrectiveAction]:
    """Corrective actions not done by their deadline (INT-12), of reviews of the scope's incidents."""
    incidents = Incident.objects.real().filter(site_id__in=scope.site_ids)
    if scope.kind:
        incidents = incidents.filter(kind=scope.kind)
    if scope.category:
        incidents = incidents.filter(Exists(LostItem.objects.filter(incident=OuterRef("pk"), category_id=scope.category)))
    rows = CorrectiveAction.objects.filter(review__incident__in=incidents.values("pk"), done_on__isnull=True)
    if scope.department:
        # The action's own responsible department.
        rows = rows.filter(department_id=scope.department)
    return rows


def _actions(scope: Scope, board: Dashboard) -> None:
    rows = overdue_actions(scope)
    today = scope.today
    by_department = (
        rows.values("department_id", "department__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by("-overdue", "department__name")
    )
    oldest = list(
        rows.filter(due_date__lt=today).select_related("review__incident", "department", "owner")
        .order_by("due_date", "pk")[:10]
    )
    departments = [
        {"department": row["department__name"], "open": row["open"], "overdue": row["overdue"]}
        for row in by_department
    ]
    board.actions = {
        "departments": departments,
        "overdue": sum(row["overdue"] for row in departments),
        "open": sum(row["open"] for row in departments),
        "oldest": [
            {"action": action, "incident": action.review.incident, "days_late": (today - action.due_date).days}
            for action in oldest
        ],
    }


def _trend(scope: Scope, board: Dashboard) -> None:
    days = (scope.last_day - scope.first_day).days + 1
    daily = days <= DAILY_TREND_MAX_DAYS
    bucket = (TruncDate if daily else TruncMonth)("created_at", tzinfo=scope.zone)
    rows = (
        period_incidents(scope).annotate(bucket=bucket).values("bucket")
        .annotate(reported=Count("pk"), resolved=Count("pk", filter=Q(status=Status.CLOSED)),
                  returned=Count("pk", filter=Q(returned_at__isnull=False) & ~Q(status=Status.CANCELLED)))
        .order_by("bucket")
    )
    found = {}
    for row in rows:
        key = row["bucket"]
        if isinstance(key, datetime.datetime):
            key = key.date()
        found[key] = row
    _fill_trend(scope, board, found, daily)


def _fill_trend(scope: Scope, board: Dashboard, found: dict, daily: bool) -> None:
    """`found`: {first day of the day or month: {reported, resolved, returned}}."""
    buckets = []
    day = scope.first_day if daily else scope.first_day.replace(day=1)
    while day <= scope.last_day:
        if daily:
            following, last = day + datetime.timedelta(days=1), day
        else:
            following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            last = following - datetime.timedelta(days=1)
        row = found.get(day, {})
        first_in_range, last_in_range = max(day, scope.first_day), min(last, scope.last_day)
        buckets.append({
            "day": day, "first": first_in_range, "last": last_in_range,
            "reported": row.get("reported", 0), "resolved": row.get("resolved", 0),
            "returned": row.get("returned", 0),
            "link": incident_list_link(scope, first_day=first_in_range, last_day=last_in_range),
            "resolved_link": incident_list_link(scope, first_day=first_in_range, last_day=last_in_range,
                                                status=Status.CLOSED),
        })
        day = following
    board.trend = buckets
    board.trend_unit = "day" if daily else "month"


def _categories(scope: Scope, board: Dashboard, ids: IdRange = None) -> None:
    items = _within(LostItem.objects.filter(incident__in=period_incidents(scope).values("pk")), "incident_id", ids)
    if scope.category:
        items = items.filter(category_id=scope.category)
    rows = items.values("category_id").annotate(n=Count("incident_id", distinct=True)).order_by("-n", "category_id")
    _fill_categories(scope, board, list(rows))


def _fill_categories(scope: Scope, board: Dashboard, rows: list[dict]) -> None:
    names = ItemCategory.objects.in_bulk([row["category_id"] for row in rows])
    board.categories = [
        {"label": names[row["category_id"]].name if row["category_id"] in names else "?", "n": row["n"],
         "id": row["category_id"],
         "link": incident_list_link(scope, category=row["category_id"])}
        for row in rows
    ]


def _areas(scope: Scope, board: Dashboard, by_area: list) -> None:
    """`by_area`: `_summary`'s rows by site and area, most reports first, then by site code and area name."""
    rows = [{**row, "n": row["reports"]} for row in by_area]
    several_sites = len(scope.site_ids) > 1
    board.areas = [
        {
            "label": (f"{row['site__code']} · " if several_sites else "") + (row["area__name"] or str(_("Not recorded"))),
            "n": row["n"], "area_id": row["area_id"], "site_id": row["site_id"],
            "link": incident_list_link(scope, site=row["site_id"], area=row["area_id"] or "none"),
        }
        for row in rows
    ]


def _heatmap(scope: Scope, board: Dashboard) -> None:
    """Losses by hour of day × weekday of `lost_from`, each site in its own time zone (KPI-5)."""
    by_zone: dict[str, list[int]] = defaultdict(list)
    for site in scope.sites:
        by_zone[site.time_zone].append(site.pk)
    cells = [[0] * 24 for _day in range(7)]
    for zone_name, site_ids in sorted(by_zone.items()):
        zone = ZoneInfo(zone_name)
        rows = (
            period_incidents(scope).filter(site_id__in=site_ids)
            .annotate(weekday=ExtractIsoWeekDay("lost_from", tzinfo=zone), hour=ExtractHour("lost_from", tzinfo=zone))
            .values("weekday", "hour").annotate(n=Count("pk")).order_by()
        )
        for row in rows:
            cells[row["weekday"] - 1][row["hour"]] += row["n"]
    _fill_heatmap(board, cells)


def _fill_heatmap(board: Dashboard, cells: list[list[int]]) -> None:
    board.heatmap = [
        {"weekday": WEEKDAYS[index], "iso": index + 1, "hours": hours,
         "cells": [{"n": n, "link": incident_list_link(board.scope, weekday=index + 1, hour=hour) if n else None}
                   for hour, n in enumerate(hours)]}
        for index, hours in enumerate(cells)
    ]


def _sites(scope: Scope, board: Dashboard, by_site: dict) -> None:
    """`by_site`: `_summary`'s rows by site id (reports, reported, resolved, returned, still_open)."""
    found = by_site
    board.sites = []
    for site in scope.sites:
        row = found.get(site.pk, {})
        reported = row.get("reported", 0)
        board.sites.append({
            "site": site, "reports": row.get("reports", 0), "reported": reported, "resolved": row.get("resolved", 0),
            "returned": row.get("returned", 0), "still_open": row.get("still_open", 0),
            "resolution_rate": rate(row.get("resolved", 0), reported),
            "recovery_rate": rate(row.get("returned", 0), reported),
            "link": incident_list_link(scope, site=site.pk),
            "resolved_link": incident_list_link(scope, site=site.pk, status=Status.CLOSED),
            "open_link": incident_list_link(scope, site=site.pk, status="open"),
        })


def dashboard_for(scope: Scope) -> Dashboard:
    if connection.vendor != "postgresql":
        return _dashboard_for(scope)
    # PostgreSQL's JIT compiles any query its planner costs above `jit_above_cost`, as several of these
    # aggregates over a month of a million incidents are: 25–100 ms of compiling each, to save less.
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            # One snapshot for every query: the percentiles count durations in one query and read some in the
            # next, which must see the same rows even if a summary refresh commits in between.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL jit = off")
        # Counted live, the medians sort each duration of the period (436,000 values over a year at a million
        # incidents): in memory rather than in temporary files.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        return _dashboard_for(scope)


def _dashboard_for(scope: Scope) -> Dashboard:
    state = from_summaries.usable_state(scope)
    board = Dashboard(scope=scope)
    if state is None:
        summary = _summary(scope)
    else:
        board.as_of = state.as_of
        summary = _sum_areas(from_summaries.figures_by_area(scope), list(from_summaries.FIGURE_COLUMNS[10:]))
    first_id, last_id = summary.pop("first_id"), summary.pop("last_id")
    by_site, by_area = summary.pop("by_site"), summary.pop("by_area")
    ids = (first_id, last_id) if first_id is not None else None
    _fill_summary(scope, board, summary)
    if state is None:
        _timeliness(scope, board, ids)
        _satisfaction(scope, board, summary, ids)
        _times(scope, board, summary)
        _trend(scope, board)
        _categories(scope, board, ids)
        _heatmap(scope, board)
    else:
        _period_from_summaries(scope, board, summary)
    _compensation(scope, board)
    _backlog(scope, board)
    _actions(scope, board)
    _areas(scope, board, by_area)
    _sites(scope, board, by_site)
    return board


def _period_from_summaries(scope: Scope, board: Dashboard, summary: dict) -> None:
    _fill_timeliness(scope, board, summary["handled"], summary["late"], from_summaries.deadline_groups(scope))
    _fill_satisfaction(scope, board, summary, from_summaries.satisfaction_scores(summary))
    counts = {name: summary[f"n_{name}"] for name in DURATIONS}
    _fill_times(scope, board, counts, from_summaries.time_percentiles(scope, counts))
    days = (scope.last_day - scope.first_day).days + 1
    daily = days <= DAILY_TREND_MAX_DAYS
    found: dict = {}
    for day, row in from_summaries.trend_counts(scope).items():
        bucket = found.setdefault(day if daily else day.replace(day=1), defaultdict(int))
        for name in ("reported", "resolved", "returned"):
            bucket[name] += row[name]
    _fill_trend(scope, board, found, daily)
    _fill_categories(scope, board, from_summaries.category_counts(scope))
    _fill_heatmap(board, from_summaries.heat_cells(scope))


def _fill_summary(scope: Scope, board: Dashboard, summary: dict) -> None:
    reported = summary["reported"]
    board.summary = {
        **summary,
        "resolution_rate": rate(summary["resolved"], reported),
        "recovery_rate": rate(summary["returned"], reported),
        "reported_link": incident_list_link(scope),
        "cancelled_link": incident_list_link(scope, status=Status.CANCELLED),
        "resolved_link": incident_list_link(scope, status=Status.CLOSED),
        # The list cannot filter "returned, closed or not": it shows those still in the returned state.
        "returned_link": incident_list_link(scope, exact=False, status=Status.RETURNED),
        "open_link": incident_list_link(scope, status="open"),
    }
