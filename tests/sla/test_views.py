"""The managers' escalation page (SLA-4): what is overdue, at which level, who was told and when."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import MessageState
from organization.models import Area
from sla import hooks
from sla.models import Deadline
from sla.services import deadline_meet, deadline_start
from sla.sweep import deadlines_sweep

pytestmark = pytest.mark.django_db

URL = "/sla/overdue/"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("notifications.services._kick_delivery", lambda message_id: None)
    monkeypatch.setattr("notifications.services._kick_delivery_sweep", lambda: None)


@pytest.fixture
def area_links():
    saved = dict(hooks._describers)
    hooks.register_subject_describer(
        Area, lambda area: hooks.SubjectDescription(reference=f"LF-{area.name}", url=f"/areas/{area.pk}/")
    )
    yield
    hooks._describers.clear()
    hooks._describers.update(saved)


def _overdue(site, name, *, hours_ago: float, owner=None, kind="acknowledge") -> Deadline:
    area = Area.objects.create(site=site, name=name)
    start = timezone.now() - datetime.timedelta(hours=hours_ago) - datetime.timedelta(minutes=60)
    return deadline_start(subject=area, site=site, kind=kind, owner=owner, start=start)


@pytest.fixture
def overdue(site, other_site, front_desk, manager, site_gm, staff_templates, ladder, area_links):
    """At SH01: one deadline 2 h late (level 2, Maria and Gina told), one 10 min late (level 1),
    one met (not shown). At BJ01: one late (never shown to SH01's managers)."""
    late = _overdue(site, "Lobby", hours_ago=2, owner=front_desk)
    recent = _overdue(site, "Gate", hours_ago=10 / 60)
    met = _overdue(site, "Roof", hours_ago=3)
    deadline_meet(subject=met.subject, kind="acknowledge")
    elsewhere = _overdue(other_site, "Atrium", hours_ago=1)
    deadlines_sweep()
    return {"late": late, "recent": recent, "elsewhere": elsewhere}


def test_the_url_is_named_and_in_the_menu(manager, front_desk):
    from organization.navigation import entries_for

    assert reverse("sla:overdue") == URL
    assert "sla:overdue" in [entry.url_name for entry in entries_for(manager)]
    assert "sla:overdue" not in [entry.url_name for entry in entries_for(front_desk)]


def test_a_manager_sees_what_is_overdue_at_which_level_and_who_was_told(client, manager, site_gm, overdue):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    entries = {entry["deadline"].pk: entry for entry in response.context["entries"]}
    assert list(entries) == [overdue["late"].pk, overdue["recent"].pk]  # longest overdue first; met and BJ01 left out
    late = entries[overdue["late"].pk]
    assert late["deadline"].escalation_level == 2
    assert late["subject"].reference == "LF-Lobby" and late["subject"].url.startswith("/areas/")
    told = [(message.recipient_user, message.context["level"], message.state) for message in late["messages"]]
    assert told == [(manager, 1, MessageState.PENDING), (site_gm, 2, MessageState.PENDING)]
    assert entries[overdue["recent"].pk]["deadline"].escalation_level == 1
    html = response.content.decode()
    assert 'href="/areas/' in html and "LF-Lobby" in html and "Gina" in html
    assert "LF-Atrium" not in html and "LF-Roof" not in html
    # Due time in the site's zone (Shanghai, UTC+8).
    due_local = timezone.localtime(overdue["late"].due_at, overdue["late"].site.zone)
    assert due_local.strftime("%Y-%m-%d %H:%M") in html


def test_filters_by_level_and_site(client, manager, site, other_site, overdue):
    client.force_login(manager)
    only_level_2 = client.get(URL, {"level": 2}).context["entries"]
    assert [entry["deadline"].pk for entry in only_level_2] == [overdue["late"].pk]
    # A site the manager may not see is ignored rather than shown.
    foreign = client.get(URL, {"site": other_site.pk}).context["entries"]
    assert overdue["elsewhere"].pk not in [entry["deadline"].pk for entry in foreign]
    own = client.get(URL, {"site": site.pk, "level": "x"}).context["entries"]
    assert len(own) == 2


def test_an_administrator_may_see_the_page(client, administrator, overdue):
    client.force_login(administrator)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["front_desk", "security_officer", "custodian", "legal", "finance", "outsider"])
def test_other_roles_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_costs_the_same_queries_for_3_or_25_rows(client, site, manager, site_gm, staff_templates, ladder,
                                                            area_links, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        _overdue(site, f"A{n}", hours_ago=2)
    deadlines_sweep()
    client.force_login(manager)
    client.get(URL)  # warm the content-type cache and the session
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["entries"]) == 3
    for n in range(3, 40):
        _overdue(site, f"A{n}", hours_ago=2)
    deadlines_sweep()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["entries"]) == 25  # one bounded page
    assert all(len(entry["messages"]) == 2 for entry in response.context["entries"])
    assert response.context["page"].paginator.num_pages == 2
    assert len(client.get(URL, {"page": 2}).context["entries"]) == 15
