"""Forms of the investigation log: they validate only; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from investigations import selectors
from investigations.models import (
    CHECKLIST, ClaimantStatement, Evidence, EvidenceHandover, Interview, InvestigationReport, LostItemNotice,
    PersonKind, PoliceFollowUp, PoliceReport, RecordReview, ReportedBy, SceneSurvey,
)
from investigations.services import PersonData

LAWFUL_REMINDER = _(
    "Investigations follow the law: no force, no personal searches, no detention. Nobody is kept against "
    "their will; bags are opened only by their owner and only if they agree."
)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos at once, straight from the phone's camera; each is checked by content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked = []
        for upload in files:
            upload = super().clean(upload, initial)
            if not upload:
                continue
            try:
                checked.append(photo_checks.check_photo(upload))
            except IncidentError as error:
                raise forms.ValidationError(error.message) from None
        return checked


def _phone_friendly(form: forms.Form) -> None:
    """Native pickers for dates and times on a phone."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        elif isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", 3)


class EntryForm(forms.ModelForm):
    """Base of every entry form: knows the incident and the writer, carries no model validation of its own
    (the service checks the rules with a message beside the field, the database holds the constraints)."""

    kind: str = ""
    extra_fields: tuple[str, ...] = ("photos",)

    def __init__(self, *args, incident, user, **kwargs):
        self.incident = incident
        self.user = user
        super().__init__(*args, **kwargs)
        _phone_friendly(self)

    def _post_clean(self):
        # No model instance is built here: services.entry_add writes it.
        pass

    def entry_data(self) -> dict:
        """The model fields of the cleaned form, for services.entry_add(data=...)."""
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}

    def photos(self) -> list:
        return list(self.cleaned_data.get("photos") or [])

    def persons(self) -> list[PersonData]:
        return []

    @classmethod
    def initial_from(cls, entry) -> dict:
        """Values of an entry to start its correction from."""
        return {name: getattr(entry, name) for name in cls._meta.fields}


def _staff_field(form: EntryForm, name: str, *, required=True) -> None:
    field = form.fields[name]
    field.queryset = selectors.staff_of_site(form.incident.site)
    field.required = required
    field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
    if not form.is_bound and name not in form.initial:
        form.initial[name] = form.user.pk


