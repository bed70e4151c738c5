from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from organization.models import Area, Department, DutyShift, Site, StaffProfile


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Site)
class SiteAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "time_zone", "currency", "is_active")
    search_fields = ("code", "name")
    inlines = [AreaInline]
    show_auditlog_history_link = True


@admin.register(Department)
class DepartmentAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "site")
    list_filter = ("kind", "site")
    show_auditlog_history_link = True


@admin.register(StaffProfile)
class StaffProfileAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("user", "department", "position", "all_sites")
    list_filter = ("position", "department__kind", "sites")
    filter_horizontal = ("sites",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    show_auditlog_history_link = True


@admin.register(DutyShift)
class DutyShiftAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("site", "kind", "user", "starts_at", "ends_at")
    list_filter = ("site", "kind")
    date_hierarchy = "starts_at"
    show_auditlog_history_link = True


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ("sites",)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(AuditlogHistoryAdminMixin, UserAdmin):
    """Users with their staff profile (sites, department, position) on one page."""

    inlines = [StaffProfileInline]
    list_display = ("username", "first_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "staff_profile__sites")
    show_auditlog_history_link = True
