from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits an authenticator app shows; checked against the user's device by the view."""

    code = forms.CharField(
        label=_("Code from your authenticator app"), min_length=6, max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        from accounts.second_factor import check_code

        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the six digits shown in the app."))
        if self.device is None or not check_code(self.device, code):
            raise forms.ValidationError(_("This code is not right, or it has expired. Enter the current one."))
        return code