class RecordReviewForm(EntryForm):
    kind = RecordReview.kind

    class Meta:
        model = RecordReview
        fields = ["source", "device", "viewed_from", "viewed_until", "finding_time", "finding_place",
                  "finding_persons", "finding_events", "reviewer", "claimant_absent", "clip_reference"]
        help_texts = {
            "finding_events": _("Time, place, persons and events seen; write “nothing relevant” if so."),
            "clip_reference": _("File name or number of the exported clip, if one was saved."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "reviewer")
        self.fields["claimant_absent"].required = True
        self.fields["claimant_absent"].label = _("I confirm the claimant was not present during the review")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("viewed_from"), cleaned.get("viewed_until")
        if start and end and end < start:
            self.add_error("viewed_until", _("The end of the time range is before its start."))
        return cleaned


class SceneSurveyForm(EntryForm):
    kind = SceneSurvey.kind

    photos = PhotoField()

    class Meta:
        model = SceneSurvey
        fields = ["surveyed_at", "place", "area", "personnel",
                  *[name for point, _label in CHECKLIST for name in (point, f"{point}_note")], "clues"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.incident.site.areas.filter(is_active=True)
        if not self.is_bound and "area" not in self.initial and self.incident.area_id:
            self.initial["area"] = self.incident.area_id
        for point, _label in CHECKLIST:
            self.fields[point].widget = forms.RadioSelect(choices=self.fields[point].choices[1:])


class InterviewForm(EntryForm):
    kind = Interview.kind

    staff = forms.ModelMultipleChoiceField(
        label=_("Staff members interviewed"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple,
    )
    staff_names = forms.CharField(
        label=_("Other staff (no account), one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    guests = forms.CharField(label=_("Guests, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    others = forms.CharField(
        label=_("Other persons, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Interview
        fields = ["held_at", "place", "interviewer", "content", "lawful_process_confirmed", "joint_staff_confirmed"]

    field_order = ["held_at", "place", "interviewer", "staff", "staff_names", "guests", "others", "content",
                   "joint_staff_confirmed", "lawful_process_confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "interviewer")
        self.fields["staff"].queryset = selectors.staff_of_site(self.incident.site)
        self.fields["staff"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["lawful_process_confirmed"].required = True
        self.fields["lawful_process_confirmed"].label = LAWFUL_REMINDER
        self.fields["joint_staff_confirmed"].label = _(
            "Two or more staff members were in fact interviewed together (explain why in the content)"
        )

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def persons(self) -> list[PersonData]:
        data = self.cleaned_data
        return [
            *[PersonData(PersonKind.STAFF, staff_user=user) for user in data.get("staff") or []],
            *[PersonData(PersonKind.STAFF, name=name) for name in self._lines(data.get("staff_names"))],
            *[PersonData(PersonKind.GUEST, name=name) for name in self._lines(data.get("guests"))],
            *[PersonData(PersonKind.OTHER, name=name) for name in self._lines(data.get("others"))],
        ]

    def clean(self):
        cleaned = super().clean()
        persons = self.persons()
        if not persons:
            self.add_error("staff", _("Name at least one person interviewed."))
        elif sum(1 for p in persons if p.person_kind == PersonKind.STAFF) >= 2 and not cleaned.get(
            "joint_staff_confirmed"
        ):
            self.add_error("staff", _(
                "Warning: two or more staff members in one interview. Staff involved in one incident are "
                "interviewed separately (INV-3). Record them in separate interviews, or tick the box below if "
                "they were in fact interviewed together."
            ))
        return cleaned

    @classmethod
    def initial_from(cls, entry) -> dict:
        initial = super().initial_from(entry)
        persons = list(entry.persons.all())
        initial["staff"] = [p.staff_user_id for p in persons if p.staff_user_id]
        by_kind = {kind: "\n".join(p.name for p in persons if p.person_kind == kind and not p.staff_user_id)
                   for kind in PersonKind.values}
        initial.update(staff_names=by_kind[PersonKind.STAFF], guests=by_kind[PersonKind.GUEST],
                       others=by_kind[PersonKind.OTHER])
        return initial


class ClaimantStatementForm(EntryForm):
    kind = ClaimantStatement.kind

    class Meta:
        model = ClaimantStatement
        fields = ["taken_at", "place", "account", "id_checked", "id_type", "customs_declaration",
                  "lawful_process_confirmed"]
        help_texts = {
            "customs_declaration": _("For travellers: is the lost item on their customs declaration?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].widget.attrs["rows"] = 6
        self.fields["lawful_process_confirmed"].required = True
        self.fields["lawful_process_confirmed"].label = LAWFUL_REMINDER

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("id_checked") and not cleaned.get("id_type"):
            self.add_error("id_type", _("Say which ID document was checked."))
        return cleaned


class EvidenceForm(EntryForm):
    kind = Evidence.kind

    photos = PhotoField()

    class Meta:
        model = Evidence
        fields = ["label", "description", "collected_at", "found_place", "container", "storage_location",
                  "untouched"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["untouched"].required = True


class PoliceReportForm(EntryForm):
    kind = PoliceReport.kind

    class Meta:
        model = PoliceReport
        fields = ["reported_at", "reported_by", "decided_by", "station", "officer_name", "officer_badge",
                  "case_number", "note"]
        help_texts = {
            "decided_by": _("Whether the company reports is the general manager's decision."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = selectors.general_managers_of(self.incident.site)
        self.fields["decided_by"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reported_by") == ReportedBy.COMPANY and not cleaned.get("decided_by"):
            self.add_error("decided_by", _("A report by the company is decided by the general manager: name them."))
        return cleaned


class InvestigationReportForm(EntryForm):
    kind = InvestigationReport.kind

    class Meta:
        model = InvestigationReport
        fields = ["facts", "process", "responsibility", "proposal"]


FORMS: dict[str, type[EntryForm]] = {
    form.kind: form
    for form in (RecordReviewForm, SceneSurveyForm, InterviewForm, ClaimantStatementForm, EvidenceForm,
                 PoliceReportForm, InvestigationReportForm)
}
LAWFUL_KINDS = frozenset({Interview.kind, ClaimantStatement.kind})


class HandoverForm(forms.ModelForm):
    class Meta:
        model = EvidenceHandover
        fields = ["at", "handed_by", "to_user", "to_name", "storage_location", "note"]

    def __init__(self, *args, incident, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = selectors.staff_of_site(incident.site)
        for name in ("handed_by", "to_user"):
            self.fields[name].queryset = staff
            self.fields[name].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        if not self.is_bound:
            self.initial.setdefault("handed_by", user.pk)
        _phone_friendly(self)

    def _post_clean(self):
        pass

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("to_user") and not (cleaned.get("to_name") or "").strip():
            self.add_error("to_user", _("Say to whom the evidence was handed."))
        return cleaned


class PoliceFollowUpForm(forms.ModelForm):
    class Meta:
        model = PoliceFollowUp
        fields = ["at", "content", "case_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _phone_friendly(self)

    def _post_clean(self):
        pass


class NoticeForm(forms.ModelForm):
    class Meta:
        model = LostItemNotice
        fields = ["category", "description_zh_hans", "description_en", "lost_on", "area"]
        help_texts = {
            "description_zh_hans": _("General words only: no names, phone numbers, ID numbers or references."),
            "description_en": _("General words only: no names, phone numbers, ID numbers or references."),
        }

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = incident.site.areas.filter(is_active=True)
        _phone_friendly(self)

    def _post_clean(self):
        pass
