"""`{% reasons_table reasons %}`: why a suggestion scored what it did, one row per factor.

Built in Python: as an included template it was most of the suggestions page's time (six rows for each of a
hundred or more suggestions).
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_ROW = (
    '<tr><th scope="row" class="fw-normal text-body-secondary">{label}</th>'
    '<td style="width: 40%"><div class="progress" role="progressbar" aria-valuenow="{percent}" aria-valuemin="0" '
    'aria-valuemax="100"><div class="progress-bar {colour}" style="width: {percent}%"></div></div></td>'
    '<td class="text-end">+{points}</td><td>{detail}</td></tr>'
)


def _bar_colour(percent: int) -> str:
    if percent < 30:
        return "bg-danger"
    return "bg-warning" if percent < 70 else "bg-success"


@register.simple_tag
def reasons_table(reasons: list[dict]) -> SafeString:
    """The rows of `custody.views._helpers.reasons_for_display`; every text is escaped here."""
    rows = "".join(
        _ROW.format(label=escape(reason["label"]), percent=int(reason["percent"]),
                    colour=_bar_colour(reason["percent"]), points=escape(floatformat(reason["points"], 1)),
                    detail=escape(reason["detail"]))
        for reason in reasons
    )
    return mark_safe(f'<table class="table table-sm small mb-0" aria-label="{escape(_("Why this score"))}">'
                     f"<tbody>{rows}</tbody></table>")
