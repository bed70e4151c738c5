"""The daily summaries: the same figures as counting the rows live, refreshed only where days changed,
kept fresh by the beat schedule, and the page saying how fresh they are."""

import dataclasses
import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from dashboard import from_summaries
from dashboard.filters import scope_for
from dashboard.models import DailyFigures, SummaryState
from dashboard.selectors import dashboard_for
from dashboard.summaries import refresh_summaries
from incidents.models import FollowUp, Incident, Status
from tests.dashboard.conftest import NOW, PERIOD, SHANGHAI, build_dataset
from tests.dashboard.expected import figures

pytestmark = pytest.mark.django_db


def _scope(user, **extra):
    query = QueryDict(mutable=True)
    query.update({**PERIOD, **{k: str(v) for k, v in extra.items()}})
    return scope_for(user, query, now=NOW)[0]


def _plain(board) -> dict:
    """Every period figure of a board, without links."""
    def strip(rows):
        return [{k: v for k, v in row.items() if not k.endswith("link")} for row in rows]

    return {
        "summary": {k: v for k, v in board.summary.items() if not k.endswith("link")},
        "timeliness": {k: v for k, v in board.timeliness.items() if not k.endswith("link")},
        "deadline_kinds": strip(board.deadline_kinds), "breaches": strip(board.breaches),
        "satisfaction": {k: v for k, v in board.satisfaction.items() if not k.endswith("link")},
        "times": strip(board.times), "trend": strip(board.trend), "categories": strip(board.categories),
        "areas": strip(board.areas), "heatmap": board.heatmap,
        "sites": [{k: v for k, v in row.items() if not k.endswith("link")} for row in board.sites],
    }


