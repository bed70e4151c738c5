"""The pages: who may see them, what a foreign site filter does, CSV exports, the printable view, links."""

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from tests.dashboard.conftest import PERIOD
from tests.dashboard.expected import figures

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def _get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, {**PERIOD, **params})


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.get(reverse("dashboard:print"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["front_desk", "security_officer", "custodian", "legal", "finance", "outsider"])
def test_other_roles_are_refused(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "summary"}).status_code == 403
    assert client.get(reverse("dashboard:print")).status_code == 403


@pytest.mark.parametrize("persona", ["manager", "administrator", "company_manager"])
def test_managers_and_administrators_see_the_dashboard(client, request, persona, dataset):
    response = _get(client, request.getfixturevalue(persona))
    assert response.status_code == 200
    assert b'data-figure="timeliness"' in response.content
    # The definitions are on the page.
    assert b"dashboard-definitions" in response.content and b"KPI-1" in response.content


def test_navigation_entry_for_managers_only(client, manager, front_desk):
    client.force_login(manager)
    assert URL.encode() in client.get(reverse("home")).content
    client.force_login(front_desk)
    assert URL.encode() not in client.get(reverse("home")).content


def test_foreign_site_filter_is_ignored(client, dataset, bj_manager, site, other_site):
    """A manager of BJ01 asking for SH01 gets BJ01's figures, never SH01's."""
    response = _get(client, bj_manager, site=site.pk)
    board = response.context["board"]
    assert [s.pk for s in board.scope.sites] == [other_site.pk]
    expected = figures(dataset, site_ids={other_site.pk}, first_day=board.scope.first_day,
                       last_day=board.scope.last_day, now=board.as_of)
    assert board.summary["reports"] == expected["reports"]
    assert [row["site"].pk for row in board.sites] == [other_site.pk]
    sh01 = figures(dataset, site_ids={site.pk}, first_day=board.scope.first_day, last_day=board.scope.last_day,
                   now=board.as_of)
    assert sh01["reported"] and sh01["reported"] != expected["reported"]
    # The site list offers BJ01 only.
    assert list(response.context["form"].fields["site"].queryset) == [other_site]
    # And the CSV export of the sites table holds BJ01 alone.
    rows = list(csv.reader(io.StringIO(_get(client, bj_manager, site=site.pk, export="sites").content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["BJ01"]


def test_site_filter_within_own_sites(client, dataset, company_manager, site, other_site):
    board = _get(client, company_manager, site=site.pk).context["board"]
    expected = figures(dataset, site_ids={site.pk}, first_day=board.scope.first_day, last_day=board.scope.last_day,
                       now=board.scope.now)
    assert board.summary["reported"] == expected["reported"]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_exports(client, dataset, company_manager, site, other_site, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(company_manager)
    board = client.get(URL, PERIOD).context["board"]
    expected = figures(dataset, site_ids={site.pk, other_site.pk}, first_day=board.scope.first_day,
                       last_day=board.scope.last_day, now=board.as_of)
    summary = dict(_csv(client.get(URL, {**PERIOD, "export": "summary"}, HTTP_ACCEPT_LANGUAGE="en"))[1:])
    assert int(summary["Reports"]) == expected["reports"]
    assert int(summary["Reports not cancelled"]) == expected["reported"]
    assert int(summary["Resolved (closed)"]) == expected["resolved"]
    assert int(summary["Returned to the owner"]) == expected["returned"]
    assert float(summary["Resolution rate"]) == pytest.approx(expected["resolution_rate"], abs=5e-5)
    assert int(summary["Incidents handled (with a decided deadline)"]) == expected["handled"]
    assert int(summary["Satisfaction answers"]) == expected["answers"]
    assert summary["Compensation control rate"] in ("",) or float(summary["Compensation control rate"]) >= 0

    times = _csv(client.get(URL, {**PERIOD, "export": "times"}))
    assert [int(row[1]) for row in times[1:]] == [expected["times"][n]["n"]
                                                  for n in ("acknowledge", "dispatch", "find", "return", "close")]
    for row, name in zip(times[1:], ("acknowledge", "dispatch", "find", "return", "close")):
        want = expected["times"][name]["median"]
        assert row[2] == ("" if want is None else str(round(want)))

    heat = _csv(client.get(URL, {**PERIOD, "export": "heatmap"}))
    assert len(heat) == 8 and len(heat[0]) == 25
    assert [[int(n) for n in row[1:]] for row in heat[1:]] == expected["heat"]

    categories = _csv(client.get(URL, {**PERIOD, "export": "categories"}))
    assert sum(int(row[1]) for row in categories[1:]) == sum(expected["categories"].values())

    trend = _csv(client.get(URL, {**PERIOD, "export": "trend"}))
    assert len(trend) == 1 + 31 and sum(int(row[2]) for row in trend[1:]) == expected["reports"]

    sites = _csv(client.get(URL, {**PERIOD, "export": "sites"}))
    assert {row[0]: int(row[1]) for row in sites[1:]} == {
        "SH01": expected["sites"][site.pk]["reports"], "BJ01": expected["sites"][other_site.pk]["reports"]}

    for table in ("deadlines", "breaches", "satisfaction", "backlog", "actions", "areas"):
        assert len(_csv(client.get(URL, {**PERIOD, "export": table}))) >= 1
    assert client.get(URL, {**PERIOD, "export": "nonsense"}).status_code == 404


def test_printable_view(client, dataset, manager):
    response = _get(client, manager, url=reverse("dashboard:print"), kind="theft",
                    category=dataset.categories[0].pk)
    assert response.status_code == 200
    content = response.content.decode()
    # The printed page says which filters made the figures.
    assert dataset.categories[0].name_en in content and "kind=theft" in content
    assert "dashboard.css" in content and 'data-table="heatmap"' in content
    assert "export=" not in content  # no CSV buttons on paper


def test_links_lead_to_the_same_rows(client, dataset, manager, site):
    """Following a figure's link, the incident list holds exactly the counted incidents (exact links)."""
    from django.http import QueryDict

    from incidents.forms import FilterForm
    from incidents.selectors import incident_list
    from incidents.views.listing import _filters

    response = _get(client, manager)
    board = response.context["board"]

    def count(link):
        assert link.exact
        query = QueryDict(urlparse(link.url).query)
        assert urlparse(link.url).path == reverse("incidents:list")
        return incident_list(manager, _filters(FilterForm(query, user=manager))).count()

    s = board.summary
    assert count(s["reported_link"]) == s["reports"] == s["reported"] + s["cancelled"]
    assert count(s["cancelled_link"]) == s["cancelled"]
    assert count(s["resolved_link"]) == s["resolved"]
    assert count(s["open_link"]) == s["still_open"]
    for row in board.backlog:
        assert count(row["link"]) == row["n"]
    for row in board.categories:
        assert count(row["link"]) == row["n"]
    for row in board.trend:
        assert count(row["link"]) == row["reported"]
    for row in board.trend:
        assert count(row["resolved_link"]) == row["resolved"]
    for row in board.sites:
        assert count(row["link"]) == row["reports"]
        assert count(row["resolved_link"]) == row["resolved"]
        assert count(row["open_link"]) == row["still_open"]
    # The page carries the links.
    assert s["resolved_link"].url.replace("&", "&amp;").encode() in response.content


def test_manager_without_sites_sees_nothing(client, dataset, django_user_model):
    from organization.roles import Role
    from tests.conftest import make_staff

    lonely = make_staff(django_user_model, "nora", role=Role.MANAGER, sites=[])
    board = _get(client, lonely).context["board"]
    assert board.scope.sites == () and board.summary["reports"] == 0 and board.backlog[3]["n"] == 0
    assert sum(map(sum, (row["hours"] for row in board.heatmap))) == 0
