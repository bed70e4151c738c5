"""The rulebook a fresh database starts with. Creates only what is missing; never changes legal's values.

Takes an app registry so the data migration can run it with historical models; values for fields a
historical model does not have yet are skipped.
"""

from django.apps import apps as global_apps
from django.db import transaction

from policy.defaults import DEFAULTS
from policy.seed_categories import CATEGORIES, COMPANY_LADDER
from policy.seed_messages import TEXTS


def _known(model, values: dict) -> dict:
    names = {field.name for field in model._meta.get_fields()}
    return {name: value for name, value in values.items() if name in names}


def _company_policy(model) -> None:
    row = model.objects.filter(site__isnull=True).first()
    if row is None:
        model.objects.create(site=None, **_known(model, DEFAULTS))
        return
    missing = [name for name, value in _known(model, DEFAULTS).items() if getattr(row, name) in (None, "")]
    for name in missing:
        setattr(row, name, DEFAULTS[name])
    if missing:
        row.save(update_fields=missing)


def _categories(model) -> None:
    for values in CATEGORIES:
        values = _known(model, values)
        model.objects.get_or_create(code=values["code"], defaults=values)


def _ladder(model) -> None:
    # A ladder legal has shortened stays short: steps are only added to an empty company ladder.
    if model.objects.filter(site__isnull=True).exists():
        return
    for values in COMPANY_LADDER:
        model.objects.create(site=None, **values)


def _templates(model) -> None:
    for key, languages in TEXTS.items():
        for language, channels in languages.items():
            for channel, text in channels.items():
                subject, body = text if isinstance(text, tuple) else ("", text)
                model.objects.get_or_create(
                    site=None, key=key, language=language, channel=channel,
                    defaults={"subject": subject, "body": body},
                )


@transaction.atomic
def install_defaults(*, apps=global_apps, calendar_years: list[int] | None = None) -> None:
    """The company policy with every default, categories, ladder, message texts and China's calendar."""
    from policy.calendar import default_years, load_china_calendar

    _company_policy(apps.get_model("policy", "Policy"))
    _categories(apps.get_model("policy", "ItemCategory"))
    _ladder(apps.get_model("policy", "EscalationStep"))
    _templates(apps.get_model("policy", "MessageTemplate"))
    load_china_calendar(calendar_years or default_years(), apps=apps)
