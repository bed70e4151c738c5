"""The deadline sweeper (SLA-1..4, SLA-6), run by beat every minute.

Each run claims due rows with `SELECT … FOR UPDATE SKIP LOCKED` (on SQLite the IMMEDIATE
transaction serialises sweepers instead), does what is due for each row in a savepoint, writes
outbox rows with deterministic dedupe keys and moves `next_check_at` forward, all in the claim
transaction. Two sweepers, a rerun or a crash halfway therefore add nothing twice and skip nothing.

A batch costs four statements, not a few per row: the claim (which reads the whole rows), the
subjects (one query per content type), one insert of the new messages and one update of the rows.
The sites and owners, the site's policy, ladder, ladder holders and duty managers are read once per
sweep. Only kinds with a due handler run row by row in a savepoint, because the handler writes; the
generic path computes in memory and writes at the end.

Per row, in order:
1. before due: the owner's reminder (`deadline:{id}:remind`);
2. at due, when a domain app registered a due handler for the kind (`sla.hooks`): the handler, and
   when it handled the row, the next period starts; nothing else;
3. otherwise: `breached_at`, then every ladder step whose delay has passed
   (`deadline:{id}:escalate:{level}:{user_id}`), out of hours also to the duty manager.
"""

import contextlib
from dataclasses import dataclass, field
import datetime
import json
import logging
import time

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

import policy
from lostfound.log_privacy import RecordId
from notifications.services import staff_messages_enqueue
from organization.models import Site
from sla.escalation import after_hours, duty_managers, holders_of, ladder_for, staff_address, staff_language
from sla.hooks import describe_subject, due_registration, reminds_owner
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState
from sla.selectors import deadline_subjects, deadlines_due
from sla.services import deadline_restart_row

logger = logging.getLogger(__name__)

UPDATED_FIELDS = ["state", "breached_at", "escalation_level", "next_check_at"]


@dataclass
class SweepReport:
    claimed: int = 0
    reminded: int = 0
    handled: int = 0
    breached: int = 0
    escalated: int = 0
    errors: int = 0


@dataclass
class _SiteFacts:
    """What the sweep looks up once per site: `now` is fixed for the whole sweep."""

    reminder_before: datetime.timedelta
    ladder: list
    after_hours: bool
    duty_managers: list | None = None
    holders: dict = field(default_factory=dict)


class _Lookups:
    def __init__(self, now: datetime.datetime):
        self.now = now
        self.sites: dict[int, _SiteFacts] = {}
        self.site_rows: dict[int, Site] = {}
        self.owners: dict[int, object] = {}

    def attach(self, rows: list[Deadline]) -> None:
        """Give the claimed rows their site and owner (with staff profile), each read once per sweep."""
        missing_sites = {row.site_id for row in rows} - self.site_rows.keys()
        if missing_sites:
            self.site_rows.update(Site.objects.in_bulk(missing_sites))
        missing_owners = {row.owner_id for row in rows if row.owner_id is not None} - self.owners.keys()
        if missing_owners:
            self.owners.update(get_user_model().objects.select_related("staff_profile").in_bulk(missing_owners))
        for row in rows:
            row.site = self.site_rows[row.site_id]
            if row.owner_id is not None:
                row.owner = self.owners[row.owner_id]

    def site(self, site) -> _SiteFacts:
        facts = self.sites.get(site.pk)
        if facts is None:
            facts = self.sites[site.pk] = _SiteFacts(
                reminder_before=datetime.timedelta(minutes=policy.for_site(site).reminder_before_minutes),
                ladder=ladder_for(site),
                after_hours=after_hours(site=site, at=self.now),
            )
        return facts

    def holders(self, site, position: str, department_id: int | None) -> list:
        facts = self.site(site)
        key = (position, department_id)
        if key not in facts.holders:
            facts.holders[key] = holders_of(position=position, site=site, department_id=department_id)
        return facts.holders[key]

    def duty_managers(self, site) -> list:
        facts = self.site(site)
        if facts.duty_managers is None:
            facts.duty_managers = duty_managers(site=site, at=self.now)
        return facts.duty_managers


@dataclass
class _Draft:
    """A staff message planned for a row; written with the batch once the row is done."""

    kind: str  # "remind" or "escalate"
    fields: dict


