"""Assessment and decision (CMP-3..5): liability, approval tiers at their boundaries, no self-approval, messages."""

from decimal import Decimal

import pytest

from compensation import services
from compensation.errors import ClaimError
from compensation.models import ClaimState, Tier
from notifications.models import Message
from policy.models import Policy
from sla.models import Deadline, DeadlineState
from tests.compensation.conftest import assess, file_claim


@pytest.fixture
def big_caps(policy_defaults):
    Policy.objects.filter(site__isnull=True).update(
        compensation_cap_per_item=Decimal("100000"), compensation_cap_per_customer=Decimal("100000"))


def claim_for(incident, by, amount: str):
    return file_claim(incident, by, items=[services.ClaimItemData(
        description="Leather bag", head="direct", amount_claimed=Decimal(amount), lost_item=incident.items.first())])


@pytest.mark.parametrize(("amount", "tier"), [
    ("0.01", Tier.DEPARTMENT_MANAGER),
    ("2000.00", Tier.DEPARTMENT_MANAGER),
    ("2000.01", Tier.SITE_GENERAL_MANAGER),
    ("20000.00", Tier.SITE_GENERAL_MANAGER),
    ("20000.01", Tier.COMPANY_GENERAL_MANAGER),
])
def test_the_tier_follows_the_policys_limits_inclusive(site, policy_defaults, amount, tier):
    assert services.required_tier(site=site, amount=Decimal(amount)) == tier


@pytest.mark.parametrize(("amount", "allowed", "refused"), [
    ("2000.00", "manager", None),
    ("2000.01", "site_gm", "manager"),
    ("20000.00", "site_gm", "manager"),
    ("20000.01", "company_gm", "site_gm"),
])
def test_each_tier_is_approved_by_its_position_and_refused_below(
    request, big_caps, closed_incident, front_desk, legal, amount, allowed, refused,
):
    claim = claim_for(closed_incident, front_desk, amount)
    assess(claim, legal, price=amount)
    assert claim.estimated_amount == Decimal(amount)

    if refused:
        with pytest.raises(ClaimError) as error:
            services.claim_approve(claim=claim, by=request.getfixturevalue(refused))
        assert "or higher" in str(error.value)
        claim.refresh_from_db()
        assert claim.state == ClaimState.ASSESSED

    approver = request.getfixturevalue(allowed)
    services.claim_approve(claim=claim, by=approver)
    claim.refresh_from_db()
    assert (claim.state, claim.approved_amount, claim.decided_by) == (ClaimState.APPROVED, Decimal(amount), approver)


def test_a_manager_cannot_approve_an_assessment_of_their_own(claim, manager, second_manager):
    assess(claim, manager, price="500")

    with pytest.raises(ClaimError) as error:
        services.claim_approve(claim=claim, by=manager)
    assert "someone else" in str(error.value)
    with pytest.raises(ClaimError):
        services.claim_reject(claim=claim, by=manager, reasons="no")

    services.claim_approve(claim=claim, by=second_manager)
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED


def test_approval_tells_the_customer_in_their_language_and_meets_the_review_deadline(claim, legal, manager):
    assess(claim, legal, price="800")

    services.claim_approve(claim=claim, by=manager)

    message = Message.objects.get(template_key="claim_approved")
    assert message.language == claim.customer.preferred_language == "zh-hans"
    assert message.context["amount"] == "800.00" and message.context["claim_reference"] == claim.reference
    deadline = Deadline.objects.get(subject_id=claim.pk, kind="claim_review")
    assert deadline.state == DeadlineState.MET


def test_rejection_needs_reasons_and_sends_them_with_the_court_notice(claim, legal, manager):
    from notifications.rendering import render_message

    assess(claim, legal, price="800", liability="none")
    with pytest.raises(ClaimError):
        services.claim_reject(claim=claim, by=manager, reasons="  ")
    with pytest.raises(ClaimError):  # nothing to pay: reject, not approve
        services.claim_approve(claim=claim, by=manager)

    services.claim_reject(claim=claim, by=manager, reasons="The bag was left unattended outside our care.")

    claim.refresh_from_db()
    assert claim.state == ClaimState.REJECTED
    message = Message.objects.get(template_key="claim_rejected")
    body = render_message(message).body
    assert "The bag was left unattended" in body and "法院" in body


def test_a_custody_loss_is_the_companys_fault(claim, legal):
    claim.custody_loss = True
    claim.save(update_fields=["custody_loss"])

    with pytest.raises(ClaimError):
        assess(claim, legal, liability="none")
    assessment = assess(claim, legal, liability="company_fault")
    assert assessment.share_percent == Decimal(100)


def test_a_third_party_theft_needs_the_duty_of_care_evidence_and_a_share(claim, legal):
    with pytest.raises(ClaimError):
        assess(claim, legal, liability="third_party_supplementary", share=Decimal("30"))
    with pytest.raises(ClaimError):
        assess(claim, legal, liability="third_party_supplementary", cctv_evidence="thief seen 14:02",
               patrol_evidence="no patrol 13:00–15:00")

    assessment = assess(claim, legal, price="1000", liability="third_party_supplementary", share=Decimal("30"),
                        cctv_evidence="thief seen 14:02", patrol_evidence="no patrol 13:00–15:00")
    assert assessment.total == Decimal("300.00")

    assessment = assess(claim, legal, liability="third_party", cctv_evidence="thief seen 14:02",
                        patrol_evidence="patrols every 30 minutes, logged")
    assert assessment.total == Decimal("0.00")


def test_the_assessment_applies_the_category_table_and_shows_the_lines(claim, legal, bag_category):
    import datetime

    from policy.models import DepreciationBand

    DepreciationBand.objects.create(category=bag_category, up_to_months=12, remaining_percent=Decimal("75"))
    bought = claim.incident.lost_from.date() - datetime.timedelta(days=200)

    assessment = assess(claim, legal, price="1000", bought=bought)

    item = claim.items.get()
    assert item.assessed_value == Decimal("750.00") and item.compensation == Decimal("750.00")
    assert [step["code"] for step in item.calculation] == ["price", "depreciation", "share"]
    assert assessment.total == claim.estimated_amount == Decimal("750.00")


def test_an_approved_claim_cannot_be_assessed_again(claim, legal, manager):
    assess(claim, legal, price="100")
    services.claim_approve(claim=claim, by=manager)

    with pytest.raises(ClaimError):
        assess(claim, legal, price="200")
    with pytest.raises(ClaimError):
        services.legal_opinion_add(claim=claim, by=legal, text="late opinion")
