"""Message text from the rulebook's templates (POL-3), in the recipient's language."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

from notifications.models import Message
from policy.models import MessageTemplate


class TemplateMissing(Exception):
    """No template for this key and channel in any language: legal must add one."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def pick_template(*, key: str, channel: str, language: str, site_id: int | None) -> MessageTemplate:
    """The site's own template over the company's; the recipient's language over the default one."""
    languages = [language] if language == settings.LANGUAGE_CODE else [language, settings.LANGUAGE_CODE]
    scope = Q(site__isnull=True) | Q(site_id=site_id) if site_id else Q(site__isnull=True)
    candidates = (
        MessageTemplate.objects.filter(scope, key=key, channel=channel, language__in=languages)
        .annotate(
            language_rank=Case(When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField()),
            site_rank=Case(When(site__isnull=False, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        # A template in the recipient's language wins over a site override in another language.
        .order_by("language_rank", "site_rank")
    )
    template = candidates.first()
    if template is None:
        raise TemplateMissing(f"no {channel} template {key!r} in {', '.join(languages)}")
    return template


def render_text(source: str, context: dict) -> str:
    # Plain text for email and SMS: no HTML escaping.
    return Engine.get_default().from_string(source).render(Context(context, autoescape=False)).strip()


def render_message(message: Message) -> Rendered:
    template = pick_template(
        key=message.template_key, channel=message.channel, language=message.language, site_id=message.site_id
    )
    context = {"recipient_name": message.recipient_name, **(message.context or {})}
    with translation.override(template.language):
        try:
            return Rendered(subject=render_text(template.subject, context), body=render_text(template.body, context))
        except TemplateSyntaxError as error:
            raise TemplateMissing(f"template {template} does not parse: {error}") from error
