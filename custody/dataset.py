"""Generated found items, custody transfers, matches, returns and disposals (issue #10).

Items matched to a report are registered between the loss and the incident's *found* time and follow
the incident (returned with it); the others are registered evenly over the period and, by their age,
are still in custody, collected by a walk-in owner, or disposed of after their retention period.
"""

import datetime

from custody.models import (
    ClaimantKind, CustodyTransfer, Disposal, DisposalRoute, DisposalState, FinderKind, FoundItem, ItemState, LocationKind,
    Match, MatchDecision, ReferenceCounter, Release, StorageLocation, TransferKind,
)
from custody.selectors import settings as custody_settings
from incidents import dataset_texts as texts
from incidents.dataset import IncidentFacts, weighted, search_line
from incidents.services.customers import id_number_hash, id_number_mask
from organization.dataset import SiteWorld, World
from organization.roles import Role
from policy.models import ItemCategory

M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)

LOCATIONS = [  # (kind, name, inside)
    (LocationKind.ROOM, "保管室 Store room", None),
    (LocationKind.SHELF, "A1 货架 Shelf A1", "保管室 Store room"),
    (LocationKind.SHELF, "A2 货架 Shelf A2", "保管室 Store room"),
    (LocationKind.SHELF, "B1 货架 Shelf B1", "保管室 Store room"),
    (LocationKind.SAFE, "保险柜 Safe", "保管室 Store room"),
    (LocationKind.CASH_BOX, "现金箱 Cash box", "保险柜 Safe"),
    (LocationKind.FRIDGE, "冰箱 Fridge", "保管室 Store room"),
]


def _locations(world: SiteWorld) -> dict[str, list[StorageLocation]]:
    made: dict[str, StorageLocation] = {}
    by_kind: dict[str, list[StorageLocation]] = {}
    for kind, name, inside in LOCATIONS:
        location, _ = StorageLocation.objects.get_or_create(
            site=world.site, parent=made.get(inside), name=name,
            defaults={"kind": kind, "custodian": world.first(Role.CUSTODIAN) if kind == LocationKind.SAFE else None},
        )
        made[name] = location
        by_kind.setdefault(location.kind, []).append(location)
    return by_kind