def deadlines_sweep(
    *, now: datetime.datetime | None = None, batch_size: int = 200, time_budget: float = 45.0, kick: bool = True
) -> SweepReport:
    """Do everything due by `now` (default: the current time); returns what was done.

    `kick=False` leaves the new messages to the delivery sweep (the benchmark uses it).
    """
    now = now or timezone.now()
    report = SweepReport()
    lookups = _Lookups(now)
    # Rows that are still due after their turn (a failed step): not again in this run.
    skip: set[int] = set()
    started = time.monotonic()
    while time.monotonic() - started < time_budget:
        with transaction.atomic():
            due = deadlines_due(now=now)
            if skip:
                due = due.exclude(pk__in=skip)
            # The rows straight off the partial index, without a join (a join made PostgreSQL sort every
            # due row); their sites and owners come from the sweep's own look-ups.
            rows = list(due.select_for_update(skip_locked=True)[:batch_size])
            lookups.attach(rows)
            _sweep_batch(rows, now=now, report=report, lookups=lookups, skip=skip, kick=kick)
        if len(rows) < batch_size:
            break
    return report


def _sweep_batch(rows, *, now, report: SweepReport, lookups: _Lookups, skip: set[int], kick: bool) -> None:
    subjects = deadline_subjects(rows)
    changed: list[Deadline] = []
    drafts: list[_Draft] = []
    for deadline in rows:
        report.claimed += 1
        subject = subjects.get((deadline.subject_type_id, deadline.subject_id))
        if subject is None:
            # The subject was deleted: nobody is left to remind or to answer for it.
            deadline.state, deadline.next_check_at = DeadlineState.CANCELLED, None
            changed.append(deadline)
            continue
        try:
            registration = due_registration(deadline.kind) if now >= deadline.due_at else None
            if registration is not None:
                # The handler writes (messages, the next period): a savepoint of its own, so even a
                # database error in it rolls back only this row.
                with transaction.atomic():
                    handled = _run_handler(deadline, registration, now=now)
                if handled:
                    report.handled += 1
                    continue
        except Exception:
            _row_failed(deadline, report=report, skip=skip)
            continue
        try:
            row_drafts = _plan(deadline, subject, now=now, report=report, lookups=lookups)
        except DatabaseError:
            # The generic path has no savepoint (it only reads, and a savepoint per row costs two
            # round trips): a database error leaves the transaction unusable, so the whole batch
            # rolls back and the next sweep tries it again.
            raise
        except Exception:
            _row_failed(deadline, report=report, skip=skip)
            continue
        changed.append(deadline)
        drafts.extend(row_drafts)
    if changed:
        _save_rows(changed)
    if drafts:
        created = staff_messages_enqueue(drafts=[draft.fields for draft in drafts], now=now, kick=kick)
        for draft in drafts:
            if draft.fields["dedupe_key"] in created:
                if draft.kind == "remind":
                    report.reminded += 1
                else:
                    report.escalated += 1


def _row_failed(deadline: Deadline, *, report: SweepReport, skip: set[int]) -> None:
    # Only this row is left out (not again in this run); the next sweep tries it again.
    report.errors += 1
    skip.add(deadline.pk)
    logger.exception("deadline %s: sweep step failed", RecordId(deadline.pk))


def _save_rows(rows: list[Deadline]) -> None:
    """Write the swept rows' new state in one statement, the values as one JSON parameter (Django's
    bulk_update builds slow CASE chains, and thousands of separate parameters cost more to send)."""
    if connection.vendor != "postgresql":
        Deadline.objects.bulk_update(rows, UPDATED_FIELDS, batch_size=500)
        return
    changes = json.dumps([
        {"id": row.pk, "state": row.state, "breached_at": _iso(row.breached_at),
         "escalation_level": row.escalation_level, "next_check_at": _iso(row.next_check_at)}
        for row in rows
    ])
    table = connection.ops.quote_name(Deadline._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS d SET state = v.state, breached_at = v.breached_at, "
            f"escalation_level = v.escalation_level, next_check_at = v.next_check_at "
            f"FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb) AS v WHERE d.id = v.id",
            [changes],
        )


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _run_handler(deadline: Deadline, registration, *, now: datetime.datetime) -> bool:
    if not registration.handler(deadline, now=now):
        return False
    deadline.refresh_from_db(fields=["state", "next_check_at"])
    if deadline.state == DeadlineState.OPEN and (deadline.next_check_at is None or deadline.next_check_at <= now):
        deadline_restart_row(deadline=deadline, at=now)
    return True


