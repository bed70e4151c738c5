import pytest

from notifications.rendering import TemplateMissing, render_message
from policy.models import MessageTemplate
from tests.notifications.conftest import make_message

pytestmark = pytest.mark.django_db


def test_renders_in_the_recipients_language_without_escaping(templates, site):
    rendered = render_message(make_message(site=site, language="en"))
    assert rendered.subject == "Hello LF-1"
    assert rendered.body == "Hello Guest <a & b>"


def test_falls_back_to_the_default_language(templates, site, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    MessageTemplate.objects.filter(key="hello", language="en").delete()
    assert render_message(make_message(site=site, language="en")).subject == "您好 LF-1"


def test_a_site_override_wins(templates, site, other_site):
    MessageTemplate.objects.create(site=site, key="hello", language="en", channel="email", subject="SH {{ reference }}",
                                   body="site text")
    assert render_message(make_message(site=site)).subject == "SH LF-1"
    assert render_message(make_message(key="m2", site=other_site)).subject == "Hello LF-1"


def test_the_channel_picks_the_text(templates, site):
    assert render_message(make_message(site=site, channel="sms", address="+86138")).body == "Hello SMS LF-1"


def test_a_missing_template_is_reported(site):
    with pytest.raises(TemplateMissing):
        render_message(make_message(site=site, template_key="no-such-text"))


def test_a_broken_template_is_reported(site):
    MessageTemplate.objects.create(site=None, key="broken", language="zh-hans", channel="email", body="{% if %}")
    with pytest.raises(TemplateMissing):
        render_message(make_message(site=site, template_key="broken"))


def test_the_seeded_staff_texts_render(site):
    from policy.seed import install_defaults

    install_defaults()  # already there after migrate; needed under --nomigrations
    context = {"reference": "LF-20261123-0001", "deadline": "Acknowledge receipt", "due_at": "2026-11-23 11:00",
               "level": 2, "incident_url": "http://x/incidents/1/"}
    for key in ("deadline_reminder", "deadline_escalated"):
        for language in ("zh-hans", "en"):
            rendered = render_message(make_message(key=f"{key}{language}", site=site, template_key=key,
                                                   language=language, context=context))
            assert "LF-20261123-0001" in rendered.subject + rendered.body
