"""A known data set for the dashboard, built row by row, and the personas who read it.

Everything the tests expect is computed from `Dataset.records` (plain Python values kept while the rows
were created), never with the dashboard's own queries.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from incidents.models import (
    CorrectiveAction, Customer, FollowUp, Incident, LostItem, Outcome, PostIncidentReview, Status,
)
from dashboard.summaries import refresh_summaries
from organization.models import Area, Department, DepartmentKind, Position
from organization.roles import Role
from policy.models import ItemCategory
from sla.models import Deadline, DeadlineState
from tests.conftest import make_staff

UTC = datetime.timezone.utc
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The dashboard period of most tests: March 2026 in Shanghai time, looked at on 15 April.
FIRST_DAY = datetime.date(2026, 3, 1)
LAST_DAY = datetime.date(2026, 3, 31)
NOW = datetime.datetime(2026, 4, 15, 4, 0, tzinfo=UTC)
PERIOD = {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-31"}

FLOWS = ["reported", "dispatched", "searching", "found", "returned", "not_found", "closed_returned",
         "closed_not_found", "closed_returned", "closed_not_found", "cancelled"]
DEADLINE_FATES = ["on_time", "on_time", "on_time", "met_late", "open_past_due", "open_breached", "open_future",
                  "cancelled", "cancelled_breached"]
DEADLINE_KINDS = ["acknowledge", "dispatch", "customer_update", "investigation_start"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Computed dashboards are cached for a while; each test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Dataset:
    sites: dict
    categories: list
    departments: dict
    records: list = field(default_factory=list)   # one dict per incident
    actions: list = field(default_factory=list)   # one dict per corrective action


def _status_of(flow: str) -> tuple[str, str]:
    if flow.startswith("closed_"):
        return Status.CLOSED, (Outcome.RETURNED if flow == "closed_returned" else Outcome.NOT_FOUND)
    if flow == "cancelled":
        return Status.CANCELLED, Outcome.CANCELLED
    return flow, ""


# Hours of the day when people report losses, for a demo that looks like a real week (lunch and evening peaks).
BUSY_HOURS = [1, 1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 9, 12, 12, 9, 7, 7, 8, 10, 12, 11, 8, 4, 2]


def build_dataset(*, site, other_site, owners, seed: int = 7, count: int = 90, start_number: int = 0,
                  now: datetime.datetime = NOW, span: tuple | None = None, edges: bool = True,
                  realistic: bool = False, areas_named=None, refresh: bool = True) -> Dataset:
    rnd = random.Random(seed)
    categories = [
        ItemCategory.objects.get_or_create(code=code, defaults={"name_zh_hans": zh, "name_en": en, "retention_days": 90})[0]
        for code, zh, en in [("d-wallet", "钱包", "Wallet"), ("d-phone", "手机", "Phone"), ("d-bag", "包", "Bag")]
    ]
    names = areas_named or {site.pk: ("Lobby", "Restaurant"), other_site.pk: ("Atrium", "Cinema")}
    areas = {pk: [Area.objects.get_or_create(site_id=pk, name=name)[0] for name in area_names]
             for pk, area_names in names.items()}
    departments = {user.pk: user.staff_profile.department_id for user in owners}
    data = Dataset(sites={site.pk: site, other_site.pk: other_site}, categories=categories, departments=departments)
    incident_type = ContentType.objects.get_for_model(Incident)
    # Reports spread over February to mid-April (Shanghai), plus a few right at the period's edges.
    span_start, span_end = span or (datetime.datetime(2026, 2, 20, tzinfo=SHANGHAI),
                                    datetime.datetime(2026, 4, 14, tzinfo=SHANGHAI))
    span_seconds = int((span_end - span_start).total_seconds())
    edge_times = [] if not edges else [
        datetime.datetime(2026, 2, 28, 23, 59, 30, tzinfo=SHANGHAI),  # just before
        datetime.datetime(2026, 3, 1, 0, 0, 0, tzinfo=SHANGHAI),      # first instant
        datetime.datetime(2026, 3, 31, 23, 59, 59, tzinfo=SHANGHAI),  # last second
        datetime.datetime(2026, 4, 1, 0, 0, 0, tzinfo=SHANGHAI),      # just after
    ]
    for number in range(count):
        the_site = site if rnd.random() < 0.65 else other_site
        if number < len(edge_times):
            created = edge_times[number]
        elif realistic:
            day = (span_start + datetime.timedelta(seconds=rnd.randrange(span_seconds))).astimezone(SHANGHAI)
            hour = rnd.choices(range(24), weights=BUSY_HOURS)[0]
            created = day.replace(hour=hour, minute=rnd.randrange(60), second=rnd.randrange(60))
            created = min(created, span_end)
        else:
            created = span_start + datetime.timedelta(seconds=rnd.randrange(span_seconds))
        created = created.astimezone(UTC)
        flow = rnd.choice(FLOWS)
        status, outcome = _status_of(flow)
        is_drill = rnd.random() < 0.12
        kind = "theft" if rnd.random() < 0.25 else "loss"
        owner = rnd.choice([*owners, None])
        declined = rnd.random() < 0.2
        minutes = lambda low, high: datetime.timedelta(seconds=rnd.randrange(low * 60, high * 60))  # noqa: E731
        acknowledged = created + minutes(1, 90) if rnd.random() < 0.85 else None
        dispatched = found = returned = closed = None
        if flow != "reported" and flow != "cancelled":
            dispatched = created + minutes(5, 240)
        if flow in ("found", "returned", "closed_returned"):
            found = dispatched + minutes(10, 3000)
        if flow in ("returned", "closed_returned"):
            returned = found + minutes(30, 2000)
        if flow.startswith("closed_"):
            closed = (returned or dispatched) + minutes(10, 5000)
        if flow == "cancelled":
            closed = created + minutes(5, 600)
            if rnd.random() < 0.5:
                dispatched = created + minutes(5, 60)
        if realistic:  # the busy hour is when the loss happened
            lost_from = created - minutes(10, 40)
            lost_until = lost_from + minutes(5, 60)
        else:
            lost_until = created - minutes(5, 120)
            lost_from = lost_until - minutes(10, 300)
        customer = Customer.objects.create(site=the_site, name=f"Customer {start_number + number}",
                                           declined_followups=declined)
        area = rnd.choice([*areas[the_site.pk], None])
        incident = Incident.objects.create(
            site=the_site, area=area, reference=f"LF-T-{start_number + number:05d}", channel="on_site", kind=kind,
            status=status, outcome=outcome, cancel_reason="withdrawn" if status == Status.CANCELLED else "",
            customer=customer, lost_from=lost_from, lost_until=lost_until, owner=owner, is_drill=is_drill,
            acknowledged_at=acknowledged, dispatched_at=dispatched, found_at=found, returned_at=returned,
            closed_at=closed, created_at=created,
        )
        item_categories = [rnd.choice(categories) for _item in range(rnd.choice([1, 1, 2, 3]))]
        for index, category in enumerate(item_categories):
            LostItem.objects.create(incident=incident, category=category, name=f"item {index}")
        followups = []
        if status == Status.CLOSED and not declined:
            for source in ("staff_call", "customer_survey"):
                if rnd.random() < 0.55:
                    score = rnd.randint(1, 5)
                    FollowUp.objects.create(incident=incident, source=source, satisfaction=score)
                    followups.append(score)
        deadlines = []
        for kind_code in rnd.sample(DEADLINE_KINDS, rnd.randint(0, 3)):
            fate = rnd.choice(DEADLINE_FATES)
            started = created
            due = started + minutes(10, 600)
            values = dict(state=DeadlineState.OPEN, met_at=None, breached_at=None, escalation_level=0)
            if fate == "on_time":
                values.update(state=DeadlineState.MET, met_at=started + (due - started) / 2)
            elif fate == "met_late":
                values.update(state=DeadlineState.MET, met_at=due + minutes(1, 100), breached_at=due,
                              escalation_level=rnd.randint(0, 2))
            elif fate == "open_past_due":
                pass  # due long before NOW, the sweeper has not seen it yet
            elif fate == "open_breached":
                values.update(breached_at=due, escalation_level=rnd.randint(1, 3))
            elif fate == "open_future":
                due = now + datetime.timedelta(days=rnd.randint(1, 5))
            elif fate == "cancelled":
                values.update(state=DeadlineState.CANCELLED)
            elif fate == "cancelled_breached":
                values.update(state=DeadlineState.CANCELLED, breached_at=due, escalation_level=1)
            Deadline.objects.create(subject_type=incident_type, subject_id=incident.pk, site=the_site, kind=kind_code,
                                    started_at=started, due_at=due, **values)
            deadlines.append({"kind": kind_code, "due_at": due, **values})
        data.records.append({
            "pk": incident.pk, "site": the_site.pk, "site_zone": the_site.time_zone, "area": area.pk if area else None,
            "kind": kind, "status": status, "outcome": outcome, "is_drill": is_drill, "owner": owner.pk if owner else None,
            "department": departments[owner.pk] if owner else None, "declined": declined, "created_at": created,
            "lost_from": lost_from, "acknowledged_at": acknowledged, "dispatched_at": dispatched, "found_at": found,
            "returned_at": returned, "closed_at": closed, "categories": [c.pk for c in item_categories],
            "followups": followups, "deadlines": deadlines,
        })
        if rnd.random() < 0.2:
            review = PostIncidentReview.objects.create(incident=incident, causes="cause", created_by=owners[0])
            for _action in range(rnd.randint(1, 2)):
                due_date = now.astimezone(SHANGHAI).date() + datetime.timedelta(days=rnd.randint(-20, 10))
                done = due_date if rnd.random() < 0.3 else None
                department_id = rnd.choice(list({d for d in departments.values() if d}))
                CorrectiveAction.objects.create(review=review, description="fix it", department_id=department_id,
                                                owner=owners[0], due_date=due_date, done_on=done)
                data.actions.append({"incident": incident.pk, "site": the_site.pk, "is_drill": is_drill, "kind": kind,
                                     "categories": [c.pk for c in item_categories], "department": department_id,
                                     "due_date": due_date, "done_on": done})
    if refresh:
        # The dashboard reads the period's figures from the daily summaries, as of the refresh.
        refresh_summaries(now=now)
    return data


@pytest.fixture
def bj_manager(django_user_model, other_site):
    return make_staff(django_user_model, "bob", role=Role.MANAGER, sites=[other_site], kind=DepartmentKind.MANAGEMENT,
                      position=Position.SITE_GENERAL_MANAGER, is_staff=True)


@pytest.fixture
def company_manager(django_user_model, site, other_site):
    return make_staff(django_user_model, "grace", role=Role.MANAGER, sites=[], all_sites=True,
                      position=Position.COMPANY_GENERAL_MANAGER, is_staff=True)


@pytest.fixture
def owners(front_desk, security_officer):
    return [front_desk, security_officer]


@pytest.fixture
def dataset(site, other_site, owners) -> Dataset:
    return build_dataset(site=site, other_site=other_site, owners=owners)
