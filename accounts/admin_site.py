from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from accounts import second_factor


class SecondFactorAdminSite(AdminSite):
    """Staff who enrolled a second factor reach the admin site only with a session verified by it."""

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and second_factor.satisfied(request)

    def login(self, request, extra_context=None):
        # One sign-in page for everybody, with the lockout and the second step (no password-only way in).
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)
