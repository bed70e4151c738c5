import datetime
import zoneinfo

import pytest

from organization.models import DepartmentKind, Position
from organization.roles import Role
from policy.models import EscalationStep, MessageTemplate
from tests.conftest import make_staff

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    """A moment given in Shanghai wall-clock time."""
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def staff_templates(db):
    for language in ("zh-hans", "en"):
        MessageTemplate.objects.update_or_create(
            site=None, key="deadline_reminder", language=language, channel="email",
            defaults={"subject": "Reminder {{ reference }}", "body": "{{ deadline }} due {{ due_at }} {{ incident_url }}"},
        )
        MessageTemplate.objects.update_or_create(
            site=None, key="deadline_escalated", language=language, channel="email",
            defaults={"subject": "Escalated {{ level }} {{ reference }}", "body": "{{ deadline }} was due {{ due_at }}"},
        )


@pytest.fixture
def ladder(db):
    """The company ladder: department manager 0 min, site GM 60 min, company GM 240 min after due."""
    EscalationStep.objects.filter(site__isnull=True).delete()
    return [
        EscalationStep.objects.create(site=None, level=1, position=Position.DEPARTMENT_MANAGER, delay_minutes=0),
        EscalationStep.objects.create(site=None, level=2, position=Position.SITE_GENERAL_MANAGER, delay_minutes=60),
        EscalationStep.objects.create(site=None, level=3, position=Position.COMPANY_GENERAL_MANAGER, delay_minutes=240),
    ]


@pytest.fixture
def site_gm(django_user_model, site):
    return make_staff(django_user_model, "gina", role=Role.MANAGER, sites=[site], kind=DepartmentKind.MANAGEMENT,
                      position=Position.SITE_GENERAL_MANAGER)


@pytest.fixture
def company_gm(django_user_model):
    return make_staff(django_user_model, "carlos", role=Role.MANAGER, sites=[], all_sites=True,
                      position=Position.COMPANY_GENERAL_MANAGER)


@pytest.fixture
def duty_manager(django_user_model, site):
    return make_staff(django_user_model, "dora", role=Role.MANAGER, sites=[site], kind=DepartmentKind.OPERATIONS)
