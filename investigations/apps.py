from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    name = "investigations"
    verbose_name = _("Investigations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from incidents.extensions import register_incident_links
        from incidents.timeline import register_timeline_source
        from investigations import models
        from investigations.links import investigation_links
        from investigations.timeline import investigation_entries

        for model in (*models.APPEND_ONLY_MODELS, models.LostItemNotice):
            auditlog.register(model)
        register_timeline_source(investigation_entries, staff_only=True, only_with=[
            *((model, "incident") for model in models.ENTRY_MODELS.values()), (models.LostItemNotice, "incident")])
        register_incident_links(investigation_links)
