from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organization.models import Position, Site


def validate_weekdays(value: str) -> None:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not all(part.isdigit() and 0 <= int(part) <= 6 for part in parts):
        raise ValidationError(_("List weekdays as numbers 0 (Monday) to 6 (Sunday), separated by commas."))
    if len({int(part) for part in parts}) == 7:
        raise ValidationError(_("At least one day of the week must be a working day."))


def _minutes(label):
    return models.PositiveIntegerField(label, null=True, blank=True, validators=[MinValueValidator(1)])


def _amount(label, help_text):
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=help_text,
    )


class Policy(models.Model):
    """The time limits of the rulebook (POL-1): one company row (no site) and optional site rows.

    An empty field in a site row means "use the company's value".
    """

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("Empty for the company default; a site's row overrides only the fields filled in."),
    )
    acknowledge_minutes = _minutes(_("acknowledge receipt within (minutes)"))
    dispatch_minutes = _minutes(_("forward to security and operations within (minutes)"))
    emergency_response_minutes = _minutes(_("security on scene for urgent reports within (minutes)"))
    progress_update_hours = _minutes(_("progress update to the customer every (hours)"))
    investigation_start_hours = _minutes(_("investigation started within (hours)"))
    investigation_finish_working_days = _minutes(_("investigation finished within (working days)"))
    contact_after_found_minutes = _minutes(_("customer contacted after finding within (minutes)"))
    complaint_contact_minutes = _minutes(_("complaint contacted by a manager within (minutes)"))
    complaint_followup_hours = _minutes(_("complaint followed up every (hours)"))
    claim_window_days = _minutes(_("compensation claim filed within (days after closing)"))
    claim_review_days = _minutes(_("compensation claim reviewed within (days)"))
    approval_limit_department_manager = _amount(
        _("department manager approves compensation up to"),
        _("In the site's currency (CMP-5). Larger amounts go to the site general manager."),
    )
    approval_limit_site_general_manager = _amount(
        _("site general manager approves compensation up to"),
        _("In the site's currency (CMP-5). Larger amounts go to the company general manager."),
    )
    compensation_cap_per_item = _amount(
        _("compensation per item at most"), _("In the site's currency (CMP-4), after depreciation and liability share."),
    )
    compensation_cap_per_customer = _amount(
        _("compensation per customer at most"), _("In the site's currency (CMP-4): the total of one claim."),
    )
    undeclared_valuables_as_ordinary = models.BooleanField(
        _("undeclared valuables valued as ordinary items"), null=True, blank=True,
        help_text=_("A valuable not declared for safekeeping is compensated as an ordinary item (Civil Code art. 898)."),
    )
    ordinary_item_value = _amount(
        _("value of an ordinary item at most"),
        _("In the site's currency: what an undeclared valuable is worth at most when the setting above is on."),
    )
    followup_visit_days = _minutes(_("follow-up visit within (days after closing)"))
    reminder_before_minutes = _minutes(_("remind the owner before a deadline (minutes)"))
    status_link_days = _minutes(_("status link valid after closing (days)"))
    personal_data_retention_days = _minutes(_("personal data kept after closing (days)"))
    quiet_hours_start = models.TimeField(_("customers' quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("customers' quiet hours end"), null=True, blank=True)
    business_hours_start = models.TimeField(_("business hours start"), null=True, blank=True)
    business_hours_end = models.TimeField(_("business hours end"), null=True, blank=True)
    weekend_days = models.CharField(
        _("weekend days"),
        max_length=20,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("Weekdays that are not working days: 0 = Monday … 6 = Sunday, e.g. 5,6."),
    )

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(
                Coalesce("site", 0),
                name="policy_one_per_scope",
                violation_error_message=_("There is already a policy for this site (or a company default)."),
            )
        ]

    def __str__(self) -> str:
        return str(self.site) if self.site_id else str(_("Company default"))

    @property
    def is_company_default(self) -> bool:
        return self.site_id is None

    def clean(self) -> None:
        from policy.validation import policy_errors

        errors = policy_errors(self)
        if errors:
            raise ValidationError(errors)


def _english() -> bool:
    return (get_language() or "").startswith("en")


class ItemCategory(models.Model):
    """A category of lost or found item with its rules (POL-2)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    valuable = models.BooleanField(_("valuable"), default=False, help_text=_("Kept in a safe (CUS-2)."))
    is_cash = models.BooleanField(_("cash"), default=False, help_text=_("Counted and confirmed by two staff members."))
    perishable = models.BooleanField(_("perishable"), default=False)
    holds_personal_data = models.BooleanField(
        _("holds personal data"), default=False, help_text=_("Never donated or auctioned (ID cards, bank cards, phones).")
    )
    shippable = models.BooleanField(_("may be mailed"), default=True)
    retention_days = models.PositiveIntegerField(_("retention (days)"), validators=[MinValueValidator(1)])
    depreciation_percent_per_year = models.DecimalField(
        _("depreciation per year (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    depreciation_floor_percent = models.DecimalField(
        _("lowest remaining value (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    identifying_questions_zh_hans = models.TextField(
        _("identifying questions (Chinese)"), blank=True, help_text=_("Asked of a claimant before release, one per line.")
    )
    identifying_questions_en = models.TextField(
        _("identifying questions (English)"), blank=True, help_text=_("Asked of a claimant before release, one per line.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("item category")
        verbose_name_plural = _("item categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_zh_hans

    @property
    def questions(self) -> list[str]:
        """The identifying questions in the active language, falling back to Chinese."""
        text = (self.identifying_questions_en if _english() else "") or self.identifying_questions_zh_hans
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.is_cash and not self.valuable:
            raise ValidationError({"valuable": _("Cash is always a valuable: it goes into the safe.")})


class DepreciationBand(models.Model):
    """Remaining value of an item of a category up to an age (CMP-4); beyond the last band the yearly rate applies."""

    category = models.ForeignKey(
        ItemCategory, on_delete=models.CASCADE, related_name="depreciation_bands", verbose_name=_("category"),
        db_index=False,
    )
    up_to_months = models.PositiveIntegerField(_("up to age (months)"))
    remaining_percent = models.DecimalField(
        _("remaining value (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["category", "up_to_months"]
        verbose_name = _("depreciation band")
        verbose_name_plural = _("depreciation bands")
        constraints = [models.UniqueConstraint(fields=["category", "up_to_months"], name="depreciation_band_unique")]

    def __str__(self) -> str:
        return f"≤ {self.up_to_months} · {self.remaining_percent}%"


class EscalationStep(models.Model):
    """One rung of the escalation ladder (SLA-4), for the company or one site."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("site"),
        help_text=_("Empty for the company ladder; a site with steps of its own uses only those."),
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])
    position = models.CharField(_("escalate to"), max_length=32, choices=Position.choices)
    delay_minutes = models.PositiveIntegerField(_("after the deadline is missed by (minutes)"))

    class Meta:
        ordering = ["site", "level"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation ladder")
        constraints = [
            models.UniqueConstraint(
                Coalesce("site", 0),
                "level",
                name="escalation_step_unique_level",
                violation_error_message=_("This ladder already has a step at this level."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.get_position_display()}"

    def clean(self) -> None:
        if self.level is None or self.delay_minutes is None:
            return
        ladder = EscalationStep.objects.filter(site=self.site_id).exclude(pk=self.pk)
        if ladder.filter(level__lt=self.level, delay_minutes__gt=self.delay_minutes).exists():
            raise ValidationError({"delay_minutes": _("A higher level cannot be reached before a lower one.")})
        if ladder.filter(level__gt=self.level, delay_minutes__lt=self.delay_minutes).exists():
            raise ValidationError({"delay_minutes": _("A lower level cannot be reached after a higher one.")})


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (day off)")
    WORKDAY = "workday", _("Make-up working day")


class CalendarDay(models.Model):
    """An exception to the weekly pattern in the business calendar (SLA-1)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("site"),
        help_text=_("Empty when the day applies to every site."),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("business calendar")
        constraints = [
            models.UniqueConstraint(
                Coalesce("site", 0),
                "date",
                name="calendar_day_unique",
                violation_error_message=_("This date is already in the calendar for this site (or for every site)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class MessageTemplate(models.Model):
    """Text of one kind of message in one language (POL-3); Django template syntax."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    key = models.SlugField(_("message"), max_length=60)
    language = models.CharField(_("language"), max_length=10, choices=[("zh-hans", "简体中文"), ("en", "English")])
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))

    class Meta:
        ordering = ["key", "language", "channel"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                Coalesce("site", 0),
                "key",
                "language",
                "channel",
                name="message_template_unique",
                violation_error_message=_("This message already has a text in this language and channel here."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} · {self.language} · {self.channel}"

    def clean(self) -> None:
        from policy.messages import template_errors

        errors = template_errors(self)
        if errors:
            raise ValidationError(errors)
