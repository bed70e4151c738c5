"""Building and refreshing the dashboard's daily summary rows (dashboard.models).

A refresh rebuilds only the (site, local day) pairs whose figures may have changed since the previous one:
 - days of incidents saved since (`updated_at`: every state change and edit goes through a save), of
   incidents whose customer changed since, and of incidents with a lost item, follow-up or deadline
   newer than any the previous refresh saw (ids only grow);
 - days of incidents whose open deadlines changed: opened, closed or cancelled, escalated, or fell due
   (pending until then, breached after), found by comparing with the open deadlines the last refresh saw;
 - every day of incidents whose owner moved to another department;
 - every day of a site not summarised yet or whose time zone changed.
Each day is counted afresh from the source rows, in Python, with the definitions of dashboard.selectors.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dashboard.models import (
    STORED_DURATIONS, DailyDeadlines, DailyFigures, DailyLossHours, DurationBuckets, IncidentDurations, OpenDeadline,
    SummaryState,
)
from dashboard.percentiles import bucket_of
from incidents.models import FINAL_STATUSES, Customer, FollowUp, Incident, LostItem, Outcome, Status
from organization.models import Site, StaffProfile
from sla.models import Deadline, DeadlineState

# Days rebuilt per round of queries: bounds the memory of a full build.
CHUNK_DAYS = 16
INCIDENT_FIELDS = ("pk", "created_at", "area_id", "owner_id", "kind", "status", "outcome", "customer__declined_followups",
                   "lost_from", "acknowledged_at", "dispatched_at", "found_at", "returned_at", "closed_at")


@dataclass
class RefreshResult:
    days: set[tuple[int, datetime.date]]  # (site id, local day) counted afresh
    full_sites: int
    as_of: datetime.datetime


def _incident_type():
    return ContentType.objects.get_for_model(Incident)


def _departments() -> dict[str, int | None]:
    return {str(user): dep for user, dep in StaffProfile.objects.values_list("user_id", "department_id")}


def _add_days(found: dict[int, set], rows, zones: dict[int, ZoneInfo]) -> None:
    for site_id, created_at in rows:
        if site_id in zones:
            found[site_id].add(timezone.localtime(created_at, zones[site_id]).date())


def _open_deadline_days(state: SummaryState | None, zones: dict[int, ZoneInfo], now) -> set[tuple[int, datetime.date]]:
    """Days whose open deadlines changed since the last refresh (opened, closed, escalated or fell due), and
    the stored list of open deadlines brought up to date."""
    seen = {pk: (level, site_id, day) for pk, level, site_id, day in
            OpenDeadline.objects.values_list("deadline_id", "escalation_level", "site_id", "day")}
    current = list(Deadline.objects.filter(subject_type=_incident_type(), state=DeadlineState.OPEN)
                   .values_list("pk", "escalation_level", "due_at", "subject_id"))
    since = state.as_of if state is not None else None
    days_of = {pk: (site_id, timezone.localtime(created_at, zones[site_id]).date())
               for pk, site_id, created_at in Incident.objects.filter(pk__in={row[3] for row in current})
               .values_list("pk", "site_id", "created_at") if site_id in zones}
    found: set[tuple[int, datetime.date]] = set()
    fresh, changed_level = [], []
    for pk, level, due_at, subject_id in current:
        if subject_id not in days_of:
            continue
        site_day = days_of[subject_id]
        before = seen.pop(pk, None)
        if before is None:
            fresh.append(OpenDeadline(deadline_id=pk, escalation_level=level, site_id=site_day[0], day=site_day[1]))
        elif before[0] != level:
            changed_level.append(OpenDeadline(deadline_id=pk, escalation_level=level, site_id=site_day[0],
                                              day=site_day[1]))
        if before is None or before[0] != level or (since is not None and since <= due_at < now):
            found.add(site_day)
    # Closed or cancelled since.
    found.update((site_id, day) for _level, site_id, day in seen.values())
    OpenDeadline.objects.filter(pk__in=list(seen)).delete()
    OpenDeadline.objects.bulk_create(fresh, batch_size=2000)
    OpenDeadline.objects.bulk_update(changed_level, ["escalation_level"], batch_size=2000)
    return found


def _changed_days(state: SummaryState, zones: dict[int, ZoneInfo], departments: dict) -> dict[int, set]:
    since = state.changes_since
    found: dict[int, set] = defaultdict(set)
    moved = [int(user) for user, dep in departments.items() if state.departments.get(user, dep) != dep]
    moved += [int(user) for user in state.departments if user not in departments]
    customers = list(Customer.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    # One query per reason: each goes through its own index (or a single pass), where one OR would join all.
    changed = [
        Incident.objects.filter(updated_at__gte=since),
        Incident.objects.filter(customer_id__in=customers),
        Incident.objects.filter(pk__in=Deadline.objects.filter(subject_type=_incident_type(),
                                                               pk__gt=state.last_deadline_id).values("subject_id")),
        Incident.objects.filter(pk__in=LostItem.objects.filter(pk__gt=state.last_item_id).values("incident_id")),
        Incident.objects.filter(pk__in=FollowUp.objects.filter(pk__gt=state.last_followup_id).values("incident_id")),
        Incident.objects.filter(owner_id__in=moved),
    ]
    for rows in changed:
        _add_days(found, rows.values_list("site_id", "created_at"), zones)
    return found


def _ranges(days: set[datetime.date]):
    """Runs of consecutive days, at most CHUNK_DAYS long: (first, last)."""
    ordered = sorted(days)
    start = previous = None
    for day in ordered:
        if start is None:
            start = previous = day
        elif (day - previous).days == 1 and (day - start).days < CHUNK_DAYS:
            previous = day
        else:
            yield start, previous
            start = previous = day
    if start is not None:
        yield start, previous


def _full_ranges(site: Site, zone: ZoneInfo):
    bounds = Incident.objects.filter(site=site).aggregate(first=Min("created_at"), last=Max("created_at"))
    if bounds["first"] is None:
        return
    day = timezone.localtime(bounds["first"], zone).date()
    last = timezone.localtime(bounds["last"], zone).date()
    while day <= last:
        end = min(day + datetime.timedelta(days=CHUNK_DAYS - 1), last)
        yield day, end
        day = end + datetime.timedelta(days=1)


def _midnight(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, zone)


def _deadline_flags(state: str, breached_at, due_at, now) -> tuple[bool, bool, bool]:
    """(on time, breached, pending) as dashboard.selectors counts them at `now`."""
    on_time = state == DeadlineState.MET and breached_at is None
    breached = breached_at is not None or (state == DeadlineState.OPEN and due_at < now)
    pending = state == DeadlineState.OPEN and due_at >= now
    return on_time, breached, pending


def _rebuild(site: Site, zone: ZoneInfo, first: datetime.date, last: datetime.date, now, departments) -> None:
    start, end = _midnight(first, zone), _midnight(last + datetime.timedelta(days=1), zone)
    incidents = list(Incident.objects.real().filter(site=site, created_at__gte=start, created_at__lt=end)
                     .values_list(*INCIDENT_FIELDS))
    ids = [row[0] for row in incidents]
    low, high = (min(ids), max(ids)) if ids else (0, -1)
    categories: dict[int, set] = defaultdict(set)
    for incident_id, category_id in LostItem.objects.filter(incident_id__gte=low, incident_id__lte=high,
                                                            incident_id__in=ids).values_list("incident_id", "category_id"):
        categories[incident_id].add(category_id)
    scores: dict[int, list] = defaultdict(list)
    for incident_id, score in FollowUp.objects.filter(incident_id__gte=low, incident_id__lte=high,
                                                      incident_id__in=ids).values_list("incident_id", "satisfaction"):
        scores[incident_id].append(score)
    deadlines: dict[int, list] = defaultdict(list)
    for row in Deadline.objects.filter(subject_type=_incident_type(), subject_id__gte=low, subject_id__lte=high,
                                       subject_id__in=ids).values_list(
            "subject_id", "kind", "escalation_level", "state", "breached_at", "due_at"):
        deadlines[row[0]].append(row[1:])

    figures: dict[tuple, Counter] = defaultdict(Counter)
    by_deadline: dict[tuple, Counter] = defaultdict(Counter)
    hours: Counter = Counter()
    durations = []
    for (pk, created_at, area_id, owner_id, kind, status, outcome, declined, lost_from,
         acknowledged_at, dispatched_at, found_at, returned_at, closed_at) in incidents:
        day = timezone.localtime(created_at, zone).date()
        department = departments.get(str(owner_id)) if owner_id else None
        reported = status != Status.CANCELLED
        closed = status == Status.CLOSED
        eligible = closed and not declined
        counts = Counter(
            reports=1, reported=reported, cancelled=not reported, resolved=closed,
            returned=reported and returned_at is not None, not_found=closed and outcome == Outcome.NOT_FOUND,
            still_open=status not in FINAL_STATUSES, thefts=reported and kind == "theft", eligible=eligible,
            responded=eligible and bool(scores[pk]),
            n_acknowledge=reported and acknowledged_at is not None, n_dispatch=reported and dispatched_at is not None,
            n_find=reported and found_at is not None, n_return=reported and returned_at is not None,
            n_close=closed and closed_at is not None,
        )
        flags = [_deadline_flags(state, breached_at, due_at, now) for _k, _l, state, breached_at, due_at in deadlines[pk]]
        if reported:
            counts["handled"] = any(on_time or breached for on_time, breached, _p in flags)
            counts["late"] = any(breached for _o, breached, _p in flags)
            for score in scores[pk]:
                counts[f"score_{score}"] += 1
        weekday_hour = timezone.localtime(lost_from, zone)
        for category in (None, *sorted(categories[pk])):
            group = (day, kind, department, category)
            figures[(*group, area_id)].update(counts)
            hours[(*group, weekday_hour.isoweekday(), weekday_hour.hour)] += 1
            if not reported:
                continue
            for (deadline_kind, level, state, _b, _d), (on_time, breached, pending) in zip(deadlines[pk], flags):
                by_deadline[(*group, deadline_kind, level)].update(Counter(
                    on_time=on_time, breached=breached, pending=pending,
                    breached_open=breached and state == DeadlineState.OPEN, rows=1))
        if reported:
            stamps = dict(zip(STORED_DURATIONS, (acknowledged_at, dispatched_at, found_at, returned_at, closed_at)))
            times = {name: stamp - created_at if stamp is not None else None for name, stamp in stamps.items()}
            durations.append(IncidentDurations(
                incident_id=pk, site=site, day=day, kind=kind, department_id=department, **times,
                **{f"{name}_bucket": bucket_of(time) for name, time in times.items()}))

    def keyed(day, kind, department, category):
        return dict(site=site, day=day, kind=kind, department_id=department, category_id=category)

    def in_order(rows: dict) -> list:
        # The rows counting every incident first, then category by category, each by day: a period's rows
        # for all incidents (or one category) lie together in the table and are read from fewer pages.
        return sorted(rows.items(), key=lambda row: (row[0][3] is not None, row[0][3] or 0, row[0][0]))

    with transaction.atomic():
        for model in (DailyFigures, DailyDeadlines, DailyLossHours, IncidentDurations):
            model.objects.filter(site=site, day__gte=first, day__lte=last).delete()
        DailyFigures.objects.bulk_create(
            [DailyFigures(**keyed(*key[:4]), area_id=key[4], **{k: int(v) for k, v in counts.items()})
             for key, counts in in_order(figures)], batch_size=2000)
        DailyDeadlines.objects.bulk_create(
            [DailyDeadlines(**keyed(*key[:4]), deadline_kind=key[4], escalation_level=key[5],
                            **{k: int(v) for k, v in counts.items() if k != "rows"})
             for key, counts in in_order(by_deadline)], batch_size=2000)
        DailyLossHours.objects.bulk_create(
            [DailyLossHours(**keyed(*key[:4]), weekday=key[4], hour=key[5], n=n) for key, n in in_order(hours)],
            batch_size=2000)
        IncidentDurations.objects.bulk_create(durations, batch_size=2000)
        _count_buckets(site, first, last)


def _count_buckets(site: Site, first: datetime.date, last: datetime.date) -> None:
    """Count again the duration buckets of the months holding the days first…last (dashboard.models.DurationBuckets)."""
    start = first.replace(day=1)
    end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    DurationBuckets.objects.filter(site=site, month__gte=start, month__lt=end).delete()
    rows = IncidentDurations.objects.filter(site=site, day__gte=start, day__lt=end).annotate(month=TruncMonth("day"))
    counted = []
    for name in STORED_DURATIONS:
        by_bucket = rows.filter(**{f"{name}_bucket__isnull": False}).values(
            "month", "kind", "department_id", f"{name}_bucket").annotate(n=Count("pk")).order_by()
        for row in by_bucket:
            counted.append(DurationBuckets(site=site, month=row["month"], kind=row["kind"],
                                           department_id=row["department_id"], duration=name,
                                           bucket=row[f"{name}_bucket"], n=row["n"]))
    DurationBuckets.objects.bulk_create(counted, batch_size=2000)


SITE_SUMMARIES = (DailyFigures, DailyDeadlines, DailyLossHours, IncidentDurations, DurationBuckets)


def _empty(*models) -> None:
    """Empty the tables for a first build: TRUNCATE on PostgreSQL, where deleting a million rows and writing
    them again left every index two to three times its size."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables}")
        return
    for model in models:
        model.objects.all().delete()


