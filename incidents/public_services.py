"""Writes made by customers on their own pages (no account): the online report, added information, opting out.

Same conventions as `incidents.services`: keyword-only, one transaction each, a timeline event for every
change; the actor is None (the customer has no user). Refusals raise IncidentError.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from incidents.models import FINAL_STATUSES, Incident, ItemPhoto, LostItem, TimelineEvent
from incidents.services import incident_file
from incidents.services._common import event_add, save_incident
from privacy.consent import CONSENT_VERSIONS
from privacy.models import ConsentPurpose
from privacy.services import consent_record
from sla.services import deadline_cancel

# The version of the consent text the customer ticked; change it (in privacy.consent) with the wording.
CONSENT_VERSION = CONSENT_VERSIONS[ConsentPurpose.ONLINE_REPORT]


@transaction.atomic
def incident_file_online(*, consent: bool, **report) -> Incident:
    """The customer's own report (INT-1): filed as *to verify* for the front desk, with the consent recorded."""
    if not consent:
        raise IncidentError(_("Please agree to the processing of your personal data."), field="consent")
    incident = incident_file(**report, online=True, filed_by=None)
    event_add(incident=incident, code="customer.consent", data={"consent": True, "version": CONSENT_VERSION})
    consent_record(purpose=ConsentPurpose.ONLINE_REPORT, by=None, incident=incident)
    return incident


def _lock(incident: Incident) -> Incident:
    fresh = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.__dict__.update({f.attname: getattr(fresh, f.attname) for f in Incident._meta.concrete_fields})
    return incident


@transaction.atomic
def incident_add_customer_information(
    *, incident: Incident, text: str = "", photo=None, item: LostItem | None = None
) -> TimelineEvent:
    """What the customer adds on the status page: a text, a photo of one of the items, or both.

    `photo` is an upload (checked by content, size and pixels like the staff form) or a CheckedPhoto.
    Lands on the staff timeline as "customer added information".
    """
    text = (text or "").strip()
    if not text and photo is None:
        raise IncidentError(_("Write something or add a photo."), field="text")
    _lock(incident)
    if incident.status in FINAL_STATUSES:
        raise IncidentError(_("This report is closed; please call us if you have something to add."))
    checked = None
    if photo is not None:
        checked = photo if isinstance(photo, photo_checks.CheckedPhoto) else photo_checks.check_photo(photo)
        if item is None:
            item = incident.items.first()
        if item is None or item.incident_id != incident.pk:
            raise IncidentError(_("Choose the item the photo shows."), field="item")
    data: dict = {}
    if checked is not None:
        image, thumbnail = photo_checks.as_files(checked)
        row = ItemPhoto.objects.create(item=item, image=image, thumbnail=thumbnail, content_type=checked.content_type)
        data = {"photo": row.pk, "item": item.pk, "item_name": item.name}
    return event_add(incident=incident, code="customer.information", text=text, data=data, customer_visible=True)


@transaction.atomic
def incident_opt_out(*, incident: Incident) -> Incident:
    """The customer wants no more progress messages (SLA-5); the reminder to send them ends too."""
    _lock(incident)
    if incident.progress_updates_opt_out:
        return incident
    incident.progress_updates_opt_out = True
    save_incident(incident, "progress_updates_opt_out")
    deadline_cancel(subject=incident, kinds=["customer_update"])
    event_add(incident=incident, code="customer.opted_out", customer_visible=True)
    return incident
