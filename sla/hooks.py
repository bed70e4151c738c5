"""What domain apps tell `sla` without `sla` knowing them: due handlers and subject describers.

Due handlers
    A domain app registers a function for a kind; the sweep calls it inside the claim transaction
    when a deadline of that kind falls due, before any generic breach or escalation::

        from sla.hooks import on_due

        @on_due("customer_update")
        def send_progress_update(deadline, *, now):
            ...                       # enqueue the message (notifications.services.message_enqueue)
            return True               # handled: no breach, no escalation

    Returning True means "handled": the sweep then restarts the deadline for its next period
    (the due one is met at `now`, a new one of the same kind starts at `now`) unless the handler
    already met, cancelled or restarted it itself. Returning False lets the generic path run
    (breach, escalation up the ladder). The handler runs in a savepoint: an exception rolls back
    only this deadline, which the next sweep tries again.

Subject describers
    `register_subject_describer(Incident, fn)` where `fn(subject)` returns
    `SubjectDescription(reference=..., url=...)` (url relative or absolute). Used for the
    reference and the link in reminder and escalation messages.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from sla.kinds import KINDS

DueHandler = Callable[..., bool]


@dataclass(frozen=True)
class DueRegistration:
    handler: DueHandler
    # Automated kinds (a progress update the system sends itself) need no "falls due soon" mail.
    remind_owner: bool


@dataclass(frozen=True)
class SubjectDescription:
    reference: str
    url: str = ""

    @property
    def absolute_url(self) -> str:
        if not self.url or self.url.startswith(("http://", "https://")):
            return self.url
        return f"{settings.SITE_URL}{self.url}"


_due_handlers: dict[str, DueRegistration] = {}
_describers: dict[type[models.Model], Callable[[models.Model], SubjectDescription]] = {}


def register_due_handler(kind: str, handler: DueHandler, *, remind_owner: bool = False) -> DueHandler:
    """Call `handler(deadline, now=...)` when a deadline of `kind` falls due; one handler per kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown deadline kind {kind!r}")
    current = _due_handlers.get(kind)
    if current is not None and current.handler is not handler:
        raise ValueError(f"deadline kind {kind!r} already has a due handler: {current.handler!r}")
    _due_handlers[kind] = DueRegistration(handler=handler, remind_owner=remind_owner)
    return handler


def on_due(kind: str, *, remind_owner: bool = False) -> Callable[[DueHandler], DueHandler]:
    """Decorator form of `register_due_handler`."""

    def decorator(handler: DueHandler) -> DueHandler:
        return register_due_handler(kind, handler, remind_owner=remind_owner)

    return decorator


def unregister_due_handler(kind: str) -> None:
    """For tests."""
    _due_handlers.pop(kind, None)


def due_registration(kind: str) -> DueRegistration | None:
    return _due_handlers.get(kind)


def reminds_owner(kind: str) -> bool:
    registration = _due_handlers.get(kind)
    return registration is None or registration.remind_owner


def register_subject_describer(
    model: type[models.Model], describer: Callable[[models.Model], SubjectDescription]
) -> None:
    _describers[model] = describer


def unregister_subject_describer(model: type[models.Model]) -> None:
    """For tests."""
    _describers.pop(model, None)


def describe_subject(subject: models.Model | None, *, fallback_id: int | None = None) -> SubjectDescription:
    """Reference and link of a deadline's subject, from its app's describer or a generic guess."""
    if subject is None:
        return SubjectDescription(reference=f"#{fallback_id}" if fallback_id is not None else "")
    for klass in type(subject).__mro__:
        describer = _describers.get(klass)
        if describer is not None:
            return describer(subject)
    reference = getattr(subject, "reference", "") or f"{subject._meta.verbose_name} #{subject.pk}"
    url = ""
    if hasattr(subject, "get_absolute_url"):
        try:
            url = subject.get_absolute_url()
        except Exception:  # a broken URL must not stop a reminder
            url = ""
    return SubjectDescription(reference=str(reference), url=url)
