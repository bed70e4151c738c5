"""Every write to compensation claims goes through these functions (keyword-only, one transaction each).

    filed → assessed → approved → agreed (signed copy uploaded) → paid
                     ↘ rejected (reasons, the customer told they may go to court)

A refused action raises ClaimError with a translated reason and changes nothing.
Money: see compensation.calculation for the rounding rule.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import policy
from compensation.calculation import Band, LineInput, Rules, calculate_line, claim_total, round_money
from compensation.errors import ClaimError
from compensation.files import CheckedFile, check_evidence
from compensation.models import (
    COMPENSABLE_HEADS, OPEN_STATES, Agreement, Assessment, Claim, ClaimItem, ClaimState, Evidence, EvidenceKind,
    LegalOpinion, Liability, LossHead, Payment, PaymentMethod, Tier,
)
from incidents.models import Incident, LostItem, PreferredChannel, Status
from lostfound.audit import acting
from notifications.models import Audience
from notifications.models import Channel as MessageChannel
from notifications.services import message_enqueue
from organization.models import Position
from organization.selectors import profile_of, sites_for
from privacy.consent import CONSENT_MISSING
from privacy.models import ConsentPurpose
from privacy.services import consent_record
from policy.models import ItemCategory
from sla.services import deadline_meet, deadline_start

FILE_LATE_PERM = "compensation.file_late_claim"
POSITION_RANK = {
    Position.STAFF: 0, Position.DEPARTMENT_MANAGER: 1, Position.SITE_GENERAL_MANAGER: 2,
    Position.COMPANY_GENERAL_MANAGER: 3,
}
_REFUSED_HEAD_REASONS = {
    LossHead.EMOTIONAL: _(
        "Emotional loss is not compensated: only direct loss and reasonable indirect loss are (CMP-4)."
    ),
    LossHead.EXPECTED_PROFIT: _(
        "Expected profit is not compensated: only direct loss and reasonable indirect loss are (CMP-4)."
    ),
}



def _lock(claim: Claim) -> Claim:
    fresh = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.__dict__.update({f.attname: getattr(fresh, f.attname) for f in Claim._meta.concrete_fields})
    return claim


def _state_label(state: str) -> str:
    return str(ClaimState(state).label)


def _refuse_state(claim: Claim) -> ClaimError:
    return ClaimError(_("Not possible while the claim is “%(state)s”.") % {"state": _state_label(claim.state)})


# --- filing (CMP-1, CMP-2) ------------------------------------------------------------------------


def claim_window_end(incident: Incident) -> datetime.datetime:
    """The last moment a claim is in time: closing + the policy's days, counted on the site's clock.

    Days are added to the local wall-clock time of closing in the site's time zone (a day is a calendar
    day even across a daylight-saving change), and the window includes that second.
    """
    if incident.closed_at is None:
        raise ClaimError(_("A claim is filed on a closed incident."))
    days = policy.for_site(incident.site).claim_window_days
    local = incident.closed_at.astimezone(incident.site.zone)
    return (local + datetime.timedelta(days=days)).astimezone(datetime.UTC)


def is_in_time(incident: Incident, at: datetime.datetime) -> bool:
    """Compared to the second: a claim in the window's last second is in time, one second later it is late."""
    return at.replace(microsecond=0) <= claim_window_end(incident).replace(microsecond=0)


@dataclass
class ClaimItemData:
    description: str
    head: str
    amount_claimed: Decimal
    lost_item: LostItem | None = None


@dataclass
class EvidenceData:
    upload: object  # an UploadedFile or a CheckedFile
    kind: str = EvidenceKind.RECEIPT
    description: str = ""


def _custody_loss(incident: Incident) -> bool:
    """An item of this incident was lost in the company's custody (CUS-9): the company is at fault."""
    try:
        from custody.models import FoundItem
    except ImportError:  # custody not installed
        return False
    return FoundItem.objects.filter(
        matches__incident=incident, matches__decision="confirmed", company_liable=True
    ).exists()


