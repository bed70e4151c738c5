"""Links other apps add to the incident page (custody: "candidate matches", investigations: "log a CCTV
review", compensation: "file a claim"), so the incident page never imports them.

    from incidents.extensions import IncidentLink, register_incident_links

    def custody_links(user, incident):
        if incident.is_open and user.has_perm("custody.view_founditem"):
            yield IncidentLink(_("Candidate matches"), reverse("custody:matches_for_incident", args=[incident.pk]))

    register_incident_links(custody_links)      # in your AppConfig.ready()
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncidentLink:
    label: str | Promise
    url: str
    style: str = "outline-primary"


LinkSource = Callable[[object, object], Iterable[IncidentLink]]
_SOURCES: list[LinkSource] = []


def register_incident_links(source: LinkSource) -> LinkSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def links_for(user, incident) -> list[IncidentLink]:
    links: list[IncidentLink] = []
    for source in _SOURCES:
        try:
            links.extend(source(user, incident) or [])
        except Exception:  # one app's bug must not break the incident page
            logger.exception("incident link source %r failed", source)
    return links
