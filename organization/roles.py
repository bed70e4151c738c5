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

# Incidents (SEC-2): everyone on site sees them; front desk and managers file and own them.
_INCIDENT_VIEW = ["incidents.view_incident", "incidents.view_customer"]
_INCIDENT_FRONT_DESK = [
    *_INCIDENT_VIEW, "incidents.add_incident", "incidents.work_incident", "incidents.hand_over_incident",
    "incidents.close_incident", "incidents.accept_incident", "incidents.followup_incident",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.FRONT_DESK: [*_INCIDENT_FRONT_DESK],
    Role.SECURITY_OFFICER: [*_INCIDENT_VIEW, "incidents.work_incident"],
    Role.CUSTODIAN: [*_INCIDENT_VIEW],
    Role.MANAGER: [
        *_INCIDENT_FRONT_DESK, "incidents.review_incident",
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

# Investigations (INV, SEC-2): security officers and managers add to the log, front desk reads it;
# nobody changes or deletes an entry (INV-9), and managers publish lost-item notices (INV-7).
_INVESTIGATION_LOG = ("recordreview", "scenesurvey", "interview", "claimantstatement", "evidence", "policereport",
                      "investigationreport", "evidencehandover", "policefollowup")
_INVESTIGATION_VIEW = _model_permissions(
    "investigations", (*_INVESTIGATION_LOG, "interviewperson", "entryphoto", "lostitemnotice"), ("view",)
)
_INVESTIGATION_ADD = _model_permissions("investigations", _INVESTIGATION_LOG, ("add",))
ROLE_PERMISSIONS[Role.FRONT_DESK] += _INVESTIGATION_VIEW
ROLE_PERMISSIONS[Role.SECURITY_OFFICER] += [*_INVESTIGATION_VIEW, *_INVESTIGATION_ADD]
ROLE_PERMISSIONS[Role.MANAGER] += [
    *_INVESTIGATION_VIEW, *_INVESTIGATION_ADD,
    "investigations.add_lostitemnotice", "investigations.change_lostitemnotice",
]

# Custody (CUS, SEC-2): custodians and security register and move found items; front desk and custodians
# return and mail them; everyone on site confirms matches; managers approve disposal.
_CUSTODY_VIEW = _model_permissions("custody", ("founditem", "storagelocation", "custodytransfer", "match"), ("view",))
ROLE_PERMISSIONS[Role.FRONT_DESK] += [*_CUSTODY_VIEW, "custody.release_founditem", "custody.match_founditem"]
ROLE_PERMISSIONS[Role.SECURITY_OFFICER] += [*_CUSTODY_VIEW, "custody.register_founditem", "custody.match_founditem"]
ROLE_PERMISSIONS[Role.CUSTODIAN] += [
    *_CUSTODY_VIEW, "custody.register_founditem", "custody.release_founditem", "custody.match_founditem",
    "custody.dispose_founditem",
]
ROLE_PERMISSIONS[Role.MANAGER] += [
    *_CUSTODY_VIEW, "custody.match_founditem", "custody.dispose_founditem", "custody.approve_disposal",
]
ROLE_PERMISSIONS[Role.ADMINISTRATOR] += ["custody.view_custodysettings", "custody.change_custodysettings"]

# Compensation (CMP, SEC-2): front desk and managers file claims, managers and legal assess, legal gives
# opinions, managers decide (the amount's tier needs their position), finance pays and audits the payouts.
_CLAIM_FILE = ["compensation.view_claim", "compensation.add_claim", "compensation.agree_claim"]
ROLE_PERMISSIONS[Role.FRONT_DESK] += _CLAIM_FILE
ROLE_PERMISSIONS[Role.MANAGER] += [
    *_CLAIM_FILE, "compensation.file_late_claim", "compensation.assess_claim", "compensation.decide_claim",
]
ROLE_PERMISSIONS[Role.LEGAL] += ["compensation.view_claim", "compensation.assess_claim", "compensation.give_legal_opinion"]
ROLE_PERMISSIONS[Role.FINANCE] += ["compensation.view_claim", "compensation.pay_claim", "compensation.view_payment"]

# Personal data (SEC-1): contacts are masked for everyone; those who call or write to customers — front desk
# (call-backs, CUS-5), custodians (pickup and mailing, CUS-6/7) and managers (complaints, SLA-3) — may show
# one in full, and each reveal is logged. Legal and administrators read that log and the consents.
ROLE_PERMISSIONS[Role.FRONT_DESK] += ["privacy.reveal_contact"]
ROLE_PERMISSIONS[Role.CUSTODIAN] += ["privacy.reveal_contact"]
ROLE_PERMISSIONS[Role.MANAGER] += ["privacy.reveal_contact"]
_PRIVACY_READ = _model_permissions("privacy", ("contactreveal", "consentrecord", "anonymisedincident"), ("view",))
ROLE_PERMISSIONS[Role.LEGAL] += _PRIVACY_READ
ROLE_PERMISSIONS[Role.ADMINISTRATOR] += _PRIVACY_READ

# Sign-in (SEC-2): administrators unlock locked-out sign-ins (django-axes) and remove a lost phone's
# second factor so its owner can enrol again.
ROLE_PERMISSIONS[Role.ADMINISTRATOR] += [
    "axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog",
    "otp_totp.view_totpdevice", "otp_totp.delete_totpdevice",
]

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
