"""The log in the admin site is read-only: entries are added on the investigation pages and never changed
or deleted (INV-9); a correction is a new entry."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from investigations import models


class ReadOnlyAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}


class EntryAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "incident", "author", "created_at", "corrects")
    list_select_related = ("incident", "author")
    date_hierarchy = "created_at"
    search_fields = ("incident__reference",)


for model in models.ENTRY_MODELS.values():
    admin.site.register(model, EntryAdmin)


@admin.register(models.EvidenceHandover)
class EvidenceHandoverAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "at", "handed_by", "to_user", "to_name")


@admin.register(models.PoliceFollowUp)
class PoliceFollowUpAdmin(ReadOnlyAdmin):
    list_display = ("report", "at", "author")


@admin.register(models.LostItemNotice)
class LostItemNoticeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "incident", "lost_on", "published_at", "withdrawn_at")
    list_filter = ("incident__site",)
