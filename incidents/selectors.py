"""Reads of incidents, already limited to what the user may see (SEC-2)."""

import datetime
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from incidents.models import CorrectiveAction, Incident, LostItem, Status
from incidents.permissions import incidents_for, visible_site_ids
from incidents.search_stats import rare
from incidents.tokens import query_tokens
from lostfound.prepared import PreparedRead, kept_statement_cursor
from sla.models import Deadline, DeadlineState

PAGE_SIZE = 50
# Pages beyond this are not offered: search or filter instead (an OFFSET of millions reads millions).
MAX_PAGE = 200
# Up to this many matches of a search are found at once through the search index (see _matches)…
SEARCH_PROBE = 2000
# …unless a page of matches is among this many most urgent rows.
SEARCH_WINDOW = 5000
LIST_ORDER = ("-priority", "-created_at", "-id")
# A row's place in LIST_ORDER (descending), as its cursor gives it: (priority, created_at in µs since 1970, id).
Key = tuple[int, int, int]


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
    # For the dashboard's links (KPI-6): area (an id, or "none" for no area), the owner's department, a deadline
    # breached at this escalation level, and the ISO weekday / hour of `lost_from` in each site's time zone.
    area: str = ""
    department: int | None = None
    escalation: int | None = None
    weekday: int | None = None
    hour: int | None = None


def search(queryset: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Incidents whose search tokens hold every token of the query (Chinese bigrams or English words), tested
    on each row: for rows read in the list's order (" token " in the space-separated tokens; on PostgreSQL as
    strpos, a fifth of the CPU of splitting them into an array each row). The search index: search_in_sites."""
    wanted = query_tokens(text)
    if connection.vendor == "postgresql" and wanted:
        # As strpos, not LIKE: PostgreSQL guessed a LIKE matched a few rows, and read a whole site (700 ms at a
        # million incidents) where walking the urgency index found a page in a few thousand rows.
        tested = ["strpos(\"incidents_incident\".\"search_text\", %s) > 0"] * len(wanted)
        return queryset.extra(where=tested, params=[f" {token} " for token in wanted])
    for token in wanted:
        queryset = queryset.filter(search_text__contains=f" {token} ")
    return queryset


# The search index's expression (migration 0005): each of a report's tokens as "<site id>:<token>".
_SITE_KEYS = ("string_to_array(replace(\"incidents_incident\".\"search_text\", ' ', "
              "' ' || \"incidents_incident\".\"site_id\"::text || ':'), ' ')")


def search_in_sites(queryset: QuerySet[Incident], text: str, sites: list[int]) -> QuerySet[Incident]:
    """search() through the search index, for reports of `sites` only. On PostgreSQL `queryset` should not
    name the sites itself: the planner intersected the index's few matches with a whole site's rows."""
    wanted = query_tokens(text)
    if connection.vendor != "postgresql":
        return search(queryset.filter(site_id__in=sites), text)
    if not wanted:
        return queryset.filter(site_id__in=sites)
    if not sites:
        return queryset.none()
    condition, params = _indexed(wanted, sites)
    return queryset.extra(where=[condition], params=params)


def _indexed(wanted: list[str], sites: list[int]) -> tuple[str, list]:
    """The search index's condition for these tokens at these sites (some of each), and its parameters."""
    if len(wanted) == 1:
        return f"{_SITE_KEYS} && %s::text[]", [[f"{site}:{wanted[0]}" for site in sites]]
    each_site = " OR ".join([f"{_SITE_KEYS} @> %s::text[]"] * len(sites))
    return f"({each_site})", [[f"{site}:{token}" for token in wanted] for site in sites]


def overdue_deadlines(now: datetime.datetime | None = None) -> QuerySet[Deadline]:
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident), state=DeadlineState.OPEN,
        due_at__lt=now or timezone.now(),
    )


def incident_page(user, filters: IncidentFilters, number: int = 1, *, after: str = "", before: str = "") -> "Page":
    """A page of incident_list."""
    if not filters.q:
        if number <= 1 and not (after or before):
            rows = _first_page_rows(user, filters, PAGE_SIZE + 1)
            if rows is not None:
                return Page(rows=_dress(rows[:PAGE_SIZE]), number=1, has_next=len(rows) > PAGE_SIZE,
                            has_previous=False)
        return page_of(incident_list(user, filters), number, after=after, before=before)
    found = _matches(user, filters)
    if isinstance(found, Matches):
        page = _page_of_keys(user, found, number, after=after, before=before)
        if page is not None:
            return page
        found = search(_filtered(user, filters), filters.q)  # beyond the matches known: walk the list
    return page_of(found.order_by(*LIST_ORDER), number, after=after, before=before)


