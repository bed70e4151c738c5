"""What compensation plugs into other apps at start-up: its timeline source, the "file a claim" link on the
incident page, and how sla names a claim in reminders and escalations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def incident_links(user, incident):
    from compensation.models import OPEN_STATES, Claim
    from compensation.permissions import FILE, VIEW
    from incidents.extensions import IncidentLink
    from lostfound.presence import rows_present

    if not user.has_perm(VIEW):
        return
    [has_claims] = rows_present(incident, ((Claim, "incident"),))
    open_claim = incident.claims.filter(state__in=OPEN_STATES).order_by("-filed_at").first() if has_claims else None
    if open_claim is not None:
        yield IncidentLink(_("Compensation claim %(reference)s") % {"reference": open_claim.reference},
                           open_claim.get_absolute_url(), "outline-secondary")
    elif incident.status == "closed" and user.has_perm(FILE):
        yield IncidentLink(_("File a compensation claim"), reverse("compensation:claim_new", args=[incident.pk]))


def describe_claim(claim):
    from sla.hooks import SubjectDescription

    return SubjectDescription(reference=claim.reference, url=claim.get_absolute_url())


def connect() -> None:
    from compensation.models import Claim
    from compensation.timeline import claim_entries
    from incidents.extensions import register_incident_links
    from incidents.timeline import register_timeline_source

    register_timeline_source(claim_entries, staff_only=True, only_with=[(Claim, "incident")])
    register_incident_links(incident_links)
    try:
        from sla.hooks import register_subject_describer
    except ImportError:
        return
    register_subject_describer(Claim, describe_claim)
