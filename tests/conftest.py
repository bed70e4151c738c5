"""Named personas for every role, at site SH01, and an outsider from site BJ01."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from organization.models import Area, Department, DepartmentKind, Position, Site, StaffProfile
from organization.roles import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the public pages' rate-limit counters of one test must not
    refuse another test's requests."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _quiet_kick_window(monkeypatch):
    """Each test starts after a quiet spell: a kick another test published a moment ago must not turn this test's
    first message into a share of a delivery sweep (notifications/kick_window.py)."""
    from notifications import services
    from notifications.kick_window import KickWindow

    monkeypatch.setattr(services, "_kicks", KickWindow(
        seconds=services.KICK_WINDOW_SECONDS, kick_message=services._publish_delivery,
        kick_sweep=services._publish_delivery_sweep,
    ))


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Tests read English unless they ask for Chinese (a cookie, translation.override); the product's
    default language stays zh-hans."""
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def site(db) -> Site:
    return Site.objects.create(code="SH01", name="Shanghai Plaza", time_zone="Asia/Shanghai")


@pytest.fixture
def other_site(db) -> Site:
    return Site.objects.create(code="BJ01", name="Beijing Mall", time_zone="Asia/Shanghai")


@pytest.fixture
def area(site) -> Area:
    return Area.objects.create(site=site, name="Lobby")


@pytest.fixture
def other_area(other_site) -> Area:
    return Area.objects.create(site=other_site, name="Atrium")


def make_staff(django_user_model, username, *, role, sites, kind=DepartmentKind.CUSTOMER_SERVICE,
               position=Position.STAFF, all_sites=False, is_staff=False):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery", first_name=username.capitalize(),
        email=f"{username}@example.com", is_staff=is_staff,
    )
    user.groups.add(Group.objects.get(name=role))
    department = None
    if sites:
        department, _ = Department.objects.get_or_create(site=sites[0], kind=kind, defaults={"name": str(kind.label)})
    profile = StaffProfile.objects.create(user=user, department=department, position=position, all_sites=all_sites)
    profile.sites.set(sites)
    return user


@pytest.fixture
def front_desk(django_user_model, site):
    return make_staff(django_user_model, "fiona", role=Role.FRONT_DESK, sites=[site])


@pytest.fixture
def security_officer(django_user_model, site):
    return make_staff(django_user_model, "sam", role=Role.SECURITY_OFFICER, sites=[site], kind=DepartmentKind.SECURITY)


@pytest.fixture
def custodian(django_user_model, site):
    return make_staff(django_user_model, "carl", role=Role.CUSTODIAN, sites=[site], kind=DepartmentKind.SECURITY)


@pytest.fixture
def manager(django_user_model, site):
    return make_staff(django_user_model, "maria", role=Role.MANAGER, sites=[site], kind=DepartmentKind.MANAGEMENT,
                      position=Position.DEPARTMENT_MANAGER, is_staff=True)


@pytest.fixture
def legal(django_user_model, site):
    return make_staff(django_user_model, "lee", role=Role.LEGAL, sites=[], all_sites=True, is_staff=True)


@pytest.fixture
def finance(django_user_model, site):
    return make_staff(django_user_model, "fang", role=Role.FINANCE, sites=[], all_sites=True)


@pytest.fixture
def administrator(django_user_model, site):
    return make_staff(django_user_model, "ada", role=Role.ADMINISTRATOR, sites=[site], is_staff=True)


@pytest.fixture
def outsider(django_user_model, other_site):
    """Front-desk staff of another site: must never see SH01's records."""
    return make_staff(django_user_model, "otto", role=Role.FRONT_DESK, sites=[other_site])


@pytest.fixture
def policy_defaults(db) -> None:
    """The rulebook of a fresh installation (company policy, categories, ladder, texts, calendar)."""
    from policy.seed import install_defaults

    install_defaults()
