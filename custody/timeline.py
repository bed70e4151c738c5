"""Custody's entries on an incident's timeline (INT-8): matches, moves, return, mailing, custody loss."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from custody.models import CustodyTransfer, Mailing, Match, MatchDecision, TransferKind
from lostfound.prepared import PreparedRead

_MATCHES = PreparedRead(lambda incident_id: Match.objects.filter(incident_id=incident_id).select_related(
    "found_item", "decided_by").order_by("decided_at"))
_MOVES = PreparedRead(lambda item_ids: CustodyTransfer.objects.filter(item_id__in=item_ids).exclude(
    kind=TransferKind.INTAKE).select_related("by", "to_location", "to_location__parent", "from_location"))
_DELIVERIES = PreparedRead(lambda item_ids: Mailing.objects.filter(item_id__in=item_ids, delivered_at__isnull=False))


def custody_entries(incident) -> list:
    from incidents.timeline import Entry

    entries = []
    matches = _MATCHES(incident.pk)
    confirmed_items = {}
    for match in matches:
        item = match.found_item
        url = reverse("custody:item_detail", args=[item.pk])
        if match.decision == MatchDecision.CONFIRMED:
            confirmed_items[item.pk] = item
            entries.append(Entry(
                at=match.decided_at, actor=match.decided_by, icon="link", source="custody",
                label=_("Matched to found item %(reference)s") % {"reference": item.reference},
                detail=f"{item.name} · {match.score}/100", extra={"url": url},
            ))
        else:
            entries.append(Entry(
                at=match.decided_at, actor=match.decided_by, icon="x", source="custody",
                label=_("Found item %(reference)s ruled out") % {"reference": item.reference},
                detail=match.note, extra={"url": url},
            ))
    if not confirmed_items:
        return entries
    for transfer in _MOVES(list(confirmed_items)):
        item = confirmed_items[transfer.item_id]
        if transfer.kind == TransferKind.LOSS:
            entries.append(Entry(
                at=transfer.at, actor=transfer.by, icon="alert", source="custody", badge=_("company liable"),
                badge_class="danger",
                label=_("Found item %(reference)s missing at a stock check (lost in custody)") % {"reference": item.reference},
                detail=transfer.reason, extra={"url": reverse("custody:item_detail", args=[item.pk])},
            ))
            continue
        # The customer sees that the item was handed over or mailed, not the staff's notes.
        visible = transfer.kind in (TransferKind.OWNER, TransferKind.COURIER)
        entries.append(Entry(
            at=transfer.at, actor=transfer.by, icon="box", source="custody",
            label=_("%(reference)s: %(kind)s → %(to)s") % {
                "reference": item.reference, "kind": TransferKind(transfer.kind).label, "to": transfer.destination},
            detail="" if visible else transfer.reason, customer_visible=visible,
            extra={"url": reverse("custody:item_detail", args=[item.pk])},
        ))
    for mailing in _DELIVERIES(list(confirmed_items)):
        entries.append(Entry(
            at=mailing.delivered_at, icon="gift", source="custody", customer_visible=True,
            label=_("Delivered by %(courier)s (%(tracking)s)") % {"courier": mailing.courier,
                                                                  "tracking": mailing.tracking_number},
        ))
    return entries
