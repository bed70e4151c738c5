"""Compensation claims on the incident's one timeline (INT-8)."""

from django.utils.translation import gettext_lazy as _

from incidents.timeline import Entry
from lostfound.prepared import PreparedRead


def _claims_of(incident_id: int):
    from compensation.models import Claim

    return (
        Claim.objects.filter(incident_id=incident_id)
        .select_related("filed_by", "decided_by", "assessment__assessed_by", "agreement__signed_uploaded_by")
        .prefetch_related("opinions__by", "payments__recorded_by")
    )


_CLAIMS = PreparedRead(_claims_of)


def claim_entries(incident) -> list[Entry]:
    from compensation.models import ClaimState

    rows: list[Entry] = []
    for claim in _CLAIMS(incident.pk):
        url = {"url": claim.get_absolute_url()}
        rows.append(Entry(
            at=claim.filed_at, actor=claim.filed_by, icon="note", source="compensation", extra=url,
            label=_("Compensation claim %(reference)s filed: %(amount)s %(currency)s") % {
                "reference": claim.reference, "amount": claim.claimed_total, "currency": claim.currency},
            detail=claim.late_override_reason,
            badge=_("late, accepted") if claim.late else "", badge_class="warning",
        ))
        assessment = getattr(claim, "assessment", None)
        if assessment is not None:
            rows.append(Entry(
                at=assessment.assessed_at, actor=assessment.assessed_by, icon="tool", source="compensation", extra=url,
                label=_("Claim assessed: %(amount)s %(currency)s estimated") % {
                    "amount": assessment.total, "currency": claim.currency},
                detail=assessment.get_liability_display(),
            ))
        for opinion in claim.opinions.all():
            rows.append(Entry(at=opinion.at, actor=opinion.by, icon="note", source="compensation", extra=url,
                              label=_("Legal opinion on the claim"), detail=opinion.text[:120]))
        if claim.decided_at:
            if claim.state == ClaimState.REJECTED:
                label, badge_class = _("Claim rejected"), "danger"
            else:
                label, badge_class = _("Claim approved: %(amount)s %(currency)s") % {
                    "amount": claim.approved_amount, "currency": claim.currency}, "success"
            rows.append(Entry(at=claim.decided_at, actor=claim.decided_by, icon="check", source="compensation",
                              extra=url, label=label, detail=claim.rejection_reasons[:120],
                              badge=claim.get_tier_display(), badge_class=badge_class))
        agreement = getattr(claim, "agreement", None)
        if agreement is not None and agreement.signed_uploaded_at:
            rows.append(Entry(at=agreement.signed_uploaded_at, actor=agreement.signed_uploaded_by, icon="note",
                              source="compensation", extra=url,
                              label=_("Compensation agreement signed: %(amount)s %(currency)s, %(method)s") % {
                                  "amount": agreement.amount, "currency": claim.currency,
                                  "method": agreement.get_method_display()}))
        for payment in claim.payments.all():
            rows.append(Entry(at=payment.recorded_at, actor=payment.recorded_by, icon="gift", source="compensation",
                              extra=url, label=_("Compensation paid: %(amount)s %(currency)s") % {
                                  "amount": payment.amount, "currency": payment.currency},
                              detail=payment.get_method_display()))
    return rows