def _validate_items(incident: Incident, items: list[ClaimItemData]) -> None:
    if not items:
        raise ClaimError(_("List at least one item or amount claimed."), field="items")
    for item in items:
        if item.head in _REFUSED_HEAD_REASONS:
            raise ClaimError(_REFUSED_HEAD_REASONS[item.head], field="items")
        if item.head not in COMPENSABLE_HEADS:
            raise ClaimError(_("Choose the head of loss of every amount."), field="items")
        if not (item.description or "").strip():
            raise ClaimError(_("Say what each amount is for."), field="items")
        if item.amount_claimed is None or item.amount_claimed <= 0:
            raise ClaimError(_("Each amount claimed must be more than zero."), field="items")
        if item.lost_item is not None and item.lost_item.incident_id != incident.pk:
            raise ClaimError(_("This item belongs to another incident."), field="items")


@transaction.atomic
def claim_file(
    *,
    incident: Incident,
    by,
    claimant_name: str,
    statement: str,
    items: list[ClaimItemData],
    evidence: list[EvidenceData],
    late_override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Claim:
    """File a claim on a closed incident within the policy's window (CMP-1); starts the review deadline (CMP-2).

    A late claim is refused with the reason unless someone holding `file_late_claim` (a manager) gives a
    written reason for accepting it.
    """
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().select_related("site", "customer").get(pk=incident.pk)
    if incident.status != Status.CLOSED:
        raise ClaimError(_("A claim is filed on a closed incident."))
    if incident.claims.filter(state__in=OPEN_STATES).exists():
        raise ClaimError(_("This incident already has an open claim."))
    if not (claimant_name or "").strip():
        raise ClaimError(_("Name the claimant."), field="claimant_name")
    if not (statement or "").strip():
        raise ClaimError(_("Record the claimant's statement."), field="statement")
    _validate_items(incident, items)
    if not evidence:
        raise ClaimError(_("Attach the evidence: receipts, photos or documents."), field="files")
    checked = [(check_evidence(piece.upload), piece) for piece in evidence]

    window_end = claim_window_end(incident)
    late = not is_in_time(incident, now)
    override = (late_override_reason or "").strip()
    if late:
        local_end = timezone.localtime(window_end, incident.site.zone).strftime("%Y-%m-%d %H:%M:%S")
        if not override:
            raise ClaimError(
                _("The claim is late: the window closed at %(end)s (%(days)s days after the incident was closed). "
                  "A manager may accept it with a written reason.")
                % {"end": local_end, "days": policy.for_site(incident.site).claim_window_days},
                field="late_override_reason",
            )
        if not by.has_perm(FILE_LATE_PERM):
            raise ClaimError(_("Only a manager may accept a late claim."), field="late_override_reason")

    with acting(by):
        number = incident.claims.count() + 1
        claim = Claim.objects.create(
            incident=incident, site=incident.site, customer=incident.customer,
            reference=f"{incident.reference}-C{number}", currency=incident.site.currency,
            claimant_name=claimant_name.strip(), statement=statement.strip(),
            claimed_total=round_money(sum((item.amount_claimed for item in items), Decimal(0)), incident.site.currency),
            filed_at=now, filed_by=by, window_ends_at=window_end, late=late,
            late_override_by=by if late else None, late_override_reason=override if late else "",
            custody_loss=_custody_loss(incident),
        )
        for item in items:
            lost = item.lost_item
            ClaimItem.objects.create(
                claim=claim, lost_item=lost, description=item.description.strip(), head=item.head,
                amount_claimed=round_money(item.amount_claimed, claim.currency),
                category=lost.category if lost is not None else None,
                quantity=lost.quantity if lost is not None else 1,
            )
        for file, piece in checked:
            _store_evidence(claim=claim, checked=file, kind=piece.kind, description=piece.description, by=by, at=now)
        deadline_start(subject=claim, site=incident.site, kind="claim_review", owner=incident.owner, start=now)
    return claim


def _store_evidence(*, claim: Claim, checked: CheckedFile, kind: str, description: str, by, at=None) -> Evidence:
    if kind not in EvidenceKind.values:
        raise ClaimError(_("Choose what kind of evidence this is."), field="kind")
    return Evidence.objects.create(
        claim=claim, kind=kind, file=checked.as_file(), content_type=checked.content_type, size=len(checked.content),
        original_name=checked.original_name, description=(description or "").strip()[:200], uploaded_by=by,
        uploaded_at=at or timezone.now(),
    )


@transaction.atomic
def evidence_add(*, claim: Claim, by, uploads: list, kind: str, description: str = "") -> list[Evidence]:
    """More evidence for a claim not yet decided."""
    if not uploads:
        raise ClaimError(_("Choose at least one file."), field="files")
    checked = [check_evidence(upload) for upload in uploads]
    if kind == EvidenceKind.SIGNED_AGREEMENT:
        raise ClaimError(_("Upload the signed agreement on the agreement page."), field="kind")
    with acting(by):
        _lock(claim)
        if claim.state not in (ClaimState.FILED, ClaimState.ASSESSED):
            raise _refuse_state(claim)
        return [_store_evidence(claim=claim, checked=file, kind=kind, description=description, by=by) for file in checked]


# --- assessment (CMP-3, CMP-4) ----------------------------------------------------------------------


@dataclass
class ValuationData:
    """The assessor's figures for one claimed item."""

    item_id: int
    category: ItemCategory | None = None
    quantity: int = 1
    purchase_price: Decimal | None = None
    purchase_date: datetime.date | None = None
    proof_of_value: str = ""
    declared_for_safekeeping: bool = False
    accepted_amount: Decimal | None = None  # an indirect loss: the reasonable part of what was claimed


def _share(*, claim: Claim, liability: str, share_percent: Decimal | None, cctv: str, patrol: str) -> Decimal:
    if liability not in Liability.values:
        raise ClaimError(_("Choose the ground of liability."), field="liability")
    if claim.custody_loss and liability != Liability.COMPANY_FAULT:
        raise ClaimError(
            _("The item was lost in the company's custody (CUS-9): that is the company's fault."), field="liability"
        )
    if liability in (Liability.THIRD_PARTY_SUPPLEMENTARY, Liability.THIRD_PARTY):
        if not cctv.strip() or not patrol.strip():
            raise ClaimError(
                _("For a theft by a third party record what the CCTV showed and the patrols made (duty of care)."),
                field="cctv_evidence",
            )
    if liability in (Liability.COMPANY_FAULT, Liability.COMPANY_NEGLIGENCE):
        return Decimal(100)
    if liability == Liability.THIRD_PARTY_SUPPLEMENTARY:
        if share_percent is None or not (Decimal(0) < share_percent <= Decimal(100)):
            raise ClaimError(
                _("Give the company's supplementary share, more than 0 and at most 100 %."), field="share_percent"
            )
        return Decimal(share_percent)
    return Decimal(0)


def _rules(claim: Claim, *, share: Decimal, valuation_date: datetime.date) -> Rules:
    rules = policy.for_site(claim.site)
    return Rules(
        currency=claim.currency, share_percent=share, valuation_date=valuation_date,
        cap_per_item=rules.compensation_cap_per_item, cap_per_customer=rules.compensation_cap_per_customer,
        undeclared_valuables_as_ordinary=rules.undeclared_valuables_as_ordinary,
        ordinary_item_value=rules.ordinary_item_value,
    )


def loss_date(incident: Incident) -> datetime.date:
    """The day of the loss on the site's calendar: items are valued at their age on that day."""
    return incident.lost_from.astimezone(incident.site.zone).date()


@transaction.atomic
def claim_assess(
    *,
    claim: Claim,
    by,
    liability: str,
    grounds: str,
    valuations: list[ValuationData],
    share_percent: Decimal | None = None,
    cctv_evidence: str = "",
    patrol_evidence: str = "",
    valuation_date: datetime.date | None = None,
) -> Assessment:
    """Liability and valuation, line by line; the estimated compensation is their sum (capped by policy)."""
    with acting(by):
        _lock(claim)
        if claim.state not in (ClaimState.FILED, ClaimState.ASSESSED):
            raise _refuse_state(claim)
        if not (grounds or "").strip():
            raise ClaimError(_("Give the grounds of the liability decision."), field="grounds")
        share = _share(claim=claim, liability=liability, share_percent=share_percent, cctv=cctv_evidence or "",
                       patrol=patrol_evidence or "")
        valuation_date = valuation_date or loss_date(claim.incident)
        rules = _rules(claim, share=share, valuation_date=valuation_date)
        items = {item.pk: item for item in claim.items.select_related("category")}
        given = {valuation.item_id: valuation for valuation in valuations}
        if set(given) != set(items):
            raise ClaimError(_("Value every claimed item."))
        compensations = []
        for pk, item in items.items():
            valuation = given[pk]
            category = valuation.category or item.category
            if item.head == LossHead.DIRECT:
                if category is None:
                    raise ClaimError(_("“%(item)s”: choose the category.") % {"item": item.description})
                if valuation.purchase_price is None or valuation.purchase_date is None:
                    raise ClaimError(
                        _("“%(item)s”: give the purchase price and date.") % {"item": item.description}
                    )
                if valuation.purchase_price < 0:
                    raise ClaimError(_("“%(item)s”: the price cannot be negative.") % {"item": item.description})
                if valuation.purchase_date > valuation_date:
                    raise ClaimError(
                        _("“%(item)s”: the purchase date is after the loss.") % {"item": item.description}
                    )
                if not (valuation.proof_of_value or "").strip():
                    raise ClaimError(
                        _("“%(item)s”: say what proves the value (receipt, invoice, bank statement).")
                        % {"item": item.description}
                    )
            elif valuation.accepted_amount is not None and valuation.accepted_amount < 0:
                raise ClaimError(_("“%(item)s”: the amount cannot be negative.") % {"item": item.description})
            quantity = max(int(valuation.quantity or 1), 1)
            line = LineInput(
                head=item.head, amount_claimed=item.amount_claimed, quantity=quantity,
                purchase_price=valuation.purchase_price, purchase_date=valuation.purchase_date,
                accepted_amount=valuation.accepted_amount,
                bands=[Band(band.up_to_months, band.remaining_percent) for band in category.depreciation_bands.all()]
                if category is not None else [],
                yearly_rate=category.depreciation_percent_per_year if category is not None else Decimal(0),
                floor=category.depreciation_floor_percent if category is not None else Decimal(0),
                valuable=bool(category and category.valuable),
                declared_for_safekeeping=valuation.declared_for_safekeeping,
            )
            result = calculate_line(line, rules)
            item.category = category
            item.quantity = quantity
            item.purchase_price = valuation.purchase_price if item.head == LossHead.DIRECT else None
            item.purchase_date = valuation.purchase_date if item.head == LossHead.DIRECT else None
            item.proof_of_value = (valuation.proof_of_value or "").strip()[:200]
            item.declared_for_safekeeping = valuation.declared_for_safekeeping
            item.assessed_value = result.value
            item.compensation = result.compensation
            item.calculation = result.steps
            item.save()
            compensations.append(result.compensation)
        items_total, total, steps = claim_total(compensations, rules)
        assessment, _created = Assessment.objects.update_or_create(
            claim=claim,
            defaults={
                "liability": liability, "grounds": grounds.strip(), "share_percent": share,
                "cctv_evidence": (cctv_evidence or "").strip(), "patrol_evidence": (patrol_evidence or "").strip(),
                "valuation_date": valuation_date, "items_total": items_total, "total": total, "calculation": steps,
                "assessed_by": by, "assessed_at": timezone.now(),
            },
        )
        claim.estimated_amount = total
        claim.state = ClaimState.ASSESSED
        claim.save(update_fields=["estimated_amount", "state", "updated_at"])
    return assessment


@transaction.atomic
def legal_opinion_add(*, claim: Claim, by, text: str) -> LegalOpinion:
    if not (text or "").strip():
        raise ClaimError(_("Write the opinion."), field="text")
    with acting(by):
        _lock(claim)
        if claim.state not in (ClaimState.FILED, ClaimState.ASSESSED):
            raise _refuse_state(claim)
        return LegalOpinion.objects.create(claim=claim, text=text.strip(), by=by)


# --- decision (CMP-5) -------------------------------------------------------------------------------


def required_tier(*, site, amount: Decimal) -> str:
    """Up to the department manager's limit a department manager approves, up to the site general manager's
    limit a site general manager, above that the company's general manager (limits inclusive)."""
    rules = policy.for_site(site)
    if amount <= rules.approval_limit_department_manager:
        return Tier.DEPARTMENT_MANAGER
    if amount <= rules.approval_limit_site_general_manager:
        return Tier.SITE_GENERAL_MANAGER
    return Tier.COMPANY_GENERAL_MANAGER


def may_decide(user, claim: Claim) -> bool:
    try:
        _check_decider(user, claim)
    except ClaimError:
        return False
    return True


def _check_decider(user, claim: Claim) -> str:
    if claim.state != ClaimState.ASSESSED:
        raise _refuse_state(claim)
    assessment = claim.assessment
    tier = required_tier(site=claim.site, amount=assessment.total)
    if not user.has_perm("compensation.decide_claim"):
        raise ClaimError(_("You may not decide on compensation claims."))
    profile = profile_of(user)
    position = profile.position if profile is not None else Position.STAFF
    if POSITION_RANK.get(position, 0) < POSITION_RANK[tier]:
        raise ClaimError(
            _("An amount of %(amount)s %(currency)s is decided by a %(tier)s or higher.")
            % {"amount": assessment.total, "currency": claim.currency, "tier": Tier(tier).label}
        )
    if assessment.assessed_by_id == user.pk:
        raise ClaimError(_("You assessed this claim: someone else must decide on it."))
    if not sites_for(user).filter(pk=claim.site_id).exists():
        raise ClaimError(_("You may not decide on claims of this site."))
    return tier


def _customer_route(customer) -> tuple[str, str] | None:
    if customer.preferred_channel == PreferredChannel.EMAIL and customer.email:
        return MessageChannel.EMAIL, customer.email
    if customer.phone:
        return MessageChannel.SMS, customer.phone
    if customer.email:
        return MessageChannel.EMAIL, customer.email
    return None


def _tell_customer(claim: Claim, *, template_key: str, context: dict) -> None:
    """The result, in the customer's language, within the review deadline (CMP-2)."""
    customer = claim.customer
    route = _customer_route(customer)
    if route is None:  # no address: the owner tells the customer by phone or letter
        return
    message_enqueue(
        dedupe_key=f"claim:{claim.pk}:{template_key}",
        audience=Audience.CUSTOMER, channel=route[0], recipient_address=route[1], recipient_name=customer.name,
        language=customer.preferred_language, template_key=template_key,
        context={
            "reference": claim.incident.reference, "claim_reference": claim.reference,
            "site_name": claim.site.name, "site_phone": claim.site.phone, "recipient_name": customer.name,
            **context,
        },
        site=claim.site, subject=claim.incident,
    )


def format_amount(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@transaction.atomic
def claim_approve(*, claim: Claim, by, now: datetime.datetime | None = None) -> Claim:
    """Approve the assessed amount; the approver holds the tier's position (or higher) and did not assess it."""
    now = now or timezone.now()
    with acting(by):
        _lock(claim)
        tier = _check_decider(by, claim)
        total = claim.assessment.total
        if total <= 0:
            raise ClaimError(_("The assessment gives nothing to pay: reject the claim with the reasons."))
        claim.state = ClaimState.APPROVED
        claim.approved_amount = total
        claim.tier = tier
        claim.decided_by = by
        claim.decided_at = now
        claim.save(update_fields=["state", "approved_amount", "tier", "decided_by", "decided_at", "updated_at"])
        deadline_meet(subject=claim, kind="claim_review", at=now)
        _tell_customer(claim, template_key="claim_approved",
                       context={"amount": format_amount(total), "currency": claim.currency})
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, by, reasons: str, now: datetime.datetime | None = None) -> Claim:
    """Reject with the reasons; the customer is told them and that they may go to court (CMP-5)."""
    now = now or timezone.now()
    reasons = (reasons or "").strip()
    if not reasons:
        raise ClaimError(_("Give the reasons for rejecting the claim."), field="reasons")
    with acting(by):
        _lock(claim)
        tier = _check_decider(by, claim)
        claim.state = ClaimState.REJECTED
        claim.rejection_reasons = reasons
        claim.tier = tier
        claim.decided_by = by
        claim.decided_at = now
        claim.save(update_fields=["state", "rejection_reasons", "tier", "decided_by", "decided_at", "updated_at"])
        deadline_meet(subject=claim, kind="claim_review", at=now)
        _tell_customer(claim, template_key="claim_rejected", context={"reasons": reasons})
    return claim


# --- agreement and payment (CMP-5, CMP-6) -----------------------------------------------------------


@transaction.atomic
def agreement_prepare(
    *, claim: Claim, by, amount: Decimal, method: str, terms: str = "", bank_consent: bool = False
) -> Agreement:
    """The agreement to print and sign: at most the approved amount, paid in cash, transfer, voucher or kind.

    A bank transfer collects the customer's bank details: it needs their separate consent (PIPL arts. 29–30)."""
    with acting(by):
        _lock(claim)
        if claim.state != ClaimState.APPROVED:
            raise _refuse_state(claim)
        if method not in PaymentMethod.values:
            raise ClaimError(_("Choose how the compensation is paid."), field="method")
        if method == PaymentMethod.TRANSFER and not bank_consent:
            raise ClaimError(CONSENT_MISSING[ConsentPurpose.PAYMENT_BANK], field="bank_consent")
        if amount is None or amount <= 0:
            raise ClaimError(_("The amount must be more than zero."), field="amount")
        amount = round_money(amount, claim.currency)
        if amount > claim.approved_amount:
            raise ClaimError(
                _("The agreement cannot be above the approved amount (%(amount)s %(currency)s).")
                % {"amount": claim.approved_amount, "currency": claim.currency}, field="amount",
            )
        agreement, _created = Agreement.objects.update_or_create(
            claim=claim,
            defaults={"amount": amount, "method": method, "terms": (terms or "").strip(), "prepared_by": by,
                      "prepared_at": timezone.now()},
        )
        if method == PaymentMethod.TRANSFER:
            consent_record(purpose=ConsentPurpose.PAYMENT_BANK, by=by, incident=claim.incident,
                           customer=claim.customer, record=agreement)
    return agreement


@transaction.atomic
def agreement_upload_signed(*, claim: Claim, by, upload) -> Agreement:
    """The copy the customer signed (photo or PDF); the claim then waits for payment."""
    checked = check_evidence(upload)
    with acting(by):
        _lock(claim)
        if claim.state != ClaimState.APPROVED:
            raise _refuse_state(claim)
        agreement = Agreement.objects.filter(claim=claim).first()
        if agreement is None:
            raise ClaimError(_("Prepare and print the agreement first."))
        now = timezone.now()
        evidence = _store_evidence(claim=claim, checked=checked, kind=EvidenceKind.SIGNED_AGREEMENT,
                                   description=str(_("Signed agreement")), by=by, at=now)
        agreement.signed_copy = evidence
        agreement.signed_uploaded_by = by
        agreement.signed_uploaded_at = now
        agreement.save(update_fields=["signed_copy", "signed_uploaded_by", "signed_uploaded_at"])
        claim.state = ClaimState.AGREED
        claim.save(update_fields=["state", "updated_at"])
    return agreement


def paid_so_far(claim: Claim) -> Decimal:
    return claim.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@transaction.atomic
def payment_record(
    *, claim: Claim, by, paid_on: datetime.date, method: str, reference: str, amount: Decimal
) -> Payment:
    """Finance records a payout; in total never above the agreement. The claim is paid once it is reached."""
    with acting(by):
        _lock(claim)  # two clerks recording at once cannot both pass the check below
        if claim.state != ClaimState.AGREED:
            raise _refuse_state(claim)
        if method not in PaymentMethod.values:
            raise ClaimError(_("Choose how it was paid."), field="method")
        if not (reference or "").strip():
            raise ClaimError(_("Give the payment reference (voucher, transfer or receipt number)."), field="reference")
        if paid_on is None:
            raise ClaimError(_("Give the date of payment."), field="paid_on")
        if paid_on > timezone.localtime(timezone.now(), claim.site.zone).date():
            raise ClaimError(_("The date of payment is in the future."), field="paid_on")
        if amount is None or amount <= 0:
            raise ClaimError(_("The amount must be more than zero."), field="amount")
        amount = round_money(amount, claim.currency)
        agreed = claim.agreement.amount
        already = paid_so_far(claim)
        if already + amount > agreed:
            raise ClaimError(
                _("Payments cannot exceed the agreement: %(agreed)s %(currency)s agreed, %(paid)s already paid.")
                % {"agreed": agreed, "paid": already, "currency": claim.currency}, field="amount",
            )
        payment = Payment.objects.create(
            claim=claim, site=claim.site, paid_on=paid_on, method=method, reference=reference.strip(),
            amount=amount, currency=claim.currency, recorded_by=by,
        )
        if already + amount == agreed:
            claim.state = ClaimState.PAID
            claim.save(update_fields=["state", "updated_at"])
    return payment


__all__ = [
    "ClaimError", "ClaimItemData", "EvidenceData", "ValuationData", "agreement_prepare", "agreement_upload_signed",
    "claim_approve", "claim_assess", "claim_file", "claim_reject", "claim_window_end", "evidence_add",
    "is_in_time", "legal_opinion_add", "loss_date", "may_decide", "paid_so_far", "payment_record", "required_tier",
]
