"""Personal data (SEC-1, SEC-4): who revealed a contact in full, which consents were given, what was anonymised."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Customer, Incident


class ContactReveal(models.Model):
    """One reveal of a masked phone number or e-mail address in full: who, when, which record and field, where."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    record_kind = models.CharField(_("record"), max_length=30)
    record_id = models.PositiveBigIntegerField(_("record number"))
    field = models.CharField(_("field"), max_length=40)
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("customer")
    )
    page = models.CharField(_("from page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contact reveal")
        verbose_name_plural = _("contact reveals")
        permissions = [("reveal_contact", _("Can show customers' phone numbers and e-mails in full"))]
        indexes = [models.Index(fields=["record_kind", "record_id"], name="reveal_record")]

    def __str__(self) -> str:
        return f"{self.record_kind}:{self.record_id}.{self.field}"


class ConsentPurpose(models.TextChoices):
    ONLINE_REPORT = "online_report", _("Online report: personal data to handle the report")
    INTAKE_ID = "intake_id", _("Report at the desk: ID document")
    RELEASE_ID = "release_id", _("Return of an item: ID documents")
    PAYMENT_BANK = "payment_bank", _("Compensation: bank details")


class ConsentRecord(models.Model):
    """A separate consent to sensitive personal data (PIPL arts. 29–30), with the version of the text agreed to."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("incident"),
        db_index=False,
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("customer")
    )
    # The record the consent was collected for, e.g. "custody.release:12".
    record = models.CharField(_("record"), max_length=60, blank=True)
    # Nobody when customers ticked it themselves on the online form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["incident", "purpose"], name="consent_incident_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"


class AnonymisedIncident(models.Model):
    """The ledger of the anonymisation sweep (SEC-4): an incident listed here has no personal data left."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="+", primary_key=True)
    at = models.DateTimeField(default=timezone.now)
    retention_days = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("anonymised incident")
        verbose_name_plural = _("anonymised incidents")


class AnonymisationGate(models.Model):
    """SQLite has no transaction-local settings: the anonymiser inserts a row here, inside its transaction only,
    and the append-only triggers of the investigation log let an UPDATE through while it exists."""

    opened_at = models.DateTimeField(default=timezone.now)
