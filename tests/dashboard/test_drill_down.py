"""Drill-down: each figure with an exact link lists exactly the incidents it counts; approximate links list a
superset; people who may not open the incident list see figures without links."""

from urllib.parse import urlparse

import pytest
from django.http import QueryDict
from django.urls import reverse

from incidents.forms import FilterForm
from incidents.selectors import incident_list
from incidents.views.listing import _filters
from tests.dashboard.conftest import PERIOD

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def _listed(user, link) -> int:
    assert urlparse(link.url).path == reverse("incidents:list")
    form = FilterForm(QueryDict(urlparse(link.url).query), user=user)
    assert form.is_valid(), form.errors
    return incident_list(user, _filters(form)).count()


def _board(client, user, **params):
    client.force_login(user)
    response = client.get(URL, {**PERIOD, **params})
    assert response.status_code == 200
    return response


def test_area_and_heat_map_figures_list_exactly_their_incidents(client, dataset, company_manager, site, other_site):
    board = _board(client, company_manager).context["board"]
    assert any(row["area_id"] is None for row in board.areas) and len(board.areas) > 2
    for row in board.areas:
        assert row["link"].exact and _listed(company_manager, row["link"]) == row["n"]
    cells = [cell for row in board.heatmap for cell in row["cells"] if cell["n"]]
    assert len(cells) > 10
    for cell in cells:
        assert cell["link"].exact and _listed(company_manager, cell["link"]) == cell["n"]


def test_department_filtered_figures_list_exactly_their_incidents(client, dataset, company_manager, owners):
    department = owners[0].staff_profile.department_id
    board = _board(client, company_manager, department=department).context["board"]
    s = board.summary
    assert s["reports"] > 0
    for link, n in [(s["reported_link"], s["reports"]), (s["resolved_link"], s["resolved"]),
                    (s["cancelled_link"], s["cancelled"]), (s["open_link"], s["still_open"]),
                    *((row["link"], row["n"]) for row in board.areas),
                    *((row["link"], row["n"]) for row in board.categories),
                    *((row["link"], row["reported"]) for row in board.trend)]:
        assert link.exact and _listed(company_manager, link) == n
    for row in board.sites:
        assert _listed(company_manager, row["link"]) == row["reports"]


def test_escalation_links_list_the_incidents_with_a_breach_at_that_level(client, dataset, company_manager):
    """Breaches count deadlines, the list shows incidents (so the link is approximate): the list holds every
    incident of the period with a deadline breached at that level, whatever its state."""
    from django.utils import timezone

    from tests.dashboard.conftest import FIRST_DAY, LAST_DAY, SHANGHAI
    from tests.dashboard.expected import breached

    board = _board(client, company_manager).context["board"]
    assert board.breaches
    now = timezone.now()
    period = [r for r in dataset.records if not r["is_drill"]
              and FIRST_DAY <= r["created_at"].astimezone(SHANGHAI).date() <= LAST_DAY]
    for row in board.breaches:
        assert not row["total_link"].exact
        expected = [r for r in period if any(d["escalation_level"] == row["level"] and breached(d, now)
                                             for d in r["deadlines"])]
        assert expected and _listed(company_manager, row["total_link"]) == len(expected)


def test_the_list_filters_by_area_department_weekday_hour_and_level(client, dataset, manager, site):
    """The incident list page takes the new filters and shows them in its form."""
    client.force_login(manager)
    record = next(r for r in dataset.records if r["site"] == site.pk and r["area"] and not r["is_drill"])
    from django.utils import timezone

    lost = timezone.localtime(record["lost_from"], site.zone)
    response = client.get(reverse("incidents:list"), {"area": record["area"], "weekday": lost.isoweekday(),
                                                      "hour": lost.hour, "drills": "real"})
    assert response.status_code == 200
    from incidents.models import Incident

    rows = Incident.objects.filter(pk__in=[row.pk for row in response.context["page"].rows])
    assert record["pk"] in [row.pk for row in rows]
    assert all(row.area_id == record["area"] for row in rows)
    assert all(timezone.localtime(row.lost_from, site.zone).hour == lost.hour for row in rows)
    # A bad value is dropped with the others still applied.
    response = client.get(reverse("incidents:list"), {"area": "999999", "hour": "25", "escalation": "x",
                                                      "drills": "real"})
    assert response.status_code == 200


def test_administrators_see_figures_without_links(client, dataset, administrator):
    assert not administrator.has_perm("incidents.view_incident")
    response = _board(client, administrator)
    board = response.context["board"]
    assert board.summary["reports"] > 0
    content = response.content.decode()
    # (Every figure's link carries a query string; the navigation bar is not the dashboard's.)
    assert f'href="{reverse("incidents:list")}?' not in content and 'class="dashboard-link"' not in content
    # What the link would lead to is refused to them.
    client.force_login(administrator)
    assert client.get(board.summary["reported_link"].url).status_code == 403


def test_managers_see_the_links(client, dataset, manager):
    response = _board(client, manager)
    assert response.context["board"].summary["reported_link"].url.replace("&", "&amp;") in response.content.decode()
