"""The rulebook in the admin site (POL-1..3). Every model shows its audit log (who, when, old → new)."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from policy.admin_forms import DepreciationBandFormSet, MessageTemplateAdminForm, PolicyAdminForm
from policy.calendar import default_years, load_china_calendar
from policy.messages import MESSAGE_KINDS, SAMPLE_CONTEXT, render_text
from policy.models import CalendarDay, DepreciationBand, EscalationStep, ItemCategory, MessageTemplate, Policy
from policy.selectors import POLICY_FIELDS, is_filled


class AuditedAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    form = PolicyAdminForm
    list_display = ("__str__", "acknowledge_minutes", "progress_update_hours", "investigation_finish_working_days",
                    "overridden")
    list_select_related = ("site",)
    fieldsets = [
        (None, {"fields": ["site"]}),
        (_("Intake and complaints"), {"fields": [
            "acknowledge_minutes", "dispatch_minutes", "emergency_response_minutes",
            "complaint_contact_minutes", "complaint_followup_hours",
        ]}),
        (_("Investigation"), {"fields": ["investigation_start_hours", "investigation_finish_working_days"]}),
        (_("Found items"), {"fields": ["contact_after_found_minutes"]}),
        (_("Compensation"), {"fields": [
            "claim_window_days", "claim_review_days",
            "approval_limit_department_manager", "approval_limit_site_general_manager",
            "compensation_cap_per_item", "compensation_cap_per_customer",
            "undeclared_valuables_as_ordinary", "ordinary_item_value",
        ]}),
        (_("Customer messages"), {"fields": [
            "progress_update_hours", "followup_visit_days", "status_link_days", "quiet_hours_start", "quiet_hours_end",
        ]}),
        (_("Data retention"), {"fields": ["personal_data_retention_days"]}),
        (_("Calendar, hours and reminders"), {"fields": [
            "weekend_days", "business_hours_start", "business_hours_end", "reminder_before_minutes",
        ]}),
    ]

    def get_ordering(self, request: HttpRequest):
        return [F("site__code").asc(nulls_first=True)]

    def get_readonly_fields(self, request: HttpRequest, obj: Policy | None = None):
        # The company row stays the company row: giving it a site would leave every other site on built-ins.
        return ("site",) if obj is not None and obj.site_id is None else ()

    @admin.display(description=_("own values"))
    def overridden(self, obj: Policy) -> str:
        if obj.site_id is None:
            return str(_("all (company default)"))
        names = [str(Policy._meta.get_field(name).verbose_name) for name in POLICY_FIELDS if is_filled(getattr(obj, name))]
        return "; ".join(names) or str(_("none: everything from the company"))

    def has_delete_permission(self, request: HttpRequest, obj: Policy | None = None) -> bool:
        # Without the company row every site would silently fall back to the built-in numbers.
        if obj is not None and obj.site_id is None:
            return False
        return super().has_delete_permission(request, obj)


class DepreciationBandInline(admin.TabularInline):
    model = DepreciationBand
    formset = DepreciationBandFormSet
    extra = 0


@admin.register(ItemCategory)
class ItemCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name_zh_hans", "name_en", "valuable", "holds_personal_data", "shippable",
                    "retention_days", "depreciation_percent_per_year", "is_active")
    list_filter = ("valuable", "holds_personal_data", "perishable", "is_active")
    search_fields = ("code", "name_zh_hans", "name_en")
    inlines = [DepreciationBandInline]
    fieldsets = [
        (None, {"fields": ["code", "name_zh_hans", "name_en", "is_active"]}),
        (_("Custody"), {"fields": ["valuable", "is_cash", "perishable", "holds_personal_data", "shippable",
                                   "retention_days"]}),
        (_("Compensation"), {"fields": ["depreciation_percent_per_year", "depreciation_floor_percent"]}),
        (_("Identifying questions"), {"fields": ["identifying_questions_zh_hans", "identifying_questions_en"]}),
    ]


@admin.register(DepreciationBand)
class DepreciationBandAdmin(AuditedAdmin):
    list_display = ("category", "up_to_months", "remaining_percent")
    list_filter = ("category",)


@admin.register(EscalationStep)
class EscalationStepAdmin(AuditedAdmin):
    list_display = ("level", "position", "delay_minutes", "site")
    list_filter = ("site",)
    list_select_related = ("site",)


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ("date", "weekday", "kind", "name", "site")
    list_filter = (YearFilter, "kind", "site")
    list_select_related = ("site",)
    search_fields = ("name",)
    date_hierarchy = "date"
    change_list_template = "admin/policy/calendarday/change_list.html"

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        from django.utils.dates import WEEKDAYS

        return str(WEEKDAYS[obj.date.weekday()])

    def get_urls(self):
        load = path(
            "load-china/",
            self.admin_site.admin_view(self.load_china_view),
            name="policy_calendarday_load_china",
        )
        return [load, *super().get_urls()]

    def load_china_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        years = default_years()
        if request.method == "POST":
            added = load_china_calendar(years)
            self.message_user(
                request,
                _("%(count)s days added for %(years)s; days already in the calendar were kept as they are.")
                % {"count": added, "years": ", ".join(map(str, years))},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:policy_calendarday_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Load China's public holidays and make-up workdays"),
            "opts": self.model._meta,
            "years": years,
        }
        return TemplateResponse(request, "admin/policy/calendarday/load_china.html", context)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(AuditedAdmin):
    form = MessageTemplateAdminForm
    list_display = ("key", "language", "channel", "site", "subject")
    list_filter = ("key", "language", "channel", "site")
    search_fields = ("key", "subject", "body")
    readonly_fields = ("preview",)
    fields = ("key", "language", "channel", "site", "subject", "body", "preview")

    @admin.display(description=_("preview with example values"))
    def preview(self, obj: MessageTemplate) -> str:
        if not obj.pk:
            return str(_("Save to see a preview."))
        kind = MESSAGE_KINDS.get(obj.key)
        try:
            subject = render_text(obj.subject, SAMPLE_CONTEXT)
            body = render_text(obj.body, SAMPLE_CONTEXT)
        except Exception as error:  # a broken text saved before validation existed
            return str(_("Cannot render: %(error)s") % {"error": error})
        rows = [(_("Subject"), subject)] if subject else []
        rows.append((_("Text"), body))
        if kind is not None:
            rows.append((_("Variables"), ", ".join(kind.variables)))
        return format_html(
            '<dl class="policy-preview">{}</dl>',
            format_html_join("", '<dt>{}</dt><dd style="white-space: pre-wrap">{}</dd>', rows),
        )
