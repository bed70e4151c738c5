import time
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import session_expiry

# Pages an ended session may still use as they are: signing in again, the language, customers' public pages.
_OPEN_URL_NAMES = {"login", "logout", "set_language", "healthz", "accounts:signin_code"}
_OPEN_NAMESPACES = {"public", "notices"}


def _is_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return match.view_name in _OPEN_URL_NAMES or bool(set(match.namespaces) & _OPEN_NAMESPACES)


class SessionExpiryMiddleware:
    """Ends a shared screen's session when idle too long or signed in too long (accounts/session_expiry.py).

    The next request that needs the session sends the person to sign in: a page with a note why, a posted
    form with its fields kept for afterwards. htmx's background requests (a search while typing) only end
    the session and change nothing on the page, so the form being typed is still there to send.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            reason = session_expiry.ended_because(request.session, now)
            if reason is None:
                session_expiry.touch(request.session, now)
                return self.get_response(request)
            logout(request)
            session_expiry.mark_ended(request.session, reason)
        if session_expiry.ended_reason(request.session) and not _is_open(request.path_info):
            return self._to_sign_in(request)
        return self.get_response(request)

    def _to_sign_in(self, request):
        htmx = bool(request.headers.get("HX-Request"))
        if htmx and request.method == "GET":
            response = HttpResponse(status=204)
            response["HX-Reswap"] = "none"
            return response
        reason = session_expiry.take_ended_reason(request.session)
        page = request.get_full_path()
        if htmx:
            # An htmx post belongs to the page the person is on: back to that page, not the fragment's URL.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            page = current.path + (f"?{current.query}" if current.query else "") if current.path else page
        text = self._why(reason)
        if request.method == "POST":
            kept = session_expiry.fields_to_keep(request.POST)
            if kept:
                session_expiry.keep_form(request.session, urlsplit(page).path, kept)
                text = " ".join([text, _("Nothing was saved yet: sign in again and the form comes back as you "
                                         "filled it in, ready to send.")])
        messages.warning(request, text)
        login_url = f"{resolve_url(settings.LOGIN_URL)}?next={quote(page)}"
        if htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(login_url)

    @staticmethod
    def _why(reason: str) -> str:
        if reason == "idle":
            minutes = max(1, settings.SESSION_IDLE_SECONDS // 60)
            return ngettext(
                "You were signed out after %(count)d minute without activity.",
                "You were signed out after %(count)d minutes without activity.", minutes,
            ) % {"count": minutes}
        hours = max(1, settings.SESSION_COOKIE_AGE // 3600)
        return ngettext(
            "You were signed out %(count)d hour after signing in.",
            "You were signed out %(count)d hours after signing in.", hours,
        ) % {"count": hours}
