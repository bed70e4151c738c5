"""The compensation calculation (CMP-4): depreciation, caps, liability share — pure functions, no database.

Rounding rule: money is `Decimal` in the site's currency. Every amount the calculation shows is rounded
half up (四舍五入) to the currency's smallest unit (0.01 for CNY) at the step that produces it — the
depreciated value and the liability share — and the next step uses the rounded number, so the calculation
printed line by line adds up by hand. Percentages are never rounded before use (they are shown to two
decimals only). Caps and minimums compare rounded amounts; totals are sums of rounded lines.

Order of the steps of one line:
1. value: a direct loss is the purchase price × quantity × the remaining percentage of the category's
   depreciation table at the item's age; a reasonable indirect loss is the amount the assessor accepts;
2. an undeclared valuable is valued as an ordinary item when the policy says so (at most its value);
3. never more than the claimant asked for;
4. × the company's liability share;
5. at most the policy's cap per item.
The claim's total is the sum of its lines, at most the policy's cap per customer.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
# ISO 4217 currencies without a minor unit; every other currency here has two decimals (CNY: fen).
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0}


def minor_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-_MINOR_UNITS.get((currency or "").upper(), 2))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Half up to the currency's smallest unit; kept with two decimals for the database's columns."""
    rounded = Decimal(amount).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
    return rounded.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Band:
    up_to_months: int
    remaining_percent: Decimal


def age_in_months(purchased: datetime.date, at: datetime.date) -> int:
    """Whole months from purchase to `at` (a month counts once its day of the month is reached)."""
    months = (at.year - purchased.year) * 12 + (at.month - purchased.month)
    if at.day < purchased.day:
        months -= 1
    return max(months, 0)


def remaining_percent(*, age_months: int, bands: Iterable[Band], yearly_rate: Decimal, floor: Decimal) -> Decimal:
    """What is left of the value at an age, in percent (CMP-4).

    The first band whose age limit the item has not passed gives the percentage. Beyond the last band (or
    with no bands) the yearly rate applies from where the last band left off (100 % at purchase), pro rata
    by month. Never below the floor, never above 100.
    """
    ordered = sorted(bands, key=lambda band: band.up_to_months)
    for band in ordered:
        if age_months <= band.up_to_months:
            return min(HUNDRED, max(Decimal(band.remaining_percent), Decimal(floor)))
    start_percent, start_months = (
        (Decimal(ordered[-1].remaining_percent), ordered[-1].up_to_months) if ordered else (HUNDRED, 0)
    )
    left = start_percent - Decimal(yearly_rate) * Decimal(age_months - start_months) / Decimal(12)
    return min(HUNDRED, max(left, Decimal(floor)))


@dataclass
class LineInput:
    head: str  # "direct" | "indirect"
    amount_claimed: Decimal
    quantity: int = 1
    purchase_price: Decimal | None = None
    purchase_date: datetime.date | None = None
    accepted_amount: Decimal | None = None  # indirect: what the assessor accepts as reasonable
    bands: list[Band] = field(default_factory=list)
    yearly_rate: Decimal = Decimal(0)
    floor: Decimal = Decimal(0)
    valuable: bool = False
    declared_for_safekeeping: bool = False


@dataclass(frozen=True)
class Rules:
    currency: str
    share_percent: Decimal
    valuation_date: datetime.date
    cap_per_item: Decimal
    cap_per_customer: Decimal
    undeclared_valuables_as_ordinary: bool
    ordinary_item_value: Decimal


@dataclass
class LineResult:
    value: Decimal
    compensation: Decimal
    steps: list[dict]


def _step(code: str, amount: Decimal, **params) -> dict:
    return {"code": code, "amount": str(amount), **{key: str(value) for key, value in params.items()}}


def calculate_line(line: LineInput, rules: Rules) -> LineResult:
    """One claimed item's compensation with every step shown (codes and numbers; labels are translated on display)."""
    currency = rules.currency
    steps: list[dict] = []
    if line.head == "direct":
        if line.purchase_price is None or line.purchase_date is None:
            raise ValueError("a direct loss needs the purchase price and date")
        if line.purchase_date > rules.valuation_date:
            raise ValueError("bought after the loss")
        months = age_in_months(line.purchase_date, rules.valuation_date)
        percent = remaining_percent(age_months=months, bands=line.bands, yearly_rate=line.yearly_rate, floor=line.floor)
        new_value = Decimal(line.purchase_price) * line.quantity
        value = round_money(new_value * percent / HUNDRED, currency)
        steps.append(_step("price", round_money(new_value, currency), price=line.purchase_price, quantity=line.quantity))
        steps.append(_step("depreciation", value, months=months, percent=percent.quantize(Decimal("0.01"))))
    else:
        accepted = line.accepted_amount if line.accepted_amount is not None else line.amount_claimed
        value = round_money(Decimal(accepted), currency)
        steps.append(_step("accepted", value))
    amount = value
    if line.valuable and not line.declared_for_safekeeping and rules.undeclared_valuables_as_ordinary:
        if amount > rules.ordinary_item_value:
            amount = round_money(rules.ordinary_item_value, currency)
            steps.append(_step("undeclared_valuable", amount, limit=rules.ordinary_item_value))
    claimed = round_money(Decimal(line.amount_claimed), currency)
    if amount > claimed:
        amount = claimed
        steps.append(_step("claimed", amount))
    share = Decimal(rules.share_percent)
    amount = round_money(amount * share / HUNDRED, currency)
    steps.append(_step("share", amount, percent=share.quantize(Decimal("0.01"))))
    if amount > rules.cap_per_item:
        amount = round_money(rules.cap_per_item, currency)
        steps.append(_step("cap_item", amount, limit=rules.cap_per_item))
    return LineResult(value=value, compensation=amount, steps=steps)


def claim_total(compensations: Iterable[Decimal], rules: Rules) -> tuple[Decimal, Decimal, list[dict]]:
    """(sum of the lines, estimated compensation, claim-level steps): the per-customer cap."""
    items_total = round_money(sum(compensations, Decimal(0)), rules.currency)
    steps = [_step("sum", items_total)]
    total = items_total
    if total > rules.cap_per_customer:
        total = round_money(rules.cap_per_customer, rules.currency)
        steps.append(_step("cap_customer", total, limit=rules.cap_per_customer))
    return items_total, total, steps
