"""Customers, incidents and what belongs to them (INT-1..13).

States change only through `incidents.services`; models hold fields, constraints and small properties.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lostfound.choice_labels import ChoiceLabels
from organization.models import Area, Department, Site
from policy.models import ItemCategory


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class PreferredChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")


class IdDocumentType(models.TextChoices):
    NONE = "", _("None")
    ID_CARD = "id_card", _("Resident ID card")
    PASSPORT = "passport", _("Passport")
    HK_MACAU_PERMIT = "hk_macau_permit", _("Mainland travel permit (HK/Macau)")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit (Taiwan)")
    OTHER = "other", _("Other")


class Customer(ChoiceLabels):
    """The person who reports a loss. Never holds a full ID number (SEC-1)."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="customers", verbose_name=_("site where first recorded")
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Digits only, for finding the same customer however the number was typed.
    phone_digits = models.CharField(max_length=32, blank=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=PreferredChannel.choices, default=PreferredChannel.SMS
    )
    id_type = models.CharField(_("ID document"), max_length=20, choices=IdDocumentType.choices, blank=True)
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=40, blank=True)
    # HMAC-SHA256 of the normalised number with SECRET_KEY: lets staff check "same document" without storing it.
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    declined_followups = models.BooleanField(_("declined follow-up visits"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["phone_digits"], name="customer_phone"),
            models.Index(fields=["name"], name="customer_name"),
            models.Index(fields=["id_number_hash"], name="customer_id_hash"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_address(self) -> str:
        """Where messages go on the preferred channel; falls back to the other one we have."""
        if self.preferred_channel == PreferredChannel.EMAIL and self.email:
            return self.email
        return self.phone or self.email


class Channel(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")
    ONLINE = "online", _("Online form")


class Kind(models.TextChoices):
    LOSS = "loss", _("Loss")
    THEFT = "theft", _("Theft")


class TheftBy(models.TextChoices):
    UNKNOWN = "", _("Not known")
    ACQUAINTANCE = "acquaintance", _("An acquaintance")
    STRANGER = "stranger", _("A stranger")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")
    URGENT = "urgent", _("Urgent")


SEVERITY_RANK = {Severity.GENERAL: 1, Severity.MAJOR: 2, Severity.URGENT: 3}


class Status(models.TextChoices):
    TO_VERIFY = "to_verify", _("To verify")
    REPORTED = "reported", _("Reported")
    DISPATCHED = "dispatched", _("Dispatched")
    SEARCHING = "searching", _("Searching")
    FOUND = "found", _("Found")
    RETURNED = "returned", _("Returned")
    NOT_FOUND = "not_found", _("Not found")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


FINAL_STATUSES = frozenset({Status.CLOSED, Status.CANCELLED})
OPEN_STATUSES = frozenset(set(Status) - FINAL_STATUSES)


class Outcome(models.TextChoices):
    NONE = "", _("Open")
    RETURNED = "returned", _("Found and returned")
    NOT_FOUND = "not_found", _("Not found")
    CANCELLED = "cancelled", _("Cancelled")


class PoliceReport(models.TextChoices):
    """The police-report step of a theft (investigations records the details, INV-6)."""

    NOT_APPLICABLE = "", _("Not applicable")
    PENDING = "pending", _("To decide")
    FILED = "filed", _("Reported to the police")
    DECLINED = "declined", _("Customer declined")


def new_status_token() -> str:
    return secrets.token_urlsafe(32)


class IncidentQuerySet(models.QuerySet):
    def real(self) -> "IncidentQuerySet":
        """Everything but drills: what every KPI counts (INT-13)."""
        return self.filter(is_drill=False)

    def open(self) -> "IncidentQuerySet":
        return self.exclude(status__in=FINAL_STATUSES)


class Incident(ChoiceLabels):
    # Site and owner lead indexes in Meta, and reference and status_token are unique there: none of them needs an
    # index of its own (tests/scale/test_indexes.py).
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("site"), db_index=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents", verbose_name=_("area")
    )
    reference = models.CharField(_("reference"), max_length=40)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LOSS)
    theft_by = models.CharField(_("taken by"), max_length=16, choices=TheftBy.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, default=Severity.GENERAL)
    status = models.CharField(_("state"), max_length=16, choices=Status.choices, default=Status.REPORTED)
    # Urgency for the list's order: 0 when closed or cancelled, else 2 per severity level, +1 for a theft.
    priority = models.PositiveSmallIntegerField(default=0, editable=False)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("customer")
    )
    lost_from = models.DateTimeField(_("lost from"))
    lost_until = models.DateTimeField(_("lost until"))
    place_detail = models.CharField(_("where exactly"), max_length=200, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_incidents",
        verbose_name=_("responsible person"), db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="filed_incidents",
        verbose_name=_("filed by"),
    )
    is_drill = models.BooleanField(_("drill"), default=False)
    is_complaint = models.BooleanField(_("complaint"), default=False)
    status_token = models.CharField(max_length=64, default=new_status_token, editable=False)
    progress_updates_opt_out = models.BooleanField(_("no progress updates"), default=False)
    police_report = models.CharField(
        _("police report"), max_length=16, choices=PoliceReport.choices, blank=True, default=PoliceReport.NOT_APPLICABLE
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    found_at = models.DateTimeField(_("found at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "-created_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        permissions = [
            ("work_incident", _("Can dispatch, search and log contacts on incidents")),
            ("hand_over_incident", _("Can hand incidents over")),
            ("close_incident", _("Can close and cancel incidents")),
            ("accept_incident", _("Can accept or reject online reports")),
            ("review_incident", _("Can write post-incident reviews")),
            ("followup_incident", _("Can record follow-up visits")),
        ]
        indexes = [
            models.Index(fields=["site", "-priority", "-created_at", "-id"], name="incident_site_urgency"),
            models.Index(fields=["-priority", "-created_at", "-id"], name="incident_urgency"),
            # Open incidents are a few thousand of a million: a list filtered to them reads this, not the site's.
            models.Index(fields=["site", "-priority", "-created_at", "-id"], name="incident_open_site_urgency",
                         condition=~Q(status__in=[Status.CLOSED, Status.CANCELLED])),
            models.Index(fields=["site", "status"], name="incident_site_status"),
            models.Index(fields=["owner", "status"], name="incident_owner_status"),
            models.Index(fields=["site", "kind", "severity"], name="incident_site_kind"),
        ]
        constraints = [
            # Constraints, not unique=True: that would add a second, pattern-matching index nothing reads.
            models.UniqueConstraint(fields=["reference"], name="incident_reference_unique"),
            models.UniqueConstraint(fields=["status_token"], name="incident_status_token_unique"),
            models.CheckConstraint(condition=Q(lost_until__gte=F("lost_from")), name="incident_lost_window_order"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="incident_cancel_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(kind="theft") | Q(theft_by=""), name="incident_theft_by_only_for_theft"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in FINAL_STATUSES

    @property
    def is_emergency(self) -> bool:
        """Urgent and theft reports take the emergency path (INT-4)."""
        return self.severity == Severity.URGENT or self.kind == Kind.THEFT

    def compute_priority(self) -> int:
        if self.status in FINAL_STATUSES:
            return 0
        # urgent loss 6 > major theft 5 > major loss 4 > general theft 3 > general loss 2
        return SEVERITY_RANK[self.severity] * 2 + (1 if self.kind == Kind.THEFT else 0)


class ReferenceCounter(models.Model):
    """The last number given out per site and local day; one upsert per report makes references race-free."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="reference_counter_unique")]


class LostItem(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="items", verbose_name=_("incident"))
    category = models.ForeignKey(
        ItemCategory, on_delete=models.PROTECT, related_name="lost_items", verbose_name=_("category")
    )
    name = models.CharField(_("item"), max_length=120)
    brand_model = models.CharField(_("brand / model"), max_length=120, blank=True)
    colour = models.CharField(_("colour"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    features = models.TextField(_("distinguishing features"), blank=True)
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("lost item")
        verbose_name_plural = _("lost items")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="lost_item_quantity_positive"),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0), name="lost_item_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _photo_path(instance, filename: str) -> str:
    return f"incidents/photos/{timezone.now():%Y/%m}/{filename}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"incidents/thumbnails/{timezone.now():%Y/%m}/{filename}"


class ItemPhoto(models.Model):
    """A photo of a lost item; served only through a login-checked view (never a public media URL)."""

    item = models.ForeignKey(LostItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("item"))
    image = models.ImageField(_("photo"), upload_to=_photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_path)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("item photo")
        verbose_name_plural = _("item photos")


class TimelineEvent(models.Model):
    """One entry of the incident's own history; other apps add theirs through incidents.timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events", db_index=False)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A stable code ("incident.filed", "incident.status", "incident.note") — labels are translated on display.
    code = models.CharField(max_length=60)
    data = models.JSONField(default=dict, blank=True)
    customer_visible = models.BooleanField(_("visible to the customer"), default=False)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incident", "at"], name="timeline_incident_at")]

    def __str__(self) -> str:
        return f"{self.code} @ {self.at:%Y-%m-%d %H:%M}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    CALLED_US = "called_us", _("Customer called us")


class ContactLog(ChoiceLabels):
    """A contact with the customer that staff made or took (INT-9 closed loop)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts", db_index=False)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    method = models.CharField(_("how"), max_length=16, choices=ContactMethod.choices, default=ContactMethod.PHONE)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("customer contact")
        verbose_name_plural = _("customer contacts")
        indexes = [models.Index(fields=["incident", "at"], name="contact_incident_at")]


class FollowUpSource(models.TextChoices):
    STAFF_CALL = "staff_call", _("Follow-up call by staff")
    CUSTOMER_SURVEY = "customer_survey", _("Customer's own survey")


class FollowUp(ChoiceLabels):
    """Satisfaction after closing (INT-11, KPI-2): one per incident per source."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="followups", db_index=False)
    source = models.CharField(_("source"), max_length=20, choices=FollowUpSource.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comments"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["incident", "source"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["incident", "source"], name="followup_one_per_source"),
            models.CheckConstraint(condition=Q(satisfaction__gte=1, satisfaction__lte=5), name="followup_satisfaction_1_5"),
        ]


class PostIncidentReview(models.Model):
    """复盘 (INT-12): what caused the incident and what will change."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="review")
    causes = models.TextField(_("causes"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("post-incident review")
        verbose_name_plural = _("post-incident reviews")


class CorrectiveAction(models.Model):
    review = models.ForeignKey(PostIncidentReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("corrective action"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible department")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="corrective_actions",
        verbose_name=_("responsible person"), db_index=False,
    )
    due_date = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["owner", "done_on", "due_date"], name="action_owner_due")]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()
