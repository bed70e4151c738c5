from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from organization.models import DutyShift, Site, StaffProfile


def profile_of(user) -> StaffProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def sees_all_sites(user) -> bool:
    profile = profile_of(user)
    return user.is_superuser or bool(profile and profile.all_sites)


def sites_for(user: AbstractBaseUser) -> QuerySet[Site]:
    """The sites whose data this user may see (SEC-2)."""
    if not user.is_authenticated:
        return Site.objects.none()
    if sees_all_sites(user):
        return Site.objects.filter(is_active=True)
    return Site.objects.filter(is_active=True, staff__user=user)


def restrict_to_sites(queryset: QuerySet, user: AbstractBaseUser, site_field: str = "site") -> QuerySet:
    """Every app's one filter: keep only rows of sites the user may see."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_sites(user):
        return queryset
    return queryset.filter(**{f"{site_field}__in": sites_for(user).values("pk")})


def primary_site(user) -> Site | None:
    """The site whose time zone a user's pages use: the first of their sites."""
    sites = profile_sites(user)
    return sites[0] if sites else None


def active_site_ids(user) -> list[int]:
    """The ids of sites_for(user) for staff tied to their sites, from the list the time zone came from."""
    return [site.pk for site in profile_sites(user) if site.is_active]


def profile_sites(user) -> list[Site]:
    """A staff member's sites by code, read once per user object (every page asks for its time zone first)."""
    profile = profile_of(user)
    if profile is None:
        return []
    if "_sites" not in profile.__dict__:
        profile._sites = list(profile.sites.order_by("code"))
    return profile._sites


def on_duty(*, site: Site, kind: str, at: datetime) -> QuerySet:
    """Who holds a duty at a site at a moment, from the roster (INT-7)."""
    return DutyShift.objects.filter(site=site, kind=kind, starts_at__lte=at, ends_at__gt=at).select_related("user")
