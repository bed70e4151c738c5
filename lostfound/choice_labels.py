"""`get_FOO_display()` from the choices' labels kept per field and language.

Django rebuilds a hashable copy of every choice on each call, 66 µs; the incident page asked for twenty labels.
"""

import functools

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


class ChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return _labels(field, get_language()).get(make_hashable(value), force_str(value, strings_only=True))


@functools.lru_cache(maxsize=512)
def _labels(field, language: str | None) -> dict:
    return {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
