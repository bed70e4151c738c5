"""PostgreSQL: the narrow exception to the append-only log, the audit log's three-year floor, two sweeps at once."""

import datetime
import threading
import time

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

import policy
from incidents.models import Customer, Incident
from investigations.models import CHECKLIST
from investigations.services import entry_add
from privacy import anonymise
from privacy.anonymise import PLACEHOLDER, anonymise_due, investigation_log_opened
from privacy.models import AnonymisedIncident

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers and SKIP LOCKED of PostgreSQL")


@pytest.fixture
def no_broker(monkeypatch):
    monkeypatch.setattr("notifications.services._kick_delivery", lambda message_id: None)
    monkeypatch.setattr("notifications.services._kick_delivery_sweep", lambda: None)


@pytest.fixture
def scene_survey(report, security_officer):
    incident = report()
    now = timezone.now()
    return entry_add(kind="scene_survey", incident=incident, author=security_officer, data={
        "surveyed_at": now, "place": "Lobby", "personnel": "Sam", "clues": "王小明's card on the sofa",
        **{name: "nothing" for name, _label in CHECKLIST},
    })


def _raw_update(entry) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE investigations_scenesurvey SET clues = 'changed' WHERE id = %s", [entry.pk])


def test_the_log_refuses_updates_outside_the_sweep_and_deletes_always(scene_survey):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw_update(scene_survey)
    with transaction.atomic(), investigation_log_opened():
        _raw_update(scene_survey)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM investigations_scenesurvey WHERE id = %s", [scene_survey.pk])
    # The opening ended with its transaction.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw_update(scene_survey)
    assert type(scene_survey).objects.get().clues == "changed"


def test_audit_rows_younger_than_three_years_cannot_be_deleted(front_desk):
    front_desk.first_name = "Fiona B."
    front_desk.save()
    young = LogEntry.objects.get_for_object(front_desk).latest("timestamp")
    with pytest.raises(DatabaseError, match="three years"), transaction.atomic():
        LogEntry.objects.filter(pk=young.pk).delete()
    old = timezone.now() - datetime.timedelta(days=3 * 366 + 1)
    LogEntry.objects.filter(pk=young.pk).update(timestamp=old)
    LogEntry.objects.filter(pk=young.pk).delete()
    assert not LogEntry.objects.filter(pk=young.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_anonymise_each_incident_once(report, no_broker, monkeypatch):
    incidents = [report(customer_data={"name": f"客户{n}", "phone": f"1380013800{n}", "preferred_language": "en",
                                       "preferred_channel": "sms"}) for n in range(6)]
    days = policy.for_site(incidents[0].site).personal_data_retention_days
    Incident.objects.update(status="closed", closed_at=timezone.now() - datetime.timedelta(days=days + 1))
    slow = anonymise._anonymise_incident

    def slowly(incident, scrub):
        time.sleep(0.1)  # keeps both sweeps inside their transactions at the same time
        slow(incident, scrub)

    monkeypatch.setattr(anonymise, "_anonymise_incident", slowly)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(anonymise_due(batch_size=2))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(results) == 6 and all(results)
    assert AnonymisedIncident.objects.count() == 6
    assert set(Customer.objects.values_list("name", flat=True)) == {PLACEHOLDER}
