from django.contrib import admin

from sla.models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines change only through sla.services and the sweeper."""

    list_display = ["kind", "site", "subject_type", "subject_id", "due_at", "state", "breached_at", "escalation_level"]
    list_filter = ["state", "kind", "site"]
    date_hierarchy = "due_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
