"""Every figure of the dashboard against an independent count over the rows the test created."""

import pytest
from django.http import QueryDict
from django.utils import timezone

from dashboard.filters import scope_for
from dashboard.selectors import dashboard_for
from dashboard.summaries import refresh_summaries
from tests.dashboard.conftest import FIRST_DAY, LAST_DAY, NOW, PERIOD
from tests.dashboard.expected import figures

pytestmark = pytest.mark.django_db


def _board(user, **extra):
    query = QueryDict(mutable=True)
    query.update({**PERIOD, **{k: str(v) for k, v in extra.items()}})
    scope, _form = scope_for(user, query, now=NOW)
    return dashboard_for(scope)


def assert_board_matches(board, expected):
    s, t, sat = board.summary, board.timeliness, board.satisfaction
    for name in ("reports", "reported", "cancelled", "resolved", "returned", "not_found", "still_open", "eligible", "responded"):
        assert s[name] == expected[name], name
    assert s["resolution_rate"] == pytest.approx(expected["resolution_rate"])
    assert s["recovery_rate"] == pytest.approx(expected["recovery_rate"])
    assert sat["answers"] == expected["answers"]
    assert sat["average"] == pytest.approx(expected["average"])
    assert {row["score"]: row["n"] for row in sat["distribution"]} == expected["distribution"]
    assert (t["handled"], t["timely"]) == (expected["handled"], expected["timely"])
    assert t["rate"] == pytest.approx(expected["timeliness"])
    assert (t["deadlines_on_time"], t["deadlines_breached"]) == (expected["deadlines_on_time"],
                                                                 expected["deadlines_breached"])
    assert {row["level"]: row["total"] for row in board.breaches} == expected["by_level"]
    assert {row["level"]: row["still_open"] for row in board.breaches if row["still_open"]} == {
        level: n for level, n in expected["open_by_level"].items() if n}
    assert {row["kind"]: {"on_time": row["on_time"], "breached": row["breached"], "pending": row["pending"]}
            for row in board.deadline_kinds} == expected["kinds"]
    for row in board.times:
        want = expected["times"][row["name"]]
        assert row["n"] == want["n"], row["name"]
        if want["median"] is None:
            assert row["median"] is None and row["p90"] is None
        else:
            assert row["median"] == pytest.approx(want["median"], abs=1e-3), row["name"]
            assert row["p90"] == pytest.approx(want["p90"], abs=1e-3), row["name"]
    assert [row["n"] for row in board.backlog] == expected["backlog"]
    assert {row["id"]: row["n"] for row in board.categories} == expected["categories"]
    assert {(row["site_id"], row["area_id"]): row["n"] for row in board.areas} == expected["areas"]
    assert [row["hours"] for row in board.heatmap] == expected["heat"]
    assert {row["day"]: row["reported"] for row in board.trend if row["reported"]} == expected["trend"]
    assert sum(row["reported"] for row in board.trend) == expected["reports"]
    assert board.actions["open"] == expected["actions_open"]
    assert board.actions["overdue"] == expected["actions_overdue"]
    assert {row["site"].pk: {k: row[k] for k in ("reports", "reported", "resolved", "returned", "still_open")}
            for row in board.sites} == expected["sites"]


def test_company_manager_sees_every_site_and_figures_match_the_rows(dataset, company_manager, site, other_site):
    board = _board(company_manager)
    expected = figures(dataset, site_ids={site.pk, other_site.pk}, first_day=FIRST_DAY, last_day=LAST_DAY, now=NOW)
    assert expected["reported"] > 20 and expected["handled"] > 5 and expected["answers"] > 3  # a data set worth testing
    assert_board_matches(board, expected)


def test_site_manager_sees_own_site(dataset, manager, site):
    board = _board(manager)
    assert_board_matches(board, figures(dataset, site_ids={site.pk}, first_day=FIRST_DAY, last_day=LAST_DAY, now=NOW))


@pytest.mark.parametrize("filter_name", ["site", "kind", "category", "department"])
def test_each_filter(dataset, company_manager, site, other_site, filter_name):
    values = {
        "site": other_site.pk, "kind": "theft", "category": dataset.categories[1].pk,
        "department": next(d for d in dataset.departments.values() if d),
    }
    value = values[filter_name]
    board = _board(company_manager, **{filter_name: value})
    site_ids = {other_site.pk} if filter_name == "site" else {site.pk, other_site.pk}
    extra = {filter_name: value} if filter_name != "site" else {}
    assert_board_matches(board, figures(dataset, site_ids=site_ids, first_day=FIRST_DAY, last_day=LAST_DAY, now=NOW,
                                        **extra))


def test_period_edges_are_local_midnights(dataset, company_manager, site, other_site):
    """The four edge reports: 23:59:30 on 28 Feb and 00:00 on 1 Apr (Shanghai) stay out; the other two count."""
    board = _board(company_manager)
    edge_refs = {record["pk"]: record for record in dataset.records[:4]}
    expected = figures(dataset, site_ids={site.pk, other_site.pk}, first_day=FIRST_DAY, last_day=LAST_DAY, now=NOW)
    assert board.summary["reported"] == expected["reported"]
    inside = [r for r in edge_refs.values() if FIRST_DAY <= r["created_at"].astimezone(board.scope.zone).date() <= LAST_DAY]
    assert len(inside) == 2


