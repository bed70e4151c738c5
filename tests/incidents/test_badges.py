import pytest
from django.template import Context, Template
from django.utils import translation

from incidents.models import Incident, Kind, Severity, Status


def badges(**fields) -> str:
    incident = Incident(**{"status": Status.SEARCHING, "severity": Severity.GENERAL, "kind": Kind.LOSS, **fields})
    return Template("{% load incident_badges %}{% status_badges incident %}").render(Context({"incident": incident}))


@pytest.mark.parametrize(("status", "colour"), [
    (Status.TO_VERIFY, "warning"), (Status.REPORTED, "primary"), (Status.SEARCHING, "primary"),
    (Status.FOUND, "success"), (Status.RETURNED, "success"), (Status.CLOSED, "secondary"),
    (Status.CANCELLED, "secondary"),
])
def test_the_state_badge_is_coloured_by_state(status, colour):
    assert badges(status=status).startswith(f'<span class="badge text-bg-{colour}">{Status(status).label}</span>')


def test_severity_theft_drill_and_complaint_add_badges_in_order():
    html = badges(severity=Severity.URGENT, kind=Kind.THEFT, is_drill=True, is_complaint=True)
    assert html == ('<span class="badge text-bg-primary">Searching</span> <span class="badge text-bg-danger">Urgent'
                    '</span> <span class="badge text-bg-dark">Theft</span> <span class="badge badge-drill">DRILL</span>'
                    ' <span class="badge text-bg-info">Complaint</span>')
    assert 'text-bg-warning">Major' in badges(severity=Severity.MAJOR)
    assert badges().count("<span") == 1


def test_badges_are_translated():
    with translation.override("zh-hans"):
        html = badges(kind=Kind.THEFT, is_drill=True)
    assert "失窃" in html and "演练" in html
