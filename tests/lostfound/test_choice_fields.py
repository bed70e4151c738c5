"""Choice fields whose copies share their choices (lostfound.choice_fields.SharedChoices)."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lostfound.choice_fields import ChoiceField, TypedChoiceField


class Shown(forms.Form):
    kind = ChoiceField(choices=[("loss", _("Loss")), ("theft", _("Theft"))])
    owner = TypedChoiceField(required=False, coerce=int, empty_value=None)


def test_each_form_shares_the_choices_and_replaces_its_own_without_touching_the_others():
    first, second = Shown({"kind": "theft", "owner": "7"}), Shown({"kind": "theft", "owner": "7"})
    assert first.fields["kind"].choices is second.fields["kind"].choices is Shown.base_fields["kind"].choices
    first.fields["owner"].choices = [("", "---"), ("7", "Lee")]
    assert first.is_valid() and first.cleaned_data == {"kind": "theft", "owner": 7}
    assert not second.is_valid() and "owner" in second.errors  # its own list is still empty
    assert Shown.base_fields["owner"].choices == [] and second.fields["owner"].widget.choices == []


def test_shared_choices_show_in_the_language_of_the_page():
    with translation.override("zh-hans"):
        chinese = str(Shown().fields["kind"].choices[0][1])
    with translation.override("en"):
        english = str(Shown().fields["kind"].choices[0][1])
    assert english == "Loss" and chinese != english
