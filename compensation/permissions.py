"""Who may do what with compensation claims (SEC-2): one access check per view, one place that says it.

Roles give the permissions (organization.roles); approving also needs the position of the amount's tier,
which the service checks (compensation.services.claim_approve).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from compensation.models import Claim
from organization.selectors import restrict_to_sites

VIEW = "compensation.view_claim"
FILE = "compensation.add_claim"
FILE_LATE = "compensation.file_late_claim"
ASSESS = "compensation.assess_claim"
OPINE = "compensation.give_legal_opinion"
DECIDE = "compensation.decide_claim"
AGREE = "compensation.agree_claim"
PAY = "compensation.pay_claim"
AUDIT = "compensation.view_payment"


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


def claims_for(user):
    """The claims this user may see: their sites only."""
    if not user.is_authenticated or not user.has_perm(VIEW):
        return Claim.objects.none()
    return restrict_to_sites(Claim.objects.all(), user)


def get_claim_for_user(user, pk, *, perm: str = VIEW) -> Claim:
    """The claim `pk` if it is of one of the user's sites (404 otherwise) and the user holds `perm` (403)."""
    if not user.has_perm(VIEW):
        raise PermissionDenied
    claim = get_object_or_404(
        claims_for(user).select_related("incident", "site", "customer", "filed_by", "decided_by", "late_override_by"),
        pk=pk,
    )
    if perm != VIEW and not user.has_perm(perm):
        raise PermissionDenied
    return claim
