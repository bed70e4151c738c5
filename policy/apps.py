from django.apps import AppConfig
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
