"""Services name who acted on their audit entries, and leave auditlog's context as they found it."""

import pytest
from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from django.db.models.signals import pre_save

from incidents import services

pytestmark = pytest.mark.django_db


def _receivers() -> int:
    return len(pre_save._live_receivers(LogEntry)[0])


def _last_entry_of(incident) -> LogEntry:
    return LogEntry.objects.get_for_object(incident).order_by("-pk").first()


def test_a_service_inside_a_request_leaves_no_receiver_behind(report, front_desk, manager):
    incident = report()
    before = _receivers()
    steps = [(services.incident_dispatch, front_desk), (services.incident_start_search, manager)]
    for step, by in steps:  # by the request's own user, then by someone else
        with set_extra_data({"actor": front_desk, "remote_addr": "203.0.113.9"}):  # as auditlog's middleware does
            step(incident=incident, by=by, note="")
            assert _last_entry_of(incident).actor == by
        assert _receivers() == before


def test_after_another_actor_the_request_names_its_own_user_again(report, front_desk, manager):
    from lostfound.audit import acting

    incident = report()
    with set_extra_data({"actor": front_desk, "remote_addr": "203.0.113.9"}):
        with acting(manager):
            incident.place_detail = "by the manager"
            incident.save(update_fields=["place_detail"])
        assert _last_entry_of(incident).actor == manager
        incident.place_detail = "by the front desk"
        incident.save(update_fields=["place_detail"])
        assert _last_entry_of(incident).actor == front_desk
        assert _last_entry_of(incident).remote_addr == "203.0.113.9"


def test_outside_a_request_the_service_names_its_user(report, manager):
    incident = report()
    before = _receivers()
    services.incident_dispatch(incident=incident, by=manager, note="")
    assert _last_entry_of(incident).actor == manager
    assert _receivers() == before
