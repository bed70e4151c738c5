from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = _("Compensation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from compensation import models

        for model in (models.Claim, models.ClaimItem, models.Evidence, models.Assessment, models.LegalOpinion,
                      models.Agreement, models.Payment):
            auditlog.register(model)

        from compensation import hooks

        hooks.connect()
