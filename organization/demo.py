"""The demo company of `make run`: two sites, their areas and departments, one login per role."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from organization.models import Area, Department, DepartmentKind, DutyKind, DutyShift, Position, Site, StaffProfile
from organization.roles import Role

DEMO_PASSWORD = "demo-pass-2026"

SITES = [
    ("SH01", "上海静安广场 Jing'an Plaza", ["大堂 Lobby", "停车场 Car park", "客房 Guest rooms", "餐厅 Restaurant", "健身房 Gym"]),
    ("BJ01", "北京朝阳商城 Chaoyang Mall", ["中庭 Atrium", "美食广场 Food court", "影院 Cinema", "地下车库 Garage"]),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    department: str
    position: str = Position.STAFF
    all_sites: bool = False
    admin_site: bool = False


LOGINS = [
    DemoLogin("frontdesk", "王芳 Wang Fang", Role.FRONT_DESK, DepartmentKind.CUSTOMER_SERVICE),
    DemoLogin("security", "李强 Li Qiang", Role.SECURITY_OFFICER, DepartmentKind.SECURITY),
    DemoLogin("custodian", "赵敏 Zhao Min", Role.CUSTODIAN, DepartmentKind.SECURITY),
    DemoLogin("manager", "陈静 Chen Jing", Role.MANAGER, DepartmentKind.CUSTOMER_SERVICE,
              Position.DEPARTMENT_MANAGER, admin_site=True),
    DemoLogin("sitegm", "刘洋 Liu Yang", Role.MANAGER, DepartmentKind.MANAGEMENT,
              Position.SITE_GENERAL_MANAGER, admin_site=True),
    DemoLogin("companygm", "周伟 Zhou Wei", Role.MANAGER, DepartmentKind.MANAGEMENT,
              Position.COMPANY_GENERAL_MANAGER, all_sites=True, admin_site=True),
    DemoLogin("legal", "孙丽 Sun Li", Role.LEGAL, DepartmentKind.LEGAL, all_sites=True, admin_site=True),
    DemoLogin("finance", "吴敏 Wu Min", Role.FINANCE, DepartmentKind.FINANCE, all_sites=True),
    DemoLogin("admin", "系统管理员 Administrator", Role.ADMINISTRATOR, DepartmentKind.MANAGEMENT, admin_site=True),
]

COMPANY_DEPARTMENTS = {DepartmentKind.LEGAL, DepartmentKind.FINANCE}


def _department(site: Site, kind: str) -> Department:
    scope = None if kind in COMPANY_DEPARTMENTS else site
    department, _ = Department.objects.get_or_create(
        site=scope, kind=kind, defaults={"name": str(DepartmentKind(kind).label)}
    )
    return department


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    sites = []
    for code, name, areas in SITES:
        site, _ = Site.objects.get_or_create(code=code, defaults={"name": name})
        for area in areas:
            Area.objects.get_or_create(site=site, name=area)
        for kind in DepartmentKind.values:
            _department(site, kind)
        sites.append(site)
    home_site = sites[0]
    User = get_user_model()
    for login in LOGINS:
        user, created = User.objects.get_or_create(username=login.username)
        if created:
            user.first_name = login.name
            user.email = f"{login.username}@demo.example"
            user.is_staff = login.admin_site
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=login.role))
        profile, _ = StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "department": _department(home_site, login.department),
                "position": login.position,
                "all_sites": login.all_sites,
                "phone": "13800000000",
            },
        )
        if not login.all_sites:
            profile.sites.add(home_site)
    _roster(home_site)
    _install_policy_defaults()
    _demo_incidents(home_site)
    return LOGINS


def _roster(site: Site) -> None:
    """Today's duty roster at the home site, round the clock, so after-hours alerts have someone."""
    if DutyShift.objects.filter(site=site).exists():
        return
    today = timezone.localdate(timezone=site.zone)
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=site.zone)
    end = start + datetime.timedelta(days=30)
    User = get_user_model()
    for kind, username in [
        (DutyKind.DUTY_MANAGER, "manager"),
        (DutyKind.CENTRAL_CONTROL, "security"),
        (DutyKind.SECURITY_CAPTAIN, "security"),
        (DutyKind.SECURITY_OFFICER, "security"),
    ]:
        DutyShift.objects.create(site=site, kind=kind, user=User.objects.get(username=username), starts_at=start, ends_at=end)


def _install_policy_defaults() -> None:
    from policy.seed import install_defaults

    install_defaults()


def _demo_incidents(site: Site) -> None:
    """Demo work of the domain apps, each through its own services; skipped once incidents exist."""
    from compensation.demo import create_demo_claims
    from custody.demo import create_demo_found_items
    from incidents.demo import create_demo_incidents
    from incidents.models import Incident, Kind
    from investigations.demo import create_demo_entries

    if Incident.objects.filter(site=site).exists():
        return
    User = get_user_model()
    incidents = create_demo_incidents(site=site, front_desk_user=User.objects.get(username="frontdesk"))
    officer = User.objects.get(username="security")
    for incident in incidents:
        if incident.kind == Kind.THEFT:
            create_demo_entries(incident=incident, officer=officer)
    create_demo_found_items(site=site, custodian_user=User.objects.get(username="custodian"))
    create_demo_claims(site=site, front_desk_user=User.objects.get(username="frontdesk"),
                       assessor=User.objects.get(username="legal"))
