"""Return of an item against ID (CUS-6) and mailing it to its owner (CUS-7)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody import selectors
from custody.errors import CustodyError
from custody.files import document_file, signature_from_data_url
from custody.models import ClaimantKind, FoundItem, ItemState, Mailing, PaidBy, Release, TransferKind
from custody.services.intake import ensure_releasable, lock
from custody.services.movement import leave_custody
from lostfound.audit import acting
from privacy.consent import CONSENT_MISSING
from privacy.models import ConsentPurpose
from privacy.services import consent_record


@dataclass
class ReleaseData:
    claimant_kind: str
    claimant_name: str
    id_type: str
    id_number: str
    claimant_answers: str
    details_match: bool
    claimant_phone: str = ""
    owner_name: str = ""
    owner_id_type: str = ""
    owner_id_number: str = ""
    authorisation_letter: object = None
    signature_data_url: str = ""
    signed_on_paper: bool = False
    # The claimant's separate consent to recording ID documents, letter and signature (PIPL arts. 29–30).
    id_consent: bool = False


def _check(data: ReleaseData, *, incident) -> None:
    from incidents.services import id_number_hash

    if data.claimant_kind not in ClaimantKind.values:
        raise CustodyError(_("Say whether the owner or a proxy collects the item."), field="claimant_kind")
    if not (data.claimant_name or "").strip():
        raise CustodyError(_("Record the claimant's name as on the ID."), field="claimant_name")
    if not data.id_type or not (data.id_number or "").strip():
        raise CustodyError(
            _("Check the claimant's valid ID and record its type and number: nothing is returned without ID."),
            field="id_number",
        )
    if not data.id_consent:
        raise CustodyError(CONSENT_MISSING[ConsentPurpose.RELEASE_ID], field="id_consent")
    if data.claimant_kind == ClaimantKind.PROXY:
        if data.authorisation_letter is None:
            raise CustodyError(
                _("A proxy needs the owner's written authorisation: attach a photo or scan of the letter."),
                field="authorisation_letter",
            )
        if not (data.owner_name or "").strip() or not data.owner_id_type or not (data.owner_id_number or "").strip():
            raise CustodyError(
                _("A proxy must also show the owner's ID: record the owner's name, ID type and number."),
                field="owner_id_number",
            )
        if id_number_hash(data.owner_id_number) == id_number_hash(data.id_number):
            raise CustodyError(_("The proxy's ID and the owner's ID are the same document."), field="owner_id_number")
    if not (data.claimant_answers or "").strip():
        raise CustodyError(_("Write down how the claimant described the item's identifying details."),
                           field="claimant_answers")
    if not data.details_match:
        raise CustodyError(
            _("The claimant's description must match the record: compare it and confirm, or do not return the item."),
            field="details_match",
        )
    if not data.signed_on_paper and not (data.signature_data_url or "").strip():
        raise CustodyError(_("The claimant signs the pickup register, on the screen or on the printed form."),
                           field="signature")
    customer = getattr(incident, "customer", None)
    if customer is not None and customer.id_number_hash:
        owner_type = data.owner_id_type if data.claimant_kind == ClaimantKind.PROXY else data.id_type
        owner_number = data.owner_id_number if data.claimant_kind == ClaimantKind.PROXY else data.id_number
        if owner_type == customer.id_type and id_number_hash(owner_number) != customer.id_number_hash:
            raise CustodyError(_("The owner's ID number differs from the one recorded on the report."),
                               field="owner_id_number" if data.claimant_kind == ClaimantKind.PROXY else "id_number")


@transaction.atomic
def item_release(*, item: FoundItem, by, data: ReleaseData) -> Release:
    """Return the item to its owner or a proxy, against ID and signature; the incident becomes *returned*.

    The item row is locked first: of two people releasing the same item at once, the second waits and is
    then refused, since the item is no longer in custody."""
    from incidents.errors import IncidentError
    from incidents.models import Status
    from incidents.services import id_number_hash, id_number_mask, incident_mark_returned

    with acting(by):
        lock(item)
        ensure_releasable(item)
        match = selectors.confirmed_match(item)
        incident = match.incident if match is not None else None
        _check(data, incident=incident)
        signature = None if data.signed_on_paper else signature_from_data_url(data.signature_data_url)
        letter = (
            document_file(data.authorisation_letter, field="authorisation_letter")
            if data.claimant_kind == ClaimantKind.PROXY else None
        )
        now = timezone.now()
        release = Release(
            item=item, incident=incident, claimant_kind=data.claimant_kind, claimant_name=data.claimant_name.strip(),
            claimant_phone=(data.claimant_phone or "").strip(), id_type=data.id_type,
            id_number_masked=id_number_mask(data.id_number), id_number_hash=id_number_hash(data.id_number),
            claimant_answers=data.claimant_answers.strip(), details_match=True,
            signed_on_paper=bool(data.signed_on_paper), released_by=by, released_at=now,
        )
        if data.claimant_kind == ClaimantKind.PROXY:
            release.owner_name = data.owner_name.strip()
            release.owner_id_type = data.owner_id_type
            release.owner_id_number_masked = id_number_mask(data.owner_id_number)
            release.owner_id_number_hash = id_number_hash(data.owner_id_number)
            release.authorisation_letter.save(letter.name, letter, save=False)
        if signature is not None:
            release.signature.save(signature.name, signature, save=False)
        release.save()
        consent_record(purpose=ConsentPurpose.RELEASE_ID, by=by, incident=incident, record=release)
        who = release.claimant_name
        if data.claimant_kind == ClaimantKind.PROXY:
            who = _("%(proxy)s for %(owner)s") % {"proxy": release.claimant_name, "owner": release.owner_name}
        leave_custody(item=item, kind=TransferKind.OWNER, to_party=str(who), by=by, at=now, state=ItemState.RELEASED,
                      reason=str(_("Returned against ID (%(id)s)") % {"id": release.id_number_masked}))
        if incident is not None and incident.status == Status.FOUND:
            try:
                incident_mark_returned(
                    incident=incident, by=by,
                    note=str(_("Item %(reference)s returned to %(who)s") % {"reference": item.reference, "who": who}),
                )
            except IncidentError as error:
                raise CustodyError(error.message) from None
    return release


@transaction.atomic
def item_mail(*, item: FoundItem, by, recipient_name: str, recipient_phone: str, address: str, courier: str,
              tracking_number: str, cost: Decimal, paid_by: str, currency: str = "") -> Mailing:
    """Send a matched item to its owner by courier; the customer is told the tracking number (CUS-7)."""
    fields = {"recipient_name": recipient_name, "recipient_phone": recipient_phone, "address": address,
              "courier": courier, "tracking_number": tracking_number}
    for name, value in fields.items():
        if not (value or "").strip():
            raise CustodyError(_("Fill in the address, the courier and the tracking number."), field=name)
    if cost is None or Decimal(cost) < 0:
        raise CustodyError(_("The cost cannot be negative."), field="cost")
    if paid_by not in PaidBy.values:
        raise CustodyError(_("Say who pays for the mailing."), field="paid_by")
    with acting(by):
        lock(item)
        ensure_releasable(item)
        if not item.category.shippable:
            raise CustodyError(
                _("Items of this category (%(category)s) are never mailed: the owner collects them in person.")
                % {"category": item.category.name}
            )
        match = selectors.confirmed_match(item)
        if match is None:
            raise CustodyError(_("Only an item matched to a report can be mailed: confirm the match first."))
        now = timezone.now()
        mailing = Mailing.objects.create(
            item=item, incident=match.incident, recipient_name=recipient_name.strip(),
            recipient_phone=recipient_phone.strip(), address=address.strip(), courier=courier.strip(),
            tracking_number=tracking_number.strip(), cost=Decimal(cost), currency=(currency or item.site.currency),
            paid_by=paid_by, sent_by=by, sent_at=now,
        )
        leave_custody(
            item=item, kind=TransferKind.COURIER, by=by, at=now, state=ItemState.MAILED,
            to_party=f"{mailing.courier} {mailing.tracking_number}",
            reason=str(_("Mailed to %(name)s") % {"name": mailing.recipient_name}),
        )
        _notify_tracking(mailing)
    return mailing


def _notify_tracking(mailing: Mailing) -> None:
    from incidents.services import status_url
    from incidents.services._common import message_channel
    from notifications.models import Audience
    from notifications.services import message_enqueue

    incident = mailing.incident
    customer = incident.customer
    route = message_channel(customer)
    if route is None:
        return
    from django.utils import translation

    with translation.override(customer.preferred_language):
        note = str(_("Your item has been sent by %(courier)s, tracking number %(tracking)s.")
                   % {"courier": mailing.courier, "tracking": mailing.tracking_number})
    message_enqueue(
        dedupe_key=f"custody:mailing:{mailing.pk}:tracking",
        audience=Audience.CUSTOMER, channel=route[0], recipient_address=route[1], recipient_name=customer.name,
        language=customer.preferred_language, template_key="progress_update",
        context={"reference": incident.reference, "note": note, "status_url": status_url(incident),
                 "site_name": incident.site.name, "recipient_name": customer.name},
        site=incident.site, subject=incident,
    )


@transaction.atomic
def mailing_delivered(*, mailing: Mailing, by, proof, delivered_at: datetime.datetime | None = None) -> Mailing:
    """Record the proof of delivery; the incident becomes *returned*."""
    from incidents.errors import IncidentError
    from incidents.models import Status
    from incidents.services import incident_mark_returned

    with acting(by):
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.delivered_at is not None:
            raise CustodyError(_("The delivery has already been recorded."))
        document = document_file(proof, field="proof")
        mailing.delivered_at = delivered_at or timezone.now()
        mailing.delivery_recorded_by = by
        mailing.proof_of_delivery.save(document.name, document, save=False)
        mailing.save()
        incident = mailing.incident
        if incident is not None:
            incident.refresh_from_db()
            if incident.status == Status.FOUND:
                try:
                    incident_mark_returned(
                        incident=incident, by=by,
                        note=str(_("Delivered by %(courier)s (%(tracking)s)")
                                 % {"courier": mailing.courier, "tracking": mailing.tracking_number}),
                    )
                except IncidentError as error:
                    raise CustodyError(error.message) from None
    return mailing