def _plan(deadline: Deadline, subject, *, now, report: SweepReport, lookups: _Lookups) -> list[_Draft]:
    """What is due for one row: its new check time in memory, the messages as drafts."""
    if now < deadline.due_at:
        return _before_due(deadline, subject, now=now, lookups=lookups)
    return _after_due(deadline, subject, now=now, report=report, lookups=lookups)


def _before_due(deadline: Deadline, subject, *, now, lookups: _Lookups) -> list[_Draft]:
    drafts = []
    if deadline.owner_id is not None and reminds_owner(deadline.kind):
        remind_at = deadline.due_at - lookups.site(deadline.site).reminder_before
        if now < remind_at:
            deadline.next_check_at = remind_at
            return []
        draft = _staff_draft(deadline, subject, deadline.owner, template_key="deadline_reminder",
                             dedupe_key=f"deadline:{deadline.pk}:remind", level=deadline.escalation_level, now=now)
        if draft is not None:
            drafts.append(_Draft("remind", draft))
    deadline.next_check_at = deadline.due_at
    return drafts


def _after_due(deadline: Deadline, subject, *, now, report: SweepReport, lookups: _Lookups) -> list[_Draft]:
    if deadline.breached_at is None:
        deadline.breached_at = deadline.due_at
        report.breached += 1
    deadline.next_check_at = None
    drafts = []
    for step in lookups.site(deadline.site).ladder:
        if step.level <= deadline.escalation_level:
            continue
        step_at = deadline.due_at + datetime.timedelta(minutes=step.delay_minutes)
        if step_at > now:
            deadline.next_check_at = step_at
            break
        drafts += _escalate(deadline, subject, step, now=now, lookups=lookups)
        deadline.escalation_level = step.level
    return drafts


def _escalate(deadline: Deadline, subject, step, *, now, lookups: _Lookups) -> list[_Draft]:
    """Tell everyone holding the step's position; out of hours also the duty manager on the roster.

    The ladder's people get it always (it is theirs to answer for); the duty manager is who can act
    at night. When nobody holds the position at the site, the duty manager gets it at any hour.
    """
    owner_department = getattr(getattr(deadline.owner, "staff_profile", None), "department_id", None)
    recipients = list(lookups.holders(deadline.site, step.position, owner_department))
    if not recipients or lookups.site(deadline.site).after_hours:
        recipients += lookups.duty_managers(deadline.site)
    if not recipients:
        logger.warning("deadline %s: nobody to escalate level %s (%s) to", RecordId(deadline.pk), step.level,
                       step.position)
    drafts = []
    for user in {user.pk: user for user in recipients}.values():
        draft = _staff_draft(deadline, subject, user, template_key="deadline_escalated",
                             dedupe_key=f"deadline:{deadline.pk}:escalate:{step.level}:{user.pk}", level=step.level,
                             now=now)
        if draft is not None:
            drafts.append(_Draft("escalate", draft))
    return drafts


def format_local(moment: datetime.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _in_language(language: str):
    # Most staff read the language already active: switching to it and back costs more than the rest.
    return contextlib.nullcontext() if translation.get_language() == language else translation.override(language)


def staff_context(deadline: Deadline, subject, *, language: str, level: int) -> dict:
    with _in_language(language):
        description = describe_subject(subject, fallback_id=deadline.subject_id)
        label = str(KINDS[deadline.kind].label)
    return {
        "reference": description.reference,
        "deadline": label,
        "kind": deadline.kind,
        "due_at": format_local(deadline.due_at, deadline.site.zone),
        "level": level,
        "site": deadline.site.name,
        "incident_url": description.absolute_url,
        "url": description.absolute_url,
    }


def _staff_draft(
    deadline: Deadline, subject, user, *, template_key: str, dedupe_key: str, level: int, now: datetime.datetime
) -> dict | None:
    """`message_enqueue`'s arguments for a staff message about a deadline; None when the user has no address."""
    address = staff_address(user)
    if address is None:
        logger.warning("deadline %s: user %s has no email or phone for %s", RecordId(deadline.pk), RecordId(user.pk),
                       template_key)
        return None
    channel, recipient_address = address
    language = staff_language(user)
    return {
        "dedupe_key": dedupe_key,
        "channel": channel,
        "recipient_address": recipient_address,
        "recipient_name": user.get_full_name() or user.get_username(),
        "recipient_user": user,
        "language": language,
        "template_key": template_key,
        "context": staff_context(deadline, subject, language=language, level=level),
        "site": deadline.site,
        "subject": subject,
        "send_after": now,
    }


__all__ = ["SweepReport", "deadlines_sweep", "format_local", "staff_context"]