class CustodyWriter:
    def __init__(self, world: World, sites: list[SiteWorld], *, total: int, incidents: int) -> None:
        self.world, self.rng = world, world.rng
        self.sites = sites
        self.total, self.incident_total = total, incidents
        self.produced = 0
        bulk = world.bulk
        self.items = bulk.table(FoundItem, [
            "id", "site", "area", "reference", "category", "name", "brand_model", "colour", "quantity", "features",
            "hidden_details", "found_at", "place_detail", "finder_kind", "finder_staff", "finder_name", "finder_contact",
            "received_by", "registered_by", "registered_at", "state", "location", "seal_number", "cash_amount",
            "cash_currency", "cash_counted_by", "cash_confirmed_by", "cash_confirmed_at", "notice_date",
            "notice_channel", "custody_loss", "custody_loss_at", "company_liable", "left_custody_at", "search_text",
            "updated_at"])
        self.transfers = bulk.table(CustodyTransfer, [
            "id", "item", "kind", "from_location", "to_location", "to_party", "by", "at", "reason", "seal_number"])
        self.matches = bulk.table(Match, [
            "id", "found_item", "lost_item", "incident", "decision", "score", "reasons", "note", "decided_by",
            "decided_at"])
        self.releases = bulk.table(Release, [
            "id", "item", "incident", "claimant_kind", "claimant_name", "claimant_phone", "id_type", "id_number_masked",
            "id_number_hash", "owner_name", "owner_id_type", "owner_id_number_masked", "owner_id_number_hash",
            "authorisation_letter", "claimant_answers", "details_match", "signature", "signed_on_paper", "released_by",
            "released_at"])
        self.disposals = bulk.table(Disposal, [
            "id", "item", "route", "state", "recipient", "proposed_by", "proposed_at", "note", "decided_by",
            "decided_at", "receipt_number", "receipt"])
        self.locations = {world.site.id: _locations(world) for world in sites}
        self.perishable_hours = custody_settings().perishable_hold_hours
        self.categories = list(ItemCategory.objects.filter(is_active=True).order_by("code"))
        by_code = {c.code: c for c in self.categories}
        self.category_pool = [(by_code[code], spec) for code, spec in texts.ITEMS.items() if code in by_code]
        self.category = weighted(self.rng, [(entry, entry[1][0]) for entry in self.category_pool])
        self.counters: dict[tuple[int, datetime.date], int] = {}
        for site_id, day, last in ReferenceCounter.objects.filter(site__in=[s.site for s in sites]).values_list(
                "site_id", "day", "last"):
            self.counters[(site_id, day)] = last

    def write(self, facts: list[IncidentFacts], *, first: int, count: int) -> None:
        """Found items for the chunk of incidents `first`…`first+count` and the same stretch of time."""
        rng = self.rng
        planned = []  # (registered_at, tiebreak, builder args)
        for f in facts:
            if f.found_at is None:
                continue
            low = f.lost_until + M * 10
            high = f.found_at - M * 5
            registered = low + (high - low) * rng.random() if high > low else high
            planned.append((registered, len(planned), f))
        target = self.total * (first + count) // max(self.incident_total, 1)
        walk_ins = max(target - self.produced - len(planned), 0)
        start = self.world.start + (self.world.until - self.world.start) * first / max(self.incident_total, 1)
        span = (self.world.until - self.world.start) * count / max(self.incident_total, 1)
        for _n in range(walk_ins):
            planned.append((start + span * rng.random(), len(planned), None))
        planned.sort(key=lambda entry: (entry[0], entry[1]))
        for registered, _tie, f in planned:
            if f is not None:
                self._matched(f, registered)
            else:
                self._unmatched(registered)
        self.produced += len(planned)

    def _reference(self, world: SiteWorld, at: datetime.datetime) -> str:
        day = at.astimezone(world.site.zone).date()
        key = (world.site.id, day)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        return f"FI-{world.site.code}-{day:%Y%m%d}-{number:04d}"

    def _place_for(self, world: SiteWorld, category: ItemCategory) -> StorageLocation:
        kinds = self.locations[world.site.id]
        if category.is_cash:
            return kinds[LocationKind.CASH_BOX][0]
        if category.valuable:
            return kinds[LocationKind.SAFE][0]
        if category.perishable:
            return kinds[LocationKind.FRIDGE][0]
        return self.rng.choice(kinds[LocationKind.SHELF])

    def _item(self, *, world: SiteWorld, registered, category, name, brand, colour, features, area, place, state,
              left_at, by) -> tuple[int, StorageLocation, str]:
        rng = self.rng
        pk = self.items.allocate()
        reference = self._reference(world, registered)
        location = self._place_for(world, category)
        found_at = registered - M * rng.randint(5, 90)
        guest = rng.random() < 0.3
        custodians = world.staff[Role.CUSTODIAN]
        seal = f"S{rng.randrange(10**7):07d}" if category.valuable or category.is_cash else ""
        cash = (rng.randint(1, 50) * 100, "CNY", custodians[0].pk, custodians[1].pk, registered + M * 15) \
            if category.is_cash else (None, "", None, None, None)
        finder = world.first(Role.SECURITY_OFFICER).pk
        parts = [reference, name, brand, colour, features, place, category.name_zh_hans, category.name_en]
        self.items.add((
            pk, world.site.id, area.id if area else None, reference, category.id, name, brand, colour, 1, features,
            "", found_at, place, FinderKind.GUEST if guest else FinderKind.STAFF, None if guest else finder,
            f"{rng.choice(texts.EN_FIRST)} {rng.choice(texts.EN_LAST)}" if guest else "",
            f"1{rng.choice('358')}{rng.randrange(10**9):09d}" if guest else "", by.id, by.id, registered, state,
            location.id if state == ItemState.IN_CUSTODY else None, seal, *cash, None, "", False, None, False, left_at,
            search_line(parts, unique=1), left_at or registered,
        ))
        self.transfers.add((self.transfers.allocate(), pk, TransferKind.INTAKE, None, location.id, "", by.id, registered,
                            "Registered as found", seal))
        return pk, location, reference

    def _matched(self, f: IncidentFacts, registered: datetime.datetime) -> None:
        rng, world = self.rng, f.world
        lost = f.items[0]
        custodian = world.first(Role.CUSTODIAN)
        state = ItemState.RELEASED if f.returned_at else ItemState.IN_CUSTODY
        pk, location, reference = self._item(
            world=world, registered=registered, category=lost.category, name=lost.name, brand=lost.brand,
            colour=lost.colour, features=lost.features, area=f.area, place=f.place, state=state,
            left_at=f.returned_at, by=custodian,
        )
        f.match_id = self.matches.allocate()
        f.found_item_reference = reference
        self.matches.add((f.match_id, pk, lost.id, f.id, MatchDecision.CONFIRMED, rng.randint(55, 98), [], "",
                          custodian.id, f.found_at))
        if f.returned_at:
            self._release(pk, location, incident_id=f.id, name=f.customer.name, phone=f.customer.phone,
                          at=f.returned_at, by=custodian)

    def _release(self, pk, location, *, incident_id, name, phone, at, by) -> None:
        number = f"31010{self.rng.randrange(10**13):013d}"
        masked = id_number_mask(number)
        self.releases.add((
            self.releases.allocate(), pk, incident_id, ClaimantKind.OWNER, name, phone, "id_card", masked,
            id_number_hash(number), "", "", "", "", "", "描述与登记一致 Description matches the record", True, "", True,
            by.id, at,
        ))
        self.transfers.add((self.transfers.allocate(), pk, TransferKind.OWNER, location.id, None, name, by.id, at,
                            f"Returned against ID ({masked})", ""))

    def _unmatched(self, registered: datetime.datetime) -> None:
        rng, until = self.rng, self.world.until
        world = rng.choice(self.sites)
        category, (_w, names, brands, features) = self.category()
        custodian = rng.choice(world.staff[Role.CUSTODIAN])
        kept = datetime.timedelta(hours=self.perishable_hours) if category.perishable else D * category.retention_days
        collected = registered + M * rng.randint(60, 14400) if rng.random() < 0.12 else None
        disposed = registered + kept + D * rng.randint(1, 14)
        state, left_at = ItemState.IN_CUSTODY, None
        if collected and collected < until:
            state, left_at = ItemState.RELEASED, collected
        elif disposed < until and rng.random() < 0.9:
            state, left_at = ItemState.DISPOSED, disposed
        pk, location, _reference = self._item(
            world=world, registered=registered, category=category, name=rng.choice(names), brand=rng.choice(brands),
            colour=rng.choice(texts.COLOURS), features=rng.choice(features),
            area=rng.choice(world.areas) if rng.random() < 0.9 else None, place=rng.choice(texts.PLACES), state=state,
            left_at=left_at, by=custodian,
        )
        if state == ItemState.RELEASED:
            name = rng.choice(texts.ZH_SURNAMES) + rng.choice(texts.ZH_GIVEN)
            self._release(pk, location, incident_id=None, name=name, phone=f"138{rng.randrange(10**8):08d}",
                          at=collected, by=custodian)
        elif state == ItemState.DISPOSED:
            route = (DisposalRoute.ISSUER if category.code in ("id-document", "bank-card") else
                     DisposalRoute.POLICE if category.is_cash or category.valuable else
                     DisposalRoute.DESTROYED if category.perishable else rng.choice([DisposalRoute.DONATED,
                                                                                     DisposalRoute.DESTROYED]))
            recipient = {DisposalRoute.POLICE: "静安派出所 Jing'an police station", DisposalRoute.ISSUER: "发证机关 Issuer",
                         DisposalRoute.DONATED: "红十字会 Red Cross"}.get(route, "")
            proposed = disposed - D * 2 if disposed - D * 2 > registered else registered
            manager = world.first(Role.MANAGER)
            receipt = f"R{rng.randrange(10**8):08d}"
            self.disposals.add((self.disposals.allocate(), pk, route, DisposalState.DONE, recipient, custodian.id,
                                proposed, "", manager.id, disposed, receipt, ""))
            kind = TransferKind.POLICE if route == DisposalRoute.POLICE else TransferKind.DISPOSAL
            self.transfers.add((self.transfers.allocate(), pk, kind, location.id, None,
                                recipient or str(DisposalRoute(route).label), manager.id, disposed,
                                f"Unclaimed: {DisposalRoute(route).label}, receipt {receipt}", ""))

    def finish(self) -> None:
        # Counters started from the stored ones, so ours are never behind: overwrite.
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(site_id=site_id, day=day, last=last) for (site_id, day), last in self.counters.items()],
            update_conflicts=True, unique_fields=["site", "day"], update_fields=["last"], batch_size=1000,
        )
