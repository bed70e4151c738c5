"""`{% status_badges incident %}`: the state, severity, kind, drill and complaint badges of an incident.

Built in Python, with labels read from the choices' enums: as an included template calling `get_…_display`
(which rebuilds a dict of every choice on each call) it cost a third of the incident list's rendering.
"""

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incidents.models import Kind, Severity, Status

register = template.Library()

_STATE_COLOURS = {Status.CANCELLED: "secondary", Status.CLOSED: "secondary", Status.TO_VERIFY: "warning",
                  Status.FOUND: "success", Status.RETURNED: "success"}
_SEVERITY_COLOURS = {Severity.URGENT: "text-bg-danger", Severity.MAJOR: "text-bg-warning"}


@register.simple_tag
def status_badges(incident):
    badges = [(f"text-bg-{_STATE_COLOURS.get(incident.status, 'primary')}", _label(Status, incident.status))]
    if incident.severity in _SEVERITY_COLOURS:
        badges.append((_SEVERITY_COLOURS[incident.severity], _label(Severity, incident.severity)))
    if incident.kind == Kind.THEFT:
        badges.append(("text-bg-dark", _label(Kind, incident.kind)))
    if incident.is_drill:
        badges.append(("badge-drill", _("DRILL")))
    if incident.is_complaint:
        badges.append(("text-bg-info", _("Complaint")))
    return mark_safe(" ".join(f'<span class="badge {colour}">{escape(label)}</span>' for colour, label in badges))


def _label(choices, value) -> str:
    # The choices' labels by value, in the active language: looking each up through the enum cost a list
    # page 2 ms.
    return _labels(choices, get_language())[value]


@functools.lru_cache(maxsize=32)
def _labels(choices, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}
