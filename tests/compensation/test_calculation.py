"""Depreciation and rounding for known cases (CMP-4), without the database."""

import datetime
from decimal import Decimal

import pytest

from compensation.calculation import (
    Band, LineInput, Rules, age_in_months, calculate_line, claim_total, remaining_percent, round_money,
)

D = Decimal


def rules(**overrides) -> Rules:
    values = dict(currency="CNY", share_percent=D(100), valuation_date=datetime.date(2026, 11, 1),
                  cap_per_item=D("10000.00"), cap_per_customer=D("50000.00"),
                  undeclared_valuables_as_ordinary=True, ordinary_item_value=D("500.00"))
    values.update(overrides)
    return Rules(**values)


@pytest.mark.parametrize(("bought", "at", "months"), [
    (datetime.date(2026, 1, 15), datetime.date(2026, 1, 15), 0),
    (datetime.date(2026, 1, 15), datetime.date(2026, 2, 14), 0),
    (datetime.date(2026, 1, 15), datetime.date(2026, 2, 15), 1),
    (datetime.date(2024, 11, 1), datetime.date(2026, 11, 1), 24),
    (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), 0),
])
def test_age_counts_whole_months(bought, at, months):
    assert age_in_months(bought, at) == months


def test_the_first_band_the_item_has_not_outgrown_gives_the_percentage():
    bands = [Band(12, D("80")), Band(24, D("60")), Band(6, D("90"))]

    assert remaining_percent(age_months=0, bands=bands, yearly_rate=D(20), floor=D(10)) == D("90")
    assert remaining_percent(age_months=6, bands=bands, yearly_rate=D(20), floor=D(10)) == D("90")
    assert remaining_percent(age_months=7, bands=bands, yearly_rate=D(20), floor=D(10)) == D("80")
    assert remaining_percent(age_months=24, bands=bands, yearly_rate=D(20), floor=D(10)) == D("60")


def test_beyond_the_bands_the_yearly_rate_continues_from_the_last_band_down_to_the_floor():
    bands = [Band(12, D("80")), Band(24, D("60"))]

    # 36 months: 60 % − 20 % × 12/12 = 40 %
    assert remaining_percent(age_months=36, bands=bands, yearly_rate=D(20), floor=D(10)) == D("40")
    # 30 months: 60 − 20 × 6/12 = 50
    assert remaining_percent(age_months=30, bands=bands, yearly_rate=D(20), floor=D(10)) == D("50")
    # far beyond: never below the floor
    assert remaining_percent(age_months=200, bands=bands, yearly_rate=D(20), floor=D(10)) == D("10")


def test_without_bands_the_yearly_rate_runs_from_new():
    # A phone: 30 % a year, floor 10 %. 18 months → 100 − 45 = 55 %; 5 years → floor.
    assert remaining_percent(age_months=18, bands=[], yearly_rate=D(30), floor=D(10)) == D("55")
    assert remaining_percent(age_months=60, bands=[], yearly_rate=D(30), floor=D(10)) == D("10")
    # Cash: 0 % a year, floor 100 % → always the full value.
    assert remaining_percent(age_months=120, bands=[], yearly_rate=D(0), floor=D(100)) == D("100")


def test_rounding_is_half_up_to_the_fen_and_to_the_yen():
    assert round_money(D("10.005"), "CNY") == D("10.01")
    assert round_money(D("10.004999"), "CNY") == D("10.00")
    assert round_money(D("-0.005"), "CNY") == D("-0.01")
    assert round_money(D("1234.5"), "JPY") == D("1235.00")


def test_a_direct_loss_line_shows_every_step_and_rounds_where_it_is_shown():
    # 7 months old at 25 % a year: 100 − 25 × 7/12 = 85.41666… % of 999.99 = 854.157… → 854.16
    line = LineInput(head="direct", amount_claimed=D("999.99"), purchase_price=D("999.99"),
                     purchase_date=datetime.date(2026, 4, 1), yearly_rate=D(25), floor=D(10))

    result = calculate_line(line, rules())

    assert result.value == D("854.16")
    assert result.compensation == D("854.16")
    assert [step["code"] for step in result.steps] == ["price", "depreciation", "share"]
    assert result.steps[1] == {"code": "depreciation", "amount": "854.16", "months": "7", "percent": "85.42"}


def test_a_supplementary_share_and_the_caps_apply_in_order():
    line = LineInput(head="direct", amount_claimed=D("30000"), purchase_price=D("30000"),
                     purchase_date=datetime.date(2026, 10, 1), yearly_rate=D(0), floor=D(100))

    result = calculate_line(line, rules(share_percent=D("40"), cap_per_item=D("10000.00")))

    # 30000 × 40 % = 12000 → capped at 10000
    assert result.compensation == D("10000.00")
    assert [step["code"] for step in result.steps][-2:] == ["share", "cap_item"]


def test_an_undeclared_valuable_is_valued_as_an_ordinary_item_when_the_policy_says_so():
    line = LineInput(head="direct", amount_claimed=D("8000"), purchase_price=D("8000"),
                     purchase_date=datetime.date(2026, 10, 1), valuable=True, floor=D(100))

    assert calculate_line(line, rules()).compensation == D("500.00")
    assert calculate_line(line, rules(undeclared_valuables_as_ordinary=False)).compensation == D("8000.00")
    declared = LineInput(**{**line.__dict__, "declared_for_safekeeping": True})
    assert calculate_line(declared, rules()).compensation == D("8000.00")


def test_never_more_than_claimed_and_an_indirect_loss_is_the_accepted_amount():
    direct = LineInput(head="direct", amount_claimed=D("100"), purchase_price=D("300"),
                       purchase_date=datetime.date(2026, 10, 1), floor=D(100))
    indirect = LineInput(head="indirect", amount_claimed=D("200"), accepted_amount=D("150.555"))

    assert calculate_line(direct, rules()).compensation == D("100.00")
    assert calculate_line(indirect, rules()).compensation == D("150.56")


def test_the_total_is_the_sum_of_the_rounded_lines_capped_per_customer():
    items_total, total, steps = claim_total([D("0.01"), D("0.01"), D("0.01")], rules())
    assert (items_total, total) == (D("0.03"), D("0.03"))

    items_total, total, steps = claim_total([D("30000"), D("30000")], rules())
    assert (items_total, total) == (D("60000.00"), D("50000.00"))
    assert steps[-1]["code"] == "cap_customer"
