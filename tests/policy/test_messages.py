import pytest
from django.core.exceptions import ValidationError

from policy.messages import MESSAGE_KINDS, SAMPLE_CONTEXT, render_text
from policy.models import MessageTemplate

pytestmark = pytest.mark.usefixtures("policy_defaults")


def test_every_message_has_a_text_in_both_languages_and_channels():
    for key in MESSAGE_KINDS:
        for language in ("zh-hans", "en"):
            for channel in ("email", "sms"):
                assert MessageTemplate.objects.filter(
                    site__isnull=True, key=key, language=language, channel=channel
                ).exists(), (key, language, channel)


def test_every_seeded_text_is_valid_and_renders_its_variables():
    for template in MessageTemplate.objects.all():
        template.full_clean()
        body = render_text(template.body, SAMPLE_CONTEXT)
        assert "{{" not in body and "LF-20261122-0042" in body, template


def test_texts_render_without_html_escaping():
    assert render_text("{{ note }}", {"note": "A & B <ok>"}) == "A & B <ok>"


def test_a_broken_template_is_refused_beside_the_body(site):
    template = MessageTemplate(site=site, key="item_found", language="en", channel="sms", body="Hi {% if reference %}")

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert list(error.value.message_dict) == ["body"]


def test_an_unknown_variable_is_refused():
    template = MessageTemplate(key="item_found", language="en", channel="sms", body="Hello {{ refrence }}")

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert "refrence" in error.value.message_dict["body"][0]


def test_an_email_needs_a_subject_and_a_text_message_has_none():
    email = MessageTemplate(key="new_match", language="en", channel="email", body="{{ reference }}")
    sms = MessageTemplate(key="new_match", language="en", channel="sms", subject="Hi", body="{{ reference }}")

    for template in (email, sms):
        with pytest.raises(ValidationError) as error:
            template.full_clean()
        assert "subject" in error.value.message_dict
