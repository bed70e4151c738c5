from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from incidents import models

        # Personal data are audited with the ID fields masked out (SEC-1): the masked number is enough.
        auditlog.register(models.Customer, exclude_fields=["id_number_hash", "phone_digits"])
        # "review" is the reverse side of the review's own audited record: diffing it read the table on every save.
        auditlog.register(models.Incident,
                          exclude_fields=["search_text", "priority", "updated_at", "status_token", "review"])
        for model in (models.LostItem, models.ItemPhoto, models.ContactLog, models.FollowUp,
                      models.PostIncidentReview, models.CorrectiveAction):
            auditlog.register(model)

        from incidents import filter_bar, hooks

        hooks.connect()
        filter_bar.connect()
