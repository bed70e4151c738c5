"""Queries that do not grow with the data, the heat map in each site's own time zone, compensation's figure."""

import datetime
import sys
import types
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Customer, Incident
from organization.models import Site
from tests.dashboard.conftest import PERIOD, build_dataset

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")
MAX_QUERIES = 40


def _count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_data(client, company_manager, site, other_site, owners,
                                             django_assert_max_num_queries, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client.force_login(company_manager)
    build_dataset(site=site, other_site=other_site, owners=owners, seed=1, count=20)
    small = _count_queries(client, PERIOD)
    build_dataset(site=site, other_site=other_site, owners=owners, seed=2, count=120, start_number=1000)
    large = _count_queries(client, PERIOD)
    assert large == small
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, PERIOD)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, {**PERIOD, "export": "times"})
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, {"period": "year", "category": "1", "kind": "loss"})


def _incident(site, *, lost_from, number):
    customer = Customer.objects.create(site=site, name=f"c{number}")
    created = lost_from + datetime.timedelta(hours=1)
    return Incident.objects.create(site=site, reference=f"LF-TZ-{number}", channel="on_site", customer=customer,
                                   lost_from=lost_from, lost_until=lost_from + datetime.timedelta(minutes=30),
                                   created_at=created)


def test_heat_map_uses_each_sites_time_zone(client, company_manager, site):
    """The same UTC instant lands in different cells for Shanghai and New York."""
    new_york = Site.objects.create(code="NY01", name="New York", time_zone="America/New_York")
    # Wednesday 11 March 2026, 02:30 UTC = 10:30 Wednesday in Shanghai = 22:30 Tuesday in New York (EDT, UTC−4).
    instant = datetime.datetime(2026, 3, 11, 2, 30, tzinfo=datetime.timezone.utc)
    _incident(site, lost_from=instant, number=1)
    _incident(new_york, lost_from=instant, number=2)
    # A New York report in winter time (EST, UTC−5): Monday 2 March 2026 14:10 UTC = 09:10 Monday.
    _incident(new_york, lost_from=datetime.datetime(2026, 3, 2, 14, 10, tzinfo=datetime.timezone.utc), number=3)
    client.force_login(company_manager)
    board = client.get(URL, PERIOD).context["board"]
    cells = {(row["iso"], hour): n for row in board.heatmap for hour, n in enumerate(row["hours"]) if n}
    assert cells == {(3, 10): 1, (2, 22): 1, (1, 9): 1}
    # Checked against zoneinfo directly, not only by hand.
    assert instant.astimezone(ZoneInfo("America/New_York")).hour == 22
    only_new_york = client.get(URL, {**PERIOD, "site": new_york.pk}).context["board"]
    cells = {(row["iso"], hour): n for row in only_new_york.heatmap for hour, n in enumerate(row["hours"]) if n}
    assert cells == {(2, 22): 1, (1, 9): 1}


def test_compensation_control_rate_when_the_app_provides_it(client, manager, site, monkeypatch):
    calls = []

    def control_rate(*, sites, start, end):
        calls.append((sorted(s.pk for s in sites), start, end))
        return {"paid": Decimal("800.00"), "estimated": Decimal("1000.00"), "rate": Decimal("0.8")}

    module = types.ModuleType("compensation.selectors")
    module.control_rate = control_rate
    monkeypatch.setitem(sys.modules, "compensation.selectors", module)
    client.force_login(manager)
    response = client.get(URL, PERIOD)
    assert calls and calls[0][0] == [site.pk]
    assert calls[0][1] == datetime.datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert calls[0][2] == datetime.datetime(2026, 4, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "80.0 %" in response.content.decode()


def test_compensation_missing_shows_a_dash(client, manager, monkeypatch):
    monkeypatch.setitem(sys.modules, "compensation.selectors", None)  # import raises ImportError
    client.force_login(manager)
    response = client.get(URL, PERIOD)
    assert response.context["board"].compensation is None
    assert 'data-figure="compensation">—<' in response.content.decode()


def test_cached_figures_are_reused_and_never_cross_sites(client, dataset, company_manager, bj_manager, site,
                                                         other_site):
    client.force_login(company_manager)
    first = client.get(URL, {**PERIOD, "site": site.pk}).context["board"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, {**PERIOD, "site": site.pk, "export": "summary"})
    assert again.status_code == 200
    assert not any("incidents_incident" in query["sql"] for query in queries.captured_queries)
    # The BJ01 manager asking for SH01 is given BJ01's own figures, not the cached SH01 ones.
    client.force_login(bj_manager)
    theirs = client.get(URL, {**PERIOD, "site": site.pk}).context["board"]
    assert [s.pk for s in theirs.scope.sites] == [other_site.pk]
    assert theirs.summary["reports"] != first.summary["reports"]
