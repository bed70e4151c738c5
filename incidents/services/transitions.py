"""The state machine of an incident (DESIGN.md "State of an incident"): the only place `status` changes.

    to_verify → reported (accept) | cancelled (reject)
    reported → dispatched → searching → found → returned → closed
    searching → not_found → closed
    any open state → cancelled (reason required)

A confirmed match may come before the search started, so *found* is also reachable from reported and
dispatched. A refused transition raises IncidentError and changes nothing.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from incidents.errors import IncidentError
from incidents.models import FINAL_STATUSES, Incident, Outcome, PoliceReport, Status
from incidents.services._common import event_add, save_incident
from lostfound.audit import acting
from incidents.services.filing import _acknowledged, _start_intake_deadlines, emergency_alert
from organization.selectors import sites_for
from sla.services import deadline_cancel, deadline_meet, deadline_start

ALLOWED: dict[str, frozenset[str]] = {
    Status.TO_VERIFY: frozenset({Status.REPORTED, Status.CANCELLED}),
    Status.REPORTED: frozenset({Status.DISPATCHED, Status.FOUND, Status.CANCELLED}),
    Status.DISPATCHED: frozenset({Status.SEARCHING, Status.FOUND, Status.CANCELLED}),
    Status.SEARCHING: frozenset({Status.FOUND, Status.NOT_FOUND, Status.CANCELLED}),
    Status.FOUND: frozenset({Status.RETURNED, Status.CANCELLED}),
    Status.RETURNED: frozenset({Status.CLOSED, Status.CANCELLED}),
    Status.NOT_FOUND: frozenset({Status.CLOSED, Status.CANCELLED}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}


def can_move(incident: Incident, to: str) -> bool:
    return to in ALLOWED[incident.status]


def _refuse(incident: Incident, to: str) -> IncidentError:
    return IncidentError(
        _("An incident that is “%(old)s” cannot become “%(new)s”.")
        % {"old": Status(incident.status).label, "new": Status(to).label}
    )


def _lock(incident: Incident, to: str | None = None) -> Incident:
    """Re-read the row under a lock (two people pressing buttons at once move it once) and, given `to`,
    refuse before anything is changed when the move is not allowed."""
    fresh = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.__dict__.update({f.attname: getattr(fresh, f.attname) for f in Incident._meta.concrete_fields})
    if to is not None and to not in ALLOWED[incident.status]:
        raise _refuse(incident, to)
    return incident


def _move(incident: Incident, *, to: str, by, note: str = "", data: dict | None = None, customer_visible: bool = False,
          extra_fields: tuple[str, ...] = ()) -> str:
    # Callers hold the row lock (`_lock`) before they set fields, so the check sees the current state.
    old = incident.status
    if to not in ALLOWED[old]:
        raise _refuse(incident, to)
    incident.status = to
    save_incident(incident, "status", *extra_fields)
    event_add(incident=incident, code="incident.status", actor=by, text=note, customer_visible=customer_visible,
              data={"from": old, "to": to, **(data or {})})
    return old


@transaction.atomic
def incident_accept(*, incident: Incident, by, severity: str | None = None) -> Incident:
    """The front desk accepts an online report: it becomes *reported* under the normal deadlines, owned by `by`."""
    now = timezone.now()
    with acting(by):
        _lock(incident)
        if incident.status != Status.TO_VERIFY:
            raise IncidentError(_("Only an online report waiting for verification can be accepted."))
        incident.owner = by
        if severity:
            incident.severity = severity
        _move(incident, to=Status.REPORTED, by=by, extra_fields=("owner", "severity"), data={"accepted": True})
        _acknowledged(incident, at=now)
        _start_intake_deadlines(incident, at=now)
        if incident.is_emergency:
            emergency_alert(incident=incident, at=now)
    return incident


@transaction.atomic
def incident_reject(*, incident: Incident, by, reason: str) -> Incident:
    """Reject an online report (spam, duplicate, not ours): it is cancelled with the reason."""
    if incident.status != Status.TO_VERIFY:
        raise IncidentError(_("Only an online report waiting for verification can be rejected."))
    return incident_cancel(incident=incident, by=by, reason=reason)


@transaction.atomic
def incident_dispatch(*, incident: Incident, by, note: str = "") -> Incident:
    """Forwarded to security and operations (INT-6)."""
    now = timezone.now()
    with acting(by):
        _lock(incident, Status.DISPATCHED)
        incident.dispatched_at = now
        _move(incident, to=Status.DISPATCHED, by=by, note=note, extra_fields=("dispatched_at",), customer_visible=True)
        deadline_meet(subject=incident, kind="dispatch", at=now)
    return incident


@transaction.atomic
def incident_start_search(*, incident: Incident, by, note: str = "") -> Incident:
    with acting(by):
        _lock(incident, Status.SEARCHING)
        _move(incident, to=Status.SEARCHING, by=by, note=note, customer_visible=True)
        # Security on the move counts as the response to an emergency call.
        deadline_meet(subject=incident, kind="emergency_response")
    return incident


@transaction.atomic
def incident_mark_found(*, incident: Incident, by, note: str = "", match=None) -> Incident:
    """Called by custody when a match is confirmed: the customer is to be contacted within the policy's time
    (CUS-5); progress updates stop (SLA-2)."""
    now = timezone.now()
    with acting(by):
        _lock(incident, Status.FOUND)
        incident.found_at = now
        data = {"match": str(match.pk)} if match is not None and getattr(match, "pk", None) else {}
        _move(incident, to=Status.FOUND, by=by, note=note, extra_fields=("found_at",), data=data, customer_visible=True)
        deadline_meet(subject=incident, kind="emergency_response", at=now)
        deadline_cancel(subject=incident, kinds=["customer_update"])
        deadline_start(subject=incident, site=incident.site, kind="contact_after_found", owner=incident.owner, start=now)
    return incident


@transaction.atomic
def incident_mark_returned(*, incident: Incident, by, note: str = "") -> Incident:
    """Called by custody's release once the claimant's ID is checked and the register signed (CUS-6)."""
    now = timezone.now()
    with acting(by):
        _lock(incident, Status.RETURNED)
        incident.returned_at = now
        _move(incident, to=Status.RETURNED, by=by, note=note, extra_fields=("returned_at",), customer_visible=True)
        deadline_meet(subject=incident, kind="contact_after_found", at=now)
    return incident


@transaction.atomic
def incident_mark_not_found(*, incident: Incident, by, note: str) -> Incident:
    """The search ended without the item (INT-10): say what the customer was told."""
    if not (note or "").strip():
        raise IncidentError(_("Say what the customer was told."), field="note")
    with acting(by):
        _lock(incident, Status.NOT_FOUND)
        _move(incident, to=Status.NOT_FOUND, by=by, note=note, customer_visible=True)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, by, note: str = "") -> Incident:
    """Close a returned or not-found incident; every open deadline ends and the follow-up visit is due (INT-11)."""
    now = timezone.now()
    with acting(by):
        _lock(incident, Status.CLOSED)
        incident.outcome = Outcome.RETURNED if incident.status == Status.RETURNED else Outcome.NOT_FOUND
        incident.closed_at = now
        _move(incident, to=Status.CLOSED, by=by, note=note, extra_fields=("outcome", "closed_at"), customer_visible=True)
        deadline_cancel(subject=incident)
        _closing_message(incident)
        if not incident.customer.declined_followups and not incident.is_drill:
            deadline_start(subject=incident, site=incident.site, kind="followup_visit", owner=incident.owner, start=now)
    return incident


def _closing_message(incident: Incident) -> None:
    """Tell the customer the report is closed and how it ended (INT-10)."""
    from incidents.services._common import message_channel, status_url
    from notifications.models import Audience
    from notifications.services import message_enqueue

    customer = incident.customer
    route = message_channel(customer)
    if route is None:
        return
    with translation.override(customer.preferred_language):
        outcome = str(Outcome(incident.outcome).label)
    message_enqueue(
        dedupe_key=f"incident:{incident.pk}:incident_closed",
        audience=Audience.CUSTOMER, channel=route[0], recipient_address=route[1], recipient_name=customer.name,
        language=customer.preferred_language, template_key="incident_closed",
        context={"reference": incident.reference, "outcome": outcome, "status_url": status_url(incident),
                 "recipient_name": customer.name, "site_name": incident.site.name},
        site=incident.site, subject=incident,
    )


@transaction.atomic
def incident_cancel(*, incident: Incident, by, reason: str) -> Incident:
    """Cancel an open incident (duplicate, customer found it himself, …); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise IncidentError(_("Give the reason for cancelling."), field="reason")
    now = timezone.now()
    with acting(by):
        _lock(incident, Status.CANCELLED)
        incident.cancel_reason = reason
        incident.outcome = Outcome.CANCELLED
        incident.closed_at = now
        _move(incident, to=Status.CANCELLED, by=by, note=reason,
              extra_fields=("cancel_reason", "outcome", "closed_at"), customer_visible=True)
        deadline_cancel(subject=incident)
    return incident


