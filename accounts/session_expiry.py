"""When a signed-in session ends on a shared screen: after SESSION_IDLE_SECONDS without a request, and
SESSION_COOKIE_AGE after sign-in however busy the screen is.

A form posted into an ended session is not lost: its fields (never passwords or codes, never files) wait in
the new anonymous session (never ID or bank numbers either), the person signs in again and lands on the same page with the fields filled in
(accounts/templatetags/resume_form.py), so nothing is saved without them pressing the button again.
"""

import time

from django.conf import settings

STARTED = "accounts.signed_in_at"
SEEN = "accounts.last_seen_at"
RESUME = "accounts.resume_form"
ENDED = "accounts.session_ended"

_NEVER_KEPT = ("csrfmiddlewaretoken",)
# Secrets, and what is never stored in full (ID and bank numbers), are not kept: typed again after sign-in.
_SECRET_WORDS = ("password", "token", "otp", "code", "id_number", "bank", "account")
_MAX_FIELDS = 200
_MAX_VALUE = 10_000


def start_clock(sender, request, user, **kwargs) -> None:
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


def ended_because(session, now: int) -> str | None:
    """'idle', 'lifetime' or None while the session may go on."""
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        return None
    if now - started > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    if now - seen > settings.SESSION_IDLE_SECONDS:
        return "idle"
    return None


def mark_ended(session, reason: str) -> None:
    """Remembered in the new anonymous session until the person is sent to sign in."""
    session[ENDED] = reason


def ended_reason(session) -> str | None:
    return session.get(ENDED)


def take_ended_reason(session) -> str | None:
    return session.pop(ENDED, None)


def touch(session, now: int) -> None:
    session.setdefault(STARTED, now)
    session[SEEN] = now


def fields_to_keep(post) -> dict[str, list[str]]:
    kept: dict[str, list[str]] = {}
    for name, values in post.lists():
        lowered = name.lower()
        if name in _NEVER_KEPT or any(word in lowered for word in _SECRET_WORDS):
            continue
        kept[name] = [value[:_MAX_VALUE] for value in values]
        if len(kept) >= _MAX_FIELDS:
            break
    return kept


def keep_form(session, path: str, fields: dict[str, list[str]]) -> None:
    session[RESUME] = {"path": path, "fields": fields}


def take_form(session, path: str) -> dict[str, list[str]] | None:
    """The fields kept for this page, handed out once."""
    kept = session.get(RESUME)
    if not kept or kept.get("path") != path:
        return None
    del session[RESUME]
    return kept["fields"]
