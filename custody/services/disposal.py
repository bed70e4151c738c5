"""Disposal of unclaimed items after retention, with a manager's approval (CUS-8)."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from custody import selectors
from custody.errors import CustodyError
from custody.files import document_file
from custody.models import Disposal, DisposalRoute, DisposalState, FoundItem, ItemState, TransferKind
from custody.services.intake import ensure_releasable, lock
from custody.services.movement import leave_custody
from lostfound.audit import acting
from policy.models import ItemCategory

APPROVE = "custody.approve_disposal"


def allowed_routes(category: ItemCategory) -> list[str]:
    """The disposal routes a category allows: personal data never go to strangers, cash goes to the police."""
    if category.holds_personal_data:
        return [DisposalRoute.POLICE, DisposalRoute.ISSUER, DisposalRoute.DESTROYED]
    if category.is_cash:
        return [DisposalRoute.POLICE]
    if category.perishable:
        return [DisposalRoute.DESTROYED, DisposalRoute.DONATED]
    return [DisposalRoute.POLICE, DisposalRoute.DONATED, DisposalRoute.DESTROYED, DisposalRoute.AUCTIONED]


def _check_retention(item: FoundItem, now) -> None:
    ends = selectors.retention_ends_at(item)
    if now < ends:
        raise CustodyError(
            _("The retention period of this item runs until %(date)s: it cannot be disposed of before.")
            % {"date": date_format(timezone.localtime(ends, item.site.zone), "DATETIME_FORMAT")}
        )


@transaction.atomic
def disposal_propose(*, item: FoundItem, by, route: str, recipient: str = "", note: str = "") -> Disposal:
    """Propose an unclaimed item for disposal once its retention period is over."""
    now = timezone.now()
    with acting(by):
        lock(item)
        ensure_releasable(item)
        if selectors.confirmed_match(item) is not None:
            raise CustodyError(_("This item is matched to a report: return it to its owner instead."))
        _check_retention(item, now)
        if route not in allowed_routes(item.category):
            raise CustodyError(
                _("Items of this category (%(category)s) cannot be %(route)s.")
                % {"category": item.category.name, "route": str(DisposalRoute(route).label).lower()
                   if route in DisposalRoute.values else route},
                field="route",
            )
        if Disposal.objects.filter(item=item, state=DisposalState.PROPOSED).exists():
            raise CustodyError(_("A disposal of this item is already waiting for approval."))
        return Disposal.objects.create(
            item=item, route=route, recipient=(recipient or "").strip(), proposed_by=by, proposed_at=now,
            note=(note or "").strip(),
        )


@transaction.atomic
def disposal_approve(*, disposal: Disposal, by, receipt_number: str = "", receipt=None) -> Disposal:
    """A manager approves a proposed disposal and records the receipt; the item leaves the stock, its record stays."""
    if not by.has_perm(APPROVE):
        raise CustodyError(_("Only a manager can approve a disposal."))
    receipt_number = (receipt_number or "").strip()
    if not receipt_number and receipt is None:
        raise CustodyError(_("Record the receipt: its number or a scan."), field="receipt_number")
    now = timezone.now()
    with acting(by):
        disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if disposal.state != DisposalState.PROPOSED:
            raise CustodyError(_("This disposal has already been decided."))
        item = lock(disposal.item)
        ensure_releasable(item)
        _check_retention(item, now)
        if disposal.route not in allowed_routes(item.category):
            raise CustodyError(_("Items of this category cannot go this way."))
        if receipt is not None:
            document = document_file(receipt, field="receipt")
            disposal.receipt.save(document.name, document, save=False)
        disposal.receipt_number = receipt_number
        disposal.state = DisposalState.DONE
        disposal.decided_by = by
        disposal.decided_at = now
        disposal.save()
        route_label = str(DisposalRoute(disposal.route).label)
        leave_custody(
            item=item, kind=TransferKind.POLICE if disposal.route == DisposalRoute.POLICE else TransferKind.DISPOSAL,
            to_party=disposal.recipient or route_label, by=by, at=now, state=ItemState.DISPOSED,
            reason=str(_("Unclaimed: %(route)s, receipt %(receipt)s") % {"route": route_label,
                                                                          "receipt": receipt_number or "—"}),
        )
    return disposal


@transaction.atomic
def disposal_refuse(*, disposal: Disposal, by, note: str) -> Disposal:
    if not by.has_perm(APPROVE):
        raise CustodyError(_("Only a manager can decide on a disposal."))
    note = (note or "").strip()
    if not note:
        raise CustodyError(_("Say why the disposal is refused."), field="note")
    with acting(by):
        disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if disposal.state != DisposalState.PROPOSED:
            raise CustodyError(_("This disposal has already been decided."))
        disposal.state = DisposalState.REFUSED
        disposal.decided_by = by
        disposal.decided_at = timezone.now()
        disposal.note = f"{disposal.note}\n{note}".strip()
        disposal.save(update_fields=["state", "decided_by", "decided_at", "note"])
    return disposal
