"""Who may do what with found items (SEC-2): one access check per view."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from custody.models import Disposal, FoundItem, Mailing, Release, StorageLocation
from organization.selectors import restrict_to_sites

VIEW = "custody.view_founditem"
REGISTER = "custody.register_founditem"
RELEASE = "custody.release_founditem"
MATCH = "custody.match_founditem"
DISPOSE = "custody.dispose_founditem"
APPROVE = "custody.approve_disposal"


def require(perm: str):
    """View decorator: anonymous → login, without `perm` → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _check(user, perm: str) -> None:
    if not user.has_perm(VIEW) or not user.has_perm(perm):
        raise PermissionDenied


def get_item_for_user(user, pk, *, perm: str = VIEW) -> FoundItem:
    """The found item `pk` if it belongs to one of the user's sites (404 otherwise) and the user holds `perm` (403)."""
    if not user.has_perm(VIEW):
        raise PermissionDenied
    item = get_object_or_404(
        restrict_to_sites(FoundItem.objects.all(), user).select_related(
            "site", "area", "category", "location", "location__parent", "location__parent__parent", "finder_staff",
            "received_by", "registered_by", "cash_counted_by", "cash_confirmed_by",
        ),
        pk=pk,
    )
    _check(user, perm)
    return item


def get_location_for_user(user, pk, *, perm: str = VIEW) -> StorageLocation:
    if not user.has_perm(VIEW):
        raise PermissionDenied
    location = get_object_or_404(
        restrict_to_sites(StorageLocation.objects.all(), user).select_related("site", "parent", "parent__parent"), pk=pk
    )
    _check(user, perm)
    return location


def get_release_for_user(user, pk) -> Release:
    if not user.has_perm(VIEW):
        raise PermissionDenied
    return get_object_or_404(
        restrict_to_sites(Release.objects.all(), user, site_field="item__site").select_related(
            "item", "item__site", "item__category", "incident", "released_by"), pk=pk)


def get_mailing_for_user(user, pk, *, perm: str = VIEW) -> Mailing:
    if not user.has_perm(VIEW):
        raise PermissionDenied
    mailing = get_object_or_404(restrict_to_sites(Mailing.objects.all(), user, site_field="item__site"), pk=pk)
    _check(user, perm)
    return mailing


def get_disposal_for_user(user, pk, *, perm: str = VIEW) -> Disposal:
    if not user.has_perm(VIEW):
        raise PermissionDenied
    disposal = get_object_or_404(
        restrict_to_sites(Disposal.objects.all(), user, site_field="item__site").select_related("item"), pk=pk)
    _check(user, perm)
    return disposal
