from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustodyConfig(AppConfig):
    name = "custody"
    verbose_name = _("Custody")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from custody import models

        auditlog.register(models.FoundItem, exclude_fields=["search_text", "updated_at"])
        # ID numbers are stored masked and hashed only; the hashes stay out of the audit log too (SEC-1).
        auditlog.register(models.Release, exclude_fields=["id_number_hash", "owner_id_number_hash"])
        for model in (models.CustodySettings, models.StorageLocation, models.FoundItemPhoto, models.CustodyTransfer,
                      models.StockCheck, models.Match, models.Mailing, models.Disposal):
            auditlog.register(model)

        from incidents.extensions import register_incident_links
        from incidents.timeline import register_timeline_source

        from custody.links import custody_links
        from custody.timeline import custody_entries

        from custody.models import Match

        register_timeline_source(custody_entries, only_with=[(Match, "incident")])
        register_incident_links(custody_links)
