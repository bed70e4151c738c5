"""Roles are Django groups; this module is the one place that says what each may do (SEC-2).

Each app adds its permissions to ROLE_PERMISSIONS as it lands. `sync_roles()` runs after every
migrate, so a fresh database and an upgraded one end with the same groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    FRONT_DESK = "front_desk", _("Front desk")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    CUSTODIAN = "custodian", _("Custodian")
    MANAGER = "manager", _("Manager")
    LEGAL = "legal", _("Legal")
    FINANCE = "finance", _("Finance")
    ADMINISTRATOR = "administrator", _("Administrator")


_POLICY_MODELS = ("policy", "itemcategory", "depreciationband", "escalationstep", "calendarday", "messagetemplate")
_ORGANIZATION_MODELS = ("site", "area", "department", "staffprofile", "dutyshift")


def _model_permissions(app: str, models: tuple[str, ...], actions: tuple[str, ...]) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


ALL = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FRONT_DESK: [],
    Role.SECURITY_OFFICER: [],
    Role.CUSTODIAN: [],
    Role.MANAGER: [
        *_model_permissions("organization", ("dutyshift",), ALL),
        *_model_permissions("organization", ("site", "area", "department", "staffprofile"), ("view",)),
    ],
    Role.LEGAL: [
        *_model_permissions("policy", _POLICY_MODELS, ALL),
        *_model_permissions("organization", ("site",), ("view",)),
        "auditlog.view_logentry",
    ],
    Role.FINANCE: [],
    Role.ADMINISTRATOR: [
        *_model_permissions("organization", _ORGANIZATION_MODELS, ALL),
        *_model_permissions("auth", ("user",), ALL),
        "auth.view_group",
        "auditlog.view_logentry",
    ],
}

# Roles that work in the admin site (Django's is_staff flag).
ADMIN_SITE_ROLES = {Role.LEGAL, Role.ADMINISTRATOR, Role.MANAGER}


def sync_roles() -> None:
    """Make every role group hold exactly the permissions listed above."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Role {role} lists {code}, which does not exist")
            wanted.append(permission)
        group.permissions.set(wanted)


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return user.is_superuser or bool(roles_of(user) & set(roles))
