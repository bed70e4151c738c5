"""How entries read on pages and the timeline: a label per type, a one-line summary, the fields in order."""

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from investigations.models import (
    CHECKLIST, ClaimantStatement, Entry, Evidence, Interview, InvestigationReport, PoliceReport, RecordReview, SceneSurvey,
)

LABELS = {
    RecordReview.kind: _("Record review"),
    SceneSurvey.kind: _("Scene survey"),
    Interview.kind: _("Interview"),
    ClaimantStatement.kind: _("Claimant statement"),
    Evidence.kind: _("Evidence"),
    PoliceReport.kind: _("Police report"),
    InvestigationReport.kind: _("Investigation report"),
}
ICONS = {
    RecordReview.kind: "camera", SceneSurvey.kind: "search", Interview.kind: "user", ClaimantStatement.kind: "note",
    Evidence.kind: "box", PoliceReport.kind: "shield", InvestigationReport.kind: "check",
}
_BASE_FIELDS = {"id", "incident", "author", "created_at", "corrects"}
# The survey's checklist is shown as its own table (SceneSurvey.checklist).
_CHECKLIST_FIELDS = {name for point, _label in CHECKLIST for name in (point, f"{point}_note")}


def _short(text: str, length: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def summary(entry: Entry) -> str:
    if isinstance(entry, RecordReview):
        return _short(f"{entry.get_source_display()} · {entry.device}: {entry.finding_events}")
    if isinstance(entry, SceneSurvey):
        return _short(f"{entry.place}: {entry.clues}")
    if isinstance(entry, Interview):
        names = ", ".join(person.display_name for person in entry.persons.all())
        return _short(f"{names}: {entry.content}")
    if isinstance(entry, ClaimantStatement):
        return _short(entry.account)
    if isinstance(entry, Evidence):
        return _short(f"{entry.label} ({entry.container}) · {entry.storage_location}")
    if isinstance(entry, PoliceReport):
        return _short(f"{entry.station} {entry.case_number}".strip())
    if isinstance(entry, InvestigationReport):
        return _short(entry.facts)
    return ""


def _display(entry: Entry, field: models.Field):
    value = getattr(entry, field.name)
    if field.choices:
        return getattr(entry, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""
    if isinstance(field, models.ForeignKey):
        if value is None:
            return ""
        if hasattr(value, "get_full_name"):
            return value.get_full_name() or value.get_username()
        return str(value)
    return value


def fields_of(entry: Entry) -> list[tuple[str, object]]:
    """(label, shown value) of the entry's own fields, in declaration order, empty ones left out."""
    rows = []
    for field in type(entry)._meta.concrete_fields:
        if field.name in _BASE_FIELDS or field.name in _CHECKLIST_FIELDS:
            continue
        value = _display(entry, field)
        if value in ("", None):
            continue
        rows.append((field.verbose_name, value))
    return rows
