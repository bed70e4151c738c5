"""Reads of the rulebook. Every `[X]` of SPEC.md is read through `policy_for_site` (POL-1)."""

import contextlib
import datetime
from contextvars import ContextVar
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Q, QuerySet

from lostfound.prepared import PreparedRead
from organization.models import Site
from policy.defaults import DEFAULTS
from policy.models import EscalationStep, ItemCategory, Policy


@dataclass(frozen=True)
class ResolvedPolicy:
    acknowledge_minutes: int
    dispatch_minutes: int
    emergency_response_minutes: int
    progress_update_hours: int
    investigation_start_hours: int
    investigation_finish_working_days: int
    contact_after_found_minutes: int
    complaint_contact_minutes: int
    complaint_followup_hours: int
    claim_window_days: int
    claim_review_days: int
    approval_limit_department_manager: Decimal
    approval_limit_site_general_manager: Decimal
    compensation_cap_per_item: Decimal
    compensation_cap_per_customer: Decimal
    undeclared_valuables_as_ordinary: bool
    ordinary_item_value: Decimal
    followup_visit_days: int
    reminder_before_minutes: int
    status_link_days: int
    personal_data_retention_days: int
    quiet_hours_start: datetime.time
    quiet_hours_end: datetime.time
    business_hours_start: datetime.time
    business_hours_end: datetime.time
    weekend_days: str

    @property
    def weekend(self) -> frozenset[int]:
        return frozenset(int(part) for part in self.weekend_days.split(",") if part.strip())


POLICY_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(ResolvedPolicy))


def is_filled(value: object) -> bool:
    return value is not None and value != ""


def resolve(*layers: Policy | None) -> ResolvedPolicy:
    """The first filled value of each field, from the first layer to the last, then DEFAULTS."""
    values = {}
    for name in POLICY_FIELDS:
        values[name] = next(
            (getattr(layer, name) for layer in layers if layer is not None and is_filled(getattr(layer, name))),
            DEFAULTS[name],
        )
    return ResolvedPolicy(**values)


def company_policy() -> Policy | None:
    return Policy.objects.filter(site__isnull=True).first()


# Within one web request each site's rulebook is read once (filing a report asks for it five times);
# policy/middleware.py opens the memo, and saving a Policy row empties it.
_request_memo: ContextVar[dict | None] = ContextVar("policy_request_memo", default=None)


@contextlib.contextmanager
def remembered_for_request():
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def forget_remembered() -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


_SITE_AND_COMPANY = PreparedRead(lambda site_id: Policy.objects.filter(Q(site__isnull=True) | Q(site_id=site_id)))
_COMPANY = PreparedRead(lambda: Policy.objects.filter(site__isnull=True))


def policy_for_site(site: Site | None) -> ResolvedPolicy:
    """The site's own values over the company's, over the built-in defaults; one query."""
    memo = _request_memo.get()
    key = site.pk if site is not None else None
    if memo is not None and key in memo:
        return memo[key]
    rows = {row.site_id: row for row in (_SITE_AND_COMPANY(site.pk) if site is not None else _COMPANY())}
    resolved = resolve(rows.get(site.pk) if site is not None else None, rows.get(None))
    if memo is not None:
        memo[key] = resolved
    return resolved


def escalation_ladder(site: Site | None) -> list[EscalationStep]:
    """The site's own ladder when it has one, else the company's (SLA-4), lowest level first."""
    steps = list(EscalationStep.objects.filter(Q(site__isnull=True) | Q(site=site)).order_by("level"))
    own = [step for step in steps if site is not None and step.site_id == site.pk]
    return own or [step for step in steps if step.site_id is None]


def active_categories() -> QuerySet[ItemCategory]:
    return ItemCategory.objects.filter(is_active=True).prefetch_related("depreciation_bands")

