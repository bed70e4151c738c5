"""Registering found items and where they may be kept (CUS-1, CUS-2, CUS-3)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from custody.errors import CustodyError
from custody.models import CustodyTransfer, FinderKind, ItemState, TransferKind
from custody.services import cash_confirm, custody_transfer, item_release


def test_register_gives_a_reference_and_a_first_transfer(register, site, storage, custodian):
    item = register(category="umbrella")
    assert item.reference.startswith(f"FI-{site.code}-")
    assert item.state == ItemState.IN_CUSTODY
    assert item.location == storage["shelf"]
    transfer = item.transfers.get()
    assert (transfer.kind, transfer.to_location, transfer.by) == (TransferKind.INTAKE, storage["shelf"], custodian)
    assert register(category="umbrella").reference != item.reference


def test_a_guest_finder_leaves_contact_details(register):
    with pytest.raises(CustodyError, match="guest"):
        register(category="umbrella", finder_kind=FinderKind.GUEST, finder_name="Guest", finder_contact="")
    item = register(category="umbrella", finder_kind=FinderKind.GUEST, finder_name="Li", finder_contact="13800000000")
    assert item.finder_staff is None and item.finder_contact == "13800000000"


def test_found_time_cannot_be_in_the_future(register):
    with pytest.raises(CustodyError, match="future"):
        register(category="umbrella", found_at=timezone.now() + datetime.timedelta(hours=1))


def test_a_valuable_outside_a_safe_is_refused(register):
    with pytest.raises(CustodyError, match="safe") as error:
        register(category="jewellery", location="shelf")
    assert error.value.field == "location"


def test_a_valuable_needs_a_sealed_bag(register):
    with pytest.raises(CustodyError, match="seal"):
        register(category="watch", location="safe", seal_number="")
    assert register(category="watch", location="safe", seal_number="S-77").seal_number == "S-77"


def test_a_valuable_cannot_be_moved_out_of_the_safe(register, storage, custodian):
    item = register(category="watch")
    with pytest.raises(CustodyError, match="safe"):
        custody_transfer(item=item, to_location=storage["shelf"], by=custodian, reason="space")
    item.refresh_from_db()
    assert item.location == storage["safe"]


def test_cash_goes_into_a_safe_or_cash_box_only(register):
    with pytest.raises(CustodyError, match="Cash"):
        register(category="cash", location="shelf")
    assert register(category="cash", location="safe").cash_counted_by is not None


def test_cash_counted_by_one_person_is_refused(register, custodian, security_officer):
    item = register(category="cash", cash_amount=Decimal("1250.50"))
    with pytest.raises(CustodyError, match="two different staff"):
        cash_confirm(item=item, by=custodian, amount=Decimal("1250.50"))
    with pytest.raises(CustodyError, match="differs"):
        cash_confirm(item=item, by=security_officer, amount=Decimal("1200"))
    item = cash_confirm(item=item, by=security_officer, amount=Decimal("1250.50"))
    assert item.cash_confirmed_by == security_officer and item.cash_counted_by == custodian


def test_unconfirmed_cash_is_not_released(register, front_desk):
    from custody.services import ReleaseData

    item = register(category="cash")
    data = ReleaseData(claimant_kind="owner", claimant_name="王小明", id_type="id_card", id_number="310101199001011234",
                       claimant_answers="500 元", details_match=True, signed_on_paper=True, id_consent=True)
    with pytest.raises(CustodyError, match="one person"):
        item_release(item=item, by=front_desk, data=data)


def test_cash_needs_an_amount(register):
    with pytest.raises(CustodyError, match="amount"):
        register(category="cash", cash_amount=None)


def test_every_move_is_recorded_and_the_last_one_is_the_place(register, storage, custodian, security_officer):
    item = register(category="umbrella")
    custody_transfer(item=item, to_location=storage["shelf2"], by=security_officer, reason="Shelf 1 is full")
    item.refresh_from_db()
    assert item.location == storage["shelf2"]
    last = CustodyTransfer.objects.filter(item=item).last()
    assert (last.from_location, last.to_location, last.by, last.reason) == (
        storage["shelf"], storage["shelf2"], security_officer, "Shelf 1 is full")
    with pytest.raises(CustodyError, match="why"):
        custody_transfer(item=item, to_location=storage["shelf"], by=custodian, reason="")


def test_transfers_are_append_only(register):
    transfer = register(category="umbrella").transfers.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        transfer.delete()
    transfer.reason = "changed"
    with pytest.raises(ValidationError):
        transfer.save()


def test_location_of_another_site_is_refused(register, other_site):
    from custody.models import LocationKind, StorageLocation

    elsewhere = StorageLocation.objects.create(site=other_site, kind=LocationKind.SHELF, name="BJ shelf")
    with pytest.raises(CustodyError, match="this site"):
        register(category="umbrella", location=elsewhere)


def test_photos_are_checked_and_thumbnailed(register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.custody.conftest import jpeg_upload

    with pytest.raises(CustodyError, match="photo"):
        register(category="umbrella", photos=[SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")])
    item = register(category="umbrella", photos=[jpeg_upload("umbrella.jpg")])
    photo = item.photos.get()
    assert photo.thumbnail.name and photo.content_type == "image/jpeg"
