import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Site(models.Model):
    code = models.SlugField(_("code"), max_length=16, unique=True, help_text=_("Short code used in references, e.g. SH01."))
    name = models.CharField(_("name"), max_length=120)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone])
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Area(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="areas", verbose_name=_("site"), db_index=False
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="area_unique_name_per_site")]

    def __str__(self) -> str:
        return self.name


class DepartmentKind(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    SECURITY = "security", _("Security")
    OPERATIONS = "operations", _("Operations")
    LEGAL = "legal", _("Legal")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management")


class Department(models.Model):
    """A department of one site, or of the whole company when `site` is empty (legal, finance)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="departments", verbose_name=_("site"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["site", "kind"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="department_unique_kind_per_site"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(site__isnull=True), name="department_unique_company_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    """Rank on the escalation ladder (SLA-4)."""

    STAFF = "staff", _("Staff")
    DEPARTMENT_MANAGER = "department_manager", _("Department manager")
    SITE_GENERAL_MANAGER = "site_general_manager", _("Site general manager")
    COMPANY_GENERAL_MANAGER = "company_general_manager", _("Company general manager")


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    sites = models.ManyToManyField(Site, blank=True, related_name="staff", verbose_name=_("sites"))
    all_sites = models.BooleanField(
        _("all sites"), default=False, help_text=_("Company-level staff (legal, finance, company management) see every site.")
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("department")
    )
    position = models.CharField(_("position"), max_length=32, choices=Position.choices, default=Position.STAFF)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class DutyKind(models.TextChoices):
    DUTY_MANAGER = "duty_manager", _("Duty manager")
    CENTRAL_CONTROL = "central_control", _("Central-control duty officer")
    SECURITY_CAPTAIN = "security_captain", _("Security captain")
    SECURITY_OFFICER = "security_officer", _("Security officer on duty")


class DutyShift(models.Model):
    """One person on one duty at one site for a span of time (the duty roster, INT-7)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="duty_shifts", verbose_name=_("site"), db_index=False
    )
    kind = models.CharField(_("duty"), max_length=32, choices=DutyKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_shifts", verbose_name=_("staff member")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["site", "starts_at"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        indexes = [models.Index(fields=["site", "kind", "starts_at", "ends_at"], name="duty_lookup")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user} · {self.starts_at:%Y-%m-%d %H:%M}"
