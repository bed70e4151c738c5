"""The state machine: each allowed move does its deadlines and history; every other move is refused."""

import pytest
from django.db import transaction

from incidents import services
from incidents.errors import IncidentError
from incidents.models import FollowUpSource, Incident, Kind, Severity, Status, TimelineEvent
from incidents.services.transitions import ALLOWED
from notifications.models import Message
from sla.models import Deadline, DeadlineState

pytestmark = pytest.mark.django_db


def _open_kinds(incident):
    return set(Deadline.objects.filter(subject_id=incident.pk, state=DeadlineState.OPEN).values_list("kind", flat=True))


def _force(incident, status):
    Incident.objects.filter(pk=incident.pk).update(status=status, cancel_reason="x" if status == "cancelled" else "")
    incident.refresh_from_db()
    return incident


def _call(target, incident, user):
    calls = {
        Status.REPORTED: lambda: services.incident_accept(incident=incident, by=user),
        Status.DISPATCHED: lambda: services.incident_dispatch(incident=incident, by=user),
        Status.SEARCHING: lambda: services.incident_start_search(incident=incident, by=user),
        Status.FOUND: lambda: services.incident_mark_found(incident=incident, by=user),
        Status.RETURNED: lambda: services.incident_mark_returned(incident=incident, by=user),
        Status.NOT_FOUND: lambda: services.incident_mark_not_found(incident=incident, by=user, note="told"),
        Status.CLOSED: lambda: services.incident_close(incident=incident, by=user),
        Status.CANCELLED: lambda: services.incident_cancel(incident=incident, by=user, reason="duplicate"),
    }
    return calls[target]()


ILLEGAL = [
    (source, target)
    for source in Status.values
    for target in Status.values
    if target != Status.TO_VERIFY and target not in ALLOWED[source]
]


@pytest.mark.parametrize("source, target", ILLEGAL)
def test_refused_transition_changes_nothing(source, target, report, front_desk):
    incident = _force(report(), source)
    before = (TimelineEvent.objects.count(), Deadline.objects.count(), Message.objects.count())
    snapshot = {f.attname: getattr(incident, f.attname) for f in Incident._meta.concrete_fields}
    with pytest.raises(IncidentError) as error:
        with transaction.atomic():
            _call(target, incident, front_desk)
    assert str(error.value)
    fresh = Incident.objects.get(pk=incident.pk)
    assert {f.attname: getattr(fresh, f.attname) for f in Incident._meta.concrete_fields} == snapshot
    assert (TimelineEvent.objects.count(), Deadline.objects.count(), Message.objects.count()) == before


def test_happy_path_to_closed_with_deadlines(report, front_desk, security_officer):
    incident = report()
    services.incident_dispatch(incident=incident, by=front_desk)
    assert Deadline.objects.get(kind="dispatch").state == DeadlineState.MET
    services.incident_start_search(incident=incident, by=security_officer)
    services.incident_mark_found(incident=incident, by=security_officer, note="match #1")
    assert "contact_after_found" in _open_kinds(incident) and "customer_update" not in _open_kinds(incident)
    services.contact_log_add(incident=incident, by=front_desk, outcome="reached", note="pickup tomorrow")
    assert Deadline.objects.get(kind="contact_after_found").state == DeadlineState.MET
    services.incident_mark_returned(incident=incident, by=front_desk)
    services.incident_close(incident=incident, by=front_desk)
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED and incident.outcome == "returned" and incident.closed_at
    assert _open_kinds(incident) == {"followup_visit"}
    assert incident.priority == 0
    closed = Message.objects.get(template_key="incident_closed")
    assert closed.context["reference"] == incident.reference and closed.context["outcome"]
    codes = list(incident.events.filter(code="incident.status").values_list("data__to", flat=True))
    assert codes == ["dispatched", "searching", "found", "returned", "closed"]


def test_not_found_path_and_follow_up(report, front_desk):
    incident = report()
    services.incident_dispatch(incident=incident, by=front_desk)
    services.incident_start_search(incident=incident, by=front_desk)
    with pytest.raises(IncidentError):
        services.incident_mark_not_found(incident=incident, by=front_desk, note="")
    services.incident_mark_not_found(incident=incident, by=front_desk, note="Apologised; helped with police report")
    services.incident_close(incident=incident, by=front_desk)
    services.followup_record(incident=incident, source=FollowUpSource.STAFF_CALL, satisfaction=4, by=front_desk)
    assert Deadline.objects.get(kind="followup_visit").state == DeadlineState.MET
    with pytest.raises(IncidentError):
        services.followup_record(incident=incident, source=FollowUpSource.STAFF_CALL, satisfaction=5, by=front_desk)
    services.followup_record(incident=incident, source=FollowUpSource.CUSTOMER_SURVEY, satisfaction=5)
    assert incident.followups.count() == 2


