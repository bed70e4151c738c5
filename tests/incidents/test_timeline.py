"""The one timeline: other apps' sources appear in order; a broken source hides nothing else."""

import datetime

import pytest

from incidents import timeline
from incidents.services import status_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_sources():
    before, tables = list(timeline._SOURCES), dict(timeline._ONLY_WITH)
    yield
    timeline._SOURCES[:] = before
    timeline._ONLY_WITH.clear()
    timeline._ONLY_WITH.update(tables)


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


def test_a_source_with_tables_is_asked_only_when_they_hold_rows_of_the_incident(report, front_desk, extra_sources):
    from incidents.models import LostItem, PostIncidentReview

    with_items, without_review, asked = report(), report(), []

    def items_source(incident):
        asked.append(("items", incident.pk))
        return []

    def review_source(incident):
        asked.append(("review", incident.pk))
        return []

    timeline.register_timeline_source(items_source, only_with=[(PostIncidentReview, "incident"), (LostItem, "incident")])
    timeline.register_timeline_source(review_source, only_with=[(PostIncidentReview, "incident")])
    timeline.timeline_of(with_items)
    assert asked == [("items", with_items.pk)]
    PostIncidentReview.objects.create(incident=without_review, causes="…", created_by=front_desk)
    LostItem.objects.filter(incident=without_review).delete()
    asked.clear()
    timeline.timeline_of(without_review)
    assert asked == [("items", without_review.pk), ("review", without_review.pk)]


def test_rows_exist_answers_like_the_orm(report):
    from incidents.models import ContactLog, LostItem, TimelineEvent
    from lostfound.presence import rows_exist

    incident = report()
    probes = ((LostItem, "incident"), (ContactLog, "incident"), (TimelineEvent, "incident"))
    assert rows_exist(incident.pk, probes) == [
        model.objects.filter(**{field: incident}).exists() for model, field in probes] == [True, False, True]
    assert rows_exist(incident.pk, ()) == []


def test_rows_exist_follows_a_second_key(report, category, settings, tmp_path):
    from incidents.models import ItemPhoto
    from lostfound.presence import rows_exist
    from tests.incidents.conftest import photo_upload

    settings.MEDIA_ROOT = tmp_path
    with_photo = report(items=[{"category": category, "name": "wallet", "photos": [photo_upload()]}])
    without = report()
    probes = ((ItemPhoto, "item__incident"),)
    assert [rows_exist(incident.pk, probes) for incident in (with_photo, without)] == [[True], [False]]
    assert ItemPhoto.objects.filter(item__incident=with_photo).exists()


def test_rows_present_answers_from_what_was_read_for_that_record(report, front_desk, django_assert_num_queries):
    from incidents.models import ContactLog, Incident, ItemPhoto, LostItem
    from incidents.services import contact_log_add
    from lostfound.presence import remember_rows_present, rows_present

    incident = report()
    probes = ((LostItem, "incident"), (ContactLog, "incident"))
    with django_assert_num_queries(1):
        remember_rows_present(incident, probes)
    contact_log_add(incident=Incident.objects.get(pk=incident.pk), by=front_desk, outcome="no_answer")
    with django_assert_num_queries(0):
        assert rows_present(incident, probes) == [True, False]  # as read, for the rest of this request
    fresh = Incident.objects.get(pk=incident.pk)
    with django_assert_num_queries(1):
        assert rows_present(fresh, probes) == [True, True]
    with django_assert_num_queries(1):  # a table it did not read is asked
        assert rows_present(incident, ((ContactLog, "incident"), (ItemPhoto, "item__incident"))) == [True, False]
