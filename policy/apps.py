from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from policy import models

        for model in (
            models.Policy,
            models.ItemCategory,
            models.DepreciationBand,
            models.EscalationStep,
            models.CalendarDay,
            models.MessageTemplate,
        ):
            auditlog.register(model)
        post_save.connect(_forget_remembered, sender=models.Policy, dispatch_uid="policy-forget-remembered")


def _forget_remembered(**kwargs) -> None:
    from policy.selectors import forget_remembered

    forget_remembered()
