"""The deadline sweeper (SLA-1..4, SLA-6), run by beat every minute.

Each run claims due rows with `SELECT … FOR UPDATE SKIP LOCKED` (on SQLite the IMMEDIATE
transaction serialises sweepers instead), does what is due for each row in a savepoint, writes
outbox rows with deterministic dedupe keys and moves `next_check_at` forward, all in the claim
transaction. Two sweepers, a rerun or a crash halfway therefore add nothing twice and skip nothing.

Per row, in order:
1. before due: the owner's reminder (`deadline:{id}:remind`);
2. at due, when a domain app registered a due handler for the kind (`sla.hooks`): the handler, and
   when it handled the row, the next period starts; nothing else;
3. otherwise: `breached_at`, then every ladder step whose delay has passed
   (`deadline:{id}:escalate:{level}:{user_id}`), out of hours also to the duty manager.
"""

from dataclasses import dataclass
import datetime
import logging
import time

from django.db import transaction
from django.utils import timezone, translation

import policy
from notifications.models import Audience
from notifications.services import message_enqueue
from sla.escalation import after_hours, duty_managers, holders_of, ladder_for, staff_address, staff_language
from sla.hooks import describe_subject, due_registration, reminds_owner
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState
from sla.selectors import deadlines_due
from sla.services import deadline_restart_row

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    claimed: int = 0
    reminded: int = 0
    handled: int = 0
    breached: int = 0
    escalated: int = 0
    errors: int = 0


def deadlines_sweep(
    *, now: datetime.datetime | None = None, batch_size: int = 50, time_budget: float = 45.0
) -> SweepReport:
    """Do everything due by `now` (default: the current time); returns what was done."""
    now = now or timezone.now()
    report = SweepReport()
    seen: set[int] = set()
    started = time.monotonic()
    while time.monotonic() - started < time_budget:
        with transaction.atomic():
            rows = list(
                deadlines_due(now=now)
                .exclude(pk__in=seen)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("site", "owner")[:batch_size]
            )
            for deadline in rows:
                seen.add(deadline.pk)
                report.claimed += 1
                try:
                    with transaction.atomic():
                        _process(deadline, now=now, report=report)
                except Exception:
                    # Only this row rolls back; the next sweep tries it again.
                    report.errors += 1
                    logger.exception("deadline %s: sweep step failed", deadline.pk)
        if len(rows) < batch_size:
            break
    return report


def _process(deadline: Deadline, *, now: datetime.datetime, report: SweepReport) -> None:
    subject = deadline.subject
    if subject is None:
        # The subject was deleted: nobody is left to remind or to answer for it.
        Deadline.objects.filter(pk=deadline.pk).update(state=DeadlineState.CANCELLED, next_check_at=None)
        return
    if now < deadline.due_at:
        _before_due(deadline, subject, now=now, report=report)
        return
    registration = due_registration(deadline.kind)
    if registration is not None and registration.handler(deadline, now=now):
        report.handled += 1
        deadline.refresh_from_db(fields=["state", "next_check_at"])
        if deadline.state == DeadlineState.OPEN and (deadline.next_check_at is None or deadline.next_check_at <= now):
            deadline_restart_row(deadline=deadline, at=now)
        return
    _after_due(deadline, subject, now=now, report=report)


def _before_due(deadline: Deadline, subject, *, now: datetime.datetime, report: SweepReport) -> None:
    if deadline.owner_id is not None and reminds_owner(deadline.kind):
        remind_at = deadline.due_at - datetime.timedelta(minutes=policy.for_site(deadline.site).reminder_before_minutes)
        if now < remind_at:
            deadline.next_check_at = remind_at
            deadline.save(update_fields=["next_check_at"])
            return
        if _notify_staff(deadline, subject, deadline.owner, template_key="deadline_reminder",
                         dedupe_key=f"deadline:{deadline.pk}:remind", level=deadline.escalation_level, now=now):
            report.reminded += 1
    deadline.next_check_at = deadline.due_at
    deadline.save(update_fields=["next_check_at"])


def _after_due(deadline: Deadline, subject, *, now: datetime.datetime, report: SweepReport) -> None:
    if deadline.breached_at is None:
        deadline.breached_at = deadline.due_at
        report.breached += 1
    deadline.next_check_at = None
    for step in ladder_for(deadline.site):
        if step.level <= deadline.escalation_level:
            continue
        step_at = deadline.due_at + datetime.timedelta(minutes=step.delay_minutes)
        if step_at > now:
            deadline.next_check_at = step_at
            break
        report.escalated += _escalate(deadline, subject, step, now=now)
        deadline.escalation_level = step.level
    deadline.save(update_fields=["breached_at", "escalation_level", "next_check_at"])


def _escalate(deadline: Deadline, subject, step, *, now: datetime.datetime) -> int:
    """Tell everyone holding the step's position; out of hours also the duty manager on the roster.

    The ladder's people get it always (it is theirs to answer for); the duty manager is who can act
    at night. When nobody holds the position at the site, the duty manager gets it at any hour.
    """
    owner_department = getattr(getattr(deadline.owner, "staff_profile", None), "department_id", None)
    recipients = holders_of(position=step.position, site=deadline.site, department_id=owner_department)
    if not recipients or after_hours(site=deadline.site, at=now):
        recipients += duty_managers(site=deadline.site, at=now)
    if not recipients:
        logger.warning("deadline %s: nobody to escalate level %s (%s) to", deadline.pk, step.level, step.position)
    sent = 0
    for user in {user.pk: user for user in recipients}.values():
        if _notify_staff(deadline, subject, user, template_key="deadline_escalated",
                         dedupe_key=f"deadline:{deadline.pk}:escalate:{step.level}:{user.pk}", level=step.level,
                         now=now):
            sent += 1
    return sent


def format_local(moment: datetime.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def staff_context(deadline: Deadline, subject, *, language: str, level: int) -> dict:
    with translation.override(language):
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


def _notify_staff(
    deadline: Deadline, subject, user, *, template_key: str, dedupe_key: str, level: int, now: datetime.datetime
) -> bool:
    address = staff_address(user)
    if address is None:
        logger.warning("deadline %s: %s has no email or phone for %s", deadline.pk, user.pk, template_key)
        return False
    channel, recipient_address = address
    language = staff_language(user)
    message = message_enqueue(
        dedupe_key=dedupe_key,
        audience=Audience.STAFF,
        channel=channel,
        recipient_address=recipient_address,
        recipient_name=user.get_full_name() or user.get_username(),
        recipient_user=user,
        language=language,
        template_key=template_key,
        context=staff_context(deadline, subject, language=language, level=level),
        site=deadline.site,
        subject=subject,
        now=now,
    )
    return message is not None