def incident_list(user, filters: IncidentFilters) -> QuerySet[Incident]:
    """The list page's rows: filtered, searched, most urgent first (open before closed, theft and urgent first)."""
    if filters.q:
        found = _matches(user, filters)
        if isinstance(found, Matches):
            found = (incidents_for(user).filter(pk__in=[key[-1] for key in found.keys]) if found.complete
                     else search(_filtered(user, filters), filters.q))
        rows = found
    else:
        rows = _filtered(user, filters)
    # The overdue flag is set on the page's rows only (page_of): as an EXISTS column PostgreSQL hashed every
    # overdue deadline of the company (~0.5 s at a million incidents) to show fifty rows.
    return rows.order_by(*LIST_ORDER)


def _filtered(user, filters: IncidentFilters, *, any_site: bool = False) -> QuerySet[Incident]:
    """incident_list's rows before the search; of any site with `any_site` (the search index names them)."""
    if any_site:
        return _narrowed(Incident.objects.all(), replace(filters, site=None))
    return _narrowed(incidents_for(user), filters)


# The first page of a list narrowed by the filter bar's plain choices alone (the site, state, kind, severity,
# category, owner and drills) is one statement for each choice of the words and each set of ids chosen, compiled
# once per process and kept by PostgreSQL: building, compiling and planning it was most of what a filtered page
# cost more than the plain one.
_ID_CHOICES = ("site", "category", "owner")
_FIRST_PAGES: dict[tuple, PreparedRead] = {}
_FIRST_PAGE_SHAPES = 256


def _first_page_rows(user, filters: IncidentFilters, limit: int) -> list | None:
    """The first `limit` rows of incident_list(user, filters); None when other filters are set."""
    others = replace(filters, site=None, status="", kind="", severity="", category=None, owner=None, drills="")
    if others != IncidentFilters():
        return None
    sites = visible_site_ids(user)
    if sites == []:
        return []
    ids = [name for name in _ID_CHOICES if getattr(filters, name)]
    key = (sites is None, tuple(ids), filters.status, filters.kind, filters.severity, filters.drills, limit)
    read = _FIRST_PAGES.get(key)
    if read is None:
        if len(_FIRST_PAGES) >= _FIRST_PAGE_SHAPES:
            _FIRST_PAGES.clear()
        read = _FIRST_PAGES[key] = PreparedRead(_first_page(*key))
    return read(*([] if sites is None else [sites]), *(getattr(filters, name) for name in ids))


def _first_page(every_site: bool, ids: tuple[str, ...], status: str, kind: str, severity: str, drills: str,
                limit: int):
    def build(*args):
        rows = Incident.objects.all() if every_site else Incident.objects.filter(site_id__in=args[0])
        chosen = dict(zip(ids, args[0 if every_site else 1 :], strict=True))
        plain = IncidentFilters(status=status, kind=kind, severity=severity, drills=drills, **chosen)
        return _row_values(_narrowed(rows, plain).order_by(*LIST_ORDER))[:limit]

    return build


def _narrowed(rows: QuerySet[Incident], filters: IncidentFilters) -> QuerySet[Incident]:
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
    rows = _drill_down(rows, filters)
    if filters.overdue:
        # Few deadlines are overdue at any time: start from them, not from every incident.
        rows = rows.filter(pk__in=overdue_deadlines().values("subject_id"))
    if filters.drills == "real":
        rows = rows.real()
    elif filters.drills == "only":
        rows = rows.filter(is_drill=True)
    return rows


@dataclass(frozen=True)
class Matches:
    """The keys of a search's matches in the list's order: all of them, or (not `complete`) the first ones."""

    keys: list[Key]
    complete: bool


