"""Issue 6 in a real browser: the front desk files a claim with a receipt from the closed incident's page, legal
assesses it, the department manager approves it (its tier), the front desk prints the agreement and uploads the
signed copy, and finance records the payment.

Assertions use references, states and element ids, not translated text.
"""

import datetime

import pytest
from django.urls import reverse

from compensation.models import Claim, ClaimState
from policy.models import ItemCategory
from tests.compensation.conftest import PDF_BYTES, close, jpeg_bytes
from tests.e2e.browser import assert_inputs_labelled, log_in
from tests.incidents.conftest import file_report

pytestmark = pytest.mark.browser


def test_file_assess_approve_sign_and_pay(
    page, live_server, tmp_path, policy_defaults, site, area, front_desk, legal, manager, finance,
):
    bag_category = ItemCategory.objects.get(code="bag-luggage")
    incident = close(file_report(site=site, area=area, category=bag_category, by=front_desk), front_desk)
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(jpeg_bytes())
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF_BYTES)

    # The front desk files the claim from the incident page, with a receipt.
    log_in(page, front_desk)
    page.goto(reverse("incidents:detail", args=[incident.pk]))
    new = reverse("compensation:claim_new", args=[incident.pk])
    with page.expect_navigation():
        page.locator(f"a[href='{new}']").click()
    assert_inputs_labelled(page)
    page.fill("#id_statement", "包在大堂行李房丢失 lost in the luggage room")
    page.fill("#id_items-0-amount_claimed", "800")
    page.set_input_files("#id_files", str(receipt))
    with page.expect_navigation():
        page.click("#file-claim")
    claim = Claim.objects.get()
    assert page.url.endswith(claim.get_absolute_url())
    assert claim.evidence.count() == 1 and claim.state == ClaimState.FILED

    # Legal assesses: negligence, the bag's price and age; the calculation is shown line by line.
    page.context.clear_cookies()
    log_in(page, legal)
    page.goto(reverse("compensation:assess", args=[claim.pk]))
    assert_inputs_labelled(page)
    item = claim.items.get()
    page.select_option("#id_liability", "company_negligence")
    page.fill("#id_grounds", "The luggage room was left unlocked.")
    page.fill(f"#id_item_{item.pk}_price", "1000")
    page.fill(f"#id_item_{item.pk}_date", (incident.lost_from.date() - datetime.timedelta(days=20)).isoformat())
    page.fill(f"#id_item_{item.pk}_proof", "receipt")
    with page.expect_navigation():
        page.click("#save-assessment")
    claim.refresh_from_db()
    assert claim.state == ClaimState.ASSESSED and str(claim.estimated_amount) == "800.00"
    assert "800.00" in page.inner_text("#estimated-total")

    # 800 is within the department manager's limit: the department manager approves.
    page.context.clear_cookies()
    log_in(page, manager)
    page.goto(claim.get_absolute_url())
    assert_inputs_labelled(page)
    page.check("input[name=decision][value=approve]")
    with page.expect_navigation():
        page.click("#decide")
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED and claim.tier == "department_manager"

    # The front desk prepares the agreement, prints it and uploads the signed copy.
    page.context.clear_cookies()
    log_in(page, front_desk)
    page.goto(reverse("compensation:agreement", args=[claim.pk]))
    assert_inputs_labelled(page)
    page.select_option("#id_method", "transfer")
    page.check("#id_bank_consent")
    with page.expect_navigation():
        page.click("#save-agreement")
    page.goto(reverse("compensation:agreement_print", args=[claim.pk]))
    assert "800.00" in page.inner_text("#agreement-amount")
    page.goto(reverse("compensation:agreement", args=[claim.pk]))
    page.set_input_files("#id_file", str(signed))
    with page.expect_navigation():
        page.click("#upload-signed")
    claim.refresh_from_db()
    assert claim.state == ClaimState.AGREED

    # Finance records the payment; the payout is on the audit list.
    page.context.clear_cookies()
    log_in(page, finance)
    page.goto(claim.get_absolute_url())
    assert_inputs_labelled(page)
    page.fill("#id_reference", "TX-2026-0001")
    with page.expect_navigation():
        page.click("#record-payment")
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID
    page.goto(reverse("compensation:payout_list"))
    assert claim.reference in page.inner_text("#payout-rows")
