"""Notes, customer contacts, follow-up visits and post-incident reviews."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.errors import IncidentError
from incidents.models import (
    ContactLog, ContactOutcome, CorrectiveAction, FollowUp, FollowUpSource, Incident, PostIncidentReview, Status,
    TimelineEvent,
)
from incidents.services._common import event_add, save_incident
from lostfound.audit import acting
from organization.models import Department
from sla.services import deadline_meet, deadline_restart, deadlines_of


@transaction.atomic
def incident_add_note(*, incident: Incident, by, text: str, customer_visible: bool = False) -> TimelineEvent:
    """A note on the timeline; a customer-visible one shows on the status page and in progress updates."""
    text = (text or "").strip()
    if not text:
        raise IncidentError(_("Write the note."), field="text")
    with acting(by):
        return event_add(incident=incident, code="incident.note", actor=by, text=text, customer_visible=customer_visible)


@transaction.atomic
def contact_log_add(
    *, incident: Incident, by, outcome: str, method: str = "phone", note: str = "", at: datetime.datetime | None = None
) -> ContactLog:
    """Log a call (or visit) with the customer.

    Reaching the customer counts as the acknowledgement when no automatic receipt could be sent
    (no phone or email), as the contact after finding (CUS-5), and as a progress update: the
    "customer_update" deadline starts again.
    """
    now = timezone.now()
    at = at or now
    if at > now + datetime.timedelta(minutes=5):
        raise IncidentError(_("The contact cannot be in the future."), field="at")
    if outcome not in ContactOutcome.values:
        raise IncidentError(_("Choose the outcome of the contact."), field="outcome")
    with acting(by):
        entry = ContactLog.objects.create(incident=incident, by=by, at=at, method=method, outcome=outcome, note=note)
        event_add(incident=incident, code="incident.contact", actor=by, at=at, text=note,
                  data={"method": method, "outcome": outcome, "contact": entry.pk})
        if outcome in (ContactOutcome.REACHED, ContactOutcome.CALLED_US) and incident.status != Status.TO_VERIFY:
            if deadline_meet(subject=incident, kind="acknowledge", at=at) is not None and incident.acknowledged_at is None:
                incident.acknowledged_at = at
                save_incident(incident, "acknowledged_at")
            # CUS-5: reaching the customer after the item was found is the contact the policy asks for.
            deadline_meet(subject=incident, kind="contact_after_found", at=at)
            if deadlines_of(incident).filter(kind="customer_update", state="open").exists():
                deadline_restart(subject=incident, kind="customer_update", at=now)
    return entry


@transaction.atomic
def followup_record(
    *, incident: Incident, source: str, satisfaction: int, comment: str = "", by=None
) -> FollowUp:
    """Satisfaction after closing (INT-11): one per incident and source — staff's call or the customer's survey."""
    if source not in FollowUpSource.values:
        raise IncidentError("unknown follow-up source")
    if incident.status not in (Status.CLOSED, Status.RETURNED):
        raise IncidentError(_("A follow-up is recorded after the incident is closed."))
    if source == FollowUpSource.STAFF_CALL and incident.customer.declined_followups:
        raise IncidentError(_("The customer declined follow-up visits."))
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise IncidentError(_("Satisfaction is a number from 1 to 5."), field="satisfaction")
    with acting(by):
        try:
            with transaction.atomic():
                followup = FollowUp.objects.create(
                    incident=incident, source=source, satisfaction=satisfaction, comment=comment, by=by
                )
        except IntegrityError:
            raise IncidentError(_("This follow-up has already been recorded.")) from None
        event_add(incident=incident, code="incident.followup", actor=by, text=comment,
                  data={"source": source, "satisfaction": satisfaction})
        if source == FollowUpSource.STAFF_CALL:
            deadline_meet(subject=incident, kind="followup_visit")
    return followup


@transaction.atomic
def review_save(*, incident: Incident, by, causes: str, lessons: str = "") -> PostIncidentReview:
    """Write or revise the post-incident review (复盘, INT-12)."""
    if not (causes or "").strip():
        raise IncidentError(_("Describe the causes."), field="causes")
    with acting(by):
        review, created = PostIncidentReview.objects.get_or_create(
            incident=incident, defaults={"causes": causes, "lessons": lessons, "created_by": by}
        )
        if not created:
            review.causes, review.lessons = causes, lessons
            review.save(update_fields=["causes", "lessons", "updated_at"])
        event_add(incident=incident, code="incident.review", actor=by, data={"created": created})
    return review


@transaction.atomic
def corrective_action_add(
    *, review: PostIncidentReview, by, description: str, department: Department, owner, due_date: datetime.date
) -> CorrectiveAction:
    if department.site_id not in (None, review.incident.site_id):
        raise IncidentError(_("This department belongs to another site."), field="department")
    if due_date < timezone.localdate(timezone=review.incident.site.zone):
        raise IncidentError(_("The deadline is in the past."), field="due_date")
    with acting(by):
        action = CorrectiveAction.objects.create(
            review=review, description=description, department=department, owner=owner, due_date=due_date
        )
        event_add(incident=review.incident, code="incident.action", actor=by, text=description,
                  data={"action": action.pk, "owner": owner.pk, "due": due_date.isoformat()})
    return action


@transaction.atomic
def corrective_action_done(*, action: CorrectiveAction, by, done_on: datetime.date | None = None) -> CorrectiveAction:
    if action.done_on is not None:
        raise IncidentError(_("This action is already done."))
    with acting(by):
        action.done_on = done_on or timezone.localdate()
        action.save(update_fields=["done_on"])
        event_add(incident=action.review.incident, code="incident.action_done", actor=by, text=action.description,
                  data={"action": action.pk})
    return action
