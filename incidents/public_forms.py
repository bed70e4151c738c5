"""Forms of the customer's pages. They only validate; the views call the services.

Photos are checked with `incidents.photos` (content, size, pixels), the same rules as the staff form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from incidents.models import Kind, Language, LostItem, PreferredChannel
from policy.selectors import active_categories

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PhotoField(forms.FileField):
    """A photo checked by content, not by name or the browser's content type; cleans to a CheckedPhoto."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return photo_checks.check_photo(upload)
        except IncidentError as error:
            raise ValidationError(str(error), code="photo") from None


class OnlineReportForm(forms.Form):
    """The customer, when and where (INT-1, INT-2). Items come in ItemFormSet."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    preferred_language = forms.ChoiceField(label=_("Language for our messages"), choices=Language.choices)
    preferred_channel = forms.ChoiceField(label=_("How should we contact you?"), choices=PreferredChannel.choices)
    kind = forms.ChoiceField(
        label=_("What happened?"), choices=[(Kind.LOSS, _("I lost something")), (Kind.THEFT, _("Something was stolen"))],
        widget=forms.RadioSelect, initial=Kind.LOSS,
    )
    lost_from = forms.DateTimeField(
        label=_("Lost from"), input_formats=DATETIME_INPUT_FORMATS, widget=_datetime_widget(),
        help_text=_("The earliest time it may have happened."),
    )
    lost_until = forms.DateTimeField(
        label=_("Lost until"), input_formats=DATETIME_INPUT_FORMATS, widget=_datetime_widget(), required=False,
        help_text=_("When you noticed; leave empty if you know the exact time."),
    )
    area = forms.ModelChoiceField(label=_("Where"), queryset=None, required=False, empty_label=_("I am not sure"))
    place_detail = forms.CharField(label=_("Where exactly"), max_length=200, required=False)
    description = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("I agree that my personal data are used to handle this report and kept only as long as the "
                "rules allow."),
        error_messages={"required": _("Please agree to the processing of your personal data.")},
    )
    # Honeypot: hidden from people by CSS; a bot that fills every field gives itself away.
    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["area"].queryset = site.areas.filter(is_active=True).order_by("name")

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(self.add_prefix("homepage")) or "").strip())

    def clean(self):
        data = super().clean()
        channel, phone, email = data.get("preferred_channel"), data.get("phone"), data.get("email")
        if channel == PreferredChannel.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", _("Give your email address, or choose another way to contact you."))
        elif channel in (PreferredChannel.SMS, PreferredChannel.PHONE) and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Give your phone number, or choose another way to contact you."))
        lost_from, lost_until = data.get("lost_from"), data.get("lost_until")
        if lost_from and lost_until and lost_until < lost_from:
            self.add_error("lost_until", _("The end of the time window is before its start."))
        return data


class ItemForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    name = forms.CharField(label=_("Item"), max_length=120, help_text=_("e.g. black wallet, iPhone 15"))
    colour = forms.CharField(label=_("Colour"), max_length=60, required=False)
    features = forms.CharField(
        label=_("Distinguishing features"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    photo = PhotoField(label=_("Photo"))
    # A photo checked on an earlier attempt that failed elsewhere: parked, carried as a signed token.
    photo_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.kept_photo_name = ""

    def clean(self):
        data = super().clean()
        # What the service gets: the new upload (checked), or the token of the kept one, which the service
        # reads, checks again and deletes once the report is saved.
        data["photo_value"] = data.get("photo")
        token = data.get("photo_token")
        if data["photo_value"] is None and token:
            try:
                self.kept_photo_name = photo_checks.unstage(token, user_id=None).original_name
                data["photo_value"] = token
            except IncidentError as error:
                self.add_error("photo", str(error))
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms):
            raise ValidationError(_("Describe at least one item."))


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=2, min_num=1, max_num=5, validate_min=True, validate_max=True
)


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to add?"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.ModelChoiceField(label=_("The photo shows"), queryset=LostItem.objects.none(), required=False,
                                  empty_label=None)
    photo = PhotoField(label=_("Photo"))

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = incident.items.all()
        if len(self.fields["item"].queryset) < 2:
            del self.fields["item"]

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("photo") and "photo" not in self.errors:
            raise ValidationError(_("Write something or add a photo."))
        return data


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your report?"), coerce=int,
        choices=[(5, _("5 — very satisfied")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — very dissatisfied"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comments"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
