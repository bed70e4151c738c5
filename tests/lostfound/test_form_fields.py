"""`bs_field` / `bs_form` give the same markup as crispy-forms' Bootstrap 5 pack, at a fraction of the cost."""

import re

import pytest
from django import forms
from django.template import Context, Template

from incidents.forms import ContactForm, FilterForm, FollowUpForm, NoteForm, PoliceReportForm


def _tag(match: re.Match) -> str:
    return "<" + " ".join([match.group(1), *sorted(re.findall(r'[\w-]+(?:="[^"]*")?', match.group(2)))]) + ">"


def normalised(html: str) -> str:
    """Whitespace between tags and the order of attributes do not matter to a browser."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s+", ">", html)
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"<(\w+)([^>]*)>", _tag, html.strip())


def crispy(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def ours(form) -> str:
    return Template("{% load form_fields %}{{ form|bs_form }}").render(Context({"form": form}))


def assert_fields_match(theirs_form, my_form) -> None:
    """Each field of `my_form` by `bs_field` reads as the same field of `theirs_form` by crispy-forms."""
    for name in theirs_form.fields:
        theirs = Template("{% load crispy_forms_tags %}{{ f|as_crispy_field }}").render(Context({"f": theirs_form[name]}))
        mine = Template("{% load form_fields %}{{ f|bs_field }}").render(Context({"f": my_form[name]}))
        assert normalised(mine) == normalised(theirs), name


class Everything(forms.Form):
    text = forms.CharField(label="Text <b>", help_text="Help & hints", max_length=20)
    number = forms.IntegerField(required=False, min_value=0)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mail = forms.EmailField(required=False)
    choice = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), ("Group", [("g1", "One"), ("g2", "Two")])])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agree = forms.BooleanField(label="I agree")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


@pytest.mark.parametrize("data", [None, {}, {"text": "x" * 30, "number": "-1", "when": "2026-13-40", "mail": "no",
                                            "choice": "zz", "note": "<script>", "agree": "on", "secret": "s"},
                                  {"text": "ok", "choice": "g2", "agree": "on", "note": "line\nline"}])
def test_every_widget_kind_matches_crispy(data):
    first, second = Everything(data), Everything(data)
    if data is not None:
        first.is_valid(), second.is_valid()
    assert normalised(ours(second)) == normalised(crispy(first))


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"q": "<b>", "site": "999", "overdue": "on", "hour": "3", "escalation": "x",
                                         "date_from": "2026-13-01", "status": "open"}])
def test_the_incident_filters_match_crispy(front_desk, site, data):
    first, second = FilterForm(data, user=front_desk), FilterForm(data, user=front_desk)
    if data is not None:
        first.is_valid(), second.is_valid()
    assert_fields_match(first, second)


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [NoteForm, ContactForm, FollowUpForm, PoliceReportForm])
@pytest.mark.parametrize("data", [None, {}])
def test_the_incident_page_forms_match_crispy(form_class, data):
    first, second = form_class(data), form_class(data)
    if data is not None:
        first.is_valid(), second.is_valid()
    assert normalised(ours(second)) == normalised(crispy(first))


def test_other_widgets_are_left_to_crispy():
    class Upload(forms.Form):
        photo = forms.FileField()
        pick = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        secret = forms.CharField(widget=forms.PasswordInput)

    assert normalised(ours(Upload())) == normalised(crispy(Upload()))
    typed = Upload({"secret": "hunter2-typed"})
    typed.is_valid()
    assert "hunter2-typed" not in ours(typed)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {}, {"phone": "12", "name": "<b>x</b>", "email": "no", "kind": "theft",
                                         "lost_from": "2026-13-01 10:00", "lost_until": "yesterday",
                                         "description": "a\nb", "is_drill": "on", "id_number": "1234"}])
def test_the_report_form_matches_crispy(front_desk, site, area, data):
    from incidents.forms import ReportForm

    first, second = ReportForm(data, user=front_desk), ReportForm(data, user=front_desk)
    if data is not None:
        first.is_valid(), second.is_valid()
    assert_fields_match(first, second)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"items-0-name": "", "items-0-quantity": "0", "items-0-estimated_value": "-1",
                                         "items-0-category": "999", "items-0-DELETE": "on"}])
def test_the_item_forms_match_crispy(data):
    from incidents.forms import ItemFormSet

    management = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
                  "items-MAX_NUM_FORMS": "10"}
    first, second = (ItemFormSet({**management, **data} if data else None, prefix="items") for _ in range(2))
    if data is not None:
        first.is_valid(), second.is_valid()
    for theirs_form, my_form in zip(first.forms, second.forms, strict=True):
        assert_fields_match(theirs_form, my_form)


def test_a_blank_form_is_built_once_per_language_and_initial_values(monkeypatch):
    from django.utils import translation

    from lostfound import form_fields

    monkeypatch.setattr(form_fields, "_BLANK_MARKUP", {})
    built = []
    build = form_fields._form
    monkeypatch.setattr(form_fields, "_form", lambda form: built.append(form) or build(form))
    with translation.override("en"):
        english = ours(NoteForm())
        assert ours(NoteForm()) == english and len(built) == 1
        assert ours(NoteForm(auto_id="other_%s")) != english and len(built) == 2
        assert ours(PoliceReportForm(initial={"state": "filed"})) != ours(PoliceReportForm(initial={"state": "declined"}))
        assert len(built) == 4
        bound = NoteForm({"text": ""})
        bound.is_valid()
        assert "invalid-feedback" in ours(bound) and len(built) == 5
        assert "invalid-feedback" not in ours(NoteForm())
    with translation.override("zh-hans"):
        assert ours(NoteForm()) != english and len(built) == 6
    with translation.override("en"):
        assert normalised(ours(NoteForm())) == normalised(crispy(NoteForm()))
