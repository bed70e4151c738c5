"""Reads of incidents, already limited to what the user may see (SEC-2)."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from incidents.models import CorrectiveAction, Incident, LostItem, Status
from incidents.permissions import incidents_for
from incidents.tokens import query_tokens
from sla.models import Deadline, DeadlineState

PAGE_SIZE = 50
# Pages beyond this are not offered: search or filter instead (an OFFSET of millions reads millions).
MAX_PAGE = 200
# Up to this many matches a search is narrowed to their ids before it is ordered (see incident_list).
SEARCH_PROBE = 2000


@dataclass(frozen=True)
class IncidentFilters:
    site: int | None = None
    status: str = ""
    kind: str = ""
    severity: str = ""
    category: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    owner: int | None = None
    overdue: bool = False
    drills: str = ""  # "" all, "real" without drills, "only" drills only
    q: str = ""


def search(queryset: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Incidents whose search tokens hold every token of the query (Chinese bigrams or English words)."""
    wanted = query_tokens(text)
    if not wanted:
        return queryset
    if connection.vendor == "postgresql":
        # Uses the GIN index incident_search_tokens (migration 0002).
        return queryset.extra(where=["string_to_array(search_text, ' ') @> %s::text[]"], params=[wanted])
    for token in wanted:
        queryset = queryset.filter(search_text__contains=f" {token} ")
    return queryset


def overdue_deadlines(now: datetime.datetime | None = None) -> QuerySet[Deadline]:
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident), state=DeadlineState.OPEN,
        due_at__lt=now or timezone.now(),
    )


def incident_list(user, filters: IncidentFilters) -> QuerySet[Incident]:
    """The list page's rows: filtered, searched, most urgent first (open before closed, theft and urgent first)."""
    rows = incidents_for(user)
    if filters.site:
        rows = rows.filter(site_id=filters.site)
    if filters.status == "open":
        rows = rows.exclude(status__in=[Status.CLOSED, Status.CANCELLED])
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.category:
        rows = rows.filter(Exists(LostItem.objects.filter(
            incident=OuterRef("pk"), category_id=filters.category)))
    zone = timezone.get_current_timezone()
    if filters.date_from:
        rows = rows.filter(created_at__gte=datetime.datetime.combine(filters.date_from, datetime.time.min, zone))
    if filters.date_to:
        rows = rows.filter(
            created_at__lt=datetime.datetime.combine(filters.date_to + datetime.timedelta(days=1), datetime.time.min, zone)
        )
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    if filters.overdue:
        # Few deadlines are overdue at any time: start from them, not from every incident.
        rows = rows.filter(pk__in=overdue_deadlines().values("subject_id"))
    if filters.drills == "real":
        rows = rows.real()
    elif filters.drills == "only":
        rows = rows.filter(is_drill=True)
    if filters.q:
        rows = search(rows, filters.q)
        # A rare word matches a few rows: fetch them through the search index, unordered, and sort only
        # those. A common word matches many: walking the urgency index finds a page of them at once.
        probe = list(rows.order_by().values_list("pk", flat=True)[: SEARCH_PROBE + 1])
        if len(probe) <= SEARCH_PROBE:
            rows = incidents_for(user).filter(pk__in=probe)
    overdue = overdue_deadlines().filter(subject_id=OuterRef("pk"))
    return (
        rows.select_related("site", "area", "customer", "owner")
        .prefetch_related(Prefetch("items", queryset=LostItem.objects.order_by("id").only("id", "incident_id", "name")))
        .annotate(has_overdue=Exists(overdue))
        .order_by("-priority", "-created_at", "-id")
    )


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    has_previous: bool

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_of(queryset: QuerySet, number: int, *, size: int | None = None) -> Page:
    """One page without counting the whole table: fetch one row more than shown to know if there is a next."""
    size = size or PAGE_SIZE
    number = max(1, min(number, MAX_PAGE))
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size and number < MAX_PAGE,
                has_previous=number > 1)


def my_open_incidents(user) -> QuerySet[Incident]:
    return (
        incidents_for(user).filter(owner=user).open().select_related("site", "customer")
        .order_by("-priority", "-created_at")
    )


def to_verify(user) -> QuerySet[Incident]:
    return incidents_for(user).filter(status=Status.TO_VERIFY).select_related("site", "customer").order_by("created_at")


def deadlines_for_home(user, *, within: datetime.timedelta = datetime.timedelta(hours=4)):
    """(due soon, overdue): open deadlines of incidents the user owns, or of their sites when they own none."""
    from django.contrib.contenttypes.models import ContentType

    now = timezone.now()
    visible = incidents_for(user).open()
    base = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident), state=DeadlineState.OPEN,
        subject_id__in=visible.filter(Q(owner=user) | Q(owner__isnull=True)).values("pk"),
    ).order_by("due_at")
    soon = list(base.filter(due_at__gte=now, due_at__lt=now + within)[:20])
    overdue = list(base.filter(due_at__lt=now)[:20])
    incidents = {row.pk: row for row in Incident.objects.filter(
        pk__in={d.subject_id for d in soon + overdue}).select_related("site")}
    for deadline in soon + overdue:
        deadline.incident = incidents.get(deadline.subject_id)
    return soon, overdue


def overdue_actions(user) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(owner=user, done_on__isnull=True, due_date__lt=timezone.localdate())
        .select_related("review__incident", "department").order_by("due_date")
    )


def open_actions(user) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(owner=user, done_on__isnull=True)
        .select_related("review__incident", "department").order_by("due_date")
    )
