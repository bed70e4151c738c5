"""The dashboard's filters: period, site, department, category and kind, limited to what the user may see.

A value the user may not use (another company's site, a malformed date) is dropped, never obeyed: a manager
of BJ01 asking for `?site=<SH01>` gets BJ01's figures, not SH01's.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Kind
from organization.models import Department, Site
from organization.selectors import sites_for
from policy.models import ItemCategory


class Period(TextChoices):
    WEEK = "week", _("This week")
    MONTH = "month", _("This month")
    QUARTER = "quarter", _("This quarter")
    YEAR = "year", _("This year")
    CUSTOM = "custom", _("Chosen dates")


# A chosen range longer than this is cut: the trend and the list links stay meaningful.
MAX_RANGE_DAYS = 3 * 366


@dataclass(frozen=True)
class Scope:
    """What one dashboard shows. `start`/`end` are aware datetimes in the viewer's zone, `end` exclusive."""

    site_ids: tuple[int, ...]
    sites: tuple[Site, ...]
    period: str
    first_day: datetime.date
    last_day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    zone: datetime.tzinfo
    site: int | None = None
    department: int | None = None
    category: int | None = None
    kind: str = ""
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> datetime.date:
        return timezone.localtime(self.now, self.zone).date()

    def query(self) -> dict[str, str]:
        """The filters as query-string values (for exports, print view and chart links)."""
        values = {"period": self.period}
        if self.period == Period.CUSTOM:
            values["date_from"] = self.first_day.isoformat()
            values["date_to"] = self.last_day.isoformat()
        for name in ("site", "department", "category", "kind"):
            value = getattr(self, name)
            if value:
                values[name] = str(value)
        return values


def period_bounds(period: str, today: datetime.date, date_from=None, date_to=None) -> tuple[datetime.date, datetime.date]:
    """First and last day (inclusive) of a period containing `today`."""
    if period == Period.WEEK:
        first = today - datetime.timedelta(days=today.weekday())
        return first, first + datetime.timedelta(days=6)
    if period == Period.QUARTER:
        month = 3 * ((today.month - 1) // 3) + 1
        first = today.replace(month=month, day=1)
        last_month = month + 2
        return first, today.replace(month=last_month, day=calendar.monthrange(today.year, last_month)[1])
    if period == Period.YEAR:
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    if period == Period.CUSTOM and (date_from or date_to):
        first = date_from or date_to
        last = date_to or date_from
        if last < first:
            first, last = last, first
        if (last - first).days > MAX_RANGE_DAYS:
            first = last - datetime.timedelta(days=MAX_RANGE_DAYS)
        return first, last
    # this month (also the fallback of an empty custom range)
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, required=False, initial=Period.MONTH)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False,
                                  empty_label=_("All my sites"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("Any department"))
    category = forms.ModelChoiceField(label=_("Category"), queryset=ItemCategory.objects.none(), required=False,
                                      empty_label=_("Any category"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *Kind.choices])

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda site: f"{site.code} · {site.name}"
        self.fields["department"].queryset = (
            Department.objects.filter(Q(site__in=sites) | Q(site__isnull=True)).select_related("site")
            .order_by("site__code", "kind")
        )
        self.fields["department"].label_from_instance = (
            lambda dep: f"{dep.site.code} · {dep.name}" if dep.site_id else str(dep.name)
        )
        self.fields["category"].queryset = ItemCategory.objects.order_by("code")
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"


def scope_for(user, data, *, now: datetime.datetime | None = None) -> tuple[Scope, DashboardFilterForm]:
    """Read the filters from a query dict; invalid or foreign values are ignored."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    visible = sites_for(user).order_by("code")
    form = DashboardFilterForm(data or None, sites=visible)
    if data and not form.is_valid():
        cleaned = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    else:
        cleaned = form.cleaned_data if data else {}
    sites = tuple(visible)
    site = cleaned.get("site")
    chosen = (site,) if site is not None else sites
    period = cleaned.get("period") or Period.MONTH
    today = timezone.localtime(now, zone).date()
    first, last = period_bounds(period, today, cleaned.get("date_from"), cleaned.get("date_to"))
    department = cleaned.get("department")
    category = cleaned.get("category")
    scope = Scope(
        site_ids=tuple(s.pk for s in chosen),
        sites=chosen,
        period=period,
        first_day=first,
        last_day=last,
        start=datetime.datetime.combine(first, datetime.time.min, zone),
        end=datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone),
        zone=zone,
        site=site.pk if site else None,
        department=department.pk if department else None,
        category=category.pk if category else None,
        kind=cleaned.get("kind") or "",
        now=now,
    )
    return scope, form
