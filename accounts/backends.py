"""ModelBackend reading a user's permissions and role names in one query instead of three.

Every staff page checks a permission and shows the menu of the user's roles: ModelBackend asks for the
user's own permissions and their groups' apart, and organization.roles asks for the groups' names again.
The answers are the same; they are kept on the user object for the request, as ModelBackend keeps its own.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

from lostfound.prepared import PreparedRead


class OneQueryModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if (user_obj.is_active and not user_obj.is_anonymous and obj is None and not user_obj.is_superuser
                and not hasattr(user_obj, "_perm_cache")):
            _read_permissions_and_roles(user_obj)
        return super().get_all_permissions(user_obj, obj)


def _permissions_and_roles(user_id: int):
    # No ORDER BY in either part: SQLite refuses one inside a compound statement.
    through_groups = Group.objects.filter(user=user_id).order_by().values_list(
        "name", "permissions__content_type__app_label", "permissions__codename")
    own = Permission.objects.filter(user=user_id).order_by().values_list(
        Value(None, output_field=CharField()), "content_type__app_label", "codename")
    return through_groups.union(own, all=True)


_PERMISSIONS_AND_ROLES = PreparedRead(_permissions_and_roles)


def _read_permissions_and_roles(user) -> None:
    roles, from_groups, from_user = set(), set(), set()
    for group, app_label, codename in _PERMISSIONS_AND_ROLES(user.pk):
        if group is not None:
            roles.add(group)
        if codename is not None:
            (from_groups if group is not None else from_user).add(f"{app_label}.{codename}")
    user._user_perm_cache, user._group_perm_cache = from_user, from_groups
    user._perm_cache = from_user | from_groups
    if getattr(user, "_role_names", None) is None:
        user._role_names = roles
