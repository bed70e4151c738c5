"""Admin forms of the rulebook: what a site inherits shown beside each field, checks across rows."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from policy.messages import MESSAGE_KINDS
from policy.models import MessageTemplate, Policy
from policy.selectors import POLICY_FIELDS, company_policy, resolve


def describe(name: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if name == "weekend_days":
        return ", ".join(str(WEEKDAYS[int(part)]) for part in str(value).split(",") if part.strip())
    return str(value)


class PolicyAdminForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = "__all__"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.site_id is None:
            for name in POLICY_FIELDS:
                self.fields[name].required = True
            return
        inherited = resolve(company_policy())
        for name in POLICY_FIELDS:
            field = self.fields[name]
            note = _("Company: %(value)s — leave empty to use it.") % {"value": describe(name, getattr(inherited, name))}
            field.help_text = f"{field.help_text} {note}".strip() if field.help_text else note


class DepreciationBandFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        bands = sorted(
            (form.cleaned_data["up_to_months"], form.cleaned_data["remaining_percent"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("up_to_months") is not None
            and form.cleaned_data.get("remaining_percent") is not None
        )
        for (_months, earlier), (months, later) in zip(bands, bands[1:]):
            if later > earlier:
                raise ValidationError(
                    _("An item cannot be worth more when older: the band up to %(months)s months keeps more "
                      "than a younger one.") % {"months": months}
                )


class MessageTemplateAdminForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = "__all__"
        widgets = {"body": forms.Textarea(attrs={"rows": 10, "cols": 80})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(kind.key, f"{kind.key} — {kind.label}") for kind in MESSAGE_KINDS.values()]
        current = self.instance.key
        if current and current not in MESSAGE_KINDS:
            choices.append((current, current))
        self.fields["key"].widget = forms.Select(choices=[("", "---------"), *choices])
        lines = [f"{kind.key}: {', '.join('{{ %s }}' % name for name in kind.variables)}" for kind in MESSAGE_KINDS.values()]
        self.fields["body"].help_text = _("Django template syntax, plain text. Variables per message:") + " " + "; ".join(lines)
