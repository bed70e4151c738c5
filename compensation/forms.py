"""Forms of compensation pages: they validate input only; the services decide and write."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from compensation.models import ClaimState, EvidenceKind, Liability, LossHead, PaymentMethod
from incidents.forms import MAX_QUANTITY
from organization.selectors import sites_for
from policy.models import ItemCategory
from privacy.consent import CONSENT_MISSING, consent_field
from privacy.models import ConsentPurpose


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_EVIDENCE_KINDS = [(value, label) for value, label in EvidenceKind.choices if value != EvidenceKind.SIGNED_AGREEMENT]


class ClaimForm(forms.Form):
    claimant_name = forms.CharField(label=_("Claimant"), max_length=120)
    statement = forms.CharField(label=_("Statement (the application)"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(
        label=_("Evidence: receipts, photos, PDF"), required=False,
        help_text=_("JPEG, PNG, WebP or PDF, each at most 10 MB."),
    )
    evidence_kind = forms.ChoiceField(label=_("The files are"), choices=_EVIDENCE_KINDS, initial=EvidenceKind.RECEIPT)
    late_override_reason = forms.CharField(
        label=_("Late claim accepted because (managers only)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClaimItemForm(forms.Form):
    description = forms.CharField(label=_("What is claimed"), max_length=200, required=False)
    head = forms.ChoiceField(label=_("Head of loss"), choices=LossHead.choices, initial=LossHead.DIRECT)
    amount_claimed = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, required=False,
                                        min_value=Decimal("0.01"))
    lost_item = forms.TypedChoiceField(label=_("Lost item"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, lost_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lost_item"].choices = [("", "—"), *[(item.pk, item.name) for item in lost_items]]


class BaseClaimItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, lost_items=(), **kwargs):
        self.lost_items = list(lost_items)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "lost_items": self.lost_items}


ClaimItemFormSet = forms.formset_factory(ClaimItemForm, formset=BaseClaimItemFormSet, extra=3, max_num=20)


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Files"), help_text=_("JPEG, PNG, WebP or PDF, each at most 10 MB."))
    kind = forms.ChoiceField(label=_("Kind"), choices=_EVIDENCE_KINDS)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class AssessmentForm(forms.Form):
    liability = forms.ChoiceField(label=_("Liability"), choices=Liability.choices)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))
    share_percent = forms.DecimalField(
        label=_("Company's supplementary share (%)"), required=False, max_digits=5, decimal_places=2,
        min_value=0, max_value=100, help_text=_("Only for a theft by a third party where the company failed its duty of care."),
    )
    cctv_evidence = forms.CharField(label=_("CCTV reviewed (what it showed)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    patrol_evidence = forms.CharField(label=_("Patrols and guarding at the time"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    valuation_date = forms.DateField(label=_("Value the items at the date of"), widget=_DATE)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        categories = ItemCategory.objects.filter(is_active=True).order_by("code")
        for item in self.items:
            prefix = f"item_{item.pk}_"
            if item.head == LossHead.DIRECT:
                self.fields[prefix + "category"] = forms.ModelChoiceField(
                    label=_("Category"), queryset=categories, initial=item.category_id)
                self.fields[prefix + "quantity"] = forms.IntegerField(label=_("Quantity"), min_value=1,
                                                                      max_value=MAX_QUANTITY, initial=item.quantity)
                self.fields[prefix + "price"] = forms.DecimalField(
                    label=_("Purchase price (each)"), max_digits=12, decimal_places=2, min_value=0,
                    initial=item.purchase_price)
                self.fields[prefix + "date"] = forms.DateField(label=_("Purchase date"), widget=_DATE,
                                                               initial=item.purchase_date)
                self.fields[prefix + "proof"] = forms.CharField(
                    label=_("Proof of value"), max_length=200, initial=item.proof_of_value,
                    help_text=_("Receipt, invoice, bank statement, warranty card."))
                self.fields[prefix + "declared"] = forms.BooleanField(
                    label=_("Declared for safekeeping"), required=False, initial=item.declared_for_safekeeping)
            else:
                self.fields[prefix + "accepted"] = forms.DecimalField(
                    label=_("Reasonable amount"), max_digits=12, decimal_places=2, min_value=0,
                    initial=item.assessed_value if item.assessed_value is not None else item.amount_claimed)

    def item_fields(self):
        """[(item, [bound fields])] for the template."""
        rows = []
        for item in self.items:
            prefix = f"item_{item.pk}_"
            rows.append((item, [self[name] for name in self.fields if name.startswith(prefix)]))
        return rows


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Legal opinion"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons for rejecting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the customer with the notice that they may take the matter to court."),
    )


class AgreementForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bank_consent = consent_field(ConsentPurpose.PAYMENT_BANK, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == PaymentMethod.TRANSFER and not data.get("bank_consent"):
            self.add_error("bank_consent", CONSENT_MISSING[ConsentPurpose.PAYMENT_BANK])
        return data


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("Signed copy (photo or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=_DATE)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Payment reference"), max_length=120)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))


def _site_field(user):
    return forms.ModelChoiceField(label=_("Site"), queryset=sites_for(user), required=False)


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or claimant"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), ("open", _("Open")), *ClaimState.choices])
    date_from = forms.DateField(label=_("Filed from"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("Filed to"), required=False, widget=_DATE)
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"] = _site_field(user)


class PayoutFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or claimant"), required=False)
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[("", _("All")), *PaymentMethod.choices])
    date_from = forms.DateField(label=_("Paid from"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("Paid to"), required=False, widget=_DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"] = _site_field(user)
