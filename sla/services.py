import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

import policy
from organization.models import Site
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState
from sla.time import add_working_days


class DeadlineError(Exception):
    pass


def due_time(*, site: Site, kind: str, start: datetime.datetime) -> datetime.datetime:
    """When a deadline of this kind started at `start` falls due, by the site's policy."""
    spec = KINDS[kind]
    rules = policy.for_site(site)
    amount = getattr(rules, spec.policy_field)
    if spec.unit == "working_days":
        return add_working_days(site=site, start=start, days=amount)
    return start + datetime.timedelta(**{spec.unit: amount})


def _subject_filter(subject: models.Model) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


@transaction.atomic
def deadline_start(
    *, subject: models.Model, site: Site, kind: str, owner=None, start: datetime.datetime | None = None
) -> Deadline:
    """Open a deadline of `kind` on `subject`; an open one of the same kind is kept as it is."""
    if kind not in KINDS:
        raise DeadlineError(f"unknown deadline kind {kind!r}")
    existing = Deadline.objects.filter(**_subject_filter(subject), kind=kind, state=DeadlineState.OPEN).first()
    if existing is not None:
        return existing
    start = start or timezone.now()
    due_at = due_time(site=site, kind=kind, start=start)
    return Deadline.objects.create(
        **_subject_filter(subject),
        site=site,
        kind=kind,
        owner=owner,
        started_at=start,
        due_at=due_at,
        next_check_at=due_at,
    )


@transaction.atomic
def deadline_meet(*, subject: models.Model, kind: str, at: datetime.datetime | None = None) -> Deadline | None:
    """Mark the open deadline of `kind` met; returns it, or None when none was open."""
    deadline = (
        Deadline.objects.select_for_update()
        .filter(**_subject_filter(subject), kind=kind, state=DeadlineState.OPEN)
        .first()
    )
    if deadline is None:
        return None
    deadline.state = DeadlineState.MET
    deadline.met_at = at or timezone.now()
    deadline.next_check_at = None
    deadline.save(update_fields=["state", "met_at", "next_check_at"])
    return deadline


@transaction.atomic
def deadline_cancel(*, subject: models.Model, kinds: list[str] | None = None) -> int:
    """Cancel open deadlines of a subject (all, or only `kinds`); returns how many."""
    rows = Deadline.objects.filter(**_subject_filter(subject), state=DeadlineState.OPEN)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return rows.update(state=DeadlineState.CANCELLED, next_check_at=None)


def deadlines_of(subject: models.Model):
    return Deadline.objects.filter(**_subject_filter(subject)).order_by("due_at")
