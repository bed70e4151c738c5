"""Deadlines: start, meet, cancel and restart (SLA-1). The sweeper is in `sla.sweep`."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

import policy
from organization.models import Site
from sla.hooks import reminds_owner
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


def first_check_at(*, site: Site, kind: str, owner, start: datetime.datetime, due_at: datetime.datetime):
    """The owner's reminder time when there is one to send, else the due time."""
    if owner is not None and reminds_owner(kind):
        remind_at = due_at - datetime.timedelta(minutes=policy.for_site(site).reminder_before_minutes)
        # A deadline shorter than the reminder lead gets no reminder: it would arrive with the task.
        if remind_at > start:
            return remind_at
    return due_at


def _subject_filter(subject: models.Model) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def _create(*, subject_filter: dict, site: Site, kind: str, owner, start: datetime.datetime) -> Deadline:
    due_at = due_time(site=site, kind=kind, start=start)
    return Deadline.objects.create(
        **subject_filter,
        site=site,
        kind=kind,
        owner=owner,
        started_at=start,
        due_at=due_at,
        next_check_at=first_check_at(site=site, kind=kind, owner=owner, start=start, due_at=due_at),
    )


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
    return _create(subject_filter=_subject_filter(subject), site=site, kind=kind, owner=owner,
                   start=start or timezone.now())


def deadlines_open_new(*, subject: models.Model, site: Site, start: datetime.datetime, owners: dict,
                       met: set[str] = frozenset()) -> list[Deadline]:
    """The first deadlines of a subject made in this transaction, which has none open yet: one insert.

    `owners` is {kind: owner}; kinds in `met` are written already met at `start`.
    """
    unknown = set(owners) - set(KINDS)
    if unknown:
        raise DeadlineError(f"unknown deadline kinds {sorted(unknown)!r}")
    subject_filter = _subject_filter(subject)
    rows = []
    for kind, owner in owners.items():
        due_at = due_time(site=site, kind=kind, start=start)
        deadline = Deadline(**subject_filter, site=site, kind=kind, owner=owner, started_at=start, due_at=due_at,
                            next_check_at=first_check_at(site=site, kind=kind, owner=owner, start=start, due_at=due_at))
        if kind in met:
            deadline.state, deadline.met_at, deadline.next_check_at = DeadlineState.MET, start, None
        rows.append(deadline)
    return Deadline.objects.bulk_create(rows)


def _close_met(deadline: Deadline, at: datetime.datetime) -> None:
    deadline.state = DeadlineState.MET
    deadline.met_at = at
    deadline.next_check_at = None
    deadline.save(update_fields=["state", "met_at", "next_check_at"])


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
    _close_met(deadline, at or timezone.now())
    return deadline


@transaction.atomic
def deadline_cancel(*, subject: models.Model, kinds: list[str] | None = None) -> int:
    """Cancel open deadlines of a subject (all, or only `kinds`); returns how many."""
    rows = Deadline.objects.filter(**_subject_filter(subject), state=DeadlineState.OPEN)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return rows.update(state=DeadlineState.CANCELLED, next_check_at=None)


@transaction.atomic
def deadline_restart(
    *, subject: models.Model, kind: str, at: datetime.datetime | None = None, site: Site | None = None, owner=None
) -> Deadline:
    """Meet the open deadline of a recurring kind (if any) and start the next period at `at`.

    Used for "every X hours" limits: a progress update sent by hand or by the sweep restarts the
    clock. Each period is its own row, so history and the KPI see every one. The new period keeps
    the site and owner of the old one unless given.
    """
    if kind not in KINDS:
        raise DeadlineError(f"unknown deadline kind {kind!r}")
    at = at or timezone.now()
    current = (
        Deadline.objects.select_for_update()
        .filter(**_subject_filter(subject), kind=kind, state=DeadlineState.OPEN)
        .first()
    )
    if current is not None:
        return deadline_restart_row(deadline=current, at=at, site=site, owner=owner)
    if site is None:
        raise DeadlineError(f"no open {kind!r} deadline to restart and no site given")
    return _create(subject_filter=_subject_filter(subject), site=site, kind=kind, owner=owner, start=at)


def deadline_restart_row(
    *, deadline: Deadline, at: datetime.datetime, site: Site | None = None, owner=None
) -> Deadline:
    """`deadline_restart` for a row the caller holds locked (the sweep, a due handler)."""
    _close_met(deadline, at)
    return _create(
        subject_filter={"subject_type_id": deadline.subject_type_id, "subject_id": deadline.subject_id},
        site=site or deadline.site,
        kind=deadline.kind,
        owner=owner if owner is not None else deadline.owner,
        start=max(at, deadline.started_at),
    )


def deadlines_of(subject: models.Model):
    """Every deadline of a subject, open and closed, by due time (for the timeline)."""
    return Deadline.objects.filter(**_subject_filter(subject)).order_by("due_at", "pk")