def _matches(user, filters: IncidentFilters) -> QuerySet[Incident] | Matches:
    """The search's rows: a queryset to walk in the list's order, or the keys of its first matches in that order.

    A common word matches many rows: walking the urgency index finds a page of them at once. A rare word
    matches a few: the search index finds them all (up to SEARCH_PROBE), and the page is cut from their keys.
    Which one a word is, PostgreSQL's statistics tell (incidents/search_stats.py): a word in too few reports
    for the most urgent SEARCH_WINDOW rows to hold a page goes to the search index at once. For the others
    those rows tell (one walk): counting matches through the search index instead cost 50–100 ms for a word in
    one incident of five at a million incidents. When the window holds more than a page of matches they are
    the first page: walking again would double the cost. A word in more than SEARCH_PROBE reports gives its
    first SEARCH_PROBE + 1 matches: the pages among them are read from their keys, only those beyond by walking.
    """
    text, wanted = filters.q, query_tokens(filters.q)
    if not wanted:  # nothing to search for (punctuation alone): every row, as search() gives them
        return _filtered(user, filters)
    # Without filters the statements are written here, once, and kept by PostgreSQL.
    unfiltered = connection.vendor == "postgresql" and filters == IncidentFilters(q=text, site=filters.site)
    sites = _search_sites(user, filters.site)
    if not rare(wanted, below=(PAGE_SIZE + 1) / SEARCH_WINDOW):
        if unfiltered:
            first = _window_keys(wanted, sites, PAGE_SIZE + 1)
        else:
            first = _window_matches(_filtered(user, filters), text, PAGE_SIZE + 1)
        if len(first) > PAGE_SIZE:
            return Matches(first, complete=False)
    sites = _listed(sites)
    if unfiltered and sites:
        keys = _ranked_keys(wanted, sites, SEARCH_PROBE + 1)
    else:
        keys = _ranked_matches(search_in_sites(_filtered(user, filters, any_site=True), text, sites), SEARCH_PROBE + 1)
    return Matches(keys, complete=len(keys) <= SEARCH_PROBE)


def _search_sites(user, site: int | None) -> list[int] | None:
    """The sites the user may see, or `site` alone when given and visible; None for every site."""
    sites = visible_site_ids(user)
    if site:
        return [site] if sites is None or site in sites else []
    return sites


def _listed(sites: list[int] | None) -> list[int]:
    """The sites named, every site's id for None."""
    from organization.models import Site

    return list(Site.objects.values_list("pk", flat=True)) if sites is None else sites


def _window_matches(rows: QuerySet[Incident], text: str, limit: int) -> list[Key]:
    """The keys of the first `limit` matches of the search among the most urgent SEARCH_WINDOW rows, in order.

    On PostgreSQL the window is a subquery read in the urgency order and the tokens are tested as text as it
    goes, so the walk stops at the `limit`-th match: as an `IN (window)` semi-join the planner looked the
    window's rows up one by one instead (143 ms for "iphone" at a million incidents, 7 ms this way)."""
    wanted = query_tokens(text)
    window = rows.order_by(*LIST_ORDER)
    if connection.vendor != "postgresql" or not wanted:
        ids = window.values("pk")[:SEARCH_WINDOW]
        return [(priority, _micros(created_at), pk) for priority, created_at, pk in search(
            rows, text).filter(pk__in=ids).order_by(*LIST_ORDER).values_list(
            "priority", "created_at", "pk")[:limit]]
    sql, params = window.values("pk", "priority", "created_at", "search_text")[:SEARCH_WINDOW].query.sql_with_params()
    with connection.cursor() as cursor:
        return _walk(cursor, sql, list(params), wanted, limit)


def _window_keys(wanted: list[str], sites: list[int] | None, limit: int) -> list[Key]:
    """_window_matches of a search without filters at these sites (None: every site), on PostgreSQL: the
    statement written here and kept by the server.

    One site's window is read from the site's own urgency index. Named as `site_id = %s`, the planner took the
    urgency index of every site instead and skipped the other sites' rows as it went (7,300 rows read for a
    page of "backpack" at a site with a quarter of a million reports, 8–12 ms; 2,300 rows and 5–8 ms this way):
    the order of `priority` follows the table's, that of `site_id` does not. As `= ANY` the site is not a constant
    the planner can drop from the order, so only the site's index gives the order without a sort."""
    if sites == []:
        return []
    if sites is not None and len(sites) == 1:
        window = ('SELECT "id" AS "pk", "site_id", "priority", "created_at", "search_text" '
                  'FROM "incidents_incident" WHERE "site_id" = ANY(%s) '
                  f'ORDER BY "site_id", "priority" DESC, "created_at" DESC, "id" DESC LIMIT {SEARCH_WINDOW}')
        with kept_statement_cursor() as cursor:
            return _walk(cursor, window, [sites], wanted, limit, first="window_rows.site_id, ")
    where = f'WHERE "site_id" IN ({", ".join(["%s"] * len(sites))}) ' if sites is not None else ""
    window = (f'SELECT "id" AS "pk", "priority", "created_at", "search_text" FROM "incidents_incident" {where}'
              f'ORDER BY "priority" DESC, "created_at" DESC, "id" DESC LIMIT {SEARCH_WINDOW}')
    with kept_statement_cursor() as cursor:
        return _walk(cursor, window, list(sites or []), wanted, limit)


