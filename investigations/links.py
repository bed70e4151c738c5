from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from incidents.extensions import IncidentLink


def investigation_links(user, incident):
    if user.has_perm("investigations.view_recordreview"):
        yield IncidentLink(_("Investigation log"), reverse("investigations:incident", args=[incident.pk]))
