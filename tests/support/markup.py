"""Markup built in Python compared with the template it replaced, in every language and a few time zones."""

from django.template import Context, Template
from django.utils import timezone, translation

LANGUAGES = ("en", "zh-hans")
ZONES = ("Asia/Shanghai", "America/New_York")


def assert_built_like_template(built: str, templated: str, context: dict, *, normalise) -> str:
    """Render both template sources with `context` in each language and zone; return the built markup (zh-hans,
    the last zone) for further checks."""
    for language in LANGUAGES:
        for zone in ZONES:
            with translation.override(language), timezone.override(zone):
                ours = normalise(Template(built).render(Context(context)))
                theirs = normalise(Template(templated).render(Context(context)))
            assert ours == theirs, (language, zone)
    return ours
