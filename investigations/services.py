"""Writes of the investigation log (INV-1..9) and lost-item notices (INV-7).

Entries are only ever added: a correction is a new entry pointing at the one it corrects. Each entry meets
the deadlines it satisfies (INV-8): the first one meets "investigation_start" and opens
"investigation_finish"; the investigation report meets "investigation_finish".
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from incidents.models import Incident
from incidents.models import PoliceReport as IncidentPoliceStep
from investigations.errors import InvestigationError
from investigations.models import (
    ENTRY_MODELS, ClaimantStatement, Entry, EntryPhoto, Evidence, EvidenceHandover, Interview, InterviewPerson,
    InvestigationReport, LostItemNotice, PersonKind, PoliceFollowUp, PoliceReport, RecordReview, ReportedBy,
    SceneSurvey,
)
from lostfound.audit import acting
from sla.services import deadline_meet, deadline_start, deadlines_of

# A phone clock a few minutes fast must not refuse "just now".
_CLOCK_SKEW = datetime.timedelta(minutes=5)
PHOTO_KINDS = frozenset({SceneSurvey.kind, Evidence.kind})


@dataclass(frozen=True)
class PersonData:
    """One person interviewed: a staff member with an account, or a name."""

    person_kind: str
    staff_user: object = None
    name: str = ""



def _checked_photo(value, *, user_id):
    """An upload, a staging token of an earlier attempt, or an already checked photo → CheckedPhoto."""
    try:
        if isinstance(value, photo_checks.CheckedPhoto):
            return value
        if isinstance(value, str):
            return photo_checks.unstage(value, user_id=user_id)
        return photo_checks.check_photo(value)
    except IncidentError as error:
        raise InvestigationError(error.message, field="photos") from None


def staff_count(persons: Sequence[PersonData]) -> int:
    return sum(1 for person in persons if person.person_kind == PersonKind.STAFF)


def _validate(kind: str, data: dict, *, persons: Sequence[PersonData], now: datetime.datetime) -> None:
    """The rules of each entry type, with the field they belong to; the database holds the same as constraints."""
    for field in ("viewed_from", "viewed_until", "finding_time", "surveyed_at", "held_at", "taken_at",
                  "collected_at", "reported_at"):
        value = data.get(field)
        if value is not None and value > now + _CLOCK_SKEW:
            raise InvestigationError(_("This time is in the future."), field=field)
    if kind == RecordReview.kind:
        if data["viewed_until"] < data["viewed_from"]:
            raise InvestigationError(_("The end of the time range is before its start."), field="viewed_until")
        if not data.get("claimant_absent"):
            raise InvestigationError(
                _("Records are reviewed without the claimant present; confirm this."), field="claimant_absent"
            )
    if kind in (Interview.kind, ClaimantStatement.kind) and not data.get("lawful_process_confirmed"):
        raise InvestigationError(_("Confirm that the lawful process is followed."), field="lawful_process_confirmed")
    if kind == Interview.kind:
        if not persons:
            raise InvestigationError(_("Name at least one person interviewed."), field="staff")
        if staff_count(persons) >= 2 and not data.get("joint_staff_confirmed"):
            raise InvestigationError(
                _("Two or more staff members in one interview: staff are interviewed separately (INV-3)."),
                field="staff",
            )
    if kind == ClaimantStatement.kind and data.get("id_checked") and not data.get("id_type"):
        raise InvestigationError(_("Say which ID document was checked."), field="id_type")
    if kind == Evidence.kind and not data.get("untouched"):
        raise InvestigationError(_("Evidence is bagged without touching it by hand; confirm this."), field="untouched")
    if kind == PoliceReport.kind and data.get("reported_by") == ReportedBy.COMPANY and not data.get("decided_by"):
        raise InvestigationError(
            _("A report by the company is decided by the general manager: name them."), field="decided_by"
        )


def _investigation_progress(*, incident: Incident, entry: Entry, author) -> None:
    """INV-8: the first entry starts the investigation; the report finishes it."""
    at = entry.created_at
    deadline_meet(subject=incident, kind="investigation_start", at=at)
    # Opened once per incident: a later entry after the report must not start a new period.
    if incident.is_open and not deadlines_of(incident).filter(kind="investigation_finish").exists():
        deadline_start(subject=incident, site=incident.site, kind="investigation_finish", owner=author, start=at)
    if isinstance(entry, InvestigationReport):
        deadline_meet(subject=incident, kind="investigation_finish", at=at)


@transaction.atomic
def entry_add(
    *, kind: str, incident: Incident, author, data: dict, photos: Sequence = (),
    persons: Sequence[PersonData] = (), corrects: Entry | None = None,
) -> Entry:
    """Add one log entry (or a correction of `corrects`) with its photos and persons; all or nothing."""
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise InvestigationError(f"unknown entry kind {kind!r}")
    now = timezone.now()
    if corrects is not None:
        if not isinstance(corrects, model) or corrects.incident_id != incident.pk:
            raise InvestigationError("a correction must be of the same type and incident")
        # Two officers correcting at once: the unique constraint on `corrects` lets only one win.
        if model.objects.filter(corrects=corrects).exists():
            raise InvestigationError(_("This entry was already corrected; correct the latest version instead."))
    elif not incident.is_open:
        raise InvestigationError(_("The incident is closed; its investigation log takes only corrections."))
    if photos and kind not in PHOTO_KINDS:
        raise InvestigationError("photos belong to scene surveys and evidence only")
    _validate(kind, data, persons=persons, now=now)
    checked = [_checked_photo(value, user_id=author.pk) for value in photos]

    with acting(author):
        entry = model.objects.create(incident=incident, author=author, corrects=corrects, created_at=now, **data)
        for person in persons:
            InterviewPerson.objects.create(
                interview=entry, person_kind=person.person_kind, staff_user=person.staff_user,
                name=(person.name or "").strip(),
            )
        for photo in checked:
            image, thumbnail = photo_checks.as_files(photo)
            EntryPhoto.objects.create(
                survey=entry if kind == SceneSurvey.kind else None, evidence=entry if kind == Evidence.kind else None,
                image=image, thumbnail=thumbnail, content_type=photo.content_type, uploaded_by=author,
            )
        _investigation_progress(incident=incident, entry=entry, author=author)
        if kind == PoliceReport.kind and incident.police_report == IncidentPoliceStep.PENDING:
            # The theft's police-report step (incidents) is done; the details live in this entry.
            from incidents.services import incident_set_police_report

            incident_set_police_report(incident=incident, by=author, state=IncidentPoliceStep.FILED)
    for token in (value for value in photos if isinstance(value, str)):
        transaction.on_commit(lambda token=token: photo_checks.discard(token))
    return entry


@transaction.atomic
def evidence_handover(
    *, evidence: Evidence, author, at: datetime.datetime, handed_by, to_user=None, to_name: str = "",
    storage_location: str = "", note: str = "",
) -> EvidenceHandover:
    """Log one link of the chain of custody (INV-5)."""
    to_name = to_name.strip()
    if to_user is None and not to_name:
        raise InvestigationError(_("Say to whom the evidence was handed."), field="to_user")
    if to_user is not None and to_user == handed_by:
        raise InvestigationError(_("Handed over to the same person who handed it."), field="to_user")
    if at > timezone.now() + _CLOCK_SKEW:
        raise InvestigationError(_("This time is in the future."), field="at")
    with acting(author):
        return EvidenceHandover.objects.create(
            evidence=evidence, at=at, handed_by=handed_by, to_user=to_user, to_name=to_name,
            storage_location=storage_location, note=note, author=author,
        )


@transaction.atomic
def police_followup_add(
    *, report: PoliceReport, author, at: datetime.datetime, content: str, case_number: str = ""
) -> PoliceFollowUp:
    """Log a later contact with the police about a report (INV-6)."""
    if not content.strip():
        raise InvestigationError(_("Say what was said or done."), field="content")
    if at > timezone.now() + _CLOCK_SKEW:
        raise InvestigationError(_("This time is in the future."), field="at")
    with acting(author):
        return PoliceFollowUp.objects.create(
            report=report, at=at, content=content.strip(), case_number=case_number.strip(), author=author
        )


# --- lost-item notices (INV-7) -----------------------------------------------------------------------

_PHONE_LIKE = re.compile(r"\d[\d\s\-]{5,}\d")
_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")


def identifying_detail(text: str, *, incident: Incident) -> bool:
    """True when a public text holds something that points at the customer: a phone or ID number, an email
    address, the customer's name or the report's reference."""
    if _PHONE_LIKE.search(text) or _EMAIL_LIKE.search(text):
        return True
    lowered = text.lower()
    customer = incident.customer
    for secret in (customer.name, customer.email, incident.reference):
        secret = (secret or "").strip().lower()
        if len(secret) >= 2 and secret in lowered:
            return True
    return False


@transaction.atomic
def notice_publish(
    *, incident: Incident, by, category, description_zh_hans: str, description_en: str,
    lost_on: datetime.date, area=None,
) -> LostItemNotice:
    """Publish a 寻物启事 on the site's public board; it leaves the board when the incident closes."""
    incident = Incident.objects.select_for_update().select_related("customer").get(pk=incident.pk)
    if not incident.is_open:
        raise InvestigationError(_("The incident is closed; a notice would not be shown."))
    if incident.is_drill:
        raise InvestigationError(_("Drills are never published on the public board."))
    if area is not None and area.site_id != incident.site_id:
        raise InvestigationError(_("This area belongs to another site."), field="area")
    for field, text in (("description_zh_hans", description_zh_hans), ("description_en", description_en)):
        if not text.strip():
            raise InvestigationError(_("Write the description in both languages."), field=field)
        if identifying_detail(text, incident=incident):
            raise InvestigationError(
                _("The public notice must not identify the customer (no names, phone numbers, ID or references)."),
                field=field,
            )
    if LostItemNotice.objects.filter(incident=incident, withdrawn_at__isnull=True).exists():
        raise InvestigationError(_("A notice for this incident is already on the board."))
    with acting(by):
        return LostItemNotice.objects.create(
            incident=incident, category=category, description_zh_hans=description_zh_hans.strip(),
            description_en=description_en.strip(), lost_on=lost_on, area=area, published_by=by,
        )


@transaction.atomic
def notice_withdraw(*, notice: LostItemNotice, by) -> LostItemNotice:
    """Take a notice off the board by hand (closing the incident removes it anyway)."""
    notice = LostItemNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.withdrawn_at is not None:
        return notice
    notice.withdrawn_at = timezone.now()
    notice.withdrawn_by = by
    with acting(by):
        notice.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return notice
