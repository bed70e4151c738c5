"""Filing a claim (CMP-1, CMP-2): the window to the second in the site's time zone, heads, evidence, deadline."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compensation import services
from compensation.errors import ClaimError
from compensation.models import Claim, ClaimState
from incidents.models import Incident
from policy.models import Policy
from sla.models import Deadline, DeadlineState
from tests.compensation.conftest import file_claim, pdf_upload, receipt_upload
from tests.incidents.conftest import file_report

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def closed_at(incident, moment: datetime.datetime):
    Incident.objects.filter(pk=incident.pk).update(closed_at=moment)
    incident.refresh_from_db()
    return incident


def test_a_claim_on_the_last_second_of_the_window_is_in_time_and_one_second_later_is_late(closed_incident, front_desk):
    incident = closed_at(closed_incident, datetime.datetime(2026, 11, 1, 23, 59, 59, tzinfo=SHANGHAI))
    end = datetime.datetime(2026, 12, 1, 23, 59, 59, tzinfo=SHANGHAI)  # 30 days, site clock

    assert services.claim_window_end(incident) == end
    with pytest.raises(ClaimError) as error:
        file_claim(incident, front_desk, now=end + datetime.timedelta(seconds=1))
    assert "2026-12-01 23:59:59" in str(error.value)
    assert error.value.field == "late_override_reason"

    claim = file_claim(incident, front_desk, now=end + datetime.timedelta(microseconds=999_999))
    assert claim.late is False and claim.window_ends_at == end


def test_the_window_counts_calendar_days_on_the_sites_clock_across_a_clock_change(closed_incident, front_desk, site):
    site.time_zone = "Europe/Berlin"
    site.save()
    incident = closed_at(closed_incident, datetime.datetime(2026, 3, 1, 10, 0, 0, tzinfo=BERLIN))
    incident.site.refresh_from_db()
    # Summer time starts on 29 March: 30 days later is 10:00 local = 08:00 UTC, not 09:00 UTC.
    end_utc = datetime.datetime(2026, 3, 31, 8, 0, 0, tzinfo=datetime.UTC)

    assert services.claim_window_end(incident) == end_utc
    assert services.is_in_time(incident, end_utc)
    assert not services.is_in_time(incident, end_utc + datetime.timedelta(seconds=1))


def test_the_window_is_the_policys_days_of_the_site(closed_incident, front_desk, site):
    Policy.objects.create(site=site, claim_window_days=3)
    incident = closed_at(closed_incident, datetime.datetime(2026, 11, 1, 12, 0, 0, tzinfo=SHANGHAI))

    assert services.claim_window_end(incident) == datetime.datetime(2026, 11, 4, 12, 0, 0, tzinfo=SHANGHAI)


def test_a_late_claim_needs_a_managers_written_reason(closed_incident, front_desk, manager):
    incident = closed_at(closed_incident, datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=SHANGHAI))
    late = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=SHANGHAI)

    with pytest.raises(ClaimError):
        file_claim(incident, manager, now=late)
    with pytest.raises(ClaimError) as error:
        file_claim(incident, front_desk, now=late, late_override_reason="customer was in hospital")
    assert "manager" in str(error.value)
    assert not Claim.objects.exists()

    claim = file_claim(incident, manager, now=late, late_override_reason="customer was in hospital")
    assert (claim.late, claim.late_override_by, claim.late_override_reason) == (True, manager, "customer was in hospital")


@pytest.mark.parametrize("head", ["emotional", "expected_profit"])
def test_emotional_loss_and_expected_profit_are_refused_with_the_reason(closed_incident, front_desk, head):
    items = [services.ClaimItemData(description="Distress", head=head, amount_claimed=Decimal("5000"))]

    with pytest.raises(ClaimError) as error:
        file_claim(closed_incident, front_desk, items=items)

    assert "direct loss and reasonable indirect loss" in str(error.value)
    assert not Claim.objects.exists()


def test_only_a_closed_incident_takes_a_claim(policy_defaults, site, area, bag_category, front_desk):
    incident = file_report(site=site, area=area, category=bag_category, by=front_desk)

    with pytest.raises(ClaimError):
        file_claim(incident, front_desk)


def test_filing_stores_items_evidence_and_starts_the_review_deadline(closed_incident, front_desk):
    items = [
        services.ClaimItemData(description="Leather bag", head="direct", amount_claimed=Decimal("1000"),
                               lost_item=closed_incident.items.first()),
        services.ClaimItemData(description="Taxi to the police station", head="indirect", amount_claimed=Decimal("45.5")),
    ]
    evidence = [services.EvidenceData(upload=receipt_upload()), services.EvidenceData(upload=pdf_upload(), kind="document")]

    claim = file_claim(closed_incident, front_desk, items=items, evidence=evidence)

    assert claim.state == ClaimState.FILED
    assert claim.reference == f"{closed_incident.reference}-C1"
    assert claim.claimed_total == Decimal("1045.50") and claim.currency == "CNY"
    assert sorted(claim.evidence.values_list("content_type", flat=True)) == ["application/pdf", "image/jpeg"]
    deadline = Deadline.objects.get(subject_id=claim.pk, kind="claim_review")
    assert deadline.state == DeadlineState.OPEN
    assert deadline.due_at - deadline.started_at == datetime.timedelta(days=7)
    with pytest.raises(ClaimError):  # one open claim per incident
        file_claim(closed_incident, front_desk)


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    SimpleUploadedFile("photo.jpg", b"GIF89a fake", content_type="image/jpeg"),
])
def test_evidence_is_checked_by_its_content(closed_incident, front_desk, upload):
    with pytest.raises(ClaimError):
        file_claim(closed_incident, front_desk, evidence=[services.EvidenceData(upload=upload)])
    assert not Claim.objects.exists()


def test_evidence_larger_than_the_limit_is_refused(closed_incident, front_desk, monkeypatch):
    monkeypatch.setattr("compensation.files.EVIDENCE_MAX_BYTES", 20)
    with pytest.raises(ClaimError) as error:
        file_claim(closed_incident, front_desk, evidence=[services.EvidenceData(upload=pdf_upload())])
    assert "MB" in str(error.value)


def test_a_claim_needs_evidence(closed_incident, front_desk):
    with pytest.raises(ClaimError):
        file_claim(closed_incident, front_desk, evidence=[])
