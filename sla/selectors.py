import datetime

from django.db.models import QuerySet

from lostfound.prepared import PreparedRead
from sla.models import Deadline, DeadlineState
from sla.services import deadlines_of

__all__ = ["deadline_history", "deadline_messages", "deadline_subjects", "deadlines_due", "deadlines_of",
           "overdue_deadlines_for"]

_HISTORY = PreparedRead(lambda type_id, subject_id: Deadline.objects.filter(
    subject_type_id=type_id, subject_id=subject_id).order_by("due_at", "pk"))


def deadline_history(subject) -> list[Deadline]:
    """`deadlines_of(subject)` read at once, for the timeline."""
    from django.contrib.contenttypes.models import ContentType

    return _HISTORY(ContentType.objects.get_for_model(subject).pk, subject.pk)


def deadlines_due(*, now: datetime.datetime) -> QuerySet[Deadline]:
    """Open deadlines with something to do by `now`: served by the partial index `deadline_due_open`."""
    return Deadline.objects.filter(state=DeadlineState.OPEN, next_check_at__lte=now).order_by("next_check_at", "pk")


def deadline_subjects(deadlines) -> dict[tuple[int, int], object]:
    """The subjects of many deadlines, one query per content type (not one per row)."""
    from django.contrib.contenttypes.models import ContentType

    by_type: dict[int, set[int]] = {}
    for deadline in deadlines:
        by_type.setdefault(deadline.subject_type_id, set()).add(deadline.subject_id)
    found: dict[tuple[int, int], object] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for pk, subject in model._base_manager.order_by().in_bulk(list(ids)).items():
            found[(type_id, pk)] = subject
    return found


def overdue_deadlines_for(
    user, *, now: datetime.datetime, site_id: int | None = None, level: int | None = None
) -> QuerySet[Deadline]:
    """Open deadlines past their due time at the user's sites, the longest overdue first (SLA-4)."""
    from organization.selectors import restrict_to_sites

    rows = Deadline.objects.filter(state=DeadlineState.OPEN, due_at__lt=now)
    if site_id is not None:
        rows = rows.filter(site_id=site_id)
    if level is not None:
        rows = rows.filter(escalation_level=level)
    return restrict_to_sites(rows, user).select_related("site", "owner").order_by("due_at", "pk")


def deadline_messages(deadlines) -> dict[int, list]:
    """The reminder and escalation messages the sweep wrote for each deadline, oldest first; one query.

    The sweep's dedupe keys are `deadline:{id}:remind` and `deadline:{id}:escalate:{level}:{user}`,
    so the key prefix is the link. On PostgreSQL the unique key's `varchar_pattern_ops` index serves
    each prefix, so this stays one indexed query for a page of deadlines.
    """
    from django.db.models import Q

    from notifications.models import Message

    ids = [deadline.pk for deadline in deadlines]
    found: dict[int, list] = {pk: [] for pk in ids}
    if not ids:
        return found
    prefixes = Q()
    for pk in ids:
        prefixes |= Q(dedupe_key__startswith=f"deadline:{pk}:")
    for message in Message.objects.filter(prefixes).select_related("recipient_user").order_by("created_at", "pk"):
        deadline_id = int(message.dedupe_key.split(":", 2)[1])
        if deadline_id in found:
            found[deadline_id].append(message)
    return found
