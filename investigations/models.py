"""The investigation log of an incident (INV-1..9) and lost-item notices (INV-7).

Every log row is append-only (INV-9): `save()` refuses updates, `delete()` refuses, the queryset refuses
bulk updates and deletes, and database triggers (migration 0002) refuse raw UPDATE and DELETE. A mistake is
put right by a new entry whose `corrects` points at the entry it replaces.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import IdDocumentType, Incident
from organization.models import Area
from policy.models import ItemCategory


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a log row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    # bulk_update goes through update(); bulk_create (inserts) stays allowed.


class AppendOnly(models.Model):
    """Rows are written once and never changed or removed (INV-9)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only; add a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class Entry(AppendOnly):
    """What every log entry has: the incident, who wrote it and when, and the entry it corrects."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="+", verbose_name=_("incident"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name=_("corrects entry"), db_index=False,
    )

    # Set on each concrete type: the URL slug and the label of the type.
    kind: str = ""

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        constraints = [
            # One correction per entry: corrections form a chain whose last link is the current version.
            models.UniqueConstraint(fields=["corrects"], name="%(class)s_one_correction"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("investigations:entry", args=[self.kind, self.pk])

    @property
    def correction(self):
        """The entry that corrects this one, if any (at most one)."""
        return self.corrections.first()


# --- INV-1 record reviews ----------------------------------------------------------------------------


class RecordSource(models.TextChoices):
    CCTV = "cctv", _("CCTV camera")
    DOOR_LOCK = "door_lock", _("Door-lock or key-card log")
    ACCESS_CONTROL = "access_control", _("Access-control log")
    OTHER = "other", _("Other")


class RecordReview(Entry):
    """调取监控: a look at CCTV footage or a lock / access log; the claimant is never present."""

    kind = "record_review"

    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    device = models.CharField(_("camera or device"), max_length=120)
    viewed_from = models.DateTimeField(_("viewed from"))
    viewed_until = models.DateTimeField(_("viewed until"))
    finding_time = models.DateTimeField(_("time of what was seen"), null=True, blank=True)
    finding_place = models.CharField(_("place"), max_length=200, blank=True)
    finding_persons = models.TextField(_("persons"), blank=True)
    finding_events = models.TextField(_("what was seen"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    claimant_absent = models.BooleanField(_("the claimant was not present"), default=False)
    clip_reference = models.CharField(_("exported clip reference"), max_length=120, blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("record review")
        verbose_name_plural = _("record reviews")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=Q(viewed_until__gte=F("viewed_from")), name="record_review_range_order"),
            models.CheckConstraint(condition=Q(claimant_absent=True), name="record_review_claimant_absent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.device}"


# --- INV-2 scene surveys -----------------------------------------------------------------------------


class CheckResult(models.TextChoices):
    NOTHING_FOUND = "nothing", _("Checked, nothing found")
    SIGNS_FOUND = "signs", _("Signs found")
    NOT_APPLICABLE = "n_a", _("Not applicable here")


# The checklist of INV-2, in the seed's order (门锁、窗、办公桌、抽屉锁、室内角落、更衣柜).
CHECKLIST: list[tuple[str, object]] = [
    ("door_locks", _("Door locks")),
    ("windows", _("Windows")),
    ("desks", _("Desks")),
    ("drawer_locks", _("Drawer locks")),
    ("corners", _("Corners of the room")),
    ("lockers", _("Staff lockers and hiding places")),
]


def _check(label):
    return models.CharField(label, max_length=10, choices=CheckResult.choices)


def _note():
    return models.CharField(_("note"), max_length=300, blank=True)


class SceneSurvey(Entry):
    """现场勘查."""

    kind = "scene_survey"

    surveyed_at = models.DateTimeField(_("surveyed at"))
    place = models.CharField(_("place"), max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    personnel = models.TextField(_("personnel present"))
    door_locks = _check(_("Door locks"))
    door_locks_note = _note()
    windows = _check(_("Windows"))
    windows_note = _note()
    desks = _check(_("Desks"))
    desks_note = _note()
    drawer_locks = _check(_("Drawer locks"))
    drawer_locks_note = _note()
    corners = _check(_("Corners of the room"))
    corners_note = _note()
    lockers = _check(_("Staff lockers and hiding places"))
    lockers_note = _note()
    clues = models.TextField(_("clues and evidence found"), blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("scene survey")
        verbose_name_plural = _("scene surveys")

    def __str__(self) -> str:
        return self.place

    def checklist(self) -> list[tuple[object, str, str]]:
        """(label, result label, note) per checklist point."""
        return [
            (label, getattr(self, f"get_{name}_display")(), getattr(self, f"{name}_note")) for name, label in CHECKLIST
        ]


# --- INV-3 interviews --------------------------------------------------------------------------------


class PersonKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    GUEST = "guest", _("Guest")
    OTHER = "other", _("Other")


class Interview(Entry):
    """询问: employees are interviewed separately (the form warns when two are put in one interview)."""

    kind = "interview"

    held_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    content = models.TextField(_("what was said"))
    lawful_process_confirmed = models.BooleanField(_("lawful process followed"), default=False)
    # Two or more staff members in one interview: recorded only after the officer accepted the warning.
    joint_staff_confirmed = models.BooleanField(_("staff interviewed together (warning accepted)"), default=False)

    class Meta(Entry.Meta):
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=Q(lawful_process_confirmed=True), name="interview_lawful_process"),
        ]

    def __str__(self) -> str:
        return ", ".join(person.display_name for person in self.persons.all())


class InterviewPerson(AppendOnly):
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="persons")
    person_kind = models.CharField(_("who"), max_length=10, choices=PersonKind.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        ordering = ["interview", "id"]
        verbose_name = _("person interviewed")
        verbose_name_plural = _("persons interviewed")
        constraints = [
            models.CheckConstraint(condition=Q(staff_user__isnull=False) | ~Q(name=""), name="interview_person_named"),
            models.CheckConstraint(
                condition=Q(staff_user__isnull=True) | Q(person_kind="staff"), name="interview_person_user_is_staff"
            ),
        ]

    @property
    def display_name(self) -> str:
        if self.staff_user_id:
            return self.staff_user.get_full_name() or self.staff_user.get_username()
        return self.name

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_person_kind_display()})"


# --- INV-4 claimant statements -----------------------------------------------------------------------


class CustomsDeclaration(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    DECLARED = "declared", _("Checked: the item is on the declaration")
    NOT_DECLARED = "not_declared", _("Checked: the item is not on the declaration")


class ClaimantStatement(Entry):
    """笔录: the claimant's own account, with their ID (and a traveller's customs declaration) checked."""

    kind = "statement"

    taken_at = models.DateTimeField(_("taken at"))
    place = models.CharField(_("where"), max_length=200)
    account = models.TextField(_("the claimant's account"))
    id_checked = models.BooleanField(_("ID document checked"), default=False)
    id_type = models.CharField(_("ID document"), max_length=20, choices=IdDocumentType.choices, blank=True)
    customs_declaration = models.CharField(
        _("customs declaration"), max_length=20, choices=CustomsDeclaration.choices,
        default=CustomsDeclaration.NOT_RELEVANT,
    )
    lawful_process_confirmed = models.BooleanField(_("lawful process followed"), default=False)

    class Meta(Entry.Meta):
        verbose_name = _("claimant statement")
        verbose_name_plural = _("claimant statements")
        constraints = [
            *Entry.Meta.constraints,
            models.CheckConstraint(condition=Q(lawful_process_confirmed=True), name="statement_lawful_process"),
            models.CheckConstraint(condition=Q(id_checked=False) | ~Q(id_type=""), name="statement_id_type_when_checked"),
        ]

    def __str__(self) -> str:
        return self.account[:60]


# --- INV-5 evidence ----------------------------------------------------------------------------------


class Evidence(Entry):
    """An item collected at the scene, bagged without touching it by hand, with its chain of custody."""

    kind = "evidence"

    label = models.CharField(_("label"), max_length=60)
    description = models.TextField(_("description"))
    collected_at = models.DateTimeField(_("collected at"))
    found_place = models.CharField(_("where it was found"), max_length=200, blank=True)
    container = models.CharField(_("bag or box number"), max_length=60)
    storage_location = models.CharField(_("where it is stored"), max_length=200)
    untouched = models.BooleanField(_("collected with a clean bag or box, not touched by hand"), default=False)

    class Meta(Entry.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.label} ({self.container})"


class EvidenceHandover(AppendOnly):
    """One link of the chain of custody: who handed the evidence to whom, when."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="handovers",
                                 verbose_name=_("evidence"))
    at = models.DateTimeField(_("when"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed over by")
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("to (staff member)"),
    )
    to_name = models.CharField(_("to (someone else, e.g. police officer)"), max_length=120, blank=True)
    storage_location = models.CharField(_("where it is kept now"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["evidence", "at", "id"]
        verbose_name = _("evidence handover")
        verbose_name_plural = _("evidence handovers")
        constraints = [
            models.CheckConstraint(condition=Q(to_user__isnull=False) | ~Q(to_name=""), name="handover_has_recipient"),
        ]

    @property
    def recipient(self) -> str:
        if self.to_user_id:
            return self.to_user.get_full_name() or self.to_user.get_username()
        return self.to_name


# --- INV-6 police reports ----------------------------------------------------------------------------


class ReportedBy(models.TextChoices):
    CUSTOMER = "customer", _("The customer")
    COMPANY = "company", _("The company")


class PoliceReport(Entry):
    """报警 / 报案: who reported, who decided (the general manager), the station, officer and case."""

    kind = "police_report"

    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.CharField(_("reported by"), max_length=10, choices=ReportedBy.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by (general manager)"),
    )
    station = models.CharField(_("police station"), max_length=120)
    officer_name = models.CharField(_("officer's name"), max_length=120, blank=True)
    officer_badge = models.CharField(_("officer's badge number"), max_length=40, blank=True)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("police report")
        verbose_name_plural = _("police reports")
        constraints = [
            *Entry.Meta.constraints,
            # A report by the company is the general manager's decision (seed 002: 由酒店总经理决定).
            models.CheckConstraint(
                condition=Q(reported_by="customer") | Q(decided_by__isnull=False), name="police_report_company_decider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.case_number}".strip()


class PoliceFollowUp(AppendOnly):
    """A later contact with the police about a report."""

    report = models.ForeignKey(PoliceReport, on_delete=models.PROTECT, related_name="followups",
                               verbose_name=_("police report"))
    at = models.DateTimeField(_("when"))
    content = models.TextField(_("what was said or done"))
    case_number = models.CharField(_("case number given"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("police follow-up")
        verbose_name_plural = _("police follow-ups")


# --- INV-8 the investigation report ------------------------------------------------------------------


class InvestigationReport(Entry):
    """The closing report: facts, process, responsibility, proposal. Meets "investigation_finish"."""

    kind = "report"

    facts = models.TextField(_("facts"))
    process = models.TextField(_("process of the investigation"))
    responsibility = models.TextField(_("responsibility"))
    proposal = models.TextField(_("proposal"))

    class Meta(Entry.Meta):
        verbose_name = _("investigation report")
        verbose_name_plural = _("investigation reports")

    def __str__(self) -> str:
        return self.facts[:60]


# --- photos of surveys and evidence ------------------------------------------------------------------


def _photo_path(instance, filename: str) -> str:
    return f"investigations/photos/{timezone.now():%Y/%m}/{filename}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"investigations/thumbnails/{timezone.now():%Y/%m}/{filename}"


class EntryPhoto(AppendOnly):
    """A photo taken at the scene; served only through a login-checked view, never a public media URL."""

    survey = models.ForeignKey(SceneSurvey, on_delete=models.PROTECT, null=True, blank=True, related_name="photos")
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_path)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("investigation photo")
        verbose_name_plural = _("investigation photos")
        constraints = [
            models.CheckConstraint(
                condition=(Q(survey__isnull=False) & Q(evidence__isnull=True))
                | (Q(survey__isnull=True) & Q(evidence__isnull=False)),
                name="entry_photo_one_owner",
            ),
        ]

    @property
    def entry(self):
        return self.survey or self.evidence


# --- INV-7 lost-item notices -------------------------------------------------------------------------


class LostItemNotice(models.Model):
    """寻物启事 on the site's public board: category, general description, date and area — nothing that
    identifies the customer. Shown only while its incident is open (see selectors.public_notices)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="+", verbose_name=_("incident"))
    category = models.ForeignKey(ItemCategory, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("category"))
    description_zh_hans = models.CharField(_("description (Chinese)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300)
    lost_on = models.DateField(_("lost on"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("withdrawn by"))

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("lost-item notice")
        verbose_name_plural = _("lost-item notices")
        constraints = [
            models.UniqueConstraint(fields=["incident"], condition=Q(withdrawn_at__isnull=True),
                                    name="notice_one_active_per_incident"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                                   name="notice_withdrawn_by_someone"),
        ]

    def __str__(self) -> str:
        return self.description_en or self.description_zh_hans


ENTRY_MODELS: dict[str, type[Entry]] = {
    model.kind: model
    for model in (RecordReview, SceneSurvey, Interview, ClaimantStatement, Evidence, PoliceReport, InvestigationReport)
}
# Every table the database triggers keep append-only.
APPEND_ONLY_MODELS: list[type[models.Model]] = [
    *ENTRY_MODELS.values(), InterviewPerson, EvidenceHandover, PoliceFollowUp, EntryPhoto,
]
