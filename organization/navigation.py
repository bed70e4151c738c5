"""The main menu. Each entry shows to the roles that may use it; apps add theirs as they land."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organization.roles import Role, has_role


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]


ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", tuple(Role.values)),
]


def entries_for(user) -> list[NavEntry]:
    return [entry for entry in ENTRIES if has_role(user, *entry.roles)]
