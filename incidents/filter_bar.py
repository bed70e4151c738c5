"""The incident list's filter bar, kept per user and language while what its choices list stays the same:
sites, areas, categories, departments and the staff who may own incidents. Built each time, its six queries
and 200 options were a quarter of the list page. The bar is kept as HTML for each filter query (the empty
one, and one being paged through), and its choices for rendering another. A change to any of those tables
forgets everything kept, and nothing is kept longer than a minute (another web process learns of a change
only through a shared cache)."""

import hashlib
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
    """The bar showing `form` (None: the empty bar), from the cache when the same filters were shown before.

    A bound form renders only its data, errors and kept choices, so the filter query names its HTML."""
    asked = form.data.urlencode() if form is not None else ""
    digest = hashlib.sha256(asked.encode()).hexdigest()[:32]
    key = f"incidents:filter-bar:{_version()}:{request.user.pk}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        form = form or FilterForm(None, user=request.user, lists=filter_lists(request.user))
        html = render_to_string(TEMPLATE, {"form": form}, request)
        cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)


def filter_lists(user) -> dict:
    """The choices of the user's filter bar (FilterForm.lists_for), kept like the bar itself."""
    key = f"incidents:filter-lists:{_version()}:{user.pk}:{get_language()}"
    lists = cache.get(key)
    if lists is None:
        lists = FilterForm.lists_for(user)
        cache.set(key, lists, KEEP_SECONDS)
    return lists


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
