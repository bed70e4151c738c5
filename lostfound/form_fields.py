"""`{{ form.x|bs_field }}` and `{{ form|bs_form }}`: fields in the markup of crispy-forms' Bootstrap 5 pack,
built in Python.

crispy-forms renders every field, and Django every `<option>`, through templates: on the incident list that was
half the page's time. Selects, inputs, text areas and check boxes are built here with the same label, classes,
ARIA attributes, errors and help text; any other widget still goes through crispy-forms.
"""

from django import forms, template
from django.forms.widgets import Input
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

register = template.Library()

_BUILT = (forms.Select, Input, forms.Textarea, forms.CheckboxInput)
# Left to crispy-forms: several values, files, and passwords (which must never be written back into the page).
_ELSEWHERE = (forms.SelectMultiple, forms.RadioSelect, forms.FileInput, forms.MultiWidget, forms.PasswordInput)


class SameWhenBlank:
    """A form whose blank markup follows only from its class, ids, prefix, initial values and the language (no
    choices read from the database, no initial value that moves): `bs_form` and `bs_field` build it once."""


_BLANK_MARKUP: dict[tuple, SafeString] = {}
_BLANK_MARKUP_SIZE = 512


def _blank_key(form: forms.BaseForm, part: str) -> tuple | None:
    if form.is_bound or not isinstance(form, SameWhenBlank):
        return None
    initial = tuple(sorted((name, str(value)) for name, value in form.initial.items()))
    return type(form), form.auto_id, form.prefix, initial, get_language(), part


def _kept(key: tuple | None, build) -> SafeString:
    if key is None:
        return build()
    markup = _BLANK_MARKUP.get(key)
    if markup is None:
        if len(_BLANK_MARKUP) >= _BLANK_MARKUP_SIZE:
            _BLANK_MARKUP.clear()
        markup = _BLANK_MARKUP[key] = build()
    return markup


@register.filter
def bs_form(form: forms.BaseForm) -> SafeString:
    """The form's errors, then each field: what `{{ form|crispy }}` gives."""
    return _kept(_blank_key(form, ""), lambda: _form(form))


def _form(form: forms.BaseForm) -> SafeString:
    errors = form.non_field_errors()
    alert = format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                        format_html_join("", "<li>{}</li>", ((error,) for error in errors))) if errors else ""
    return format_html("{}{}{}", form.media, alert, mark_safe("".join(bs_field(field) for field in form)))


@register.filter
def bs_field(field: forms.BoundField) -> SafeString:
    return _kept(_blank_key(field.form, field.name), lambda: _field(field))


def _field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden:
        return mark_safe(str(field))
    if not isinstance(widget, _BUILT) or isinstance(widget, _ELSEWHERE):
        return as_crispy_field(field)
    checkbox = isinstance(widget, forms.CheckboxInput)
    errors = _errors(field)
    control = _control(field, widget, invalid=bool(errors), checkbox=checkbox)
    help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, mark_safe(
        field.help_text)) if field.help_text else ""
    wrapper_classes = "form-check" if checkbox else "mb-3"
    if field.css_classes():
        wrapper_classes += " " + field.css_classes()
    if checkbox:
        body = format_html("{}{}{}{}", control, _label(field, "form-check-label"), errors, help_text)
        return format_html('<div class="mb-3"><div id="div_{}" class="{}">{}</div></div>', field.auto_id,
                           wrapper_classes, body)
    label = _label(field, "form-label") if field.label else ""
    return format_html('<div id="div_{}" class="{}">{}{}{}{}</div>', field.auto_id, wrapper_classes, label, control,
                       errors, help_text)


def _label(field: forms.BoundField, css: str) -> SafeString:
    required = field.field.required
    return format_html('<label for="{}" class="{}{}">{}{}</label>', field.id_for_label, css,
                       " requiredField" if required else "", field.label,
                       mark_safe('<span class="asteriskField">*</span>') if required else "")


def _errors(field: forms.BoundField) -> SafeString | str:
    if not field.errors:
        return ""
    lines = format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                             ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)))
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, lines)


def _control(field: forms.BoundField, widget: forms.Widget, *, invalid: bool, checkbox: bool) -> SafeString:
    attrs = field.build_widget_attrs(dict(widget.attrs))
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    if isinstance(widget, forms.Select):
        kind = "select form-select"
    elif checkbox:
        kind = "checkboxinput form-check-input"
    else:
        kind = f"{type(widget).__name__.lower()} form-control"
    attrs["class"] = " ".join(filter(None, [kind, attrs.get("class", ""), "is-invalid" if invalid else ""]))
    value = field.value()
    if isinstance(widget, forms.Select):
        return format_html("<select{}>{}</select>", _attrs(field, attrs), _options(field, widget, value))
    if isinstance(widget, forms.Textarea):
        text = widget.format_value(value)
        return format_html("<textarea{}>\n{}</textarea>", _attrs(field, attrs), text or "")
    if checkbox:
        if widget.check_test(value):
            attrs["checked"] = True
        return format_html('<input type="checkbox"{}>', _attrs(field, attrs))
    formatted = widget.format_value(value)
    if formatted is not None:
        attrs["value"] = formatted
    return format_html('<input type="{}"{}>', widget.input_type, _attrs(field, attrs))


def _attrs(field: forms.BoundField, attrs: dict) -> SafeString:
    return flatatt({"name": field.html_name, **attrs})


def _options(field: forms.BoundField, widget: forms.Select, value) -> SafeString:
    chosen = set(widget.format_value(value))
    lines = []
    for group, choices, _index in widget.optgroups(field.html_name, list(chosen)):
        options = "".join(
            f'<option value="{conditional_escape(option["value"])}"'
            f'{" selected" if str(option["value"]) in chosen else ""}>{conditional_escape(option["label"])}</option>'
            for option in choices
        )
        lines.append(f'<optgroup label="{conditional_escape(group)}">{options}</optgroup>' if group else options)
    return mark_safe("".join(lines))
