"""The main menu. Each entry shows to the roles that may use it; apps add theirs as they land."""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organization.roles import Role, has_role


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]

    @property
    def url(self) -> str:
        return _reversed(self.url_name, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=64)
def _reversed(url_name: str, urlconf, script_prefix: str) -> str:
    # Every page's menu reversed each entry again: about 0.1 ms each.
    return reverse(url_name, urlconf=urlconf)


ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", tuple(Role.values)),
    NavEntry(_("New report"), "incidents:new", (Role.FRONT_DESK, Role.MANAGER)),
    NavEntry(
        _("Incidents"), "incidents:list", (Role.FRONT_DESK, Role.SECURITY_OFFICER, Role.CUSTODIAN, Role.MANAGER)
    ),
    NavEntry(
        _("Found items"), "custody:item_list", (Role.FRONT_DESK, Role.SECURITY_OFFICER, Role.CUSTODIAN, Role.MANAGER)
    ),
    NavEntry(_("Claims"), "compensation:claim_list", (Role.FRONT_DESK, Role.MANAGER, Role.LEGAL, Role.FINANCE)),
    NavEntry(_("Payouts"), "compensation:payout_list", (Role.FINANCE,)),
    NavEntry(_("Failed messages"), "notifications:message_list", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavEntry(_("Escalations"), "sla:overdue", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavEntry(_("Dashboard"), "dashboard:index", (Role.MANAGER, Role.ADMINISTRATOR)),
    NavEntry(_("Two-step sign-in"), "accounts:two_factor", (Role.MANAGER, Role.LEGAL, Role.ADMINISTRATOR)),
]


def entries_for(user) -> list[NavEntry]:
    return [entry for entry in ENTRIES if has_role(user, *entry.roles)]
