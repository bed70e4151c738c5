"""Naming who acted on the audit entries a service writes, inside a request or outside one (a Celery task),
writing the entries of the objects a service creates in one insert (`audited_together`), and what a creation's
entry lists (the object's own columns).

django-auditlog's `set_actor` does not put back the context it replaces. Nested inside its middleware's own, it
left the middleware's signal receiver connected for good: one more per request, each called on every later
audit entry of the process, so filing slowed down the longer a worker ran.
"""

import contextlib
import functools
from contextvars import ContextVar

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import DEFAULT_OBJECT_REPR, LogEntry
from auditlog.signals import pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.encoding import smart_str


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


_held_creations: ContextVar[list | None] = ContextVar("audit_held_creations", default=None)


@contextlib.contextmanager
def audited_together():
    """The creations audited inside are written as one insert of log entries as the block ends, not one each.

    Each entry is made when its object is saved, as django-auditlog makes it then (the same diff, text, correlation
    id and actor, through the same `pre_save` receivers of LogEntry); only its insert waits. Changes and deletions
    are logged as they happen. An exception inside writes none of the held entries. auditlog's `post_log` is not
    sent for them: nothing here listens to it.
    """
    held = []
    token = _held_creations.set(held)
    try:
        yield
    finally:
        _held_creations.reset(token)
    if held:
        LogEntry.objects.bulk_create(held)


@receiver(pre_log, dispatch_uid="lostfound.audit.log_creation")
def _log_creation(sender, instance, action, **kwargs):
    """Every creation's entry is ours (`_creation_entry`): held inside `audited_together`, else written at once."""
    if action != LogEntry.Action.CREATE:
        return None
    entry, held = _creation_entry(instance), _held_creations.get()
    if entry is not None and held is not None:
        held.append(entry)
    elif entry is not None:
        LogEntry.objects.bulk_create([entry])
    return False  # auditlog writes nothing itself


@functools.cache
def _columns(model) -> frozenset[str]:
    return frozenset(field.name for field in model._meta.concrete_fields)


def _creation_entry(instance) -> LogEntry | None:
    """auditlog's `_create_log_entry` and `LogEntryManager.log_create` for a creation, without the insert.

    Only the object's own columns: auditlog's diff of a new object also lists its reverse relations, each as a
    related manager's name ("items": ["None", "incidents.LostItem.None"]), which says nothing and costs a manager each.
    """
    changes = model_instance_diff(None, instance, fields_to_check=_columns(type(instance)),
                                  use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    if not changes:
        return None
    manager = LogEntry.objects
    pk = manager._get_pk_value(instance)
    try:
        text = smart_str(instance)
    except ObjectDoesNotExist:
        text = DEFAULT_OBJECT_REPR
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(instance), object_pk=pk, object_repr=text,
        serialized_data=manager._get_serialized_data_or_none(instance), action=LogEntry.Action.CREATE,
        changes=changes, cid=get_cid(),
    )
    if isinstance(pk, int):
        entry.object_id = pk
    additional_data = getattr(instance, "get_additional_data", None)
    if callable(additional_data):
        entry.additional_data = additional_data()
    # The actor and the request's address, as auditlog's receivers set them on every entry it saves.
    pre_save.send(sender=LogEntry, instance=entry, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
    return entry
