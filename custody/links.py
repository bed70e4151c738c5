from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from incidents.extensions import IncidentLink


def custody_links(user, incident):
    if incident.is_open and user.has_perm("custody.view_founditem"):
        yield IncidentLink(_("Matching found items"), reverse("custody:incident_suggestions", args=[incident.pk]))
