"""Found items in the company's custody (CUS-1..9).

States and locations change only through `custody.services`; models hold fields, constraints and
small properties. Custody records are never deleted: an item that leaves leaves by a transfer.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Area, Site
from policy.models import ItemCategory


class CustodySettings(models.Model):
    """The one row of matching weights and custody limits an administrator edits in the admin (CUS-4)."""

    weight_category = models.PositiveSmallIntegerField(_("weight: same category"), default=10)
    weight_colour = models.PositiveSmallIntegerField(_("weight: colour"), default=15)
    weight_brand = models.PositiveSmallIntegerField(_("weight: brand / model"), default=20)
    weight_words = models.PositiveSmallIntegerField(_("weight: words of name and features"), default=35)
    weight_place = models.PositiveSmallIntegerField(_("weight: place"), default=10)
    weight_time = models.PositiveSmallIntegerField(_("weight: time"), default=10)
    minimum_score = models.PositiveSmallIntegerField(
        _("minimum score shown"), default=25, validators=[MaxValueValidator(100)],
        help_text=_("Candidates scoring below this (0–100) are not suggested."),
    )
    alert_score = models.PositiveSmallIntegerField(
        _("score that alerts the report's owner"), default=55, validators=[MaxValueValidator(100)],
        help_text=_("A newly registered found item scoring at least this against an open report alerts its owner."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("found within (days after the loss)"), default=30, validators=[MinValueValidator(1)],
        help_text=_("Found items registered later than this after the end of the loss window are not candidates."),
    )
    early_slack_hours = models.PositiveSmallIntegerField(
        _("found before the loss by at most (hours)"), default=2,
        help_text=_("Clocks and customers' memories are not exact: items found this long before the reported loss "
                    "window are still candidates."),
    )
    same_category_only = models.BooleanField(
        _("only the same category"), default=True,
        help_text=_("Off: items of any category are candidates (slower, more noise)."),
    )
    other_sites = models.BooleanField(
        _("also other sites"), default=False, help_text=_("On: items of other sites are candidates, ranked after the same site."),
    )
    perishable_hold_hours = models.PositiveSmallIntegerField(
        _("perishables held for (hours)"), default=24, validators=[MinValueValidator(1)],
        help_text=_("Items of a perishable category are due for disposal this long after they were found."),
    )

    @property
    def early_slack(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.early_slack_hours)

    class Meta:
        verbose_name = _("custody and matching settings")
        verbose_name_plural = _("custody and matching settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="custody_settings_singleton")]

    def __str__(self) -> str:
        return str(_("Custody and matching settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "CustodySettings":
        row = cls.objects.filter(pk=1).first()
        return row if row is not None else cls(pk=1)

    def clean(self) -> None:
        weights = (self.weight_category, self.weight_colour, self.weight_brand, self.weight_words, self.weight_place,
                   self.weight_time)
        if not any(weights):
            raise ValidationError(_("At least one weight must be above zero."))
        if self.alert_score < self.minimum_score:
            raise ValidationError({"alert_score": _("The alert score cannot be below the minimum score.")})


class LocationKind(models.TextChoices):
    ROOM = "room", _("Room")
    CABINET = "cabinet", _("Cabinet")
    SHELF = "shelf", _("Shelf")
    SAFE = "safe", _("Safe")
    CASH_BOX = "cash_box", _("Cash box")
    FRIDGE = "fridge", _("Refrigerator")


SECURE_KINDS = frozenset({LocationKind.SAFE, LocationKind.CASH_BOX})


class StorageLocation(models.Model):
    """A place where found items are kept at a site: room › cabinet › shelf, a safe, a cash box."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="storage_locations", verbose_name=_("site"), db_index=False
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("inside")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LocationKind.choices)
    name = models.CharField(_("name"), max_length=80)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("named custodian"), help_text=_("The person responsible for a safe (CUS-2)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("storage location")
        verbose_name_plural = _("storage locations")
        constraints = [
            models.UniqueConstraint(fields=["site", "parent", "name"], name="storage_location_unique_name"),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names))

    @property
    def is_secure(self) -> bool:
        return self.kind in SECURE_KINDS

    def clean(self) -> None:
        if self.parent_id and self.parent.site_id != self.site_id:
            raise ValidationError({"parent": _("A location can only be inside a location of the same site.")})


class FinderKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    GUEST = "guest", _("Guest")


class ItemState(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    RELEASED = "released", _("Returned to the owner")
    MAILED = "mailed", _("Mailed")
    DISPOSED = "disposed", _("Disposed of")
    MISSING = "missing", _("Missing (lost in custody)")


class FoundItem(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="found_items", verbose_name=_("site"), db_index=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="found_items", verbose_name=_("area")
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    category = models.ForeignKey(
        ItemCategory, on_delete=models.PROTECT, related_name="found_items", verbose_name=_("category")
    )
    name = models.CharField(_("item"), max_length=120)
    brand_model = models.CharField(_("brand / model"), max_length=120, blank=True)
    colour = models.CharField(_("colour"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    features = models.TextField(_("distinguishing features"), blank=True)
    hidden_details = models.TextField(
        _("hidden identifying details"), blank=True,
        help_text=_("Recorded for staff only; never shown to a claimant, who must describe them (CUS-6)."),
    )
    found_at = models.DateTimeField(_("found at"))
    place_detail = models.CharField(_("where exactly"), max_length=200, blank=True)
    finder_kind = models.CharField(_("found by"), max_length=8, choices=FinderKind.choices, default=FinderKind.STAFF)
    finder_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("finder (staff)"),
    )
    finder_name = models.CharField(_("finder's name"), max_length=120, blank=True)
    finder_contact = models.CharField(_("finder's phone or email"), max_length=120, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=16, choices=ItemState.choices, default=ItemState.IN_CUSTODY)
    # The destination of the last transfer, kept by `custody_transfer` in the same transaction (CUS-3):
    # a cache so the stock of a location is one query.
    location = models.ForeignKey(
        StorageLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
        verbose_name=_("current location"), db_index=False,
    )
    seal_number = models.CharField(_("seal number of the bag"), max_length=60, blank=True)
    cash_amount = models.DecimalField(
        _("cash amount"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cash_currency = models.CharField(_("currency"), max_length=3, blank=True)
    cash_counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("cash counted by"),
    )
    cash_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("cash count confirmed by"),
    )
    cash_confirmed_at = models.DateTimeField(_("cash count confirmed at"), null=True, blank=True)
    notice_date = models.DateField(_("unclaimed-property notice published on"), null=True, blank=True)
    notice_channel = models.CharField(_("notice published where"), max_length=120, blank=True)
    custody_loss = models.BooleanField(_("lost in custody"), default=False)
    custody_loss_at = models.DateTimeField(_("found missing at"), null=True, blank=True)
    company_liable = models.BooleanField(
        _("company liable for compensation"), default=False,
        help_text=_("Set when the item was lost while in the company's custody (CUS-9)."),
    )
    left_custody_at = models.DateTimeField(_("left custody at"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("found item")
        verbose_name_plural = _("found items")
        permissions = [
            ("register_founditem", _("Can register and move found items")),
            ("release_founditem", _("Can return and mail found items")),
            ("match_founditem", _("Can confirm and reject matches")),
            ("dispose_founditem", _("Can propose disposal of unclaimed items")),
            ("approve_disposal", _("Can approve disposal of unclaimed items")),
        ]
        indexes = [
            models.Index(fields=["site", "state", "category", "found_at"], name="found_item_candidates"),
            models.Index(fields=["site", "-found_at"], name="found_item_site_recent"),
            models.Index(fields=["location", "state"], name="found_item_location"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="found_item_quantity_positive"),
            models.CheckConstraint(
                condition=Q(cash_confirmed_by__isnull=True) | ~Q(cash_confirmed_by=models.F("cash_counted_by")),
                name="found_item_cash_two_people",
                violation_error_message=_("Cash must be counted and confirmed by two different people."),
            ),
            models.CheckConstraint(
                condition=~Q(state="in_custody") | Q(location__isnull=False), name="found_item_in_custody_has_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("custody:item_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        # An item leaves custody by a transfer (owner, courier, police, disposal); its record stays (CUS-8).
        raise ValidationError("found items are never deleted")

    @property
    def in_stock(self) -> bool:
        return self.state == ItemState.IN_CUSTODY

    @property
    def needs_cash_confirmation(self) -> bool:
        return self.category.is_cash and self.cash_confirmed_by_id is None

    def retention_start(self) -> datetime.datetime:
        """Retention counts from the notice date when one was published, else from the found date (CUS-8)."""
        if self.notice_date:
            zone = self.site.zone
            return datetime.datetime.combine(self.notice_date, datetime.time.min, tzinfo=zone)
        return self.found_at

    def retention_ends_at(self, *, perishable_hours: int) -> datetime.datetime:
        if self.category.perishable:
            return self.found_at + datetime.timedelta(hours=perishable_hours)
        return self.retention_start() + datetime.timedelta(days=self.category.retention_days)


def _photo_path(instance, filename: str) -> str:
    return f"custody/photos/{timezone.now():%Y/%m}/{filename}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"custody/thumbnails/{timezone.now():%Y/%m}/{filename}"


class FoundItemPhoto(models.Model):
    """A photo of a found item; served only through a login-checked view."""

    item = models.ForeignKey(FoundItem, on_delete=models.PROTECT, related_name="photos", verbose_name=_("item"))
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
        verbose_name = _("found-item photo")
        verbose_name_plural = _("found-item photos")


class ReferenceCounter(models.Model):
    """The last found-item number given out per site and local day."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="custody_reference_counter_unique")]


class TransferKind(models.TextChoices):
    INTAKE = "intake", _("Taken into custody")
    MOVE = "move", _("Moved")
    COURIER = "courier", _("Handed to a courier")
    POLICE = "police", _("Handed to the police")
    OWNER = "owner", _("Returned to the owner")
    DISPOSAL = "disposal", _("Disposed of")
    LOSS = "loss", _("Found missing")


class CustodyTransfer(models.Model):
    """One move of an item (CUS-3): from, to, who, when, why. Append-only."""

    item = models.ForeignKey(
        FoundItem, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("item"), db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TransferKind.choices)
    from_location = models.ForeignKey(
        StorageLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    to_location = models.ForeignKey(
        StorageLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to")
    )
    to_party = models.CharField(
        _("handed to"), max_length=200, blank=True, help_text=_("Courier, police station and officer, owner or proxy.")
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.CharField(_("why"), max_length=300)
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")
        indexes = [models.Index(fields=["item", "at"], name="custody_transfer_item_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_location__isnull=False) | ~Q(to_party="") | Q(kind="loss"),
                name="custody_transfer_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def destination(self) -> str:
        return str(self.to_location) if self.to_location_id else self.to_party

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError("custody transfers are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("custody transfers are never deleted")


class StockCheck(models.Model):
    """A count of one location: every item that should be there, present or missing (CUS-3, CUS-9)."""

    location = models.ForeignKey(
        StorageLocation, on_delete=models.PROTECT, related_name="stock_checks", verbose_name=_("location")
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stock check")
        verbose_name_plural = _("stock checks")


class StockCheckLine(models.Model):
    stock_check = models.ForeignKey(StockCheck, on_delete=models.CASCADE, related_name="lines", db_index=False)
    item = models.ForeignKey(FoundItem, on_delete=models.PROTECT, related_name="stock_check_lines")
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["stock_check", "item"]
        constraints = [models.UniqueConstraint(fields=["stock_check", "item"], name="stock_check_line_unique")]


class MatchDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Match(models.Model):
    """A person's decision on a suggested pair (CUS-4): confirmed links them, rejected hides the pair."""

    found_item = models.ForeignKey(FoundItem, on_delete=models.PROTECT, related_name="matches", db_index=False)
    lost_item = models.ForeignKey("incidents.LostItem", on_delete=models.PROTECT, related_name="custody_matches")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="custody_matches")
    decision = models.CharField(_("decision"), max_length=16, choices=MatchDecision.choices)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    reasons = models.JSONField(_("why"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["found_item", "lost_item"], name="match_one_decision_per_pair"),
            # A found item belongs to one report at most.
            models.UniqueConstraint(
                fields=["found_item"], condition=Q(decision="confirmed"), name="match_one_confirmed_per_found_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.found_item_id} ↔ {self.lost_item_id}: {self.decision}"


class ClaimantKind(models.TextChoices):
    OWNER = "owner", _("The owner")
    PROXY = "proxy", _("A proxy with the owner's authorisation")


def _release_path(instance, filename: str) -> str:
    return f"custody/releases/{timezone.now():%Y/%m}/{filename}"


class Release(models.Model):
    """The return of an item to its owner or a proxy (CUS-6); one per item, never deleted."""

    item = models.OneToOneField(FoundItem, on_delete=models.PROTECT, related_name="release", verbose_name=_("item"))
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="custody_releases"
    )
    claimant_kind = models.CharField(_("collected by"), max_length=8, choices=ClaimantKind.choices)
    claimant_name = models.CharField(_("claimant's name"), max_length=120)
    claimant_phone = models.CharField(_("claimant's phone"), max_length=32, blank=True)
    id_type = models.CharField(_("claimant's ID document"), max_length=20)
    id_number_masked = models.CharField(_("claimant's ID number (masked)"), max_length=40)
    id_number_hash = models.CharField(max_length=64, editable=False)
    owner_name = models.CharField(_("owner's name"), max_length=120, blank=True)
    owner_id_type = models.CharField(_("owner's ID document"), max_length=20, blank=True)
    owner_id_number_masked = models.CharField(_("owner's ID number (masked)"), max_length=40, blank=True)
    owner_id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    authorisation_letter = models.FileField(_("authorisation letter"), upload_to=_release_path, blank=True)
    claimant_answers = models.TextField(_("claimant's description of the identifying details"))
    details_match = models.BooleanField(_("details match the record"), default=False)
    signature = models.ImageField(_("signature"), upload_to=_release_path, blank=True)
    signed_on_paper = models.BooleanField(_("signed on the printed form"), default=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("released by")
    )
    released_at = models.DateTimeField(_("released at"), default=timezone.now)

    class Meta:
        ordering = ["-released_at"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.CheckConstraint(condition=~Q(id_number_hash=""), name="release_has_id"),
            models.CheckConstraint(
                condition=Q(signed_on_paper=True) | ~Q(signature=""), name="release_is_signed"
            ),
            models.CheckConstraint(
                condition=Q(claimant_kind="owner") | (~Q(authorisation_letter="") & ~Q(owner_id_number_hash="")),
                name="release_proxy_has_authorisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.claimant_name}"


class PaidBy(models.TextChoices):
    CUSTOMER = "customer", _("The customer (cash on delivery)")
    COMPANY = "company", _("The company")


class Mailing(models.Model):
    """An item sent to its owner by courier (CUS-7)."""

    item = models.OneToOneField(FoundItem, on_delete=models.PROTECT, related_name="mailing", verbose_name=_("item"))
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="custody_mailings"
    )
    recipient_name = models.CharField(_("recipient"), max_length=120)
    recipient_phone = models.CharField(_("recipient's phone"), max_length=32)
    address = models.TextField(_("address"))
    courier = models.CharField(_("courier"), max_length=80)
    tracking_number = models.CharField(_("tracking number"), max_length=80)
    cost = models.DecimalField(
        _("cost"), max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    paid_by = models.CharField(_("paid by"), max_length=10, choices=PaidBy.choices, default=PaidBy.CUSTOMER)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    proof_of_delivery = models.FileField(_("proof of delivery"), upload_to=_release_path, blank=True)
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="mailing_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | ~Q(proof_of_delivery=""), name="mailing_delivery_has_proof"
            ),
        ]


class DisposalRoute(models.TextChoices):
    POLICE = "police", _("Handed to the police")
    ISSUER = "issuer", _("Returned to the issuer")
    DONATED = "donated", _("Donated")
    DESTROYED = "destroyed", _("Destroyed")
    AUCTIONED = "auctioned", _("Auctioned")


class DisposalState(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for approval")
    DONE = "done", _("Approved and done")
    REFUSED = "refused", _("Refused")


class Disposal(models.Model):
    """Disposal of an unclaimed item after its retention period (CUS-8): proposed, then a manager approves."""

    item = models.ForeignKey(FoundItem, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("item"))
    route = models.CharField(_("route"), max_length=16, choices=DisposalRoute.choices)
    state = models.CharField(_("state"), max_length=16, choices=DisposalState.choices, default=DisposalState.PROPOSED)
    recipient = models.CharField(_("handed to"), max_length=200, blank=True,
                                 help_text=_("Police station, charity, issuer, auction house."))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("approved by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=80, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=_release_path, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(state__in=["proposed", "done"]), name="disposal_one_open_per_item"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | (Q(decided_by__isnull=False) & (~Q(receipt_number="") | ~Q(receipt=""))),
                name="disposal_done_has_approval_and_receipt",
            ),
        ]
