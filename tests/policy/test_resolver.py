import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

import policy
from policy.defaults import DEFAULTS
from policy.models import EscalationStep, Policy
from policy.selectors import escalation_ladder

pytestmark = pytest.mark.usefixtures("policy_defaults")


def company() -> Policy:
    return Policy.objects.get(site__isnull=True)


def test_a_site_without_a_row_gets_the_company_default(site):
    assert policy.for_site(site).progress_update_hours == DEFAULTS["progress_update_hours"]
    assert policy.for_site(site).acknowledge_minutes == 60
    assert policy.for_site(site).investigation_finish_working_days == 3


def test_a_change_to_the_company_default_reaches_every_site(site, other_site):
    Policy.objects.filter(site__isnull=True).update(progress_update_hours=12)

    assert policy.for_site(site).progress_update_hours == 12
    assert policy.for_site(other_site).progress_update_hours == 12


def test_a_site_override_beats_the_company_default_only_at_that_site(site, other_site):
    Policy.objects.create(site=site, progress_update_hours=6)

    assert policy.for_site(site).progress_update_hours == 6
    assert policy.for_site(other_site).progress_update_hours == 24


def test_empty_fields_of_a_site_row_fall_back_to_the_company(site):
    Policy.objects.create(site=site, progress_update_hours=6, weekend_days="")
    Policy.objects.filter(site__isnull=True).update(acknowledge_minutes=45)

    rules = policy.for_site(site)

    assert rules.acknowledge_minutes == 45
    assert rules.weekend == frozenset({5, 6})
    assert rules.quiet_hours_start == datetime.time(22, 0)


def test_without_any_row_the_built_in_defaults_apply(site):
    Policy.objects.all().delete()

    assert policy.for_site(site).claim_window_days == DEFAULTS["claim_window_days"]
    assert policy.for_site(None).approval_limit_department_manager == Decimal("2000.00")


def test_the_resolver_reads_with_one_query(site, django_assert_num_queries):
    Policy.objects.create(site=site, progress_update_hours=6)

    with django_assert_num_queries(1):
        policy.for_site(site)


def test_a_site_row_needs_both_ends_of_quiet_hours(site):
    row = Policy(site=site, quiet_hours_start=datetime.time(23, 0))

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert "quiet_hours_end" in error.value.message_dict


def test_the_company_row_needs_every_value():
    row = company()
    row.dispatch_minutes = None

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert list(error.value.message_dict) == ["dispatch_minutes"]


def test_a_second_row_for_the_same_site_is_refused(site):
    Policy.objects.create(site=site, progress_update_hours=6)

    with pytest.raises(ValidationError):
        Policy(site=site, progress_update_hours=8).full_clean()


def test_approval_limits_are_checked_against_the_inherited_ones(site):
    row = Policy(site=site, approval_limit_department_manager=Decimal("50000"))

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert "approval_limit_department_manager" in error.value.message_dict


def test_a_week_without_a_working_day_is_refused(site):
    with pytest.raises(ValidationError) as error:
        Policy(site=site, weekend_days="0,1,2,3,4,5,6").full_clean()

    assert "weekend_days" in error.value.message_dict


def test_a_site_ladder_replaces_the_company_ladder(site, other_site):
    EscalationStep.objects.create(site=site, level=1, position="site_general_manager", delay_minutes=30)

    assert [step.position for step in escalation_ladder(site)] == ["site_general_manager"]
    assert [step.level for step in escalation_ladder(other_site)] == [1, 2, 3]


def test_a_ladder_step_cannot_come_before_a_lower_level():
    step = EscalationStep(site=None, level=4, position="company_general_manager", delay_minutes=30)

    with pytest.raises(ValidationError) as error:
        step.full_clean()

    assert "delay_minutes" in error.value.message_dict


def test_within_a_request_each_sites_rulebook_is_read_once(site, other_site, django_assert_num_queries):
    from policy.selectors import remembered_for_request

    with remembered_for_request():
        with django_assert_num_queries(2):
            for _ in range(3):
                policy.for_site(site), policy.for_site(other_site)
        row = company()
        row.progress_update_hours = 7
        row.save()
        assert policy.for_site(site).progress_update_hours == 7
    with django_assert_num_queries(2):
        policy.for_site(site), policy.for_site(site)


def test_every_request_starts_with_a_fresh_rulebook(client, site, front_desk):
    from django.conf import settings

    assert "policy.middleware.PolicyPerRequestMiddleware" in settings.MIDDLEWARE
    client.force_login(front_desk)
    client.get("/")
    Policy.objects.filter(site__isnull=True).update(progress_update_hours=5)
    assert policy.for_site(site).progress_update_hours == 5
