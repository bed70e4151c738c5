"""Reads of compensation claims, already limited to what the user may see (SEC-2), and the control rate (CMP-7)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compensation.models import Claim, Payment
from compensation.permissions import claims_for
from organization.selectors import restrict_to_sites

PAGE_SIZE = 50
# Pages beyond this are not offered: filter instead (an OFFSET of millions reads millions).
MAX_PAGE = 200
# The CSV export stops here; narrow the filters for more.
CSV_MAX_ROWS = 50_000


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_next: bool
    has_previous: bool

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_of(queryset: QuerySet, number: int, *, size: int = PAGE_SIZE) -> Page:
    """One page without counting the whole table: one row more than shown tells whether there is a next."""
    number = max(1, min(number, MAX_PAGE))
    start = (number - 1) * size
    rows = list(queryset[start: start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size and number < MAX_PAGE,
                has_previous=number > 1)


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


@dataclass(frozen=True)
class ClaimFilters:
    site: int | None = None
    state: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    late: bool = False
    q: str = ""


def claim_list(user, filters: ClaimFilters) -> QuerySet[Claim]:
    rows = claims_for(user)
    if filters.site:
        rows = rows.filter(site_id=filters.site)
    if filters.state == "open":
        rows = rows.filter(state__in=["filed", "assessed", "approved", "agreed"])
    elif filters.state:
        rows = rows.filter(state=filters.state)
    if filters.date_from:
        rows = rows.filter(filed_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(filed_at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.late:
        rows = rows.filter(late=True)
    if filters.q:
        rows = rows.filter(
            Q(reference__icontains=filters.q) | Q(claimant_name__icontains=filters.q)
            | Q(incident__reference__icontains=filters.q)
        )
    return rows.select_related("site", "incident", "customer").order_by("-filed_at", "-id")


@dataclass(frozen=True)
class PayoutFilters:
    site: int | None = None
    method: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


def payouts_for(user) -> QuerySet[Payment]:
    if not user.is_authenticated or not user.has_perm("compensation.view_payment"):
        return Payment.objects.none()
    return restrict_to_sites(Payment.objects.all(), user)


def payout_list(user, filters: PayoutFilters) -> QuerySet[Payment]:
    """Every payout for internal audit (CMP-6), newest first."""
    rows = payouts_for(user)
    if filters.site:
        rows = rows.filter(site_id=filters.site)
    if filters.method:
        rows = rows.filter(method=filters.method)
    if filters.date_from:
        rows = rows.filter(paid_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(paid_on__lte=filters.date_to)
    if filters.q:
        rows = rows.filter(
            Q(reference__icontains=filters.q) | Q(claim__reference__icontains=filters.q)
            | Q(claim__claimant_name__icontains=filters.q)
        )
    return rows.select_related("site", "claim", "claim__agreement", "claim__decided_by", "recorded_by").order_by(
        "-paid_on", "-id"
    )


def _as_datetime(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return _day_start(value)


def control_rate(
    *, sites: Iterable | None, start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime
) -> dict:
    """Compensation control rate (CMP-7, KPI-3): paid ÷ estimated, over the claims filed in [start, end).

    `sites`: Site objects, ids or a queryset; None for every site. `start` inclusive, `end` exclusive; a date
    means midnight in the current time zone. Drills are left out (INT-13). `estimated` is the sum of the
    assessed claims' estimated compensation, `paid` what finance paid on those claims (whenever paid).
    Returns {"paid": Decimal, "estimated": Decimal, "rate": Decimal (4 places) or None when nothing was
    estimated}. Amounts are summed as they are; give the sites of one currency.
    """
    claims = Claim.objects.filter(
        filed_at__gte=_as_datetime(start), filed_at__lt=_as_datetime(end), estimated_amount__isnull=False,
        incident__is_drill=False,
    )
    if sites is not None:
        ids = [getattr(site, "pk", site) for site in sites]
        claims = claims.filter(site_id__in=ids)
    estimated = claims.aggregate(total=Sum("estimated_amount"))["total"] or Decimal("0.00")
    paid = Payment.objects.filter(claim__in=claims.values("pk")).aggregate(total=Sum("amount"))["total"] or Decimal(
        "0.00"
    )
    rate = (paid / estimated).quantize(Decimal("0.0001")) if estimated > 0 else None
    return {"paid": paid, "estimated": estimated, "rate": rate}


# --- the calculation, for people --------------------------------------------------------------------

_STEP_LABELS = {
    "price": _("Purchase price %(price)s × %(quantity)s"),
    "depreciation": _("Depreciation: %(months)s months old, %(percent)s %% of the value remains"),
    "accepted": _("Reasonable amount accepted"),
    "undeclared_valuable": _("Valuable not declared for safekeeping: valued as an ordinary item, at most %(limit)s"),
    "claimed": _("Limited to the amount claimed"),
    "share": _("Company's share of liability: %(percent)s %%"),
    "cap_item": _("Capped per item at %(limit)s"),
    "sum": _("Sum of the items"),
    "cap_customer": _("Capped per customer at %(limit)s"),
}


def calculation_lines(steps: list[dict]) -> list[dict]:
    """Stored steps (codes and numbers) as translated lines: [{"label", "amount"}]."""
    lines = []
    for step in steps or []:
        label = _STEP_LABELS.get(step.get("code"), step.get("code", ""))
        params = {key: value for key, value in step.items() if key not in ("code", "amount")}
        try:
            text = str(label) % params if params else str(label).replace("%%", "%")
        except (KeyError, ValueError, TypeError):
            text = str(label)
        lines.append({"label": text, "amount": Decimal(step.get("amount", "0"))})
    return lines
