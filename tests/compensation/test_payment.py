"""Agreement and payment (CMP-5, CMP-6), and the control rate (CMP-7)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from compensation import services
from compensation.errors import ClaimError
from compensation.models import ClaimState, Payment
from compensation.selectors import control_rate
from tests.compensation.conftest import assess, pdf_upload, receipt_upload


@pytest.fixture
def approved(claim, legal, manager):
    assess(claim, legal, price="1000")
    services.claim_approve(claim=claim, by=manager)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def agreed(approved, front_desk):
    services.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("900"), method="transfer", bank_consent=True)
    services.agreement_upload_signed(claim=approved, by=front_desk, upload=pdf_upload("signed.pdf"))
    approved.refresh_from_db()
    return approved


def test_the_agreement_is_at_most_the_approved_amount(approved, front_desk):
    with pytest.raises(ClaimError):
        services.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("1000.01"), method="cash")
    with pytest.raises(ClaimError):
        services.agreement_upload_signed(claim=approved, by=front_desk, upload=receipt_upload())

    agreement = services.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("1000"), method="voucher")
    assert agreement.amount == Decimal("1000.00")


def test_the_signed_copy_moves_the_claim_to_payment(agreed):
    assert agreed.state == ClaimState.AGREED
    assert agreed.agreement.signed_copy.content_type == "application/pdf"


def test_payment_above_the_agreement_is_refused(agreed, finance):
    today = timezone.localdate()
    with pytest.raises(ClaimError) as error:
        services.payment_record(claim=agreed, by=finance, paid_on=today, method="transfer", reference="TX-1",
                                amount=Decimal("900.01"))
    assert "900.00" in str(error.value)

    services.payment_record(claim=agreed, by=finance, paid_on=today, method="transfer", reference="TX-1",
                            amount=Decimal("600"))
    agreed.refresh_from_db()
    assert agreed.state == ClaimState.AGREED
    with pytest.raises(ClaimError):
        services.payment_record(claim=agreed, by=finance, paid_on=today, method="transfer", reference="TX-2",
                                amount=Decimal("300.01"))

    services.payment_record(claim=agreed, by=finance, paid_on=today, method="transfer", reference="TX-2",
                            amount=Decimal("300"))
    agreed.refresh_from_db()
    assert agreed.state == ClaimState.PAID
    assert services.paid_so_far(agreed) == Decimal("900.00")
    with pytest.raises(ClaimError):
        services.payment_record(claim=agreed, by=finance, paid_on=today, method="cash", reference="C-1",
                                amount=Decimal("0.01"))


def test_a_payment_needs_a_reference_and_a_date_not_in_the_future(agreed, finance):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(ClaimError):
        services.payment_record(claim=agreed, by=finance, paid_on=timezone.localdate(), method="cash", reference="",
                                amount=Decimal("1"))
    with pytest.raises(ClaimError):
        services.payment_record(claim=agreed, by=finance, paid_on=tomorrow, method="cash", reference="R",
                                amount=Decimal("1"))
    assert not Payment.objects.exists()


def test_no_payment_before_the_signed_agreement(approved, finance):
    with pytest.raises(ClaimError):
        services.payment_record(claim=approved, by=finance, paid_on=timezone.localdate(), method="cash",
                                reference="R", amount=Decimal("1"))


def test_the_control_rate_is_paid_over_estimated_by_period_and_site(agreed, finance, site, other_site):
    services.payment_record(claim=agreed, by=finance, paid_on=timezone.localdate(), method="transfer",
                            reference="TX-1", amount=Decimal("900"))
    start, end = agreed.filed_at - datetime.timedelta(hours=1), agreed.filed_at + datetime.timedelta(hours=1)

    assert control_rate(sites=[site], start=start, end=end) == {
        "paid": Decimal("900.00"), "estimated": Decimal("1000.00"), "rate": Decimal("0.9000")}
    assert control_rate(sites=None, start=start, end=end)["rate"] == Decimal("0.9000")
    assert control_rate(sites=[other_site], start=start, end=end) == {
        "paid": Decimal("0.00"), "estimated": Decimal("0.00"), "rate": None}
    assert control_rate(sites=[site.pk], start=end, end=end + datetime.timedelta(days=1))["rate"] is None
    local_day = timezone.localtime(agreed.filed_at).date()
    by_dates = control_rate(sites=[site], start=local_day, end=local_day + datetime.timedelta(days=1))
    assert by_dates["estimated"] == Decimal("1000.00")


def test_drills_are_left_out_of_the_control_rate(agreed, site):
    from incidents.models import Incident

    start, end = agreed.filed_at - datetime.timedelta(hours=1), agreed.filed_at + datetime.timedelta(hours=1)
    Incident.objects.filter(pk=agreed.incident_id).update(is_drill=True)

    assert control_rate(sites=[site], start=start, end=end)["estimated"] == Decimal("0.00")


def test_the_demo_makes_an_assessed_claim(policy_defaults, site, front_desk, legal):
    from compensation.demo import create_demo_claims

    [claim] = create_demo_claims(site=site, front_desk_user=front_desk, assessor=legal)

    assert claim.state == ClaimState.ASSESSED and claim.estimated_amount > 0
