"""Who may do what with incidents (SEC-2): one access check per view, one place that says it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from incidents.models import Incident
from lostfound.prepared import PreparedRead
from organization.roles import Role, has_role
from organization.selectors import active_site_ids, sees_all_sites

VIEW = "incidents.view_incident"
FILE = "incidents.add_incident"
WORK = "incidents.work_incident"
HAND_OVER = "incidents.hand_over_incident"
CLOSE = "incidents.close_incident"
ACCEPT = "incidents.accept_incident"
REVIEW = "incidents.review_incident"
FOLLOWUP = "incidents.followup_incident"


def can_own(user) -> bool:
    """Who may be the first responsible person of an incident (INT-9)."""
    return user.is_active and (user.has_perm(FILE) or has_role(user, Role.FRONT_DESK, Role.MANAGER))


def incidents_for(user):
    """The incidents this user may see: their sites only.

    The site ids are read first (a handful): a literal list lets PostgreSQL walk the (site, urgency) index
    instead of joining the staff tables for every row of a million.
    """
    sites = visible_site_ids(user)
    if sites is None:
        return Incident.objects.all()
    return Incident.objects.filter(site_id__in=sites) if sites else Incident.objects.none()


def visible_site_ids(user) -> list[int] | None:
    """The ids of the sites whose incidents the user may see; None for every site."""
    if not user.is_authenticated:
        return []
    if sees_all_sites(user):
        return None
    return active_site_ids(user)


_INCIDENT = PreparedRead(lambda pk: Incident.objects.filter(pk=pk).select_related(
    "site", "area", "customer", "owner", "created_by"))


def get_incident_for_user(user, pk, *, perm: str = VIEW) -> Incident:
    """The incident `pk` if the user may see it (404 for other sites) and holds `perm` (403 otherwise)."""
    if not user.has_perm(VIEW):
        raise PermissionDenied
    sites = visible_site_ids(user)
    found = _INCIDENT(pk)
    if not found or (sites is not None and found[0].site_id not in sites):
        raise Http404("No incident matches the given query.")
    if perm != VIEW and not user.has_perm(perm):
        raise PermissionDenied
    return found[0]


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
