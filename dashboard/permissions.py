"""Who may read the dashboard: managers and administrators, each for the sites they may see (SEC-2).

Legal, finance and the site staff have no dashboard; the company-level managers (`all_sites`) see every site.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from organization.roles import Role, has_role

DASHBOARD_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)


def can_view_dashboard(user) -> bool:
    return user.is_authenticated and user.is_active and has_role(user, *DASHBOARD_ROLES)


def dashboard_required(view):
    """Anonymous → login; signed in without a dashboard role → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
