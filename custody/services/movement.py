"""Custody transfers and stock checks (CUS-3, CUS-9): every move is a record; a missing item is a custody loss."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.errors import CustodyError
from custody.models import (
    SECURE_KINDS, CustodyTransfer, FoundItem, ItemState, StockCheck, StockCheckLine, StorageLocation, TransferKind,
)
from custody.services.intake import check_location, lock
from lostfound.audit import acting


@transaction.atomic
def custody_transfer(*, item: FoundItem, to_location: StorageLocation, by, reason: str, seal_number: str = "") -> CustodyTransfer:
    """Move an item between storage locations of its site. A valuable keeps to safes, in a sealed bag."""
    reason = (reason or "").strip()
    if not reason:
        raise CustodyError(_("Say why the item is moved."), field="reason")
    with acting(by):
        lock(item)
        if item.state != ItemState.IN_CUSTODY:
            raise CustodyError(_("Only an item in custody can be moved."))
        seal_number = (seal_number or "").strip() or item.seal_number
        check_location(site=item.site, category=item.category, location=to_location, seal_number=seal_number)
        if to_location.pk == item.location_id:
            raise CustodyError(_("The item is already there."), field="to_location")
        transfer = CustodyTransfer.objects.create(
            item=item, kind=TransferKind.MOVE, from_location_id=item.location_id, to_location=to_location, by=by,
            reason=reason, seal_number=seal_number,
        )
        item.location = to_location
        item.seal_number = seal_number
        item.save(update_fields=["location", "seal_number", "updated_at"])
    return transfer


def leave_custody(*, item: FoundItem, kind: str, to_party: str, by, reason: str, state: str,
                  at: datetime.datetime | None = None) -> CustodyTransfer:
    """The last transfer of an item (owner, courier, police, disposal); the caller holds the row lock."""
    at = at or timezone.now()
    transfer = CustodyTransfer.objects.create(
        item=item, kind=kind, from_location_id=item.location_id, to_party=to_party[:200], by=by, at=at,
        reason=reason[:300], seal_number=item.seal_number,
    )
    item.state = state
    item.location = None
    item.left_custody_at = at
    item.save(update_fields=["state", "location", "left_custody_at", "updated_at"])
    return transfer


def expected_at(location: StorageLocation):
    """What should be at a location: the items whose last transfer put them there and are still in custody."""
    return FoundItem.objects.filter(location=location, state=ItemState.IN_CUSTODY).select_related("category")


@transaction.atomic
def stock_check_record(*, location: StorageLocation, by, present: Iterable[int], note: str = "") -> StockCheck:
    """Record a stock check: every expected item is ticked present or noted missing. A missing item leaves
    the stock as a custody loss and the company is liable for it (CUS-9)."""
    present_ids = {int(pk) for pk in present}
    now = timezone.now()
    with acting(by):
        items = list(expected_at(location).select_for_update(of=("self",)).order_by("pk"))
        check = StockCheck.objects.create(location=location, by=by, at=now, note=(note or "").strip())
        StockCheckLine.objects.bulk_create(
            [StockCheckLine(stock_check=check, item=item, present=item.pk in present_ids) for item in items]
        )
        for item in items:
            if item.pk in present_ids:
                continue
            item.custody_loss = True
            item.custody_loss_at = now
            item.company_liable = True
            item.save(update_fields=["custody_loss", "custody_loss_at", "company_liable", "updated_at"])
            leave_custody(
                item=item, kind=TransferKind.LOSS, to_party="", by=by, at=now, state=ItemState.MISSING,
                reason=str(_("Missing at the stock check of %(location)s") % {"location": location.path}),
            )
    return check


@transaction.atomic
def location_create(*, site, kind: str, name: str, by, parent: StorageLocation | None = None, custodian=None) -> StorageLocation:
    name = (name or "").strip()
    if not name:
        raise CustodyError(_("Give the location a name."), field="name")
    if parent is not None and parent.site_id != site.pk:
        raise CustodyError(_("A location can only be inside a location of the same site."), field="parent")
    if kind in SECURE_KINDS and custodian is None:
        raise CustodyError(_("A safe or a cash box has a named custodian."), field="custodian")
    if StorageLocation.objects.filter(site=site, parent=parent, name=name).exists():
        raise CustodyError(_("There is already a location of this name here."), field="name")
    with acting(by):
        return StorageLocation.objects.create(site=site, kind=kind, name=name, parent=parent, custodian=custodian)
