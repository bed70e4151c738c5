"""Forms of the staff pages. They only validate; the services do the work."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import (
    Channel, ContactMethod, ContactOutcome, Customer, IdDocumentType, Kind, Language, PoliceReport, PreferredChannel,
    Severity, Status, TheftBy,
)
from lostfound.choice_fields import ChoiceField, PreparedChoiceField, TypedChoiceField
from lostfound.form_fields import SameWhenBlank
from lostfound.prepared import PreparedRead
from organization.models import Area, Department, Site
from policy.models import ItemCategory
from privacy.consent import CONSENT_MISSING, consent_field
from privacy.models import ConsentPurpose

MAX_ITEMS = 20
# A sane count of one item on a form; far below the column's limit, so a huge number is refused beside the field.
MAX_QUANTITY = 9999
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; checked by content in the view (incidents.photos)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiplePhotoField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    """The front desk's new report, on one screen (INT-1..4)."""

    channel = ChoiceField(label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
                                initial=Channel.ON_SITE)
    # The existing customer chosen from the candidates (empty: a new customer).
    customer = PreparedChoiceField(queryset=Customer.objects.none(), required=False, widget=forms.HiddenInput,
                                   read=PreparedRead(lambda pk: Customer.objects.filter(pk=pk).select_related("site")))
    name = forms.CharField(label=_("Customer name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    preferred_language = ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.ZH_HANS)
    preferred_channel = ChoiceField(label=_("Contact by"), choices=PreferredChannel.choices,
                                          initial=PreferredChannel.SMS)
    id_type = ChoiceField(label=_("ID document"), choices=IdDocumentType.choices, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False,
                                help_text=_("Stored masked; never in full."))
    declined_followups = forms.BooleanField(label=_("Declines follow-up visits"), required=False)
    id_consent = consent_field(ConsentPurpose.INTAKE_ID, required=False)
    kind = ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.LOSS, widget=forms.RadioSelect)
    theft_by = ChoiceField(label=_("Taken by"), choices=TheftBy.choices, required=False)
    severity = ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.GENERAL,
                                 widget=forms.RadioSelect)
    site = PreparedChoiceField(label=_("Site"), queryset=Site.objects.none(),
                               read=PreparedRead(lambda pk: Site.objects.filter(pk=pk)))
    area = PreparedChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False,
                               read=PreparedRead(lambda pk: Area.objects.filter(pk=pk).select_related("site")))
    place_detail = forms.CharField(label=_("Where exactly"), max_length=200, required=False)
    lost_from = forms.DateTimeField(label=_("Lost between"), widget=DateTimeLocalInput(),
                                    input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    lost_until = forms.DateTimeField(label=_("and"), widget=DateTimeLocalInput(),
                                     input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    progress_updates_opt_out = forms.BooleanField(label=_("No progress updates wanted"), required=False)
    is_complaint = forms.BooleanField(label=_("Also a complaint"), required=False)
    is_drill = forms.BooleanField(label=_("Drill (not a real incident)"), required=False)

    def __init__(self, *args, user, **kwargs):
        """A posted site, area or customer is read by its id and accepted if the user may choose it; the lists
        to choose from are read only to show the form (offer_choices)."""
        super().__init__(*args, **kwargs)
        from incidents.permissions import visible_site_ids
        from organization.selectors import primary_site, profile_sites

        self.user = user
        site_ids = visible_site_ids(user)
        shown = lambda site: site.is_active and (site_ids is None or site.pk in site_ids)  # noqa: E731
        # The staff member's own sites were read with the request (organization.middleware): not read again.
        own, read_site = {site.pk: site for site in profile_sites(user)}, self.fields["site"].read
        self.fields["site"].read = lambda pk: [own[pk]] if pk in own else read_site(pk)
        self.fields["site"].accepts = shown
        self.fields["area"].accepts = lambda area: area.is_active and shown(area.site)
        self.fields["area"].label_from_instance = lambda area: f"{area.site.code} · {area.name}"
        self.fields["customer"].accepts = lambda customer: shown(customer.site)
        if not self.is_bound:
            self.offer_choices()
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("site", primary_site(user))
            self.initial.setdefault("lost_until", now)
            self.initial.setdefault("lost_from", now - datetime.timedelta(hours=1))
        self.fields["channel"].widget.attrs["autofocus"] = True
        # Existing customers show beside the form as the phone or name is typed (no duplicates).
        lookup = {
            "hx-get": reverse("incidents:customer_search"), "hx-trigger": "input changed delay:400ms",
            "hx-target": "#customer-candidates", "hx-include": "[name=phone],[name=name]", "autocomplete": "off",
        }
        self.fields["phone"].widget.attrs.update(lookup)
        self.fields["name"].widget.attrs.update(lookup)
        self.fields["theft_by"].widget.attrs["data-theft-only"] = "1"

    def offer_choices(self) -> None:
        """The sites and areas the user may choose from, for showing the form."""
        from organization.selectors import sites_for

        sites = sites_for(self.user)
        self.fields["site"].queryset = sites
        self.fields["area"].queryset = Area.objects.filter(site__in=sites, is_active=True).select_related("site")

    def clean(self):
        data = super().clean()
        site, area = data.get("site"), data.get("area")
        if site and area and area.site_id != site.pk:
            self.add_error("area", _("This area belongs to another site."))
        if data.get("kind") != Kind.THEFT and data.get("theft_by"):
            data["theft_by"] = ""
        start, end = data.get("lost_from"), data.get("lost_until")
        now = timezone.now() + datetime.timedelta(minutes=5)
        if start and end and end < start:
            self.add_error("lost_until", _("The end of the time window is before its start."))
        for name in ("lost_from", "lost_until"):
            if data.get(name) and data[name] > now:
                self.add_error(name, _("The time of the loss is in the future."))
        if data.get("preferred_channel") == PreferredChannel.EMAIL and not data.get("email"):
            self.add_error("email", _("Give an email address to contact the customer by email."))
        if data.get("preferred_channel") in (PreferredChannel.SMS, PreferredChannel.PHONE) and not data.get("phone"):
            self.add_error("phone", _("Give a phone number to contact the customer by phone or SMS."))
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("Say which ID document this number is from."))
        if data.get("id_number") and not data.get("id_consent"):
            self.add_error("id_consent", CONSENT_MISSING[ConsentPurpose.INTAKE_ID])
        return data

    def customer_data(self) -> dict:
        keys = ("name", "phone", "email", "preferred_language", "preferred_channel", "id_type", "id_number",
                "declined_followups")
        return {key: self.cleaned_data.get(key) for key in keys if key != "id_number" or self.cleaned_data.get(key)}


class ItemForm(forms.Form):
    category = PreparedChoiceField(label=_("Category"), queryset=ItemCategory.objects.filter(is_active=True),
                                   read=PreparedRead(lambda pk: ItemCategory.objects.filter(pk=pk)),
                                   accepts=lambda category: category.is_active)
    name = forms.CharField(label=_("Item"), max_length=120)
    brand_model = forms.CharField(label=_("Brand / model"), max_length=120, required=False)
    colour = forms.CharField(label=_("Colour"), max_length=60, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)
    estimated_value = forms.DecimalField(label=_("Estimated value"), min_value=0, max_digits=12, decimal_places=2,
                                         required=False)
    features = forms.CharField(label=_("Distinguishing features"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    photos = MultiplePhotoField(label=_("Photos"), required=False)
    # Signed tokens of photos kept from a previous attempt (incidents.photos.stage).
    kept_photos = forms.CharField(required=False, widget=forms.HiddenInput)

    def kept_tokens(self) -> list[str]:
        raw = self.data.get(self.add_prefix("kept_photos"), "") if self.is_bound else ""
        return [token for token in raw.split() if token]


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]:
            raise forms.ValidationError(_("Add at least one lost item."))


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=0, min_num=1, validate_min=True, max_num=MAX_ITEMS,
    validate_max=True, absolute_max=MAX_ITEMS, can_delete=True,
)


class ReasonForm(SameWhenBlank, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteOnlyForm(SameWhenBlank, forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NotFoundForm(SameWhenBlank, forms.Form):
    note = forms.CharField(label=_("What the customer was told"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Apologise, and offer help with a police report where it applies."))


class _StaffNames(forms.models.ModelChoiceIterator):
    """The options as (id, full name or user name) rows read straight from the query, not as user objects."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, first_name, last_name, username in self.queryset.values_list(
                "pk", "first_name", "last_name", "username"):
            yield (pk, f"{first_name} {last_name}".strip() or username)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = _StaffNames


class HandOverForm(forms.Form):
    to = StaffChoiceField(label=_("Hand over to"), queryset=None)
    note = forms.CharField(label=_("Hand-over note"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        self.fields["to"].queryset = (
            get_user_model().objects.filter(is_active=True)
            .filter(Q(staff_profile__sites=incident.site) | Q(staff_profile__all_sites=True))
            .filter(groups__name__in=["front_desk", "manager"])
            .exclude(pk=incident.owner_id).distinct().order_by("first_name", "username")
        )


class NoteForm(SameWhenBlank, forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    customer_visible = forms.BooleanField(
        label=_("Visible to the customer"), required=False,
        help_text=_("Shown on the customer's status page and carried in progress updates."),
    )


class ContactForm(SameWhenBlank, forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices, initial=ContactMethod.PHONE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class FollowUpForm(SameWhenBlank, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PoliceReportForm(SameWhenBlank, forms.Form):
    state = forms.ChoiceField(label=_("Police report"), choices=[c for c in PoliceReport.choices if c[0]])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReviewForm(forms.Form):
    causes = forms.CharField(label=_("Causes"), widget=forms.Textarea(attrs={"rows": 4}))
    lessons = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CorrectiveActionForm(forms.Form):
    description = forms.CharField(label=_("Corrective action"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Responsible person"), queryset=None)
    due_date = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        self.fields["department"].queryset = Department.objects.filter(Q(site=incident.site) | Q(site__isnull=True))
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True)
            .filter(Q(staff_profile__sites=incident.site) | Q(staff_profile__all_sites=True)).distinct()
        )
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class FilterForm(forms.Form):
    """The list's filters; every field optional, bad values ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    site = TypedChoiceField(label=_("Site"), required=False, coerce=int, empty_value=None)
    status = ChoiceField(label=_("State"), required=False,
                               choices=[("", _("Any")), ("open", _("Open")), *Status.choices])
    kind = ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *Kind.choices])
    severity = ChoiceField(label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices])
    category = TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("Reported from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    owner = TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    drills = ChoiceField(label=_("Drills"), required=False,
                               choices=[("", _("Included")), ("real", _("Left out")), ("only", _("Only drills"))])
    # What the dashboard's figures link with (KPI-6).
    area = ChoiceField(label=_("Area"), required=False)
    department = TypedChoiceField(label=_("Owner's department"), required=False, coerce=int, empty_value=None)
    escalation = forms.IntegerField(label=_("Breached at escalation level"), required=False, min_value=0, max_value=99)
    weekday = TypedChoiceField(label=_("Lost on (weekday)"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("Any")), *((str(n), name) for n, name in enumerate(
                                         [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")], 1))])
    hour = TypedChoiceField(label=_("Lost at (hour)"), required=False, coerce=int, empty_value=None,
                                  choices=[("", _("Any")), *((str(h), f"{h:02d}:00") for h in range(24))])

    def __init__(self, *args, user, lists: dict | None = None, **kwargs):
        """`lists`: the choices this user was offered before (lists_for), so as not to read them again.
        A chosen site, category, owner, department or area must be one of them; the list shows only the
        sites' incidents the user may see whatever is chosen."""
        super().__init__(*args, **kwargs)
        for name, choices in (lists or self.lists_for(user)).items():
            self.fields[name].choices = choices

    @staticmethod
    def lists_for(user) -> dict:
        """The choices of each list, read from the database."""
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        from organization.models import Area, Department
        from organization.selectors import sees_all_sites, sites_for

        sites = sites_for(user)
        owners = get_user_model().objects.filter(groups__name__in=["front_desk", "manager"], is_active=True)
        if not sees_all_sites(user):
            owners = owners.filter(Q(staff_profile__sites__in=sites) | Q(staff_profile__all_sites=True))
        areas = Area.objects.filter(site__in=sites).select_related("site").order_by("site__code", "name")
        departments = (Department.objects.filter(Q(site__in=sites) | Q(site__isnull=True)).select_related("site")
                       .order_by("site__code", "kind"))
        anything = [("", "---------")]
        return {
            "site": [*anything, *((str(site.pk), str(site)) for site in sites)],
            "category": [*anything, *((str(c.pk), str(c)) for c in ItemCategory.objects.all())],
            "owner": [*anything, *((str(u.pk), u.get_full_name() or u.get_username())
                                   for u in owners.distinct().order_by("first_name", "username"))],
            "department": [*anything, *((str(d.pk), f"{d.site.code} · {d.name}" if d.site_id else str(d.name))
                                        for d in departments)],
            "area": [("", str(_("Any"))), ("none", str(_("Not recorded"))),
                     *((str(a.pk), f"{a.site.code} · {a.name}") for a in areas)],
        }

