"""Creation entries list the object's own columns; inside `audited_together` the same entries go in one insert."""

import pytest
from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Customer, Incident, LostItem
from lostfound.audit import acting, audited_together
from tests.incidents.conftest import file_report

pytestmark = pytest.mark.django_db

UNLIKE = {"id", "created_at", "updated_at"}
COMPARED = ("content_type_id", "object_repr", "serialized_data", "action", "changes_text", "actor_id", "actor_email",
            "cid", "remote_addr", "remote_port", "additional_data")


def _customer(site, name: str) -> Customer:
    return Customer.objects.create(site=site, name=name, phone="+86 138 0013 8000", email="wang@example.com")


def _entry(instance) -> dict:
    entry = LogEntry.objects.get_for_object(instance).get()
    # The two objects compared differ only in their ids and the times they were saved.
    changes = {field: values for field, values in entry.changes.items() if field not in UNLIKE}
    return {"changes": changes, "object_id": entry.object_id == instance.pk, **{f: getattr(entry, f) for f in COMPARED}}


def test_an_entry_written_together_is_the_one_written_alone(site, front_desk):
    with set_extra_data({"actor": front_desk, "remote_addr": "203.0.113.9", "remote_port": 443}):
        alone = _customer(site, "王小明")
        with audited_together():
            together = _customer(site, "王小明")
            assert not LogEntry.objects.get_for_object(together).exists()  # held until the block ends

    assert _entry(together) == _entry(alone)
    assert _entry(together)["actor_id"] == front_desk.pk and _entry(together)["remote_addr"] == "203.0.113.9"


def test_a_change_inside_is_logged_as_it_happens_and_an_error_writes_nothing(site, front_desk):
    customer = _customer(site, "王小明")
    with pytest.raises(RuntimeError), acting(front_desk), audited_together():
        customer.name = "王大明"
        customer.save()
        assert LogEntry.objects.get_for_object(customer).count() == 2
        _customer(site, "李四")
        raise RuntimeError("the service failed")
    assert not LogEntry.objects.filter(object_repr__contains="李四").exists()


def test_filing_writes_its_audit_entries_in_one_insert(site, area, category, front_desk):
    with CaptureQueriesContext(connection) as queries:
        incident = file_report(site=site, area=area, category=category, by=front_desk)

    audit = 'INSERT INTO "auditlog_logentry"'
    inserts = [query for query in queries.captured_queries if query["sql"].startswith(audit)]
    assert len(inserts) == 1
    for instance in (incident.customer, incident, *LostItem.objects.filter(incident=incident)):
        entry = LogEntry.objects.get_for_object(instance).get()
        assert entry.action == LogEntry.Action.CREATE and entry.actor == front_desk
    assert LogEntry.objects.get_for_object(incident).get().content_type.model_class() is Incident


def test_a_creation_entry_lists_the_columns_and_no_reverse_relation(site, area, category, front_desk):
    incident = file_report(site=site, area=area, category=category, by=front_desk)
    alone = _customer(site, "王小明")

    for instance in (incident, incident.customer, alone, incident.items.get()):
        changes = LogEntry.objects.get_for_object(instance).get().changes
        columns = {field.name for field in type(instance)._meta.concrete_fields}
        assert "id" in changes and set(changes) <= columns
    incident_changes = LogEntry.objects.get_for_object(incident).get().changes
    assert {"items", "events", "claims"}.isdisjoint(incident_changes)
    assert incident_changes["reference"] == ["None", incident.reference]  # auditlog writes the old value as text
