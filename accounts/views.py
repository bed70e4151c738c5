import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts import second_factor
from accounts.forms import CodeForm

# The user who gave the right password and still owes the code: user id, backend, where to go, when.
PENDING = "accounts.pending_sign_in"


class SignInView(LoginView):
    """Django's sign-in (django-axes counts the failures), then the code step for enrolled staff."""

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "next": self.get_success_url(), "at": int(time.time()),
        }
        return redirect("accounts:signin_code")


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > settings.SIGNIN_CODE_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return pending, user


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def signin_code(request: HttpRequest) -> HttpResponse:
    pending, user = _pending_user(request)
    device = second_factor.confirmed_device(user) if user else None
    if device is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Sign in again with your user name and password."))
        return redirect(settings.LOGIN_URL)
    credentials = {"username": user.get_username()}
    if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request, None, credentials)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        # A wrong code counts towards the lockout like a wrong password.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, None, credentials)
    return render(request, "registration/signin_code.html", {"form": form})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The sign-in page with the lockout explained; the same whether or not the user name exists."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    message = ngettext(
        "Too many failed sign-ins for this user name from this device. Try again in %(count)d minute, "
        "or ask an administrator to unlock it.",
        "Too many failed sign-ins for this user name from this device. Try again in %(count)d minutes, "
        "or ask an administrator to unlock it.", minutes,
    ) % {"count": minutes}
    request.session.pop(PENDING, None)
    return render(request, "registration/login.html", {"form": AuthenticationForm(request), "locked_message": message,
                                                       "next": request.POST.get("next", "")}, status=429)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (QR code, then a code to confirm), or turn it off with a fresh code."""
    if not second_factor.may_enrol(request.user):
        raise PermissionDenied
    device = second_factor.confirmed_device(request.user)
    if device is not None:
        form = CodeForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            second_factor.second_factor_disable(user=request.user)
            messages.success(request, _("Two-step sign-in is off. Sign-in now asks for your password only."))
            return redirect("accounts:two_factor")
        return render(request, "accounts/two_factor/enabled.html", {"form": form})
    device = second_factor.pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        second_factor.second_factor_enrol(request=request, device=device)
        messages.success(request, _("Two-step sign-in is on. From now on, sign-in asks for a code from the app."))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor/enrol.html", {
        "form": form, "qr_code": second_factor.qr_svg_data_uri(device), "manual_key": second_factor.manual_key(device),
    })
