"""Registering found items, their photos, the cash count and the unclaimed-property notice (CUS-1, CUS-2, CUS-8)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.errors import CustodyError
from custody.models import (
    CustodyTransfer, FinderKind, FoundItem, FoundItemPhoto, ItemState, LocationKind, ReferenceCounter,
    StorageLocation, TransferKind,
)
from incidents.tokens import search_text
from lostfound.audit import acting
from organization.models import Area, Site
from policy.models import ItemCategory

# Clocks of phones and PCs differ a little; a found time this far ahead is still "now".
FUTURE_SKEW = datetime.timedelta(minutes=5)


@dataclass
class FoundItemData:
    category: ItemCategory
    name: str
    found_at: datetime.datetime
    location: StorageLocation
    brand_model: str = ""
    colour: str = ""
    quantity: int = 1
    features: str = ""
    hidden_details: str = ""
    area: Area | None = None
    place_detail: str = ""
    finder_kind: str = FinderKind.STAFF
    finder_staff: object = None
    finder_name: str = ""
    finder_contact: str = ""
    received_by: object = None
    seal_number: str = ""
    cash_amount: Decimal | None = None
    cash_currency: str = ""


def location_refusal(category: ItemCategory, location: StorageLocation) -> str | None:
    """Why an item of `category` may not be kept at `location`, or None (CUS-2)."""
    if category.is_cash:
        if location.kind not in (LocationKind.SAFE, LocationKind.CASH_BOX):
            return _("Cash can only be kept in a safe or a cash box.")
    elif category.valuable and location.kind != LocationKind.SAFE:
        return _("A valuable (%(category)s) can only be kept in a safe.") % {"category": category.name}
    return None


def check_location(*, site: Site, category: ItemCategory, location: StorageLocation | None, seal_number: str) -> None:
    if location is None:
        raise CustodyError(_("Choose where the item is kept."), field="location")
    if location.site_id != site.pk or not location.is_active:
        raise CustodyError(_("Choose a storage location of this site."), field="location")
    refusal = location_refusal(category, location)
    if refusal:
        raise CustodyError(refusal, field="location")
    if category.valuable and not (seal_number or "").strip():
        raise CustodyError(_("A valuable goes into a sealed bag: record the seal number."), field="seal_number")


def reference_next(*, site: Site, at: datetime.datetime) -> str:
    """FI-SH01-20261122-0001: per site and local day; the counter row makes two registrations race-free."""
    day = timezone.localtime(at, site.zone).date()
    for _attempt in range(3):
        updated = ReferenceCounter.objects.filter(site=site, day=day).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(site=site, day=day, last=1)
            except IntegrityError:  # another registration created the row first: count on it
                continue
        number = ReferenceCounter.objects.get(site=site, day=day).last
        return f"FI-{site.code}-{day:%Y%m%d}-{number:04d}"
    raise CustodyError(_("Could not give the item a reference; please try again."))


def item_search_text(item: FoundItem) -> str:
    return search_text([item.reference, item.name, item.brand_model, item.colour, item.features, item.place_detail,
                        item.category.name_zh_hans, item.category.name_en])


def _validate(*, site: Site, data: FoundItemData, by, now: datetime.datetime) -> None:
    if not (data.name or "").strip():
        raise CustodyError(_("Say what the item is."), field="name")
    if data.category is None or not data.category.is_active:
        raise CustodyError(_("Choose a category."), field="category")
    if data.found_at is None or data.found_at > now + FUTURE_SKEW:
        raise CustodyError(_("The time found cannot be in the future."), field="found_at")
    if data.area is not None and data.area.site_id != site.pk:
        raise CustodyError(_("Choose an area of this site."), field="area")
    if (data.quantity or 0) < 1:
        raise CustodyError(_("The quantity must be at least 1."), field="quantity")
    if data.finder_kind == FinderKind.GUEST:
        if not data.finder_name.strip() or not data.finder_contact.strip():
            raise CustodyError(_("A guest who found an item leaves a name and a phone number or e-mail."),
                               field="finder_contact")
    elif data.finder_kind != FinderKind.STAFF:
        raise CustodyError(_("Say who found the item."), field="finder_kind")
    check_location(site=site, category=data.category, location=data.location, seal_number=data.seal_number)
    if data.category.is_cash and (data.cash_amount is None or data.cash_amount <= 0):
        raise CustodyError(_("Count the cash and record the amount."), field="cash_amount")


@transaction.atomic
def found_item_register(*, site: Site, data: FoundItemData, by, photos=(), alert: bool = True) -> FoundItem:
    """Register a found item, put it at its first location and alert owners of reports it matches (CUS-1, CUS-4)."""
    from custody.services.matches import alert_new_matches

    now = timezone.now()
    _validate(site=site, data=data, by=by, now=now)
    checked = [_check_photo(upload) for upload in photos]
    with acting(by):
        item = FoundItem(
            site=site, area=data.area, reference=reference_next(site=site, at=now), category=data.category,
            name=data.name.strip(), brand_model=data.brand_model.strip(), colour=data.colour.strip(),
            quantity=data.quantity, features=data.features.strip(), hidden_details=data.hidden_details.strip(),
            found_at=data.found_at, place_detail=data.place_detail.strip(), finder_kind=data.finder_kind,
            finder_staff=(data.finder_staff or by) if data.finder_kind == FinderKind.STAFF else None,
            finder_name=data.finder_name.strip() if data.finder_kind == FinderKind.GUEST else "",
            finder_contact=data.finder_contact.strip() if data.finder_kind == FinderKind.GUEST else "",
            received_by=data.received_by or by, registered_by=by, registered_at=now, state=ItemState.IN_CUSTODY,
            location=data.location, seal_number=data.seal_number.strip(),
        )
        if data.category.is_cash:
            item.cash_amount = data.cash_amount
            item.cash_currency = (data.cash_currency or site.currency).upper()
            item.cash_counted_by = by
        item.search_text = item_search_text(item)
        item.save()
        CustodyTransfer.objects.create(
            item=item, kind=TransferKind.INTAKE, to_location=data.location, by=by, at=now,
            reason=str(_("Registered as found")), seal_number=item.seal_number,
        )
        for photo in checked:
            _save_photo(item, photo, by)
        if alert:
            alert_new_matches(found_item=item)
    return item


def _check_photo(upload):
    from incidents.errors import IncidentError
    from incidents.photos import check_photo

    try:
        return check_photo(upload)
    except IncidentError as error:
        raise CustodyError(error.message, field="photos") from None


def _save_photo(item: FoundItem, photo, by) -> FoundItemPhoto:
    from incidents.photos import as_files

    image, thumbnail = as_files(photo)
    row = FoundItemPhoto(item=item, content_type=photo.content_type, uploaded_by=by)
    row.image.save(image.name, image, save=False)
    row.thumbnail.save(thumbnail.name, thumbnail, save=False)
    row.save()
    return row


@transaction.atomic
def found_item_photo_add(*, item: FoundItem, by, upload) -> FoundItemPhoto:
    photo = _check_photo(upload)
    with acting(by):
        return _save_photo(item, photo, by)


def lock(item: FoundItem) -> FoundItem:
    """Re-read the item under a row lock: two people acting at once act one after the other."""
    fresh = FoundItem.objects.select_for_update().get(pk=item.pk)
    item.__dict__.update({f.attname: getattr(fresh, f.attname) for f in FoundItem._meta.concrete_fields})
    return item


@transaction.atomic
def cash_confirm(*, item: FoundItem, by, amount: Decimal) -> FoundItem:
    """The second count of cash (CUS-2): another staff member counts and must reach the same amount."""
    with acting(by):
        lock(item)
        if not item.category.is_cash:
            raise CustodyError(_("Only cash is counted twice."))
        if item.cash_confirmed_by_id is not None:
            raise CustodyError(_("The cash count has already been confirmed."))
        if item.cash_counted_by_id == by.pk:
            raise CustodyError(
                _("Cash must be counted by two different staff members: someone else has to confirm your count."),
                field="amount",
            )
        if amount is None or Decimal(amount) != item.cash_amount:
            raise CustodyError(
                _("Your count differs from the first count: count again together and correct the record."),
                field="amount",
            )
        item.cash_confirmed_by = by
        item.cash_confirmed_at = timezone.now()
        item.save(update_fields=["cash_confirmed_by", "cash_confirmed_at", "updated_at"])
    return item


@transaction.atomic
def notice_record(*, item: FoundItem, by, date: datetime.date, channel: str) -> FoundItem:
    """The unclaimed-property notice (CUS-8): retention then counts from its date."""
    channel = (channel or "").strip()
    if date is None or not channel:
        raise CustodyError(_("Give the date and where the notice was published."), field="channel")
    if date > timezone.localdate():
        raise CustodyError(_("The notice date cannot be in the future."), field="date")
    with acting(by):
        lock(item)
        item.notice_date = date
        item.notice_channel = channel
        item.save(update_fields=["notice_date", "notice_channel", "updated_at"])
    return item


def ensure_releasable(item: FoundItem) -> None:
    """An item leaves custody only from stock, and cash only once two people have counted it."""
    if item.state != ItemState.IN_CUSTODY:
        raise CustodyError(
            _("This item is no longer in custody (%(state)s): it cannot be released again.")
            % {"state": ItemState(item.state).label}
        )
    if item.category.is_cash and item.cash_confirmed_by_id is None:
        raise CustodyError(_("The cash has been counted by one person only: a second staff member must confirm it first."))
