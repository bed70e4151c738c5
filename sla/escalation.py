"""Who hears about a deadline: the owner before it falls due, the ladder after (SLA-4)."""

import datetime

from django.conf import settings
from django.db.models import Q

import policy
from notifications.models import Channel
from notifications.timing import in_window
from organization.models import DutyKind, Position, Site, StaffProfile
from organization.selectors import on_duty
from policy.models import EscalationStep


def ladder_for(site: Site) -> list[EscalationStep]:
    """The site's own ladder when it has one, else the company's, lowest level first."""
    steps = list(EscalationStep.objects.filter(site=site).order_by("level"))
    return steps or list(EscalationStep.objects.filter(site__isnull=True).order_by("level"))


def holders_of(*, position: str, site: Site, department_id: int | None = None) -> list:
    """Active staff holding a position at a site (the company general manager may hold it for all sites).

    For department managers, those of the owner's department when it has any, else all at the site.
    """
    profiles = StaffProfile.objects.filter(position=position, user__is_active=True).select_related("user")
    if position == Position.COMPANY_GENERAL_MANAGER:
        profiles = profiles.filter(Q(all_sites=True) | Q(sites=site))
    else:
        profiles = profiles.filter(sites=site)
    profiles = profiles.distinct().order_by("user_id")
    if position == Position.DEPARTMENT_MANAGER and department_id is not None:
        own = [profile for profile in profiles if profile.department_id == department_id]
        if own:
            return [profile.user for profile in own]
    return [profile.user for profile in profiles]


def after_hours(*, site: Site, at: datetime.datetime) -> bool:
    """Outside the site's business hours, or on a day off of its business calendar."""
    from policy.calendar import is_working_day

    rules = policy.for_site(site)
    local = at.astimezone(site.zone)
    if not in_window(local.time(), rules.business_hours_start, rules.business_hours_end):
        return True
    return not is_working_day(site=site, day=local.date())


def duty_managers(*, site: Site, at: datetime.datetime) -> list:
    return [shift.user for shift in on_duty(site=site, kind=DutyKind.DUTY_MANAGER, at=at) if shift.user.is_active]


def staff_address(user) -> tuple[str, str] | None:
    """Email when the user has one, else a text to the phone on the staff profile."""
    if user.email:
        return Channel.EMAIL, user.email
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.phone:
        return Channel.SMS, profile.phone
    return None


def staff_language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE
