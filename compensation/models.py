"""Compensation claims (CMP-1..7): the claim, its items and evidence, the assessment, the decision, the
agreement and the payments.

States change only through `compensation.services`; models hold fields, constraints and small properties.
Money is `Decimal` in the site's currency (`Site.currency`); see `compensation.calculation` for rounding.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Customer, Incident, LostItem
from organization.models import Position, Site
from policy.models import ItemCategory


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], **kwargs)


class ClaimState(models.TextChoices):
    FILED = "filed", _("Filed")
    ASSESSED = "assessed", _("Assessed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    AGREED = "agreed", _("Agreement signed")
    PAID = "paid", _("Paid")


OPEN_STATES = frozenset({ClaimState.FILED, ClaimState.ASSESSED, ClaimState.APPROVED, ClaimState.AGREED})


class LossHead(models.TextChoices):
    """What a claimed amount is for (CMP-4). Only the first two are ever compensated."""

    DIRECT = "direct", _("Direct loss")
    INDIRECT = "indirect", _("Reasonable indirect loss")
    EMOTIONAL = "emotional", _("Emotional loss")
    EXPECTED_PROFIT = "expected_profit", _("Expected profit")


COMPENSABLE_HEADS = frozenset({LossHead.DIRECT, LossHead.INDIRECT})


class Liability(models.TextChoices):
    """On what ground the company answers for the loss (CMP-3)."""

    COMPANY_FAULT = "company_fault", _("Company at fault")
    COMPANY_NEGLIGENCE = "company_negligence", _("Company negligent")
    THIRD_PARTY_SUPPLEMENTARY = "third_party_supplementary", _(
        "Theft by a third party; company failed its duty of care (supplementary share)"
    )
    THIRD_PARTY = "third_party", _("Theft by a third party; company met its duty of care")
    NONE = "none", _("No fault or negligence of the company")


class Tier(models.TextChoices):
    """Who approves, by amount (CMP-5); the values are organization.Position values."""

    DEPARTMENT_MANAGER = Position.DEPARTMENT_MANAGER.value, Position.DEPARTMENT_MANAGER.label
    SITE_GENERAL_MANAGER = Position.SITE_GENERAL_MANAGER.value, Position.SITE_GENERAL_MANAGER.label
    COMPANY_GENERAL_MANAGER = Position.COMPANY_GENERAL_MANAGER.value, Position.COMPANY_GENERAL_MANAGER.label


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    VOUCHER = "voucher", _("Voucher")
    REPLACEMENT = "replacement", _("Replacement item")


class Claim(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="claims", verbose_name=_("incident"))
    # Denormalised from the incident: every list and KPI filters by site first.
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="claims", verbose_name=_("site"), db_index=False
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="claims", verbose_name=_("customer"))
    reference = models.CharField(_("reference"), max_length=50, unique=True)
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(_("state"), max_length=16, choices=ClaimState.choices, default=ClaimState.FILED)
    claimant_name = models.CharField(_("claimant"), max_length=120)
    statement = models.TextField(_("statement"))
    claimed_total = _money(_("amount claimed"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now, db_index=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("filed by"))
    window_ends_at = models.DateTimeField(_("claim window ended at"))
    late = models.BooleanField(_("filed late"), default=False)
    late_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("late filing allowed by"),
    )
    late_override_reason = models.TextField(_("why the late claim is accepted"), blank=True)
    custody_loss = models.BooleanField(
        _("lost in the company's custody"), default=False,
        help_text=_("An item of this incident was lost while in custody (CUS-9): the company is at fault."),
    )
    estimated_amount = _money(_("estimated compensation"), null=True, blank=True)
    tier = models.CharField(_("approved by"), max_length=32, choices=Tier.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approved_amount = _money(_("approved amount"), null=True, blank=True)
    rejection_reasons = models.TextField(_("reasons for rejecting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        permissions = [
            ("file_late_claim", _("Can accept a compensation claim filed after the window")),
            ("assess_claim", _("Can assess compensation claims")),
            ("give_legal_opinion", _("Can give a legal opinion on compensation claims")),
            ("decide_claim", _("Can approve or reject compensation claims (by position)")),
            ("agree_claim", _("Can prepare compensation agreements and upload the signed copy")),
            ("pay_claim", _("Can record compensation payments")),
        ]
        indexes = [
            models.Index(fields=["site", "state", "-filed_at"], name="claim_site_state"),
            models.Index(fields=["site", "-filed_at"], name="claim_site_filed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_override_reason=""), name="claim_late_has_override_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reasons=""), name="claim_rejected_has_reasons"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("compensation:claim_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ClaimItem(models.Model):
    """One amount the claimant asks for, under one head, and (after assessment) its valuation, line by line."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="items", verbose_name=_("claim"))
    lost_item = models.ForeignKey(
        LostItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lost item")
    )
    description = models.CharField(_("what is claimed"), max_length=200)
    head = models.CharField(_("head of loss"), max_length=20, choices=LossHead.choices)
    amount_claimed = _money(_("amount claimed"))
    # Valuation (CMP-4), filled by the assessment.
    category = models.ForeignKey(
        ItemCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    purchase_price = _money(_("purchase price (each)"), null=True, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    proof_of_value = models.CharField(_("proof of value"), max_length=200, blank=True)
    declared_for_safekeeping = models.BooleanField(_("declared for safekeeping"), default=False)
    assessed_value = _money(_("assessed amount"), null=True, blank=True)
    compensation = _money(_("compensation"), null=True, blank=True)
    # The calculation as codes and numbers (shown translated, line by line): list of {"code", "value", ...}.
    calculation = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = _("claimed item")
        verbose_name_plural = _("claimed items")
        constraints = [
            models.CheckConstraint(condition=Q(head__in=["direct", "indirect"]), name="claim_item_compensable_head"),
            models.CheckConstraint(condition=Q(amount_claimed__gte=0), name="claim_item_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description


class EvidenceKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt or invoice")
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")
    SIGNED_AGREEMENT = "signed_agreement", _("Signed agreement")


def _evidence_path(instance, filename: str) -> str:
    return f"compensation/evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """A file of a claim; served only through a login-checked view (never a public media URL)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim"))
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(_("file name"), max_length=120, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["claim", "uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()


class Assessment(models.Model):
    """Liability and valuation of a claim (CMP-3, CMP-4); saved again replaces the previous one."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="assessment")
    liability = models.CharField(_("liability"), max_length=32, choices=Liability.choices)
    grounds = models.TextField(_("grounds"))
    share_percent = models.DecimalField(
        _("company's share (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cctv_evidence = models.TextField(_("CCTV reviewed"), blank=True)
    patrol_evidence = models.TextField(_("patrols and guarding"), blank=True)
    valuation_date = models.DateField(_("valued at the date of"))
    items_total = _money(_("sum of the items"))
    total = _money(_("estimated compensation"))
    # Claim-level steps of the calculation (the per-customer cap).
    calculation = models.JSONField(default=list, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")


class LegalOpinion(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="opinions")
    text = models.TextField(_("opinion"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["claim", "at", "id"]
        verbose_name = _("legal opinion")
        verbose_name_plural = _("legal opinions")


class Agreement(models.Model):
    """The compensation agreement (CMP-5): printed, signed by the customer, the signed copy uploaded."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="agreement")
    amount = _money(_("amount"))
    method = models.CharField(_("how it is paid"), max_length=16, choices=PaymentMethod.choices)
    terms = models.TextField(_("terms"), blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("prepared by"))
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    signed_copy = models.OneToOneField(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signed copy")
    )
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed copy uploaded by"),
    )
    signed_uploaded_at = models.DateTimeField(_("signed copy uploaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("compensation agreement")
        verbose_name_plural = _("compensation agreements")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="agreement_amount_positive")]


class Payment(models.Model):
    """A payout recorded by finance (CMP-6). Never more, in total, than the agreement."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments", verbose_name=_("claim"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"), db_index=False)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    reference = models.CharField(_("payment reference"), max_length=120)
    amount = _money(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("compensation payment")
        verbose_name_plural = _("compensation payments")
        indexes = [models.Index(fields=["site", "-paid_on"], name="payment_site_paid_on")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.claim_id} · {self.amount} {self.currency}"
