"""Naming who acted on the audit entries a service writes, inside a request or outside one (a Celery task).

django-auditlog's `set_actor` does not put back the context it replaces. Nested inside its middleware's own, it
left the middleware's signal receiver connected for good: one more per request, each called on every later
audit entry of the process, so filing slowed down the longer a worker ran.
"""

import contextlib

from auditlog.context import auditlog_value, set_actor


@contextlib.contextmanager
def acting(user):
    """Audit entries written inside name `user` (nobody new if it is anonymous or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    outer = auditlog_value.get(None)
    try:
        with set_actor(user):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
