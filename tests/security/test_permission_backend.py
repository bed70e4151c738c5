"""One query gives the permissions ModelBackend gives, and the user's role names with them."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import OneQueryModelBackend
from organization.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("persona", ["front_desk", "manager", "custodian", "legal"])
def test_the_same_permissions_as_model_backend(request, persona):
    user = request.getfixturevalue(persona)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry"))
    ours, theirs, expected = fresh(user), fresh(user), ModelBackend()
    assert OneQueryModelBackend().get_all_permissions(ours) == expected.get_all_permissions(theirs)
    assert OneQueryModelBackend().get_user_permissions(ours) == expected.get_user_permissions(theirs) == {
        "auditlog.view_logentry"}
    assert OneQueryModelBackend().get_group_permissions(ours) == expected.get_group_permissions(theirs)


def test_one_query_for_permissions_and_roles(front_desk):
    user = fresh(front_desk)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("incidents.add_incident")
        assert roles_of(user) == {Role.FRONT_DESK}
    assert len(queries) == 1


def test_a_group_without_permissions_is_still_a_role(front_desk):
    front_desk.groups.add(Group.objects.create(name="no-permissions"))
    user = fresh(front_desk)
    user.has_perm("incidents.add_incident")
    assert roles_of(user) == {Role.FRONT_DESK, "no-permissions"}


def test_inactive_users_and_superusers_as_model_backend(front_desk, django_user_model):
    front_desk.is_active = False
    front_desk.save()
    assert OneQueryModelBackend().get_all_permissions(fresh(front_desk)) == set()
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "x" * 16)
    assert OneQueryModelBackend().get_all_permissions(fresh(boss)) == ModelBackend().get_all_permissions(fresh(boss))
