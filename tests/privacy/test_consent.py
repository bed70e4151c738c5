"""PIPL arts. 29–30: a separate consent, with its purpose, before ID documents or bank details are recorded."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compensation import services as compensation
from compensation.errors import ClaimError
from compensation.models import Agreement
from custody.errors import CustodyError
from custody.models import Release
from custody.services import ReleaseData, item_release
from incidents.errors import IncidentError
from incidents.models import Customer, Incident
from incidents.public_services import incident_file_online
from incidents.services import incident_file
from privacy.consent import CONSENT_VERSIONS
from privacy.models import ConsentPurpose, ConsentRecord
from tests.custody.conftest import signature_data_url

ID_NUMBER = "310101199001011234"


def _report_data(site, area, category, **customer):
    now = timezone.now()
    return dict(
        site=site, area=area, channel="on_site", kind="loss", severity="general",
        items=[{"category": category, "name": "Wallet", "quantity": 1}],
        lost_from=now - datetime.timedelta(hours=2), lost_until=now - datetime.timedelta(hours=1),
        customer_data={"name": "Wang", "phone": "13800138000", "preferred_language": "en", "preferred_channel": "sms",
                       **customer},
    )


def test_an_id_at_the_desk_needs_the_separate_consent(site, area, categories, front_desk):
    data = _report_data(site, area, categories["wallet-purse"], id_type="id_card", id_number=ID_NUMBER)
    with pytest.raises(IncidentError) as refused:
        incident_file(**data, filed_by=front_desk)
    assert refused.value.field == "id_consent"
    assert not Incident.objects.exists() and not Customer.objects.exists()
    incident = incident_file(**data, filed_by=front_desk, id_consent=True)
    consent = ConsentRecord.objects.get()
    assert (consent.purpose, consent.incident, consent.customer, consent.recorded_by, consent.text_version) == (
        ConsentPurpose.INTAKE_ID, incident, incident.customer, front_desk, CONSENT_VERSIONS[ConsentPurpose.INTAKE_ID])


def test_a_report_without_id_asks_no_id_consent(site, area, categories, front_desk):
    incident_file(**_report_data(site, area, categories["wallet-purse"]), filed_by=front_desk)
    assert not ConsentRecord.objects.exists()


def test_the_report_form_shows_the_consent_next_to_the_id(site, area, categories, front_desk, client):
    client.force_login(front_desk)
    now = timezone.localtime()
    form = {
        "channel": "on_site", "name": "Wang", "phone": "13800138000", "email": "", "preferred_language": "en",
        "preferred_channel": "sms", "id_type": "id_card", "id_number": ID_NUMBER, "kind": "loss",
        "severity": "general", "site": site.pk, "area": area.pk,
        "lost_from": (now - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "lost_until": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
        "items-0-category": categories["wallet-purse"].pk, "items-0-name": "Wallet", "items-0-quantity": "1",
    }
    page = client.get(reverse("incidents:new")).content.decode()
    assert 'name="id_consent"' in page and "masked number of their ID document" in page
    response = client.post(reverse("incidents:new"), form)
    assert response.status_code == 200 and not Incident.objects.exists()
    assert "Ask for the customer&#x27;s consent" in response.content.decode()
    response = client.post(reverse("incidents:new"), {**form, "id_consent": "on"})
    assert response.status_code == 302
    assert ConsentRecord.objects.get().purpose == ConsentPurpose.INTAKE_ID


def test_the_online_form_records_its_consent_the_same_way(site, area, categories):
    data = _report_data(site, area, categories["wallet-purse"])
    data.pop("channel")
    with pytest.raises(IncidentError):
        incident_file_online(consent=False, **data, channel="online")
    incident = incident_file_online(consent=True, **data, channel="online")
    consent = ConsentRecord.objects.get()
    assert (consent.purpose, consent.incident, consent.recorded_by, consent.text_version) == (
        ConsentPurpose.ONLINE_REPORT, incident, None, CONSENT_VERSIONS[ConsentPurpose.ONLINE_REPORT])
    assert incident.events.get(code="customer.consent").data["version"] == consent.text_version


def _release_data(**overrides) -> ReleaseData:
    values = dict(claimant_kind="owner", claimant_name="王小明", id_type="id_card", id_number=ID_NUMBER,
                  claimant_answers="名片", details_match=True, signature_data_url=signature_data_url())
    values.update(overrides)
    return ReleaseData(**values)


def test_a_return_against_id_needs_the_claimants_consent(matched, front_desk):
    item, incident = matched
    with pytest.raises(CustodyError) as refused:
        item_release(item=item, by=front_desk, data=_release_data())
    assert refused.value.field == "id_consent" and not Release.objects.exists()
    release = item_release(item=item, by=front_desk, data=_release_data(id_consent=True))
    consent = ConsentRecord.objects.get()
    assert (consent.purpose, consent.incident, consent.customer, consent.recorded_by, consent.record) == (
        ConsentPurpose.RELEASE_ID, incident, incident.customer, front_desk, f"custody.release:{release.pk}")


def test_the_release_form_refuses_without_consent_next_to_the_box(matched, front_desk, client):
    item, _incident = matched
    client.force_login(front_desk)
    form = {"claimant_kind": "owner", "claimant_name": "王小明", "id_type": "id_card", "id_number": ID_NUMBER,
            "claimant_answers": "名片", "details_match": "on", "signature": signature_data_url()}
    response = client.post(reverse("custody:item_release", args=[item.pk]), form)
    assert response.status_code == 200 and not Release.objects.exists() and not ConsentRecord.objects.exists()
    assert "Ask for the claimant&#x27;s consent" in response.content.decode()
    response = client.post(reverse("custody:item_release", args=[item.pk]), {**form, "id_consent": "on"})
    assert response.status_code == 302 and Release.objects.count() == 1 and ConsentRecord.objects.count() == 1


def test_a_bank_transfer_needs_consent_to_the_bank_details(approved, front_desk):
    with pytest.raises(ClaimError) as refused:
        compensation.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("900"), method="transfer")
    assert refused.value.field == "bank_consent" and not Agreement.objects.exists()
    compensation.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("900"), method="cash")
    assert not ConsentRecord.objects.exists()
    agreement = compensation.agreement_prepare(claim=approved, by=front_desk, amount=Decimal("900"),
                                               method="transfer", bank_consent=True)
    consent = ConsentRecord.objects.get()
    assert (consent.purpose, consent.incident, consent.customer, consent.record) == (
        ConsentPurpose.PAYMENT_BANK, approved.incident, approved.customer, f"compensation.agreement:{agreement.pk}")


def test_the_agreement_form_shows_the_error_beside_the_consent(approved, front_desk, client):
    client.force_login(front_desk)
    url = reverse("compensation:agreement", args=[approved.pk])
    response = client.post(url, {"amount": "900", "method": "transfer", "terms": ""})
    assert response.status_code == 200 and not Agreement.objects.exists()
    assert "Ask for the customer&#x27;s consent to using their bank details" in response.content.decode()
    assert client.post(url, {"amount": "900", "method": "transfer", "bank_consent": "on"}).status_code == 302
    assert ConsentRecord.objects.get().purpose == ConsentPurpose.PAYMENT_BANK


def test_legal_reads_the_consents_read_only(matched, front_desk, legal, client):
    item, _incident = matched
    item_release(item=item, by=front_desk, data=_release_data(id_consent=True))
    client.force_login(legal)
    assert client.get(reverse("admin:privacy_consentrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_consentrecord_add")).status_code == 403
