from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lostfound.choice_labels import ChoiceLabels
from organization.models import Site


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Audience(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    STAFF = "staff", _("Staff")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent (opted out)")


class Message(ChoiceLabels):
    """One message in the outbox. Written in the business transaction; delivered after commit."""

    dedupe_key = models.CharField(max_length=200, unique=True)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Indexed with subject_id (message_subject); an index of its own would only slow every insert.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                     db_index=False)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_address = models.CharField(_("address"), max_length=254)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10)
    template_key = models.SlugField(_("message"), max_length=60, db_index=False)  # never looked up by it
    context = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=MessageState.choices, default=MessageState.PENDING)
    send_after = models.DateTimeField(_("send after"))
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="message_subject"),
            models.Index(
                fields=["send_after"], name="message_to_deliver", condition=models.Q(state__in=["pending", "sending"])
            ),
        ]
        constraints = [
            # "sent" means the channel accepted it, at a known time; "sending" means someone holds a lease.
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False), name="message_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sending") | models.Q(lease_until__isnull=False),
                name="message_sending_has_lease",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} → {self.recipient_name or self.recipient_address}"
