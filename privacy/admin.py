"""The reveal log and the consents, read-only for legal and administrators (SEC-1)."""

from django.contrib import admin

from privacy import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}


@admin.register(models.ContactReveal)
class ContactRevealAdmin(ReadOnlyAdmin):
    list_display = ("at", "by", "record_kind", "record_id", "field", "customer", "page")
    list_filter = ("record_kind", "field")
    list_select_related = ("by", "customer")
    date_hierarchy = "at"
    search_fields = ("by__username", "page")


@admin.register(models.ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "purpose", "text_version", "incident", "customer", "recorded_by", "record")
    list_filter = ("purpose", "text_version")
    list_select_related = ("incident", "customer", "recorded_by")
    date_hierarchy = "recorded_at"
    search_fields = ("incident__reference",)


@admin.register(models.AnonymisedIncident)
class AnonymisedIncidentAdmin(ReadOnlyAdmin):
    list_display = ("incident", "at", "retention_days")
    list_select_related = ("incident",)