def _walk(cursor, window: str, params: list, wanted: list[str], limit: int, first: str = "") -> list[Key]:
    """The keys of the first `limit` rows of the window's SQL holding every token, in the list's order (`first`
    names the window's leading order column when it has one more than the list's)."""
    tested = " AND ".join(["strpos(window_rows.search_text, %s) > 0"] * len(wanted))
    cursor.execute(
        "SELECT window_rows.priority, (extract(epoch FROM window_rows.created_at) * 1000000)::bigint, "
        f"window_rows.pk FROM ({window}) AS window_rows WHERE {tested} "
        f"ORDER BY {first}window_rows.priority DESC, window_rows.created_at DESC, window_rows.pk DESC "
        f"LIMIT {int(limit)}",
        [*params, *(f" {token} " for token in wanted)],
    )
    return [tuple(row) for row in cursor.fetchall()]


_MICROS = '(extract(epoch FROM "incidents_incident"."created_at") * 1000000)::bigint'


def _ranked_matches(matches: QuerySet[Incident], limit: int) -> list[Key]:
    """The keys of the search's first `limit` matches, in the list's order.
    The creation times come as integers: reading 2,000 of them as datetimes took 12 ms."""
    matches = matches.order_by(*LIST_ORDER)
    if connection.vendor == "postgresql":
        return list(matches.extra(select={"micros": _MICROS}).values_list("priority", "micros", "pk")[:limit])
    return [(priority, _micros(created_at), pk)
            for priority, created_at, pk in matches.values_list("priority", "created_at", "pk")[:limit]]


def _ranked_keys(wanted: list[str], sites: list[int], limit: int) -> list[Key]:
    """_ranked_matches of a search without filters (PostgreSQL), the statement written here and kept by the
    server: building and compiling its queryset cost about 0.5 ms of CPU a search, and PostgreSQL planned it
    each time."""
    condition, params = _indexed(wanted, sites)
    with kept_statement_cursor() as cursor:
        cursor.execute(f'SELECT priority, {_MICROS}, id FROM "incidents_incident" WHERE {condition} '
                       f"ORDER BY priority DESC, created_at DESC, id DESC LIMIT {int(limit)}", params)
        return [tuple(row) for row in cursor.fetchall()]


def _dress(values: list[tuple]) -> list["ListRow"]:
    """A page's rows, with their item names and whether a deadline is overdue (one query each, by their ids)."""
    from django.contrib.contenttypes.models import ContentType

    rows = [ListRow(*row) for row in values]
    ids = [row.pk for row in rows]
    late = set(_OVERDUE_AMONG(ContentType.objects.get_for_model(Incident).pk, ids)) if ids else set()
    names: dict[int, list[str]] = {}
    for incident_id, name in _ITEM_NAMES(ids) if ids else []:
        names.setdefault(incident_id, []).append(name)
    for row in rows:
        row.has_overdue = row.pk in late
        row.item_names = names.get(row.pk, row.item_names)
    return rows


