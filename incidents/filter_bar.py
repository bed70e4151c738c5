"""The incident list's filter bar, rendered once per user and language while what its choices list stays the
same: sites, areas, categories, departments and the staff who may own incidents. Built each time, its six
queries and 200 options were a quarter of the list page. A filtered request (its fields filled in) is always
rendered fresh; a change to any of those tables forgets every stored bar, and a stored bar lasts a minute at
most (another web process learns of a change only through a shared cache)."""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from incidents.forms import FilterForm

TEMPLATE = "incidents/partials/filter_bar.html"
KEEP_SECONDS = 60
_VERSION = "incidents:filter-bar:version"


def filter_bar(request, form: FilterForm | None) -> SafeString:
    """The bar for `form`; None for the empty bar, which may come from the cache."""
    if form is not None:
        return mark_safe(render_to_string(TEMPLATE, {"form": form}, request))
    key = f"incidents:filter-bar:{_version()}:{request.user.pk}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, {"form": FilterForm(None, user=request.user)}, request)
        cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)


def _version() -> str:
    version = cache.get(_VERSION)
    if version is None:
        cache.add(_VERSION, uuid.uuid4().hex, None)
        version = cache.get(_VERSION)
    return version


def forget(**_kwargs) -> None:
    cache.set(_VERSION, uuid.uuid4().hex, None)


def connect() -> None:
    from organization.models import Area, Department, Site, StaffProfile
    from policy.models import ItemCategory

    for model in (Site, Area, Department, ItemCategory, StaffProfile, Group, get_user_model()):
        post_save.connect(forget, sender=model, dispatch_uid=f"filter-bar-save-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"filter-bar-delete-{model.__name__}")
    for through in (StaffProfile.sites.through, get_user_model().groups.through):
        m2m_changed.connect(forget, sender=through, dispatch_uid=f"filter-bar-m2m-{through.__name__}")
