"""Generated deadlines for the generated incidents and claims (issue #10), as the services leave them:
met when the step was done (breached when late), cancelled when the incident ended first, open otherwise
with the sweep's next check where the sweep would have put it."""

import datetime

from django.contrib.contenttypes.models import ContentType

import policy
from incidents.dataset import IncidentFacts
from organization.dataset import SiteWorld, World
from policy.calendar import BusinessCalendar
from policy.selectors import escalation_ladder
from sla.hooks import reminds_owner
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState


class DeadlineWriter:
    def __init__(self, world: World, sites: list[SiteWorld]) -> None:
        self.world, self.rng, self.until = world, world.rng, world.until
        self.rows = world.bulk.table(Deadline, [
            "id", "subject_type", "subject_id", "site", "kind", "owner", "started_at", "due_at", "state", "met_at",
            "breached_at", "escalation_level", "next_check_at"])
        self.rules = {s.site.id: policy.for_site(s.site) for s in sites}
        self.ladders = {s.site.id: [(step.level, datetime.timedelta(minutes=step.delay_minutes))
                                    for step in escalation_ladder(s.site)] for s in sites}
        self.calendars = {}
        for s in sites:
            # One load of the whole period: the calendar's own add_working_days queries on every call.
            calendar = self.calendars[s.site.id] = BusinessCalendar(site=s.site)
            calendar._load(world.start.date() - datetime.timedelta(days=2), world.until.date() + datetime.timedelta(days=120))
        self.working_days: dict[tuple[int, datetime.date], datetime.date] = {}
        self.lengths = {}
        for site_id, rules in self.rules.items():
            for code, spec in KINDS.items():
                if spec.unit != "working_days":
                    self.lengths[(site_id, code)] = datetime.timedelta(**{spec.unit: getattr(rules, spec.policy_field)})
        self.reminds = {code: reminds_owner(code) for code in KINDS}
        self.incident_type = ContentType.objects.get(app_label="incidents", model="incident").pk
        self.claim_type = ContentType.objects.get(app_label="compensation", model="claim").pk

    def _due(self, site, kind: str, start: datetime.datetime) -> datetime.datetime:
        length = self.lengths.get((site.id, kind))
        if length is not None:
            return start + length
        local = start.astimezone(site.zone)
        key = (site.id, local.date())
        day = self.working_days.get(key)
        if day is None:
            days = getattr(self.rules[site.id], KINDS[kind].policy_field)
            calendar, day = self.calendars[site.id], local.date()
            while days:
                day += datetime.timedelta(days=1)
                days -= calendar.is_working_day(day)
            self.working_days[key] = day
        return datetime.datetime.combine(day, local.time()).replace(tzinfo=site.zone).astimezone(datetime.UTC)

    def add(self, *, subject_type: int, subject_id: int, site, kind: str, owner, start, met=None, ended=None) -> None:
        """One deadline: met at `met` unless the subject `ended` (closed, cancelled) first; else still open."""
        if start is None:
            return
        due = self._due(site, kind, start)
        owner_id = owner.id if owner is not None else None
        breached, level, next_check = None, 0, None
        if met is not None and (ended is None or met <= ended):
            state, met_at = DeadlineState.MET, met
            if met > due:
                breached, level = due, self._levels(site, due, met)[0]
        else:
            met_at = None
            if ended is not None:
                state = DeadlineState.CANCELLED
                if ended > due:
                    breached, level = due, self._levels(site, due, ended)[0]
            else:
                state = DeadlineState.OPEN
                if due > self.until:
                    remind = due - datetime.timedelta(minutes=self.rules[site.id].reminder_before_minutes)
                    reminded = owner is not None and self.reminds[kind] and remind > start
                    next_check = remind if reminded and remind > self.until else due
                else:
                    breached = due
                    level, next_check = self._levels(site, due, self.until)
        self.rows.add((self.rows.allocate(), subject_type, subject_id, site.id, kind, owner_id, start, due, state,
                       met_at, breached, level, next_check))

    def _levels(self, site, due, at) -> tuple[int, datetime.datetime | None]:
        """The ladder level reached by `at` and the next step's time, as the sweep leaves them."""
        level = 0
        for step, delay in self.ladders[site.id]:
            if due + delay > at:
                return level, due + delay
            level = step
        return level, None

    def write(self, facts: list[IncidentFacts]) -> None:
        kind_of = self.incident_type
        for f in facts:
            site, owner = f.world.site, f.owner
            ended = f.closed_at or f.cancelled_at
            add = self.add
            add(subject_type=kind_of, subject_id=f.id, site=site, kind="acknowledge", owner=owner, start=f.created,
                met=f.t0, ended=ended)
            t0 = f.t0
            if t0 is None:
                continue
            add(subject_type=kind_of, subject_id=f.id, site=site, kind="dispatch", owner=owner, start=t0,
                met=f.dispatched_at, ended=ended)
            if not f.opt_out:
                # The last period only: each progress update restarted the clock (SLA-2), *found* stopped it.
                period = self.lengths[(site.id, "customer_update")]
                stop = f.found_at or ended
                last = stop or self.until
                start = max(t0, last - period * self.rng.random())
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="customer_update", owner=owner,
                    start=start, ended=stop)
            if f.is_emergency:
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="emergency_response",
                    owner=f.alerted, start=t0, met=f.searching_at or f.found_at, ended=ended)
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="investigation_start", owner=owner,
                    start=t0, met=f.investigated_at, ended=ended)
            if f.investigated_at:
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="investigation_finish",
                    owner=f.world.staff["security_officer"][0], start=f.investigated_at, ended=ended)
            if f.is_complaint:
                contacted = t0 + datetime.timedelta(minutes=self.rng.randint(5, 90))
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="complaint_contact", owner=None, start=t0,
                    met=contacted if contacted <= self.until else None, ended=ended)
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="complaint_followup", owner=owner,
                    start=t0, ended=ended)
            if f.found_at:
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="contact_after_found", owner=owner,
                    start=f.found_at, met=f.returned_at, ended=ended)
            if f.closed_at and not f.customer.declined and not f.is_drill:
                add(subject_type=kind_of, subject_id=f.id, site=site, kind="followup_visit", owner=owner,
                    start=f.closed_at, met=f.followup_at)
            for claim_id, filed_at, decided_at in getattr(f, "claims", None) or ():
                add(subject_type=self.claim_type, subject_id=claim_id, site=site, kind="claim_review", owner=owner,
                    start=filed_at, met=decided_at)