def _drill_down(rows: QuerySet[Incident], filters: IncidentFilters) -> QuerySet[Incident]:
    """The filters the dashboard's figures need to link to exactly their incidents."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

    from organization.models import Site

    if filters.area == "none":
        rows = rows.filter(area__isnull=True)
    elif filters.area:
        rows = rows.filter(area_id=int(filters.area))
    if filters.department:
        rows = rows.filter(owner__staff_profile__department_id=filters.department)
    if filters.escalation is not None:
        breached = Q(breached_at__isnull=False) | Q(state=DeadlineState.OPEN, due_at__lt=timezone.now())
        rows = rows.filter(Exists(Deadline.objects.filter(
            breached, subject_type=ContentType.objects.get_for_model(Incident), subject_id=OuterRef("pk"),
            escalation_level=filters.escalation)))
    if filters.weekday is not None or filters.hour is not None:
        by_zone: dict[str, list[int]] = {}
        for site_id, zone in Site.objects.values_list("pk", "time_zone"):
            by_zone.setdefault(zone, []).append(site_id)
        when = Q(pk__in=[])
        for index, (zone, site_ids) in enumerate(sorted(by_zone.items())):
            tz = ZoneInfo(zone)
            rows = rows.annotate(**{f"lost_weekday_{index}": ExtractIsoWeekDay("lost_from", tzinfo=tz),
                                    f"lost_hour_{index}": ExtractHour("lost_from", tzinfo=tz)})
            cell = Q(site_id__in=site_ids)
            if filters.weekday is not None:
                cell &= Q(**{f"lost_weekday_{index}": filters.weekday})
            if filters.hour is not None:
                cell &= Q(**{f"lost_hour_{index}": filters.hour})
            when |= cell
        rows = rows.filter(when)
    return rows


@dataclass(slots=True)
class ListRow:
    """What a row of the list shows (incidents/templatetags/incident_table.py), read as plain values:
    building fifty incidents with their sites, areas, customers and owners cost more than the query."""

    pk: int
    reference: str
    status: str
    severity: str
    kind: str
    is_drill: bool
    is_complaint: bool
    priority: int
    created_at: datetime.datetime
    site_code: str
    area_name: str | None
    customer_name: str
    owner_first_name: str | None
    owner_last_name: str | None
    owner_username: str | None
    has_overdue: bool = False
    item_names: list[str] = field(default_factory=list)

    @property
    def owner_name(self) -> str:
        """As User.get_full_name, else the username; "" without an owner."""
        if self.owner_username is None:
            return ""
        return f"{self.owner_first_name} {self.owner_last_name}".strip() or self.owner_username


_ROW_COLUMNS = ("pk", "reference", "status", "severity", "kind", "is_drill", "is_complaint", "priority", "created_at",
                "row_site_code", "row_area_name", "customer__name", "owner__first_name", "owner__last_name",
                "owner__username")


def _row_values(queryset: QuerySet) -> QuerySet:
    """The rows' columns. Site and area come as one-row subqueries rather than joins: with every relation
    joined, PostgreSQL spent 5–8 ms planning a filtered page it then read in 3. The customer and the owner are
    joined (0.5–0.8 ms of planning): the owner's three columns as subqueries cost 0.7 ms more to build and
    compile, and their reads 0.5 ms more than the join."""
    from organization.models import Area, Site

    def looked_up(model, key: str, column: str) -> Subquery:
        return Subquery(model.objects.filter(pk=OuterRef(key)).values(column)[:1])

    return queryset.annotate(
        row_site_code=looked_up(Site, "site_id", "code"), row_area_name=looked_up(Area, "area_id", "name"),
    ).values_list(*_ROW_COLUMNS)


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

    @property
    def next_cursor(self) -> str:
        return cursor_of(self.rows[-1]) if self.rows else ""

    @property
    def previous_cursor(self) -> str:
        return cursor_of(self.rows[0]) if self.rows else ""


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Within one priority the list's order (-created_at, -id) as one row value, compared through the urgency indexes.
_CREATED = '("incidents_incident"."created_at", "incidents_incident"."id")'


def cursor_of(incident: Incident) -> str:
    """Where an incident stands in the list's order, for the links to the pages after and before it."""
    return f"{incident.priority}.{_micros(incident.created_at)}.{incident.pk}"


