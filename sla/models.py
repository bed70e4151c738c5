from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lostfound.choice_labels import ChoiceLabels
from organization.models import Site
from sla.kinds import KINDS


class DeadlineState(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Deadline(ChoiceLabels):
    """One time limit on one subject (an incident, a claim, …): the one table the sweeper reads."""

    # Indexed with subject_id (deadline_subject); an index of its own would only slow every insert.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=40, choices=[(code, kind.label) for code, kind in KINDS.items()])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines",
        verbose_name=_("owner"),
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    # When the sweeper next has something to do for this row (reminder, breach, next escalation).
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
            models.Index(
                # The sweep's claim order: next_check_at then id, straight off the index, no sort.
                fields=["next_check_at", "id"], name="deadline_due_open", condition=models.Q(state="open")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=models.Q(state="open"),
                name="deadline_one_open_per_kind",
            ),
            models.CheckConstraint(condition=models.Q(due_at__gte=models.F("started_at")), name="deadline_due_after_start"),
            models.CheckConstraint(
                condition=~models.Q(state="met") | models.Q(met_at__isnull=False), name="deadline_met_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.state == DeadlineState.OPEN and self.due_at < timezone.now()
