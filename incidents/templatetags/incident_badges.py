"""`{% status_badges incident %}`: the state, severity, kind, drill and complaint badges of an incident.

Built in Python, with labels read from the choices' enums: as an included template calling `get_…_display`
(which rebuilds a dict of every choice on each call) it cost a third of the incident list's rendering.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from incidents.models import Kind, Severity, Status

register = template.Library()

_STATE_COLOURS = {Status.CANCELLED: "secondary", Status.CLOSED: "secondary", Status.TO_VERIFY: "warning",
                  Status.FOUND: "success", Status.RETURNED: "success"}
_SEVERITY_COLOURS = {Severity.URGENT: "text-bg-danger", Severity.MAJOR: "text-bg-warning"}


@register.simple_tag
def status_badges(incident):
    badges = [(f"text-bg-{_STATE_COLOURS.get(incident.status, 'primary')}", Status(incident.status).label)]
    if incident.severity in _SEVERITY_COLOURS:
        badges.append((_SEVERITY_COLOURS[incident.severity], Severity(incident.severity).label))
    if incident.kind == Kind.THEFT:
        badges.append(("text-bg-dark", Kind(incident.kind).label))
    if incident.is_drill:
        badges.append(("badge-drill", _("DRILL")))
    if incident.is_complaint:
        badges.append(("text-bg-info", _("Complaint")))
    return format_html_join(" ", '<span class="badge {}">{}</span>', badges)