def refresh_summaries(*, now: datetime.datetime | None = None, full: bool = False) -> RefreshResult:
    """Bring the summary rows up to date; `now` decides which open deadlines are past due (tests pass one)."""
    started = timezone.now()
    now = now or started
    state = SummaryState.objects.first()
    if full and state is not None:
        state.delete()
        state = None
    if state is None:
        _empty(OpenDeadline, *SITE_SUMMARIES)
    sites = list(Site.objects.order_by("pk"))
    zones = {site.pk: site.zone for site in sites}
    departments = _departments()
    # Read before the rows so that anything added during the refresh is seen again by the next one.
    last_ids = {
        "last_item_id": LostItem.objects.aggregate(m=Max("pk"))["m"] or 0,
        "last_followup_id": FollowUp.objects.aggregate(m=Max("pk"))["m"] or 0,
        "last_deadline_id": Deadline.objects.aggregate(m=Max("pk"))["m"] or 0,
    }
    changed = _changed_days(state, zones, departments) if state is not None else defaultdict(set)
    for site_id, day in _open_deadline_days(state, zones, now):
        changed[site_id].add(day)
    days: set[tuple[int, datetime.date]] = set()
    full_sites = 0
    for site in sites:
        known = state is not None and state.zones.get(str(site.pk)) == site.time_zone
        if known:
            ranges = list(_ranges(changed.get(site.pk, set())))
        else:
            full_sites += 1
            if state is not None:  # a site added, or moved to another time zone
                for model in SITE_SUMMARIES:
                    model.objects.filter(site=site).delete()
            ranges = list(_full_ranges(site, zones[site.pk]))
        for first, last in ranges:
            _rebuild(site, zones[site.pk], first, last, now, departments)
            days.update((site.pk, first + datetime.timedelta(days=n)) for n in range((last - first).days + 1))
    SummaryState.objects.all().delete()
    SummaryState.objects.create(as_of=now, changes_since=started, zones={str(s.pk): s.time_zone for s in sites},
                                departments=departments, **last_ids)
    return RefreshResult(days=days, full_sites=full_sites, as_of=now)
