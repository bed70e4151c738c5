"""SEC-4: after the policy's retention days, an incident's personal data are anonymised; its statistics stay."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import serializers
from django.db import connection
from django.utils import timezone

import policy
from compensation import models as compensation_models
from compensation import services as compensation
from custody import models as custody_models
from custody.services import ReleaseData, item_mail, item_release
from incidents import models as incident_models
from incidents.services import contact_log_add, incident_add_note, incident_close
from investigations import models as investigation_models
from investigations.services import PersonData, entry_add
from notifications.models import Message
from policy.models import Policy
from privacy.anonymise import PLACEHOLDER, anonymise_due
from privacy.models import AnonymisedIncident
from tests.compensation.conftest import assess, file_claim
from tests.custody.conftest import signature_data_url

SECRETS = ["王小明", "+86 138 0013 8000", "8613800138000", "wang@example.com", "13900139000", "Guest Zhao",
           "310***********1234", "上海市静安区南京西路 1 号"]
PERSONAL_MODELS = [
    incident_models.Customer, incident_models.Incident, incident_models.LostItem, incident_models.TimelineEvent,
    incident_models.ContactLog, custody_models.Release, custody_models.Mailing, custody_models.CustodyTransfer,
    compensation_models.Claim, compensation_models.Evidence, compensation_models.Assessment,
    investigation_models.Interview, investigation_models.InterviewPerson, Message, LogEntry,
]


def dump() -> str:
    return "".join(
        serializers.serialize("json", model._base_manager.all()) for model in PERSONAL_MODELS
    )


def retention_days(site) -> int:
    return policy.for_site(site).personal_data_retention_days


def age(incident, days: int) -> None:
    """Closed `days` ago (the sweep compares closed_at with now)."""
    incident_models.Incident.objects.filter(pk=incident.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def history(matched, front_desk, security_officer, custodian, legal, manager, register, report):
    """A returned and closed incident that touched every app, with a compensation claim rejected since."""
    item, incident = matched
    contact_log_add(incident=incident, by=front_desk, outcome="reached", note="王小明 will come at 3 pm")
    incident_add_note(incident=incident, by=front_desk, text="王小明 says it was in the lobby")
    now = timezone.now()
    entry_add(kind="interview", incident=incident, author=security_officer, data={
        "held_at": now, "place": "Security office", "interviewer": security_officer,
        "content": "Guest Zhao saw 王小明 leave the wallet", "lawful_process_confirmed": True,
    }, persons=[PersonData(person_kind="guest", name="Guest Zhao")])
    item_release(item=item, by=front_desk, data=ReleaseData(
        claimant_kind="owner", claimant_name="王小明", claimant_phone="13900139000", id_type="id_card",
        id_number="310101199001011234", claimant_answers="名片", details_match=True,
        signature_data_url=signature_data_url(), id_consent=True))
    incident.refresh_from_db()
    incident_close(incident=incident, by=front_desk)
    claim = file_claim(incident, front_desk, now=timezone.now())
    assess(claim, legal, price="1000")
    compensation.claim_reject(claim=claim, by=manager, reasons="王小明 left it unattended")
    incident.refresh_from_db()
    return incident


def test_an_incident_past_retention_loses_every_personal_value(history, django_capture_on_commit_callbacks):
    release = custody_models.Release.objects.get()
    signature = release.signature.name
    storage = release.signature.storage
    evidence_file = compensation_models.Evidence.objects.get().file.name
    assert storage.exists(signature)
    before = dump()
    assert all(secret in before for secret in ["王小明", "wang@example.com", "13900139000", "Guest Zhao"])
    stats = incident_models.Incident.objects.filter(pk=history.pk).values(
        "site", "kind", "severity", "status", "outcome", "created_at", "closed_at", "returned_at").get()

    age(history, retention_days(history.site) - 1)
    assert anonymise_due() == 0  # not yet
    assert "王小明" in dump()

    age(history, retention_days(history.site) + 1)
    audit_rows = LogEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymise_due() == 1
    assert LogEntry.objects.count() == audit_rows  # scrubbed, never pruned: the audit log is kept
    after = dump()
    leaked = [secret for secret in SECRETS if secret in after]
    assert leaked == []
    customer = incident_models.Customer.objects.get()
    assert (customer.name, customer.phone, customer.email, customer.id_number_hash) == (PLACEHOLDER, "", "", "")
    assert not storage.exists(signature) and not storage.exists(evidence_file)
    # What the dashboards count stays.
    assert incident_models.Incident.objects.filter(pk=history.pk).values(*stats).get() == {
        **stats, "closed_at": incident_models.Incident.objects.get().closed_at}
    item = incident_models.LostItem.objects.get()
    assert item.category.code == "wallet-purse" and item.estimated_value == Decimal("800")
    claim = compensation_models.Claim.objects.get()
    assert claim.claimed_total == Decimal("1000.00") and claim.state == "rejected"
    assert custody_models.Release.objects.get().released_at == release.released_at
    assert AnonymisedIncident.objects.get().retention_days == retention_days(history.site)
    # The audit rows of these records still say what changed and when, without the values.
    entry = LogEntry.objects.get_for_object(customer).order_by("timestamp").first()
    assert entry.changes["name"] == [PLACEHOLDER, PLACEHOLDER] and entry.timestamp is not None


def test_a_second_run_changes_nothing(history):
    age(history, retention_days(history.site) + 1)
    assert anonymise_due() == 1
    snapshot = dump()
    assert anonymise_due() == 0
    assert dump() == snapshot


def test_an_open_claim_or_another_open_report_keeps_what_it_needs(history, front_desk):
    from incidents.services import incident_file

    age(history, retention_days(history.site) + 1)
    compensation_models.Claim.objects.update(state="filed")
    assert anonymise_due() == 0
    compensation_models.Claim.objects.update(state="rejected")
    # The same customer has filed a new report since: their contact details stay until that one expires too.
    now = timezone.now()
    second = incident_file(
        site=history.site, area=history.area, channel="phone", kind="loss", severity="general",
        customer=history.customer, items=[{"category": history.items.get().category, "name": "Umbrella"}],
        lost_from=now - datetime.timedelta(hours=2), lost_until=now - datetime.timedelta(hours=1),
        description="在大堂遗失", filed_by=front_desk)
    assert anonymise_due() == 1
    customer = incident_models.Customer.objects.get()
    assert customer.name == "王小明" and customer.email == "wang@example.com"
    assert incident_models.Incident.objects.get(pk=second.pk).description != PLACEHOLDER
    assert PLACEHOLDER == incident_models.Incident.objects.get(pk=history.pk).description


def test_the_retention_is_the_sites_policy(history, site):
    Policy.objects.create(site=site, personal_data_retention_days=30)
    age(history, 31)
    assert retention_days(site) == 30
    assert anonymise_due() == 1


def test_the_mailing_address_goes_too(matched, front_desk, django_capture_on_commit_callbacks):
    item, incident = matched
    item_mail(item=item, by=front_desk, recipient_name="王小明", recipient_phone="13900139000",
              address="上海市静安区南京西路 1 号", courier="SF", tracking_number="SF123", cost=Decimal("12"),
              paid_by="customer")
    incident.refresh_from_db()
    incident_models.Incident.objects.filter(pk=incident.pk).update(status="closed")
    age(incident, retention_days(incident.site) + 1)
    assert anonymise_due() == 1
    mailing = custody_models.Mailing.objects.get()
    assert (mailing.recipient_name, mailing.recipient_phone, mailing.address) == (PLACEHOLDER,) * 3
    assert mailing.tracking_number == "SF123" and mailing.cost == Decimal("12")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite form of the trigger exception")
def test_sqlite_investigation_log_stays_append_only_outside_the_sweep(history):
    from django.db import IntegrityError, transaction

    interview = investigation_models.Interview.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE investigations_interview SET content = 'x' WHERE id = %s", [interview.pk])
    assert investigation_models.Interview.objects.get().content == interview.content


def test_a_spent_budget_leaves_the_rest_for_the_next_run(report):
    incidents = [report() for _ in range(3)]
    days = retention_days(incidents[0].site)
    incident_models.Incident.objects.update(status="closed", closed_at=timezone.now() - datetime.timedelta(days=days + 1))
    assert anonymise_due(batch_size=1, budget_seconds=0) == 1
    assert anonymise_due(batch_size=1) == 2
    assert AnonymisedIncident.objects.count() == 3
