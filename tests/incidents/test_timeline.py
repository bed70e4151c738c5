"""The one timeline: other apps' sources appear in order; a broken source hides nothing else."""

import datetime

import pytest

from incidents import timeline
from incidents.services import status_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_sources():
    before = list(timeline._SOURCES)
    yield
    timeline._SOURCES[:] = before


def test_registered_sources_are_merged_in_time_order(report, extra_sources):
    incident = report()

    def custody(incident):
        return [timeline.Entry(at=incident.created_at - datetime.timedelta(minutes=5), label="Found at the pool",
                               source="custody", icon="box", customer_visible=True)]

    def broken(incident):
        raise RuntimeError("bug in another app")

    timeline.register_timeline_source(custody)
    timeline.register_timeline_source(custody)  # twice is once
    timeline.register_timeline_source(broken)
    entries = timeline.timeline_of(incident)
    assert entries[0].label == "Found at the pool"
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    sources = {e.source for e in entries}
    assert {"custody", "incident", "notifications", "sla"} <= sources
    assert sum(1 for e in entries if e.source == "custody") == 1


def test_customer_view_shows_only_customer_visible_entries(report):
    incident = report()
    entries = timeline.timeline_of(incident, customer_view=True)
    assert entries and all(entry.customer_visible for entry in entries)
    assert not any(entry.source in ("sla", "notifications") for entry in entries)


def test_status_url_is_absolute_and_private(report, settings):
    incident = report()
    url = status_url(incident)
    assert url.startswith(settings.SITE_URL) and incident.status_token in url
    assert len(incident.status_token) >= 40


def test_other_apps_add_links_to_the_incident_page(client, report, front_desk):
    from incidents import extensions

    incident = report()
    before = list(extensions._SOURCES)

    def custody_links(user, incident):
        return [extensions.IncidentLink("Candidate matches", "/custody/matches/")]

    def broken(user, incident):
        raise RuntimeError("bug")

    try:
        extensions.register_incident_links(custody_links)
        extensions.register_incident_links(broken)
        client.force_login(front_desk)
        response = client.get(incident.get_absolute_url())
        assert response.status_code == 200 and "/custody/matches/" in response.content.decode()
    finally:
        extensions._SOURCES[:] = before
