"""Generated customers, incidents, lost items, timelines and follow-ups (issue #10).

`plan` decides each incident's whole life from its filing time (every later step drawn after the one
before; what lies after the data set's clock has not happened yet), so statuses, timestamps, deadlines
and messages agree the way the services would leave them. `write` turns the plan into rows.
"""

import base64
import itertools
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from incidents import dataset_texts as texts
from incidents.models import (
    SEVERITY_RANK, Channel, Customer, FollowUp, FollowUpSource, Incident, Kind, LostItem, Outcome, PoliceReport,
    ReferenceCounter, Severity, Status, TheftBy, TimelineEvent,
)
from incidents.tokens import tokens
from organization.dataset import Json, SiteWorld, World
from organization.roles import Role
from policy.models import ItemCategory

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)


@dataclass(slots=True)
class CustomerFacts:
    id: int
    name: str
    phone: str
    phone_digits: str
    email: str
    language: str
    channel: str
    declined: bool


@dataclass(slots=True)
class ItemFacts:
    id: int
    category: ItemCategory
    name: str
    brand: str
    colour: str
    features: str
    value: object
    quantity: int


class IncidentFacts:
    """One incident's life, shared by the apps' generators for the same chunk."""

    __slots__ = (
        "id", "world", "area", "reference", "kind", "theft_by", "severity", "channel", "online", "is_drill",
        "is_complaint", "opt_out", "customer", "owner", "created", "accepted_at", "rejected", "dispatched_at",
        "searching_at", "found_at", "returned_at", "not_found_at", "closed_at", "cancelled_at", "cancel_reason",
        "status", "outcome", "token", "items", "lost_from", "lost_until", "place", "description", "match_id",
        "found_item_reference", "investigated_at", "followup_at", "alerted", "note_at", "police_report", "claims",
    )

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, None)

    @property
    def t0(self) -> datetime.datetime | None:
        """When the report entered the normal flow: filed by staff, or accepted from the online form."""
        return self.accepted_at if self.online else self.created

    @property
    def is_emergency(self) -> bool:
        return self.severity == Severity.URGENT or self.kind == Kind.THEFT

    @property
    def site(self):
        return self.world.site


_POOL_TOKENS: dict[str, list[str]] = {}


def search_line(parts: list[str], *, unique: int) -> str:
    """`incidents.tokens.search_text(parts)`; the tokens of all but the first `unique` parts (texts drawn from
    the few hundred of the pools) are computed once."""
    seen: dict[str, None] = {}
    for index, part in enumerate(parts):
        part = part or ""
        found = _POOL_TOKENS.get(part) if index >= unique else None
        if found is None:
            found = tokens(part)
            if index >= unique and len(_POOL_TOKENS) < 50000:
                _POOL_TOKENS[part] = found
        for token in found:
            seen.setdefault(token, None)
    return " " + " ".join(seen) + " " if seen else ""


def weighted(rng, pairs):
    """A draw from fixed weights (cumulated once: `choices` would add them up on every call)."""
    values, weights = zip(*pairs, strict=True)
    cumulated = list(itertools.accumulate(weights))
    return lambda: rng.choices(values, cum_weights=cumulated)[0]


