"""Reads of custody, already limited to what the user may see (SEC-2)."""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from custody import matching
from custody.models import (
    CustodySettings, DisposalState, FoundItem, ItemState, Match, MatchDecision, StorageLocation,
)
from incidents.models import LostItem, Status
from incidents.permissions import visible_site_ids
from incidents.tokens import query_tokens
from lostfound.prepared import PreparedRead
from organization.selectors import restrict_to_sites

# Reports that may still be matched: verified, not yet found, not closed.
MATCHABLE_STATUSES = (Status.REPORTED, Status.DISPATCHED, Status.SEARCHING)
# Ranking is in Python: never hand it more than this many rows, newest first.
CANDIDATE_LIMIT = 500


def found_items_for(user) -> QuerySet[FoundItem]:
    return restrict_to_sites(FoundItem.objects.all(), user)


def locations_for(user) -> QuerySet[StorageLocation]:
    return restrict_to_sites(StorageLocation.objects.all(), user).select_related("parent", "parent__parent", "site")


def search(queryset: QuerySet[FoundItem], text: str) -> QuerySet[FoundItem]:
    """Found items whose tokens hold every token of the query (Chinese bigrams or English words)."""
    wanted = query_tokens(text)
    if not wanted:
        return queryset
    if queryset.db == "default" and _is_postgres():
        # Uses the GIN index found_item_search_tokens (migration 0002).
        return queryset.extra(where=["string_to_array(custody_founditem.search_text, ' ') @> %s::text[]"], params=[wanted])
    for token in wanted:
        queryset = queryset.filter(search_text__contains=f" {token} ")
    return queryset


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class ItemFilters:
    q: str = ""
    state: str = ItemState.IN_CUSTODY
    category: int | None = None
    site: int | None = None
    location: int | None = None
    found_from: datetime.date | None = None
    found_until: datetime.date | None = None


def found_item_list(*, user, filters: ItemFilters) -> QuerySet[FoundItem]:
    rows = found_items_for(user).select_related(
        "site", "area", "category", "location", "location__parent", "location__parent__parent"
    )
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.category:
        rows = rows.filter(category_id=filters.category)
    if filters.site:
        rows = rows.filter(site_id=filters.site)
    if filters.location:
        rows = rows.filter(location_id=filters.location)
    if filters.found_from:
        rows = rows.filter(found_at__date__gte=filters.found_from)
    if filters.found_until:
        rows = rows.filter(found_at__date__lte=filters.found_until)
    if filters.q:
        rows = search(rows, filters.q)
    return rows.order_by("-found_at", "-id")


# --- matching --------------------------------------------------------------------------------------


def settings() -> CustodySettings:
    return CustodySettings.load()


def _window(lost_item: LostItem, config: CustodySettings) -> tuple[datetime.datetime, datetime.datetime]:
    incident = lost_item.incident
    return incident.lost_from - config.early_slack, incident.lost_until + datetime.timedelta(days=config.window_days)


def found_candidates(*, earliest: datetime.datetime, latest: datetime.datetime, category_id: int | None = None,
                     site_id: int | None = None) -> QuerySet[FoundItem]:
    """Found items that could be a lost item, narrowed in the database: in custody, not confirmed for another
    report, found in the time window, of the category and the site when given (CUS-4)."""
    rows = FoundItem.objects.filter(
        state=ItemState.IN_CUSTODY, found_at__gte=earliest, found_at__lte=latest,
    ).exclude(matches__decision=MatchDecision.CONFIRMED)
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    if site_id is not None:
        rows = rows.filter(site_id=site_id)
    return rows.select_related("site", "area", "category").order_by("-found_at")


@functools.cache
def _unrejected_candidates(same_category: bool, same_site: bool, of_sites: bool) -> PreparedRead:
    """found_candidates of one lost item, minus the pairs rejected, of the user's sites when `of_sites`: a read
    compiled once per shape of the rule, for the suggestions page (building and compiling it took 6 ms)."""

    def build(lost_item_id, earliest, latest, *rest):
        rest = list(rest)
        rows = found_candidates(earliest=earliest, latest=latest,
                                category_id=rest.pop(0) if same_category else None,
                                site_id=rest.pop(0) if same_site else None)
        if of_sites:
            rows = rows.filter(site_id__in=rest.pop(0))
        rejected = Match.objects.filter(lost_item_id=lost_item_id, found_item=OuterRef("pk"),
                                        decision=MatchDecision.REJECTED)
        return rows.exclude(Exists(rejected))[:CANDIDATE_LIMIT]

    return PreparedRead(build)


def lost_candidates(found_item: FoundItem, config: CustodySettings) -> QuerySet[LostItem]:
    """Open lost items this found item could be, narrowed in the database the same way."""
    rows = LostItem.objects.filter(
        incident__status__in=MATCHABLE_STATUSES,
        incident__lost_from__lte=found_item.found_at + config.early_slack,
        incident__lost_until__gte=found_item.found_at - datetime.timedelta(days=config.window_days),
    ).exclude(custody_matches__decision=MatchDecision.CONFIRMED)
    if config.same_category_only:
        rows = rows.filter(category_id=found_item.category_id)
    if not config.other_sites:
        rows = rows.filter(incident__site_id=found_item.site_id)
    return rows.select_related(
        "category", "incident", "incident__site", "incident__area", "incident__customer", "incident__owner"
    ).order_by("-incident__created_at")


def suggestions_for_lost_item(lost_item: LostItem, *, user=None, config: CustodySettings | None = None,
                              minimum: int | None = None) -> list[matching.Scored]:
    """Found items ranked for a lost item, rejected pairs left out; a fixed number of queries."""
    config = config or settings()
    sites = visible_site_ids(user) if user is not None else None
    read = _unrejected_candidates(config.same_category_only, not config.other_sites, sites is not None)
    arguments = [lost_item.pk, *_window(lost_item, config)]
    arguments += [lost_item.category_id] if config.same_category_only else []
    arguments += [lost_item.incident.site_id] if not config.other_sites else []
    arguments += [sites] if sites is not None else []
    candidates = [(item, matching.found_profile(item)) for item in read(*arguments)]
    return matching.rank(
        matching.lost_profile(lost_item), candidates, query_is_lost=True, weights=matching.Weights.of(config),
        minimum=config.minimum_score if minimum is None else minimum,
    )


def suggestions_for_found_item(found_item: FoundItem, *, user=None, config: CustodySettings | None = None,
                               minimum: int | None = None) -> list[matching.Scored]:
    """Open lost items ranked for a found item, rejected pairs left out; a fixed number of queries."""
    config = config or settings()
    rows = lost_candidates(found_item, config)
    if user is not None:
        rows = restrict_to_sites(rows, user, site_field="incident__site")
    rejected = set(
        Match.objects.filter(found_item=found_item, decision=MatchDecision.REJECTED).values_list("lost_item_id", flat=True)
    )
    candidates = [(item, matching.lost_profile(item)) for item in rows[:CANDIDATE_LIMIT] if item.pk not in rejected]
    return matching.rank(
        matching.found_profile(found_item), candidates, query_is_lost=False, weights=matching.Weights.of(config),
        minimum=config.minimum_score if minimum is None else minimum,
    )


def confirmed_match(found_item: FoundItem) -> Match | None:
    return (
        Match.objects.filter(found_item=found_item, decision=MatchDecision.CONFIRMED)
        .select_related("incident", "incident__customer", "incident__site", "lost_item")
        .first()
    )


def matches_of_incident(incident) -> QuerySet[Match]:
    return Match.objects.filter(incident=incident, decision=MatchDecision.CONFIRMED).select_related("found_item")


# --- disposal --------------------------------------------------------------------------------------


def retention_ends_at(item: FoundItem, config: CustodySettings | None = None) -> datetime.datetime:
    config = config or settings()
    return item.retention_ends_at(perishable_hours=config.perishable_hold_hours)


def due_for_disposal(*, user, now: datetime.datetime | None = None) -> list[FoundItem]:
    """Items in stock past their retention period, oldest first, without a disposal waiting for approval.

    The database narrows to items found at least an hour ago (the shortest hold); the exact end of each
    item's retention (days of its category, or hours for perishables, from the notice date when there was
    one) is computed here."""
    now = now or timezone.now()
    config = settings()
    rows = (
        found_items_for(user)
        .filter(state=ItemState.IN_CUSTODY, found_at__lte=now - datetime.timedelta(hours=1))
        .exclude(disposals__state=DisposalState.PROPOSED)
        .select_related("site", "category", "location", "location__parent", "location__parent__parent")
        .order_by("found_at")
    )
    due = []
    for item in rows:
        ends = item.retention_ends_at(perishable_hours=config.perishable_hold_hours)
        if ends <= now:
            item.retention_ended_at = ends
            due.append(item)
    return due


def disposals_waiting(*, user) -> QuerySet:
    from custody.models import Disposal

    return (
        restrict_to_sites(Disposal.objects.filter(state=DisposalState.PROPOSED), user, site_field="item__site")
        .select_related("item", "item__category", "proposed_by")
        .order_by("proposed_at")
    )


def transfers_of(item: FoundItem):
    return item.transfers.select_related(
        "by", "from_location", "from_location__parent", "from_location__parent__parent",
        "to_location", "to_location__parent", "to_location__parent__parent",
    )