def _live(scope, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(from_summaries, "usable_state", lambda scope: None)
        board = dashboard_for(scope)
    assert board.as_of is None
    return board


def _assert_same_as_live(scope, monkeypatch):
    board = dashboard_for(scope)
    assert board.as_of == SummaryState.objects.get().as_of
    live = _plain(_live(scope, monkeypatch))
    summed = _plain(board)
    # The summaries' totals carry a few more sums (handled, late, scores) that the live path counts apart.
    summed["summary"] = {name: summed["summary"][name] for name in live["summary"]}
    # Areas with as many reports are in name order, where databases put "not recorded" first or last.
    for board_figures in (summed, live):
        board_figures["areas"].sort(key=lambda row: (-row["n"], row["site_id"], row["area_id"] or 0))
    assert summed == live


@pytest.mark.parametrize("filters", [{}, {"kind": "theft"}, {"category": 0}, {"department": 0}, {"site": 0},
                                     {"period": "custom", "date_from": "2026-02-10", "date_to": "2026-04-20"}])
def test_summaries_give_the_live_figures(dataset, company_manager, site, owners, monkeypatch, filters):
    values = dict(filters)
    if "category" in values:
        values["category"] = dataset.categories[0].pk
    if "department" in values:
        values["department"] = owners[0].staff_profile.department_id
    if "site" in values:
        values["site"] = site.pk
    _assert_same_as_live(_scope(company_manager, **values), monkeypatch)


def test_a_refresh_with_nothing_changed_recounts_nothing(dataset):
    result = refresh_summaries(now=NOW)
    assert result.full_sites == 0 and result.days == set()


def _day(record) -> tuple:
    return record["site"], record["created_at"].astimezone(SHANGHAI).date()


def test_open_deadlines_falling_due_closing_or_escalating_recount_their_days(dataset, company_manager, monkeypatch):
    from sla.models import Deadline, DeadlineState

    later = NOW + datetime.timedelta(days=3)
    falling_due = {_day(r) for r in dataset.records
                   if any(d["state"] == "open" and NOW <= d["due_at"] < later for d in r["deadlines"])}
    assert falling_due
    result = refresh_summaries(now=later)
    assert result.days == falling_due
    _assert_same_as_live(dataclasses.replace(_scope(company_manager), now=later), monkeypatch)
    open_ones = Deadline.objects.filter(state=DeadlineState.OPEN).order_by("pk")
    escalated, met = open_ones[0], open_ones[1]
    Deadline.objects.filter(pk=escalated.pk).update(escalation_level=escalated.escalation_level + 1)
    Deadline.objects.filter(pk=met.pk).update(state=DeadlineState.MET, met_at=later)
    by_pk = {r["pk"]: r for r in dataset.records}
    assert refresh_summaries(now=later).days == {_day(by_pk[escalated.subject_id]), _day(by_pk[met.subject_id])}


def test_a_refresh_recounts_the_days_that_changed(dataset, company_manager, owners, site, monkeypatch):
    quiet = [r for r in dataset.records if not r["is_drill"]]
    changed, answered = quiet[0], next(r for r in quiet[1:] if r["status"] == Status.CLOSED and not r["followups"])
    incident = Incident.objects.get(pk=changed["pk"])
    incident.status, incident.outcome, incident.cancel_reason = Status.CANCELLED, "cancelled", "test"
    incident.save()
    FollowUp.objects.create(incident_id=answered["pk"], source="staff_call", satisfaction=2)
    result = refresh_summaries(now=NOW)
    assert result.days == {_day(changed), _day(answered)}
    _assert_same_as_live(_scope(company_manager), monkeypatch)
    # An owner moving to another department moves every day of their incidents.
    from organization.models import Department

    profile = owners[0].staff_profile
    profile.department = Department.objects.exclude(pk=profile.department_id).first()
    profile.save()
    result = refresh_summaries(now=NOW)
    assert result.days == {_day(r) for r in dataset.records if r["owner"] == owners[0].pk}
    _assert_same_as_live(_scope(company_manager, department=profile.department_id), monkeypatch)


def test_a_new_site_or_a_new_time_zone_is_counted_in_full(dataset, site, other_site):
    other_site.time_zone = "Asia/Tokyo"
    other_site.save()
    result = refresh_summaries(now=NOW)
    assert result.full_sites == 1
    assert {pk for pk, _day in result.days if pk == other_site.pk} and result.days >= {
        (r["site"], r["created_at"].astimezone(datetime.timezone(datetime.timedelta(hours=9))).date())
        for r in dataset.records if r["site"] == other_site.pk}


def test_figures_stay_as_of_the_refresh_until_the_next(dataset, company_manager, site):
    scope = _scope(company_manager)
    before = dashboard_for(scope)
    Incident.objects.filter(is_drill=False, created_at__gte=scope.start, created_at__lt=scope.end).update(
        is_drill=True, updated_at=timezone.now())
    assert dashboard_for(scope).summary["reports"] == before.summary["reports"] > 0
    refresh_summaries(now=NOW)
    assert dashboard_for(scope).summary["reports"] == 0


def test_a_scope_mixing_time_zones_is_counted_live(dataset, company_manager, other_site):
    other_site.time_zone = "Europe/London"
    other_site.save()
    refresh_summaries(now=NOW)
    board = dashboard_for(_scope(company_manager))
    assert board.as_of is None
    expected = figures(dataset, site_ids={r["site"] for r in dataset.records}, first_day=board.scope.first_day,
                       last_day=board.scope.last_day, now=NOW)
    assert board.summary["reports"] == expected["reports"]


def test_no_summaries_yet_means_counting_live(db, site, other_site, owners, company_manager):
    data = build_dataset(site=site, other_site=other_site, owners=owners, count=30, refresh=False)
    board = dashboard_for(_scope(company_manager))
    assert board.as_of is None and not DailyFigures.objects.exists()
    assert board.summary["reports"] == figures(data, site_ids={site.pk, other_site.pk}, first_day=board.scope.first_day,
                                               last_day=board.scope.last_day, now=NOW)["reports"]


def test_the_page_says_how_fresh_the_figures_are(client, dataset, manager, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    as_of = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=7)
    refresh_summaries(now=as_of)
    client.force_login(manager)
    response = client.get(reverse("dashboard:index"))
    assert response.context["board"].as_of == as_of
    shown = timezone.localtime(as_of, SHANGHAI)
    today = timezone.localtime(timezone.now(), SHANGHAI).date()
    stamp = shown.strftime("%H:%M") if shown.date() == today else shown.strftime("%Y-%m-%d %H:%M")
    assert f"figures as of {stamp}, site time" in response.content.decode()


def test_the_beat_schedule_refreshes_the_summaries_at_the_set_interval(dataset, settings):
    from dashboard.tasks import refresh_summaries as task
    from lostfound.celery import app

    entries = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == "dashboard.tasks.refresh_summaries"]
    assert len(entries) == 1 and entries[0]["schedule"] == float(settings.DASHBOARD_REFRESH_SECONDS)
    before = SummaryState.objects.get().as_of
    task()
    assert SummaryState.objects.get().as_of > before


def test_a_refresh_already_running_makes_the_task_a_no_op(dataset):
    from django.core.cache import cache

    from dashboard.tasks import refresh_summaries as task

    before = SummaryState.objects.get().as_of
    cache.add("dashboard:refresh-summaries", 1, 60)
    task()
    assert SummaryState.objects.get().as_of == before
