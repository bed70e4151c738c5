"""A ModelChoiceField whose posted choice is read by id with SQL compiled once (lostfound.prepared).

ModelChoiceField checks a posted id with `queryset.get(pk=…)`, compiled on every submit: filing a report
compiled three such reads (site, area, category), about 1.5 ms.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from lostfound.prepared import PreparedRead

_LARGEST_ID = 2**63 - 1


class PreparedChoiceField(forms.ModelChoiceField):
    """The queryset still lists the choices. The posted one is read with `read(id)` and kept if
    `accepts(choice)`, which must say in Python what the queryset's filter says."""

    def __init__(self, *args, read: PreparedRead, accepts: Callable[[Model], bool] = lambda choice: True, **kwargs):
        super().__init__(*args, **kwargs)
        self.read, self.accepts = read, accepts

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = 0
        found = self.read(pk) if 0 < pk <= _LARGEST_ID else []
        if not found or not self.accepts(found[0]):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return found[0]


class SharedChoices:
    """A choice field whose copies share its choices. Every form deep-copies its fields, and Django copied the
    choices too, labels and all; they are never changed in place, only replaced. Copying them was most of
    building the incident list's filter form (0.3 of 0.5 ms)."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class ChoiceField(SharedChoices, forms.ChoiceField):
    pass


class TypedChoiceField(SharedChoices, forms.TypedChoiceField):
    pass
