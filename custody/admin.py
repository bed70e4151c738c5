from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from custody.models import CustodySettings, StorageLocation


@admin.register(CustodySettings)
class CustodySettingsAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The one row of matching weights and custody limits: the list goes straight to it."""

    show_auditlog_history_link = True
    fieldsets = (
        (None, {"fields": ("minimum_score", "alert_score", "window_days", "early_slack_hours", "same_category_only", "other_sites")}),
        (_("Weights"), {"fields": ("weight_category", "weight_colour", "weight_brand", "weight_words", "weight_place",
                                "weight_time")}),
        (_("Custody"), {"fields": ("perishable_hold_hours",)}),
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = CustodySettings.load()
        if row._state.adding:
            row.save()
        return redirect(reverse("admin:custody_custodysettings_change", args=[row.pk]))


@admin.register(StorageLocation)
class StorageLocationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "site", "kind", "custodian", "is_active")
    list_filter = ("site", "kind", "is_active")
    search_fields = ("name",)
    show_auditlog_history_link = True