def test_drills_are_left_out(dataset, company_manager, site, other_site):
    """Turning every real incident into a drill empties every figure (INT-13)."""
    from incidents.models import Incident

    assert any(r["is_drill"] for r in dataset.records)
    before = _board(company_manager)
    assert before.summary["reported"] > 0
    # As a save would: `updated_at` tells the refresh which days changed.
    Incident.objects.update(is_drill=True, updated_at=timezone.now())
    # Until the next refresh the period's figures stay those of the summaries; the backlog is counted live.
    stale = _board(company_manager)
    assert stale.summary["reported"] == before.summary["reported"] and all(row["n"] == 0 for row in stale.backlog)
    refresh_summaries(now=NOW)
    after = _board(company_manager)
    assert after.summary["reported"] == after.summary["cancelled"] == after.summary["still_open"] == 0
    assert after.timeliness["handled"] == 0 and after.satisfaction["answers"] == 0
    assert all(row["n"] == 0 for row in after.times) and all(row["n"] == 0 for row in after.backlog)
    assert after.categories == [] and after.areas == [] and after.breaches == []
    assert sum(map(sum, (row["hours"] for row in after.heatmap))) == 0
    assert after.actions["open"] == 0


def test_percentile_paths_agree(dataset, company_manager):
    """PostgreSQL's percentile_cont and the portable ordered query give the same figures."""
    from django.db import connection

    from dashboard.percentiles import duration_percentiles_ordered, duration_percentiles_postgres
    from dashboard.selectors import DURATIONS, reported_incidents

    board = _board(company_manager)
    rows = reported_incidents(board.scope)
    durations = {name: (field_name, "created_at") for name, (field_name, _label) in DURATIONS.items()}
    counts = {row["name"]: row["n"] for row in board.times}
    portable = duration_percentiles_ordered(rows, durations, counts)
    for row in board.times:
        for fraction, key in ((0.5, "median"), (0.9, "p90")):
            assert portable[row["name"]][fraction] == pytest.approx(row[key], abs=1e-3) if row[key] is not None \
                else portable[row["name"]][fraction] is None
    if connection.vendor == "postgresql":
        native = duration_percentiles_postgres(rows, durations)
        for name in durations:
            for fraction in (0.5, 0.9):
                if native[name][fraction] is None:
                    assert portable[name][fraction] is None
                else:
                    assert native[name][fraction] == pytest.approx(portable[name][fraction], abs=1e-3)


def test_empty_scope(db, company_manager):
    board = _board(company_manager)
    assert board.summary["reported"] == 0 and board.summary["resolution_rate"] is None
    assert board.timeliness["rate"] is None and board.satisfaction["average"] is None
    assert all(row["median"] is None for row in board.times)


@pytest.mark.parametrize("period,today,first,last", [
    ("week", "2026-11-22", "2026-11-16", "2026-11-22"),       # a Sunday: its Monday-to-Sunday week
    ("month", "2026-02-10", "2026-02-01", "2026-02-28"),
    ("quarter", "2026-11-22", "2026-10-01", "2026-12-31"),
    ("quarter", "2026-01-01", "2026-01-01", "2026-03-31"),
    ("year", "2026-06-30", "2026-01-01", "2026-12-31"),
])
def test_period_bounds(period, today, first, last):
    import datetime

    from dashboard.filters import period_bounds

    day = datetime.date.fromisoformat
    assert period_bounds(period, day(today)) == (day(first), day(last))


def test_custom_period_is_ordered_and_bounded():
    import datetime

    from dashboard.filters import MAX_RANGE_DAYS, period_bounds

    a, b = datetime.date(2026, 3, 31), datetime.date(2026, 3, 1)
    assert period_bounds("custom", a, a, b) == (b, a)
    first, last = period_bounds("custom", a, datetime.date(2000, 1, 1), a)
    assert last == a and (last - first).days == MAX_RANGE_DAYS
    # Nothing chosen: this month.
    assert period_bounds("custom", a) == (datetime.date(2026, 3, 1), a)


def test_bad_filter_values_are_ignored(dataset, company_manager, site, other_site):
    board = _board(company_manager, site="999999", category="abc", kind="robbery", department="-1")
    expected = figures(dataset, site_ids={site.pk, other_site.pk}, first_day=FIRST_DAY, last_day=LAST_DAY, now=NOW)
    assert board.summary["reports"] == expected["reports"]


def test_long_period_trend_by_month(dataset, company_manager, site, other_site):
    """Over 62 days the trend is drawn month by month; the months add up to the rows."""
    import datetime
    from collections import Counter

    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update({"period": "custom", "date_from": "2026-02-15", "date_to": "2026-04-20"})
    scope, _form = scope_for(company_manager, query, now=NOW)
    board = dashboard_for(scope)
    assert board.trend_unit == "month"
    assert [row["day"] for row in board.trend] == [datetime.date(2026, m, 1) for m in (2, 3, 4)]
    assert (board.trend[0]["first"], board.trend[-1]["last"]) == (datetime.date(2026, 2, 15), datetime.date(2026, 4, 20))
    expected = figures(dataset, site_ids={site.pk, other_site.pk}, first_day=datetime.date(2026, 2, 15),
                       last_day=datetime.date(2026, 4, 20), now=NOW)
    by_month = Counter()
    for day, n in expected["trend"].items():
        by_month[day.replace(day=1)] += n
    assert {row["day"]: row["reported"] for row in board.trend if row["reported"]} == dict(by_month)
    assert board.summary["reports"] == expected["reports"]
    assert board.timeliness["handled"] == expected["handled"]
