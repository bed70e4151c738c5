"""`{% status_badges incident %}`: the state, severity, kind, drill and complaint badges of an incident.

Built in Python, with labels read from the choices' enums: as an included template calling `get_…_display`
(which rebuilds a dict of every choice on each call) it cost a third of the incident list's rendering.
"""

import functools
from dataclasses import dataclass
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from incidents.models import Kind, Severity, Status

register = template.Library()

_STATE_COLOURS = {Status.CANCELLED: "secondary", Status.CLOSED: "secondary", Status.TO_VERIFY: "warning",
                  Status.FOUND: "success", Status.RETURNED: "success"}
_SEVERITY_COLOURS = {Severity.URGENT: "text-bg-danger", Severity.MAJOR: "text-bg-warning"}


@register.simple_tag
def status_badges(incident, labels: "BadgeLabels | None" = None):
    """`labels`: badge_labels() of the active language, when a page shows many incidents."""
    labels = labels or badge_labels(get_language())
    badges = [(f"text-bg-{_STATE_COLOURS.get(incident.status, 'primary')}", labels.status[incident.status])]
    if incident.severity in _SEVERITY_COLOURS:
        badges.append((_SEVERITY_COLOURS[incident.severity], labels.severity[incident.severity]))
    if incident.kind == Kind.THEFT:
        badges.append(("text-bg-dark", labels.kind[incident.kind]))
    if incident.is_drill:
        badges.append(("badge-drill", labels.drill))
    if incident.is_complaint:
        badges.append(("text-bg-info", labels.complaint))
    return mark_safe(" ".join(f'<span class="badge {colour}">{escape(label)}</span>' for colour, label in badges))


@dataclass(frozen=True)
class BadgeLabels:
    """The badges' labels in one language: looking each up through the enum cost a list page 2 ms, and asking
    for the active language on every badge another 0.3 ms."""

    status: dict[str, str]
    severity: dict[str, str]
    kind: dict[str, str]
    drill: str
    complaint: str


@functools.lru_cache(maxsize=32)
def badge_labels(language: str) -> BadgeLabels:
    def labels(choices) -> dict[str, str]:
        return {value: str(label) for value, label in choices.choices}

    with override(language):
        return BadgeLabels(status=labels(Status), severity=labels(Severity), kind=labels(Kind), drill=_("DRILL"),
                           complaint=_("Complaint"))
