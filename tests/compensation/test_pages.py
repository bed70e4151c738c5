"""The pages: every view's forbidden paths (anonymous → login, other site → 404, wrong role → 403), and the
whole path through the forms."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from compensation import services
from compensation.models import Agreement, Claim, ClaimState, Payment
from organization.roles import Role
from tests.compensation.conftest import assess, jpeg_bytes, pdf_upload, receipt_upload
from tests.conftest import make_staff


@pytest.fixture
def approved(claim, legal, manager):
    assess(claim, legal, price="1000")
    services.claim_approve(claim=claim, by=manager)
    return claim


@pytest.fixture
def paid(approved, front_desk, finance):
    services.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("1000"), method="cash")
    services.agreement_upload_signed(claim=approved, by=front_desk, upload=pdf_upload())
    services.payment_record(claim=approved, by=finance, paid_on=timezone.localdate(), method="cash",
                            reference="=HYPERLINK(1)", amount=Decimal("1000"))
    approved.refresh_from_db()
    return approved


def urls(claim) -> dict[str, str]:
    evidence = claim.evidence.first()
    return {
        "list": reverse("compensation:claim_list"),
        "new": reverse("compensation:claim_new", args=[claim.incident_id]),
        "detail": reverse("compensation:claim_detail", args=[claim.pk]),
        "evidence_add": reverse("compensation:evidence_add", args=[claim.pk]),
        "evidence_file": reverse("compensation:evidence_file", args=[evidence.pk]),
        "assess": reverse("compensation:assess", args=[claim.pk]),
        "opinion": reverse("compensation:opinion", args=[claim.pk]),
        "decide": reverse("compensation:decide", args=[claim.pk]),
        "agreement": reverse("compensation:agreement", args=[claim.pk]),
        "agreement_print": reverse("compensation:agreement_print", args=[claim.pk]),
        "payment": reverse("compensation:payment", args=[claim.pk]),
        "payouts": reverse("compensation:payout_list"),
        "payouts_csv": reverse("compensation:payout_csv"),
    }


ALL_VIEWS = ["list", "new", "detail", "evidence_add", "evidence_file", "assess", "opinion", "decide", "agreement",
             "agreement_print", "payment", "payouts", "payouts_csv"]


@pytest.mark.parametrize("name", ALL_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, claim, name):
    response = client.get(urls(claim)[name])
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["new", "detail", "evidence_add", "evidence_file", "agreement_print"])
def test_staff_of_another_site_get_not_found(client, claim, outsider, name):
    client.force_login(outsider)
    assert client.get(urls(claim)[name]).status_code == 404


def test_a_manager_of_another_site_gets_not_found_for_manager_pages(client, claim, django_user_model, other_site):
    stranger = make_staff(django_user_model, "olga", role=Role.MANAGER, sites=[other_site])
    client.force_login(stranger)
    for name in ("detail", "assess", "decide", "agreement"):
        assert client.get(urls(claim)[name]).status_code == 404, name


# Who may open which page: 403 for every role not listed (the claim is at the persona's own site).
ALLOWED = {
    "list": {"front_desk", "manager", "legal", "finance"},
    "new": {"front_desk", "manager"},
    "detail": {"front_desk", "manager", "legal", "finance"},
    "evidence_file": {"front_desk", "manager", "legal", "finance"},
    "assess": {"manager", "legal"},
    "opinion": {"legal"},
    "decide": {"manager"},
    "agreement": {"front_desk", "manager"},
    "payment": {"finance"},
    "payouts": {"finance"},
    "payouts_csv": {"finance"},
    "evidence_add": {"front_desk", "manager"},
}
PERSONAS = ["front_desk", "security_officer", "custodian", "manager", "legal", "finance", "administrator"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_each_role_reaches_only_its_pages(request, client, claim, persona, name):
    client.force_login(request.getfixturevalue(persona))
    status = client.get(urls(claim)[name]).status_code
    if persona in ALLOWED[name]:
        assert status in (200, 302), (persona, name, status)
    else:
        assert status == 403, (persona, name, status)


def test_finance_of_another_site_sees_no_payouts_of_this_one(client, paid, django_user_model, other_site):
    clerk = make_staff(django_user_model, "frank", role=Role.FINANCE, sites=[other_site])
    client.force_login(clerk)

    assert paid.reference not in client.get(reverse("compensation:payout_list")).content.decode()
    body = b"".join(client.get(reverse("compensation:payout_csv")).streaming_content).decode("utf-8-sig")
    assert paid.reference not in body


def test_the_whole_path_through_the_pages(client, closed_incident, front_desk, manager, legal, second_manager, finance):
    client.force_login(front_desk)
    new = reverse("compensation:claim_new", args=[closed_incident.pk])
    page = client.get(new)
    assert page.status_code == 200 and "claim-window" in page.content.decode()
    lost = closed_incident.items.first()
    form = {
        "claimant_name": "王小明", "statement": "包在大堂被偷", "evidence_kind": "receipt",
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-0-description": "Leather bag", "items-0-head": "direct", "items-0-amount_claimed": "1200",
        "items-0-lost_item": str(lost.pk),
        "items-1-description": "Sadness", "items-1-head": "emotional", "items-1-amount_claimed": "5000",
        "items-2-description": "", "items-2-head": "direct", "items-2-amount_claimed": "",
    }
    refused = client.post(new, {**form, "files": [receipt_upload()]})
    assert refused.status_code == 200 and "Emotional loss is not compensated" in refused.content.decode()
    form["items-1-description"] = ""
    form["items-1-amount_claimed"] = ""
    response = client.post(new, {**form, "files": [receipt_upload(), pdf_upload()]})
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert claim.evidence.count() == 2

    evidence = claim.evidence.order_by("pk").first()
    file_response = client.get(reverse("compensation:evidence_file", args=[evidence.pk]))
    served = b"".join(file_response.streaming_content)
    # The photo is kept re-encoded (no EXIF): the same picture, not the same bytes.
    assert file_response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(served)).size == Image.open(io.BytesIO(jpeg_bytes())).size

    client.force_login(manager)
    item = claim.items.get()
    bought = (closed_incident.lost_from.date() - datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("compensation:assess", args=[claim.pk]), {
        "liability": "company_negligence", "grounds": "Luggage room left open", "valuation_date":
        closed_incident.lost_from.date().isoformat(),
        f"item_{item.pk}_category": str(item.category_id), f"item_{item.pk}_quantity": "1",
        f"item_{item.pk}_price": "1500", f"item_{item.pk}_date": bought, f"item_{item.pk}_proof": "invoice 123",
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.estimated_amount == Decimal("1200.00")  # limited to the amount claimed
    detail = client.get(claim.get_absolute_url()).content.decode()
    assert "Limited to the amount claimed" in detail or "1200.00" in detail
    assert 'id="decision-form"' not in detail  # the assessor does not decide

    client.force_login(legal)
    assert client.post(reverse("compensation:opinion", args=[claim.pk]), {"text": "Liable under art. 1198."}).status_code == 302

    client.force_login(second_manager)
    assert 'id="decision-form"' in client.get(claim.get_absolute_url()).content.decode()
    assert client.post(reverse("compensation:decide", args=[claim.pk]), {"decision": "approve"}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED

    client.force_login(front_desk)
    agreement_url = reverse("compensation:agreement", args=[claim.pk])
    too_much = client.post(agreement_url, {"amount": "1200.01", "method": "transfer", "bank_consent": "on"})
    assert too_much.status_code == 200 and not Agreement.objects.exists()
    assert client.post(agreement_url, {"amount": "1100", "method": "transfer", "terms": "within 7 days",
                                           "bank_consent": "on"}).status_code == 302
    printed = client.get(reverse("compensation:agreement_print", args=[claim.pk])).content.decode()
    assert "1100.00" in printed and claim.reference in printed
    assert client.post(agreement_url, {"action": "upload", "file": pdf_upload("signed.pdf")}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.AGREED

    client.force_login(finance)
    payment_url = reverse("compensation:payment", args=[claim.pk])
    today = timezone.localdate().isoformat()
    over = client.post(payment_url, {"paid_on": today, "method": "transfer", "reference": "TX9", "amount": "1100.01"})
    assert over.status_code == 200 and not Payment.objects.exists()
    assert client.post(payment_url, {"paid_on": today, "method": "transfer", "reference": "TX9",
                                     "amount": "1100"}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID
    listing = client.get(reverse("compensation:payout_list"), {"method": "transfer"}).content.decode()
    assert claim.reference in listing and "TX9" in listing
    assert claim.reference not in client.get(reverse("compensation:payout_list"), {"method": "cash"}).content.decode()


def test_the_payout_csv_lists_every_payout_and_defuses_formulas(client, paid, finance):
    client.force_login(finance)
    response = client.get(reverse("compensation:payout_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2 and rows[1][2] == paid.reference
    assert rows[1][6] == "'=HYPERLINK(1)" and rows[1][7] == "1000.00"


def test_the_claim_list_filters_and_pages(client, claim, front_desk):
    client.force_login(front_desk)
    assert claim.reference in client.get(reverse("compensation:claim_list"), {"state": "open"}).content.decode()
    assert claim.reference not in client.get(reverse("compensation:claim_list"), {"state": "paid"}).content.decode()
    assert client.get(reverse("compensation:claim_list"), {"page": "99999", "date_from": "bad"}).status_code == 200


def test_the_incident_page_links_to_filing_and_the_timeline_shows_the_claim(client, closed_incident, front_desk):
    from incidents.extensions import links_for
    from incidents.timeline import timeline_of

    links = links_for(front_desk, closed_incident)
    assert any(link.url == reverse("compensation:claim_new", args=[closed_incident.pk]) for link in links)
    claim = services.claim_file(
        incident=closed_incident, by=front_desk, claimant_name="王小明", statement="lost",
        items=[services.ClaimItemData(description="Bag", head="direct", amount_claimed=Decimal("10"))],
        evidence=[services.EvidenceData(upload=receipt_upload())],
    )
    assert any(link.url == claim.get_absolute_url() for link in links_for(front_desk, closed_incident))
    assert any(entry.source == "compensation" for entry in timeline_of(closed_incident))


def test_changes_are_audited(claim):
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(claim).exists()


def test_reminders_and_escalations_name_the_claim(claim):
    from sla.hooks import describe_subject

    description = describe_subject(claim)
    assert description.reference == claim.reference and description.url == claim.get_absolute_url()


def test_more_evidence_can_be_added_until_the_decision(client, claim, front_desk):
    client.force_login(front_desk)
    url = reverse("compensation:evidence_add", args=[claim.pk])

    added = client.post(url, {"kind": "photo", "files": [pdf_upload("x.pdf"), receipt_upload("more.jpg")]})
    assert added.status_code == 302 and claim.evidence.count() == 3
    refused = client.post(url, {"kind": "photo", "files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00")]})
    assert refused.status_code == 200 and claim.evidence.count() == 3
