import pytest
from django.core.management import call_command

from policy.defaults import DEFAULTS
from policy.models import CalendarDay, EscalationStep, ItemCategory, MessageTemplate, Policy
from policy.seed import install_defaults
from policy.selectors import POLICY_FIELDS


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Policy, ItemCategory, EscalationStep, MessageTemplate, CalendarDay)
    )


def test_install_defaults_fills_every_value_of_the_company_row(policy_defaults):
    company = Policy.objects.get(site__isnull=True)

    assert set(POLICY_FIELDS) == set(DEFAULTS)
    assert all(getattr(company, name) == value for name, value in DEFAULTS.items())


def test_install_defaults_is_idempotent_and_keeps_legals_values(policy_defaults):
    Policy.objects.filter(site__isnull=True).update(acknowledge_minutes=45, dispatch_minutes=None)
    ItemCategory.objects.filter(code="cash").update(retention_days=400)
    before = counts()

    install_defaults()
    call_command("load_policy_defaults", stdout=open("/dev/null", "w"))

    assert counts() == before
    company = Policy.objects.get(site__isnull=True)
    assert (company.acknowledge_minutes, company.dispatch_minutes) == (45, DEFAULTS["dispatch_minutes"])
    assert ItemCategory.objects.get(code="cash").retention_days == 400


def test_install_defaults_fills_an_empty_database(db):
    for model in (Policy, ItemCategory, EscalationStep, MessageTemplate, CalendarDay):
        model.objects.all().delete()

    install_defaults(calendar_years=[2026])

    assert Policy.objects.get(site__isnull=True).progress_update_hours == 24
    assert ItemCategory.objects.count() == 17
    assert list(EscalationStep.objects.values_list("position", flat=True)) == [
        "department_manager", "site_general_manager", "company_general_manager"
    ]
    assert MessageTemplate.objects.count() == 40
    assert CalendarDay.objects.filter(date__year=2026).exists()


def test_the_seeded_categories_are_valid_and_bilingual(policy_defaults):
    cash = ItemCategory.objects.get(code="cash")
    assert (cash.valuable, cash.is_cash, cash.shippable) == (True, True, False)
    assert ItemCategory.objects.get(code="food-perishables").perishable
    for category in ItemCategory.objects.all():
        category.full_clean()
        assert category.identifying_questions_zh_hans and category.identifying_questions_en


def test_a_shortened_ladder_is_not_refilled(policy_defaults):
    EscalationStep.objects.filter(level=3).delete()

    install_defaults()

    assert EscalationStep.objects.count() == 2
