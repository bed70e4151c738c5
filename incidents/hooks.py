"""What incidents plug into other apps at start-up: the due handler of progress updates and the subject
describer of sla, and the incident's own timeline sources."""

import datetime
import logging

from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def progress_update_due(deadline, *, now: datetime.datetime) -> bool:
    """SLA-2: the "customer_update" deadline fell due — send the customer a progress update.

    Carries the latest customer-visible note. Nothing is sent (and the deadline ends) when the customer
    opted out or the incident is found, closed or cancelled; the dedupe key is per incident and period,
    so a second sweep of the same period adds nothing. Returning True lets the sweep start the next period.
    """
    from incidents.models import Incident, Status
    from incidents.services._common import message_channel, status_url
    from notifications.models import Audience
    from notifications.services import message_enqueue
    from sla.services import deadline_cancel

    from django.contrib.contenttypes.models import ContentType

    if deadline.subject_type_id != ContentType.objects.get_for_model(Incident).pk:
        return False  # another app's subject: the generic path applies
    incident = Incident.objects.select_related("site", "customer").filter(pk=deadline.subject_id).first()
    if incident is None:
        return False
    if incident.progress_updates_opt_out or incident.status in (
        Status.FOUND, Status.RETURNED, Status.CLOSED, Status.CANCELLED, Status.TO_VERIFY
    ):
        deadline_cancel(subject=incident, kinds=["customer_update"])
        return True
    route = message_channel(incident.customer)
    if route is None:  # nobody to write to: leave it to the owner (breach and escalation as usual)
        return False
    note = incident.events.filter(customer_visible=True, code="incident.note").order_by("-at", "-id").first()
    customer = incident.customer
    with translation.override(customer.preferred_language):
        status_label = str(Status(incident.status).label)
        text = note.text if note else str(
            _("We are still looking for your item (state: %(state)s). We will tell you as soon as we know more.")
            % {"state": status_label}
        )
    message_enqueue(
        dedupe_key=f"incident:{incident.pk}:progress_update:{deadline.pk}",
        audience=Audience.CUSTOMER, channel=route[0], recipient_address=route[1], recipient_name=customer.name,
        language=customer.preferred_language, template_key="progress_update",
        context={
            "reference": incident.reference, "status": incident.status, "status_label": status_label,
            "note": text, "status_url": status_url(incident), "site_name": incident.site.name,
            "site_phone": incident.site.phone, "recipient_name": customer.name,
        },
        site=incident.site, subject=incident,
    )
    return True


def describe_incident(incident):
    from sla.hooks import SubjectDescription

    return SubjectDescription(reference=incident.reference, url=incident.get_absolute_url())


def connect() -> None:
    from incidents import timeline
    from incidents.models import Incident

    timeline.register_builtin_sources()
    try:
        from sla.hooks import register_due_handler, register_subject_describer
    except ImportError:  # an older sla without hooks: no automatic progress updates
        logger.warning("sla.hooks is missing: progress updates are not sent automatically")
        return
    register_due_handler("customer_update", progress_update_due, remind_owner=False)
    register_subject_describer(Incident, describe_incident)
