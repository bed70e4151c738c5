"""Forms of the custody pages. They only validate the shape of the input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.models import (
    ClaimantKind, DisposalRoute, FinderKind, ItemState, LocationKind, PaidBy, StorageLocation,
)
from incidents.forms import MAX_QUANTITY, DateTimeLocalInput, MultiplePhotoField
from incidents.models import IdDocumentType
from organization.models import Area, Site
from policy.models import ItemCategory
from privacy.consent import consent_field
from privacy.models import ConsentPurpose

ID_TYPES = [choice for choice in IdDocumentType.choices if choice[0]]


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StorageLocation) -> str:
        return f"{obj.path} ({obj.get_kind_display()})"


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Reference, item, brand, colour, features")}))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Any state")), *ItemState.choices], initial=ItemState.IN_CUSTODY)
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=ItemCategory.objects.all())
    site = forms.ModelChoiceField(label=_("Site"), required=False, queryset=Site.objects.none())
    location = LocationChoiceField(label=_("Location"), required=False, queryset=StorageLocation.objects.none())
    found_from = forms.DateField(label=_("Found from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    found_until = forms.DateField(label=_("Found until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, sites, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["location"].queryset = locations


class FoundItemForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=ItemCategory.objects.filter(is_active=True))
    name = forms.CharField(label=_("Item"), max_length=120)
    brand_model = forms.CharField(label=_("Brand / model"), max_length=120, required=False)
    colour = forms.CharField(label=_("Colour"), max_length=60, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)
    features = forms.CharField(label=_("Distinguishing features"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    hidden_details = forms.CharField(
        label=_("Hidden identifying details (staff only)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. what is inside, a name on a card; never shown to a claimant, who must describe them."),
    )
    found_at = forms.DateTimeField(label=_("Found at"), widget=DateTimeLocalInput())
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    place_detail = forms.CharField(label=_("Where exactly"), max_length=200, required=False)
    finder_kind = forms.ChoiceField(label=_("Found by"), choices=FinderKind.choices, initial=FinderKind.STAFF,
                                    widget=forms.RadioSelect)
    finder_staff = forms.ModelChoiceField(label=_("Staff member who found it"), queryset=get_user_model().objects.none(),
                                          required=False, help_text=_("Empty: you."))
    finder_name = forms.CharField(label=_("Guest's name"), max_length=120, required=False)
    finder_contact = forms.CharField(label=_("Guest's phone or e-mail"), max_length=120, required=False)
    location = LocationChoiceField(label=_("Kept at"), queryset=StorageLocation.objects.none())
    seal_number = forms.CharField(label=_("Seal number of the bag"), max_length=60, required=False,
                                  help_text=_("Required for valuables, which go into a safe in a sealed bag."))
    cash_amount = forms.DecimalField(label=_("Cash amount (your count)"), max_digits=12, decimal_places=2,
                                     required=False, min_value=0)
    photos = MultiplePhotoField(label=_("Photos"), required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if len(sites) == 1:
            self.fields["site"].initial = sites[0]
        self.fields["area"].queryset = Area.objects.filter(site__in=sites, is_active=True).select_related("site")
        self.fields["location"].queryset = (
            StorageLocation.objects.filter(site__in=sites, is_active=True).select_related("parent", "parent__parent")
        )
        self.fields["finder_staff"].queryset = get_user_model().objects.filter(
            is_active=True, staff_profile__sites__in=sites
        ).distinct().order_by("first_name", "username")
        self.fields["found_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class MoveForm(forms.Form):
    to_location = LocationChoiceField(label=_("Move to"), queryset=StorageLocation.objects.none())
    reason = forms.CharField(label=_("Why"), max_length=300)
    seal_number = forms.CharField(label=_("Seal number"), max_length=60, required=False,
                                  help_text=_("A new seal number if the bag was resealed."))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_location"].queryset = (
            StorageLocation.objects.filter(site=item.site, is_active=True).exclude(pk=item.location_id)
            .select_related("parent", "parent__parent")
        )


class CashConfirmForm(forms.Form):
    amount = forms.DecimalField(label=_("Your count"), max_digits=12, decimal_places=2, min_value=0)


class PhotoForm(forms.Form):
    photos = MultiplePhotoField(label=_("Add photos"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    date = forms.DateField(label=_("Notice published on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.CharField(label=_("Where"), max_length=120,
                              help_text=_("Notice board, website, social media …"))


class ReleaseForm(forms.Form):
    claimant_kind = forms.ChoiceField(label=_("Collected by"), choices=ClaimantKind.choices, initial=ClaimantKind.OWNER,
                                      widget=forms.RadioSelect)
    claimant_name = forms.CharField(label=_("Claimant's name (as on the ID)"), max_length=120)
    claimant_phone = forms.CharField(label=_("Claimant's phone"), max_length=32, required=False)
    id_type = forms.ChoiceField(label=_("Claimant's ID document"), choices=[("", "—"), *ID_TYPES], required=False)
    id_number = forms.CharField(label=_("Claimant's ID number"), max_length=40, required=False,
                                help_text=_("Checked against the document; stored masked, never in full."))
    owner_name = forms.CharField(label=_("Owner's name"), max_length=120, required=False)
    owner_id_type = forms.ChoiceField(label=_("Owner's ID document"), choices=[("", "—"), *ID_TYPES], required=False)
    owner_id_number = forms.CharField(label=_("Owner's ID number"), max_length=40, required=False)
    authorisation_letter = forms.FileField(label=_("Owner's authorisation letter (photo or PDF scan)"), required=False)
    claimant_answers = forms.CharField(
        label=_("How the claimant describes the identifying details"), widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    details_match = forms.BooleanField(label=_("The description matches the record"), required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_on_paper = forms.BooleanField(label=_("Signed on the printed pickup form instead"), required=False)
    id_consent = consent_field(ConsentPurpose.RELEASE_ID)


class MailForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=120)
    recipient_phone = forms.CharField(label=_("Recipient's phone"), max_length=32)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    courier = forms.CharField(label=_("Courier"), max_length=80)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=80)
    cost = forms.DecimalField(label=_("Cost"), max_digits=10, decimal_places=2, min_value=0, initial=0)
    paid_by = forms.ChoiceField(label=_("Paid by"), choices=PaidBy.choices)


class DeliveredForm(forms.Form):
    proof = forms.FileField(label=_("Proof of delivery (photo or PDF)"))


class DisposalForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=DisposalRoute.choices)
    recipient = forms.CharField(label=_("Handed to"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, routes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if routes is not None:
            self.fields["route"].choices = [(route, DisposalRoute(route).label) for route in routes]


class ApproveDisposalForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=80, required=False)
    receipt = forms.FileField(label=_("Receipt (photo or PDF)"), required=False)


class RefuseDisposalForm(forms.Form):
    note = forms.CharField(label=_("Why refused"), widget=forms.Textarea(attrs={"rows": 2}))


class LocationForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=LocationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=80)
    parent = LocationChoiceField(label=_("Inside"), queryset=StorageLocation.objects.none(), required=False)
    custodian = forms.ModelChoiceField(label=_("Named custodian"), queryset=get_user_model().objects.none(),
                                       required=False, help_text=_("Required for a safe or a cash box (CUS-2)."))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if len(sites) == 1:
            self.fields["site"].initial = sites[0]
        self.fields["parent"].queryset = StorageLocation.objects.filter(site__in=sites, is_active=True).select_related(
            "parent", "parent__parent")
        self.fields["custodian"].queryset = get_user_model().objects.filter(
            is_active=True, staff_profile__sites__in=sites
        ).distinct().order_by("first_name", "username")


class StockCheckForm(forms.Form):
    """The items found on the shelf (ticked among those expected there) and a note."""

    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, location, **kwargs):
        super().__init__(*args, **kwargs)
        from custody.services.movement import expected_at

        self.fields["present"].choices = [(pk, str(pk)) for pk in expected_at(location).values_list("pk", flat=True)]
