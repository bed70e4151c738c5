"""Stock checks and custody loss (CUS-3, CUS-9); unclaimed items and disposal (CUS-8)."""

import datetime

import pytest
from django.utils import timezone

from custody import selectors
from custody.errors import CustodyError
from custody.models import DisposalRoute, DisposalState, FoundItem, ItemState, TransferKind
from custody.services import (
    disposal_approve, disposal_propose, disposal_refuse, match_confirm, notice_record, stock_check_record,
)
from tests.custody.conftest import jpeg_upload


def test_a_stock_check_notes_every_missing_item_as_a_custody_loss(register, storage, custodian):
    here = register(category="umbrella")
    gone = register(category="umbrella", name="红色雨伞")
    elsewhere = register(category="umbrella", location="shelf2")
    check = stock_check_record(location=storage["shelf"], by=custodian, present=[here.pk])
    assert {(line.item_id, line.present) for line in check.lines.all()} == {(here.pk, True), (gone.pk, False)}
    gone.refresh_from_db()
    assert gone.state == ItemState.MISSING and gone.custody_loss and gone.company_liable
    assert gone.location is None and gone.transfers.last().kind == TransferKind.LOSS
    here.refresh_from_db()
    elsewhere.refresh_from_db()
    assert here.state == elsewhere.state == ItemState.IN_CUSTODY
    assert list(selectors.found_item_list(user=custodian, filters=selectors.ItemFilters(location=storage["shelf"].pk))) == [here]


def test_a_custody_loss_shows_on_the_matched_incident_timeline(register, report, storage, custodian, front_desk):
    from incidents.timeline import timeline_of

    incident = report()
    item = register(category="wallet-purse")
    match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    stock_check_record(location=storage["safe"], by=custodian, present=[])
    labels = [str(entry.label) for entry in timeline_of(incident)]
    assert any("lost in custody" in label for label in labels), labels
    assert any("Matched to found item" in label for label in labels)


def _age(item: FoundItem, days: float) -> FoundItem:
    FoundItem.objects.filter(pk=item.pk).update(found_at=timezone.now() - datetime.timedelta(days=days))
    item.refresh_from_db()
    return item


def test_disposal_before_the_retention_period_is_refused(register, custodian, categories):
    item = register(category="umbrella")
    with pytest.raises(CustodyError, match="cannot be disposed of before"):
        disposal_propose(item=item, by=custodian, route=DisposalRoute.DONATED)
    retention = categories["umbrella"].retention_days
    _age(item, retention - 1)
    with pytest.raises(CustodyError, match="before"):
        disposal_propose(item=item, by=custodian, route=DisposalRoute.DONATED)


def test_the_notice_date_restarts_the_retention(register, custodian, categories):
    item = _age(register(category="umbrella"), categories["umbrella"].retention_days + 5)
    assert item in selectors.due_for_disposal(user=custodian)
    notice_record(item=item, by=custodian, date=timezone.localdate() - datetime.timedelta(days=2), channel="Website")
    assert item not in selectors.due_for_disposal(user=custodian)
    with pytest.raises(CustodyError, match="before"):
        disposal_propose(item=item, by=custodian, route=DisposalRoute.DONATED)


def test_disposal_needs_a_manager_and_a_receipt_and_keeps_the_record(register, custodian, manager, categories):
    item = _age(register(category="umbrella"), categories["umbrella"].retention_days + 1)
    assert [due.pk for due in selectors.due_for_disposal(user=custodian)] == [item.pk]
    disposal = disposal_propose(item=item, by=custodian, route=DisposalRoute.DONATED, recipient="Red Cross")
    assert selectors.due_for_disposal(user=custodian) == []
    with pytest.raises(CustodyError, match="manager"):
        disposal_approve(disposal=disposal, by=custodian, receipt_number="R-1")
    with pytest.raises(CustodyError, match="receipt"):
        disposal_approve(disposal=disposal, by=manager)
    disposal = disposal_approve(disposal=disposal, by=manager, receipt_number="R-1", receipt=jpeg_upload("r.jpg"))
    assert disposal.state == DisposalState.DONE and disposal.decided_by == manager
    item.refresh_from_db()
    assert item.state == ItemState.DISPOSED and item.location is None
    assert item.transfers.last().kind == TransferKind.DISPOSAL
    assert FoundItem.objects.filter(pk=item.pk).exists()


def test_personal_data_are_never_donated_or_auctioned(register, custodian, categories):
    item = _age(register(category="mobile-phone", name="手机"), categories["mobile-phone"].retention_days + 1)
    for route in (DisposalRoute.DONATED, DisposalRoute.AUCTIONED):
        with pytest.raises(CustodyError, match="cannot be"):
            disposal_propose(item=item, by=custodian, route=route)
    assert disposal_propose(item=item, by=custodian, route=DisposalRoute.POLICE).state == DisposalState.PROPOSED


def test_perishables_are_due_after_hours(register, custodian):
    from custody.models import CustodySettings

    config = CustodySettings.load()
    config.perishable_hold_hours = 6
    config.save()
    item = register(category="food-perishables", name="蛋糕")
    FoundItem.objects.filter(pk=item.pk).update(found_at=timezone.now() - datetime.timedelta(hours=7))
    assert [due.pk for due in selectors.due_for_disposal(user=custodian)] == [item.pk]


def test_a_refused_disposal_leaves_the_item_in_stock(register, custodian, manager, categories):
    item = _age(register(category="umbrella"), categories["umbrella"].retention_days + 1)
    disposal = disposal_propose(item=item, by=custodian, route=DisposalRoute.DESTROYED)
    disposal_refuse(disposal=disposal, by=manager, note="Still good; keep it")
    item.refresh_from_db()
    assert item.state == ItemState.IN_CUSTODY
