from django.contrib import admin

from notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: rows change only through the outbox services (retry is on the managers' page)."""

    list_display = ["created_at", "site", "template_key", "recipient_name", "channel", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "audience", "site"]
    search_fields = ["dedupe_key", "recipient_name", "recipient_address", "template_key"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