class IncidentPlanner:
    def __init__(self, world: World, sites: list[SiteWorld], *, total: int) -> None:
        self.world, self.rng, self.sites = world, world.rng, sites
        self.total = total
        self.step = (world.until - world.start) / max(total, 1)
        bulk = world.bulk
        self.customers = bulk.table(Customer, [
            "id", "site", "name", "phone", "phone_digits", "email", "preferred_language", "preferred_channel",
            "id_type", "id_number_masked", "id_number_hash", "declined_followups", "created_at", "updated_at"])
        self.incidents = bulk.table(Incident, [
            "id", "site", "area", "reference", "channel", "kind", "theft_by", "severity", "status", "priority",
            "customer", "lost_from", "lost_until", "place_detail", "description", "owner", "created_by", "is_drill",
            "is_complaint", "status_token", "progress_updates_opt_out", "police_report", "outcome", "cancel_reason",
            "acknowledged_at", "dispatched_at", "found_at", "returned_at", "closed_at", "search_text", "created_at",
            "updated_at"])
        self.items = bulk.table(LostItem, [
            "id", "incident", "category", "name", "brand_model", "colour", "quantity", "features", "estimated_value"])
        self.events = bulk.table(TimelineEvent, ["id", "incident", "at", "actor", "code", "data", "customer_visible", "text"])
        self.followups = bulk.table(FollowUp, ["id", "incident", "source", "satisfaction", "comment", "by", "at"])
        categories = {c.code: c for c in ItemCategory.objects.filter(is_active=True)}
        pool = [(code, spec) for code, spec in texts.ITEMS.items() if code in categories]
        self.category_pool = [(categories[code], spec) for code, spec in pool]
        self.category = weighted(self.rng, [(entry, entry[1][0]) for entry in self.category_pool])
        self.counters: dict[tuple[int, datetime.date], int] = {}
        for site_id, day, last in ReferenceCounter.objects.filter(site__in=[s.site for s in sites]).values_list(
                "site_id", "day", "last"):
            self.counters[(site_id, day)] = last
        self.recent_customers: dict[int, list[CustomerFacts]] = {s.site.id: [] for s in sites}
        self.site = weighted(self.rng, [(s, len(s.areas) + 4) for s in sites])
        self.item_count = weighted(self.rng, [(1, 80), (2, 17), (3, 3)])
        self.satisfaction = weighted(self.rng, [(1, 3), (2, 5), (3, 15), (4, 37), (5, 40)])
        self.channel = weighted(self.rng, [(Channel.ON_SITE, 55), (Channel.PHONE, 20), (Channel.EMAIL, 8),
                                            (Channel.ONLINE, 10), (Channel.LETTER, 5), (Channel.FAX, 2)])
        self.severity = weighted(self.rng, [(Severity.GENERAL, 74), (Severity.MAJOR, 20), (Severity.URGENT, 6)])
        self.status_prefix, self.status_suffix = (settings.SITE_URL + reverse("public:status", args=["TOKEN"])).split("TOKEN")

    # --- planning ---------------------------------------------------------------------------------

    def plan(self, first: int, count: int) -> list[IncidentFacts]:
        rng, until = self.rng, self.world.until
        facts = []
        for index in range(first, first + count):
            f = IncidentFacts()
            f.id = self.incidents.allocate()
            f.created = self.world.start + self.step * (index + rng.random())
            f.created = f.created.replace(microsecond=0) if self.step > datetime.timedelta(seconds=2) else f.created
            f.world = self.site()
            self._report(f)
            self._life(f)
            f.status, f.outcome = self._status_at(f, until)
            facts.append(f)
        return facts

    def _report(self, f: IncidentFacts) -> None:
        rng, site = self.rng, f.world.site
        f.area = rng.choice(f.world.areas) if rng.random() < 0.92 else None
        f.channel = self.channel()
        f.online = f.channel == Channel.ONLINE
        f.kind = Kind.THEFT if rng.random() < 0.12 else Kind.LOSS
        f.theft_by = rng.choice([TheftBy.UNKNOWN, TheftBy.STRANGER, TheftBy.ACQUAINTANCE]) if f.kind == Kind.THEFT else ""
        f.severity = self.severity()
        f.is_drill = rng.random() < 0.01
        f.is_complaint = rng.random() < 0.03
        f.opt_out = rng.random() < 0.05
        f.customer = self._customer(f)
        f.owner = None if f.online else rng.choice(f.world.staff[Role.FRONT_DESK])
        day = (f.created.astimezone(site.zone)).date()
        key = (site.id, day)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        f.reference = f"LF-{site.code.upper()}-{day:%Y%m%d}-{number:04d}"
        f.token = base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).rstrip(b"=").decode()
        f.lost_until = f.created - M * rng.randint(10, 360)
        f.lost_from = f.lost_until - M * rng.randint(0, 180)
        f.place = rng.choice(texts.PLACES)
        stories = texts.THEFT_STORIES if f.kind == Kind.THEFT else texts.LOSS_STORIES
        f.description = rng.choice(stories) + " " + rng.choice(stories)
        f.items = []
        for _n in range(self.item_count()):
            category, (_w, names, brands, features) = self.category()
            f.items.append(ItemFacts(
                id=self.items.allocate(), category=category, name=rng.choice(names), brand=rng.choice(brands),
                colour=rng.choice(texts.COLOURS), features=rng.choice(features),
                value=rng.choice((None, rng.randint(1, 400) * 50)), quantity=1 if rng.random() < 0.95 else 2,
            ))

    def _customer(self, f: IncidentFacts) -> CustomerFacts:
        rng = self.rng
        recent = self.recent_customers[f.world.site.id]
        if recent and rng.random() < 0.15:
            return rng.choice(recent)
        chinese = rng.random() < 0.65
        if chinese:
            name = rng.choice(texts.ZH_SURNAMES) + rng.choice(texts.ZH_GIVEN)
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            email = f"user{rng.randrange(10**7)}@example.cn" if rng.random() < 0.3 else ""
        else:
            name = f"{rng.choice(texts.EN_FIRST)} {rng.choice(texts.EN_LAST)}"
            phone = f"+44 7700 9{rng.randrange(10**5):05d}" if rng.random() < 0.8 else ""
            email = f"{name.split()[0].lower()}{rng.randrange(10**5)}@example.com"
        channel = "email" if email and (not phone or rng.random() < 0.4) else ("phone" if rng.random() < 0.1 else "sms")
        digits = "".join(ch for ch in phone if ch.isdigit())
        customer = CustomerFacts(
            id=self.customers.allocate(), name=name, phone=phone, phone_digits=digits, email=email,
            language="zh-hans" if chinese else "en", channel=channel, declined=rng.random() < 0.05,
        )
        self.customers.add((
            customer.id, f.world.site.id, name, phone, digits, email, customer.language, channel, "", "", "",
            customer.declined, f.created, f.created,
        ))
        recent.append(customer)
        if len(recent) > 500:
            del recent[:250]
        return customer

    def _life(self, f: IncidentFacts) -> None:
        """Every step's time, drawn after the one before; steps that never happen stay None."""
        rng = self.rng
        t = f.created
        if f.online:
            if rng.random() < 0.06:
                f.cancelled_at, f.rejected = t + M * rng.randint(10, 240), True
                f.cancel_reason = rng.choice(texts.CANCEL_REASONS)
                return
            f.accepted_at = t = t + M * rng.randint(5, 180)
            f.owner = rng.choice(f.world.staff[Role.FRONT_DESK])
        cancel_at = t + M * rng.randint(30, 7200) if rng.random() < 0.07 else None
        if rng.random() < 0.98:
            f.dispatched_at = t = t + M * rng.randint(2, 45)
            f.searching_at = t = t + M * rng.randint(5, 90)
            f.investigated_at = t + M * rng.randint(10, 360) if f.is_emergency else None
            f.note_at = t + M * rng.randint(30, 600) if rng.random() < 0.3 else None
            if rng.random() < (0.15 if f.kind == Kind.THEFT else 0.38):
                f.found_at = t = t + M * min(int(rng.expovariate(1 / 1200)) + 5, 43200)
                if rng.random() < 0.93:
                    f.returned_at = t = t + M * rng.randint(60, 5760)
            else:
                f.not_found_at = t = t + M * rng.randint(1440, 10080)
            if f.returned_at or f.not_found_at:
                # Most are closed within two days; the rest when someone gets round to it.
                f.closed_at = t = t + M * (rng.randint(10, 2880) if rng.random() < 0.95 else rng.randint(2880, 30240))
                if not f.customer.declined and not f.is_drill and rng.random() < 0.9:
                    f.followup_at = t + M * rng.randint(600, 4 * 1440)
        if cancel_at is None and f.closed_at is None:
            # Stuck (never dispatched, or found and never collected): cancelled in the end.
            cancel_at = t + M * rng.randint(1440, 43200)
        if cancel_at is not None and (f.closed_at is None or cancel_at < f.closed_at):
            f.cancelled_at, f.cancel_reason = cancel_at, rng.choice(texts.CANCEL_REASONS)
            for name in ("dispatched_at", "searching_at", "found_at", "returned_at", "not_found_at", "closed_at",
                         "investigated_at", "note_at", "followup_at"):
                value = getattr(f, name)
                if value is not None and value >= cancel_at:
                    setattr(f, name, None)
        if f.kind == Kind.THEFT:
            f.police_report = PoliceReport.PENDING
            if f.investigated_at and rng.random() < 0.6:
                f.police_report = PoliceReport.FILED if rng.random() < 0.7 else PoliceReport.DECLINED

    def _status_at(self, f: IncidentFacts, until: datetime.datetime) -> tuple[str, str]:
        """The state at the data set's clock; steps after it are dropped (they have not happened)."""
        for name in ("accepted_at", "dispatched_at", "searching_at", "found_at", "returned_at", "not_found_at",
                     "closed_at", "cancelled_at", "investigated_at", "note_at", "followup_at"):
            value = getattr(f, name)
            if value is not None and value > until:
                setattr(f, name, None)
        if f.online and f.accepted_at is None and f.cancelled_at is None:
            f.owner = None
        if f.cancelled_at:
            return Status.CANCELLED, Outcome.CANCELLED
        if f.closed_at:
            return Status.CLOSED, Outcome.RETURNED if f.returned_at else Outcome.NOT_FOUND
        for name, status in (("not_found_at", Status.NOT_FOUND), ("returned_at", Status.RETURNED),
                             ("found_at", Status.FOUND), ("searching_at", Status.SEARCHING),
                             ("dispatched_at", Status.DISPATCHED)):
            if getattr(f, name):
                return status, ""
        if f.online and f.accepted_at is None:
            return Status.TO_VERIFY, ""
        return Status.REPORTED, ""

    # --- rows ---------------------------------------------------------------------------------------

    def write(self, facts: list[IncidentFacts]) -> None:
        until = self.world.until
        for f in facts:
            c = f.customer
            status = f.status
            priority = 0 if status in (Status.CLOSED, Status.CANCELLED) else (
                SEVERITY_RANK[f.severity] * 2 + (1 if f.kind == Kind.THEFT else 0))
            parts = [f.reference, c.name, c.phone, c.phone_digits, c.email, f.place, f.description]
            if c.phone_digits:
                parts.append(c.phone_digits[-4:])
            for item in f.items:
                parts += [item.name, item.brand, item.colour, item.features, item.category.name_zh_hans,
                          item.category.name_en]
                self.items.add((item.id, f.id, item.category.id, item.name, item.brand, item.colour, item.quantity,
                                item.features, item.value))
            closed_at = f.closed_at or f.cancelled_at
            last = max(t for t in (f.created, f.accepted_at, f.dispatched_at, f.searching_at, f.found_at,
                                   f.returned_at, f.not_found_at, closed_at) if t is not None)
            owner_id = f.owner.id if f.owner else None
            self.incidents.add((
                f.id, f.world.site.id, f.area.id if f.area else None, f.reference, f.channel, f.kind, f.theft_by,
                f.severity, status, priority, c.id, f.lost_from, f.lost_until, f.place, f.description, owner_id,
                None if f.online else owner_id, f.is_drill, f.is_complaint, f.token, f.opt_out,
                f.police_report or "", f.outcome, f.cancel_reason or "", f.t0 if (f.t0 and not f.rejected) else None,
                f.dispatched_at, f.found_at, f.returned_at, closed_at, search_line(parts, unique=5), f.created, min(last, until),
            ))
            self._timeline(f)

    def _timeline(self, f: IncidentFacts) -> None:
        add, allocate = self.events.add, self.events.allocate
        owner = f.owner.id if f.owner else None
        filed = ("filed", f.channel, f.kind, f.severity, len(f.items), f.online, f.is_drill)
        add((allocate(), f.id, f.created, None if f.online else owner, "incident.filed",
             Json.of(filed, lambda: dict(zip(("channel", "kind", "severity", "items", "online", "drill"), filed[1:],
                                             strict=True))), True, ""))
        previous = Status.TO_VERIFY if f.online else Status.REPORTED

        def move(at, to, text="", data=None, by=owner):
            nonlocal previous
            if data and "match" in data:  # one of its kind: not worth keeping
                value = {"from": previous, "to": to, **data}
            else:
                moved = ("status", previous, to, *(data or {}).items())
                value = Json.of(moved, lambda: {"from": moved[1], "to": to, **(data or {})})
            add((allocate(), f.id, at, by, "incident.status", value, to != Status.REPORTED, text))
            previous = to

        if f.accepted_at:
            move(f.accepted_at, Status.REPORTED, data={"accepted": True})
        if f.t0 and f.is_emergency:
            officer = f.world.first(Role.SECURITY_OFFICER)
            f.alerted = officer
            add((allocate(), f.id, f.t0, None, "incident.alerted",
                 {"users": [officer.id], "names": [officer.get_full_name()], "after_hours": False}, False, ""))
        if f.dispatched_at:
            move(f.dispatched_at, Status.DISPATCHED, self.rng.choice(texts.NOTES))
        if f.searching_at:
            move(f.searching_at, Status.SEARCHING, self.rng.choice(texts.NOTES))
        if f.note_at:
            add((allocate(), f.id, f.note_at, owner, "incident.note", Json.of((), dict), True,
                 self.rng.choice(texts.NOTES)))
        if f.found_at:
            custodian = f.world.first(Role.CUSTODIAN).pk
            move(f.found_at, Status.FOUND, f"Matched to found item {f.found_item_reference}",
                 {"match": str(f.match_id)}, by=custodian)
        if f.returned_at:
            custodian = f.world.first(Role.CUSTODIAN).pk
            move(f.returned_at, Status.RETURNED, f"Item {f.found_item_reference} returned to {f.customer.name}",
                 by=custodian)
        if f.not_found_at:
            move(f.not_found_at, Status.NOT_FOUND, "已告知客户未找到 Customer told the item was not found")
        if f.closed_at:
            move(f.closed_at, Status.CLOSED)
        if f.cancelled_at:
            move(f.cancelled_at, Status.CANCELLED, f.cancel_reason)
        if f.followup_at:
            satisfaction = self.satisfaction()
            self.followups.add((self.followups.allocate(), f.id, FollowUpSource.STAFF_CALL, satisfaction, "", owner,
                                f.followup_at))
            add((allocate(), f.id, f.followup_at, owner, "incident.followup",
                 Json.of(("followup", satisfaction), lambda: {"source": FollowUpSource.STAFF_CALL,
                                                              "satisfaction": satisfaction}), False, ""))

    def status_url(self, f: IncidentFacts) -> str:
        return self.status_prefix + f.token + self.status_suffix

    def finish(self) -> None:
        """Leave the reference counters where the generated references end, so the next report follows on."""
        # Counters started from the stored ones, so ours are never behind: overwrite.
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(site_id=site_id, day=day, last=last) for (site_id, day), last in self.counters.items()],
            update_conflicts=True, unique_fields=["site", "day"], update_fields=["last"], batch_size=1000,
        )
