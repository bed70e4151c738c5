import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from organization.models import Area, DutyKind, DutyShift
from organization.roles import ROLE_PERMISSIONS, Role, has_role
from organization.selectors import on_duty, restrict_to_sites, sites_for


def test_every_role_is_a_group_with_its_permissions(db):
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(codes), role


def test_staff_see_only_their_sites(front_desk, outsider, site, other_site, area, other_area):
    assert list(sites_for(front_desk)) == [site]
    assert list(sites_for(outsider)) == [other_site]
    assert list(restrict_to_sites(Area.objects.all(), front_desk)) == [area]
    assert list(restrict_to_sites(Area.objects.all(), outsider)) == [other_area]


def test_company_level_staff_see_every_site(legal, site, other_site):
    assert set(sites_for(legal)) == {site, other_site}


def test_anonymous_sees_nothing(site, area):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict_to_sites(Area.objects.all(), AnonymousUser()).exists()
    assert not has_role(AnonymousUser(), Role.FRONT_DESK)


def test_roles_are_exclusive(front_desk):
    assert has_role(front_desk, Role.FRONT_DESK)
    assert not has_role(front_desk, Role.MANAGER, Role.LEGAL)


def test_duty_roster_finds_who_is_on_duty(site, security_officer, manager):
    now = timezone.now()
    DutyShift.objects.create(site=site, kind=DutyKind.DUTY_MANAGER, user=manager,
                             starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=7))
    DutyShift.objects.create(site=site, kind=DutyKind.DUTY_MANAGER, user=security_officer,
                             starts_at=now + datetime.timedelta(hours=7), ends_at=now + datetime.timedelta(hours=15))
    assert [shift.user for shift in on_duty(site=site, kind=DutyKind.DUTY_MANAGER, at=now)] == [manager]
    later = now + datetime.timedelta(hours=8)
    assert [shift.user for shift in on_duty(site=site, kind=DutyKind.DUTY_MANAGER, at=later)] == [security_officer]


def test_bad_time_zone_is_refused(site):
    from django.core.exceptions import ValidationError

    site.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError):
        site.full_clean()