def _micros(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


def _cursor_key(cursor: str) -> Key | None:
    try:
        priority, micros, pk = (int(part) for part in cursor.split("."))
    except ValueError:
        return None
    return priority, micros, pk


def _parse_cursor(cursor: str) -> tuple[int, datetime.datetime, int] | None:
    key = _cursor_key(cursor)
    try:
        return (key[0], _EPOCH + datetime.timedelta(microseconds=key[1]), key[2]) if key else None
    except OverflowError:
        return None


def page_of(queryset: QuerySet, number: int, *, size: int | None = None, after: str = "", before: str = "") -> Page:
    """One page without counting the whole table: fetch one row more than shown to know if there is a next.

    The Next and Previous links carry the cursor of the last or first row shown, so a page deep in the list is
    read from the index where the previous one stopped (keyset pagination) instead of skipping every row above
    it; a page number alone (a bookmark) still skips, up to MAX_PAGE.
    """
    size = size or PAGE_SIZE
    number = max(1, number)
    edge = _parse_cursor(after or before)
    if edge is None:
        number = min(number, MAX_PAGE)
        rows = _rows_at(queryset, (number - 1) * size, size + 1)
        return Page(rows=_dress(rows[:size]), number=number, has_next=len(rows) > size,
                    has_previous=number > 1)
    values = _row_values(queryset)
    if after:
        rows = _rows_beyond(values, edge, size + 1, further=True)
        return Page(rows=_dress(rows[:size]), number=number, has_next=len(rows) > size,
                    has_previous=number > 1)
    rows = _rows_beyond(values, edge, size + 1, further=False)
    return Page(rows=_dress(rows[:size][::-1]), number=number, has_next=True, has_previous=len(rows) > size)


def _page_of_keys(user, matches: Matches, number: int, *, after: str = "", before: str = "") -> Page | None:
    """page_of for rows whose keys are known, in the list's order: only the page's own rows are read.
    None when the page reaches past the matches known."""
    size, keys = PAGE_SIZE, matches.keys
    number = max(1, number)
    edge = _cursor_key(after or before)
    if edge is None:
        number = min(number, MAX_PAGE)
        chosen = keys[(number - 1) * size : number * size + 1]
        known = len(chosen) > size
        has_next, has_previous, chosen = len(chosen) > size, number > 1, chosen[:size]
    elif after:
        chosen = [key for key in keys if key < edge][: size + 1]
        known = len(chosen) > size
        has_next, has_previous, chosen = len(chosen) > size, number > 1, chosen[:size]
    else:
        chosen = [key for key in keys if key > edge][-(size + 1) :]
        known = bool(keys) and edge >= keys[-1]  # every match before the edge is among the keys
        has_next, has_previous, chosen = True, len(chosen) > size, chosen[-size:]
    if not (matches.complete or known):
        return None
    rows = _rows_by_id(user, [key[-1] for key in chosen])
    return Page(rows=_dress(rows), number=number, has_next=has_next, has_previous=has_previous)


# The database's clock, not a parameter: the statement is the same on every call and kept.
_OVERDUE_AMONG = PreparedRead(lambda type_id, ids: Deadline.objects.filter(
    subject_type_id=type_id, subject_id__in=ids, state=DeadlineState.OPEN, due_at__lt=Now()).values_list(
    "subject_id", flat=True))
_ITEM_NAMES = PreparedRead(lambda ids: LostItem.objects.filter(incident_id__in=ids).order_by("id").values_list(
    "incident_id", "name"))
_ROWS_BY_ID = PreparedRead(lambda ids: _row_values(Incident.objects.filter(pk__in=ids).order_by(*LIST_ORDER)))
_ROWS_BY_ID_OF_SITES = PreparedRead(lambda ids, sites: _row_values(
    Incident.objects.filter(pk__in=ids, site_id__in=sites).order_by(*LIST_ORDER)))


def _rows_by_id(user, ids: list[int]) -> list[tuple]:
    """The list's rows of these incidents, those of the user's sites only, in the list's order."""
    sites = visible_site_ids(user)
    if not ids or sites == []:
        return []
    return _ROWS_BY_ID(ids) if sites is None else _ROWS_BY_ID_OF_SITES(ids, sites)


def _rows_at(queryset: QuerySet, start: int, limit: int) -> list[tuple]:
    """`limit` rows from position `start`. Past the first page the skipped rows are counted on the index
    alone (ids only, no joins), then only the page's rows are read whole: skipping 10,000 rows with their
    customers, sites and owners joined took 90–180 ms at a million incidents, by ids 6 ms."""
    if start == 0:
        return list(_row_values(queryset)[:limit])
    ids = list(queryset.values_list("pk", flat=True)[start : start + limit])
    return list(_row_values(queryset.filter(pk__in=ids))) if ids else []


def _rows_beyond(queryset: QuerySet, edge: tuple, limit: int, *, further: bool) -> list:
    """The rows after the cursor (further down the list) or before it, nearest first.

    Read in two parts, the cursor's own priority and then the others: PostgreSQL estimates a row comparison
    from its first column alone, and most incidents share the lowest priority, so one comparison over
    (priority, created_at, id) looked empty to the planner and it sorted every incident of the site.
    """
    priority, created_at, pk = edge
    side = "<" if further else ">"
    same = queryset.filter(priority=priority).extra(
        where=[f"{_CREATED} {side} (%s, %s)"], params=[connection.ops.adapt_datetimefield_value(created_at), pk])
    others = queryset.filter(**{"priority__lt" if further else "priority__gt": priority})
    if not further:
        same, others = same.reverse(), others.reverse()
    rows = list(same[:limit])
    return rows + list(others[: max(0, limit - len(rows))]) if len(rows) < limit else rows


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