@transaction.atomic
def incident_hand_over(*, incident: Incident, by, to, note: str) -> Incident:
    """First-responsible-person rule (INT-9): ownership moves only explicitly, with a note for the next owner."""
    from incidents.permissions import can_own

    note = (note or "").strip()
    if not note:
        raise IncidentError(_("Write a hand-over note for the next owner."), field="note")
    with acting(by):
        _lock(incident)
        if incident.status in FINAL_STATUSES:
            raise IncidentError(_("A closed or cancelled incident has no owner to change."))
        if to is None or to == incident.owner:
            raise IncidentError(_("Choose someone else to hand over to."), field="to")
        if not sites_for(to).filter(pk=incident.site_id).exists() or not can_own(to):
            raise IncidentError(_("This person cannot take over incidents of this site."), field="to")
        previous = incident.owner
        incident.owner = to
        save_incident(incident, "owner")
        _reassign_deadlines(incident, previous=previous, to=to)
        event_add(incident=incident, code="incident.handed_over", actor=by, text=note,
                  data={"from": getattr(previous, "pk", None), "from_name": str(previous or ""),
                        "to": to.pk, "to_name": str(to.get_full_name() or to)})
    return incident


def _reassign_deadlines(incident: Incident, *, previous, to) -> None:
    # Open deadlines follow the owner, so reminders reach the person now responsible.
    from sla import services as sla_services

    reassign = getattr(sla_services, "deadline_reassign", None)
    if reassign is not None:
        reassign(subject=incident, owner=to, previous=previous)
        return
    from sla.services import deadlines_of

    deadlines_of(incident).filter(state="open", owner=previous).update(owner=to)


@transaction.atomic
def incident_set_police_report(*, incident: Incident, by, state: str, note: str = "") -> Incident:
    """The police-report step of a theft (INV-6 keeps the details: station, officer, case number)."""
    if state not in (PoliceReport.PENDING, PoliceReport.FILED, PoliceReport.DECLINED):
        raise IncidentError(_("Choose whether the theft was reported to the police."))
    with acting(by):
        _lock(incident)
        if incident.police_report == PoliceReport.NOT_APPLICABLE:
            raise IncidentError(_("Only a theft has a police-report step."))
        old = incident.police_report
        incident.police_report = state
        save_incident(incident, "police_report")
        event_add(incident=incident, code="incident.police_report", actor=by, text=note,
                  data={"from": old, "to": state})
    return incident


def allowed_transitions(incident: Incident) -> frozenset[str]:
    return ALLOWED[incident.status]