def test_followup_refused_when_declined(report, front_desk):
    incident = report(customer_data={"name": "X", "phone": "13800000001", "declined_followups": True})
    _force(incident, Status.CLOSED)
    with pytest.raises(IncidentError):
        services.followup_record(incident=incident, source=FollowUpSource.STAFF_CALL, satisfaction=3, by=front_desk)
    with pytest.raises(IncidentError):
        services.followup_record(incident=_force(report(), Status.CLOSED), source=FollowUpSource.STAFF_CALL,
                                 satisfaction=6, by=front_desk)


def test_cancel_needs_a_reason_and_ends_all_deadlines(report, front_desk):
    incident = report(severity=Severity.URGENT)
    with pytest.raises(IncidentError):
        services.incident_cancel(incident=incident, by=front_desk, reason="  ")
    services.incident_cancel(incident=incident, by=front_desk, reason="Customer found it in her bag")
    incident.refresh_from_db()
    assert incident.status == Status.CANCELLED and incident.cancel_reason
    assert _open_kinds(incident) == set()


def test_accept_online_report_starts_normal_deadlines(report, front_desk):
    incident = report(online=True, by=None, kind=Kind.THEFT, theft_by="stranger")
    services.incident_accept(incident=incident, by=front_desk)
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED and incident.owner == front_desk
    assert Deadline.objects.get(kind="acknowledge").state == DeadlineState.MET
    assert {"dispatch", "customer_update", "investigation_start", "emergency_response"} <= _open_kinds(incident)


def test_reject_online_report(report, front_desk):
    incident = report(online=True, by=None)
    services.incident_reject(incident=incident, by=front_desk, reason="spam")
    incident.refresh_from_db()
    assert incident.status == Status.CANCELLED and _open_kinds(incident) == set()


def test_hand_over_moves_ownership_and_open_deadlines(report, front_desk, manager, security_officer, outsider):
    incident = report()
    with pytest.raises(IncidentError):
        services.incident_hand_over(incident=incident, by=front_desk, to=manager, note="")
    with pytest.raises(IncidentError):  # not of this site
        services.incident_hand_over(incident=incident, by=front_desk, to=outsider, note="please")
    with pytest.raises(IncidentError):  # security officers do not own reports
        services.incident_hand_over(incident=incident, by=front_desk, to=security_officer, note="please")
    services.incident_hand_over(incident=incident, by=front_desk, to=manager, note="Going off shift; customer calls at 6")
    incident.refresh_from_db()
    assert incident.owner == manager
    assert set(Deadline.objects.filter(state="open").values_list("owner", flat=True)) == {manager.pk}
    event = incident.events.get(code="incident.handed_over")
    assert event.text.startswith("Going off shift") and event.actor == front_desk


def test_transitions_are_audited(report, front_desk):
    from auditlog.models import LogEntry

    incident = report()
    services.incident_dispatch(incident=incident, by=front_desk)
    entry = LogEntry.objects.get_for_object(incident).filter(changes__icontains="dispatched").first()
    assert entry is not None and entry.actor == front_desk


def test_contact_log_meets_acknowledge_and_restarts_updates(report, front_desk):
    incident = report(customer_data={"name": "Walk-in", "preferred_channel": "phone"})
    assert "acknowledge" in _open_kinds(incident)
    first_update = Deadline.objects.get(kind="customer_update", state="open")
    services.contact_log_add(incident=incident, by=front_desk, outcome="no_answer")
    assert "acknowledge" in _open_kinds(incident)
    services.contact_log_add(incident=incident, by=front_desk, outcome="reached", note="told her we are searching")
    assert "acknowledge" not in _open_kinds(incident)
    assert Deadline.objects.get(kind="customer_update", state="open").pk != first_update.pk
    incident.refresh_from_db()
    assert incident.acknowledged_at is not None


def test_police_report_step_only_for_theft(report, front_desk):
    theft = report(kind=Kind.THEFT, theft_by="acquaintance")
    services.incident_set_police_report(incident=theft, by=front_desk, state="filed", note="Station 3")
    theft.refresh_from_db()
    assert theft.police_report == "filed"
    with pytest.raises(IncidentError):
        services.incident_set_police_report(incident=report(), by=front_desk, state="filed")


def test_customer_visible_note(report, front_desk):
    incident = report()
    services.incident_add_note(incident=incident, by=front_desk, text="We checked the CCTV.", customer_visible=True)
    services.incident_add_note(incident=incident, by=front_desk, text="internal", customer_visible=False)
    from incidents.timeline import timeline_of

    visible = [entry.detail for entry in timeline_of(incident, customer_view=True)]
    assert "We checked the CCTV." in visible and "internal" not in visible
