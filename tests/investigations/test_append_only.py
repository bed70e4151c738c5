"""INV-9: entries are never changed or deleted — refused by the model, the admin site and the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from investigations.models import (
    AppendOnlyError, Evidence, EvidenceHandover, InterviewPerson, RecordReview,
)
from investigations.services import PersonData, entry_add, evidence_handover
from tests.investigations.conftest import valid_data


@pytest.fixture
def review(client, security_officer, incident):
    client.force_login(security_officer)
    client.post(reverse("investigations:add", args=[incident.pk, "record_review"]),
                valid_data("record_review", officer=security_officer))
    client.logout()
    return RecordReview.objects.get()


def test_model_refuses_update_and_delete(review):
    review.device = "changed"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        RecordReview.objects.filter(pk=review.pk).update(device="changed")
    with pytest.raises(AppendOnlyError):
        RecordReview.objects.filter(pk=review.pk).delete()
    review.refresh_from_db()
    assert review.device == "Lobby camera 3"


def test_handover_lines_are_append_only_too(security_officer, manager, incident):
    import datetime

    from django.utils import timezone

    evidence = entry_add(kind="evidence", incident=incident, author=security_officer, data={
        "label": "E-1", "description": "receipt", "collected_at": timezone.now() - datetime.timedelta(hours=1),
        "container": "BAG-1", "storage_location": "Office", "untouched": True,
    })
    line = evidence_handover(evidence=evidence, author=security_officer, at=timezone.now(),
                             handed_by=security_officer, to_user=manager)
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        EvidenceHandover.objects.all().delete()


def test_admin_shows_entries_read_only(client, manager, review):
    client.force_login(manager)
    change_url = reverse("admin:investigations_recordreview_change", args=[review.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # managers may look
    assert 'name="device"' not in page.content.decode()  # …but there is nothing to edit
    assert client.post(change_url, {"device": "changed"}).status_code == 403
    assert client.post(reverse("admin:investigations_recordreview_delete", args=[review.pk]),
                       {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:investigations_recordreview_add")).status_code == 403
    review.refresh_from_db()
    assert review.device == "Lobby camera 3"


def test_not_even_a_superuser_may_change_or_delete_in_the_admin(admin_client, review):
    change_url = reverse("admin:investigations_recordreview_change", args=[review.pk])
    assert admin_client.post(change_url, {"device": "changed"}).status_code == 403
    assert admin_client.post(reverse("admin:investigations_recordreview_delete", args=[review.pk]),
                             {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("statement", [
    "UPDATE investigations_recordreview SET device = 'changed' WHERE id = %s",
    pytest.param("DELETE FROM investigations_recordreview WHERE id = %s", marks=pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite's test flush deletes rows, so no DELETE trigger there")),
])
def test_database_refuses_raw_update_and_delete(review, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [review.pk])
    review.refresh_from_db()
    assert review.device == "Lobby camera 3"


def test_database_refuses_changes_to_interview_persons(security_officer, incident):
    import datetime

    from django.utils import timezone

    entry_add(kind="interview", incident=incident, author=security_officer, persons=[PersonData("guest", name="A")],
              data={"held_at": timezone.now() - datetime.timedelta(hours=1), "place": "Office",
                    "interviewer": security_officer, "content": "c", "lawful_process_confirmed": True})
    person = InterviewPerson.objects.get()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE investigations_interviewperson SET name = 'B' WHERE id = %s", [person.pk])


def test_database_constraint_keeps_time_ranges_in_order(review):
    from django.db import IntegrityError

    row = RecordReview(
        incident=review.incident, author=review.author, reviewer=review.reviewer, source="cctv", device="x",
        viewed_from=review.viewed_until, viewed_until=review.viewed_from, finding_events="x", claimant_absent=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    assert RecordReview.objects.count() == 1


def test_a_test_database_flush_still_empties_the_log(transactional_db, django_user_model, site, area, category):
    """Other apps' transactional tests (live server, workers) flush the database after each test."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from tests.investigations.conftest import file_theft

    user = django_user_model.objects.create_user(username="flush-test", password="x-very-long-pass")
    incident = file_theft(site=site, area=area, category=category, by=user)
    entry_add(kind="report", incident=incident, author=user,
              data={"facts": "f", "process": "p", "responsibility": "r", "proposal": "x"})
    entry_add(kind="evidence", incident=incident, author=user, data={
        "label": "E-1", "description": "receipt", "collected_at": timezone.now() - datetime.timedelta(hours=1),
        "container": "BAG-1", "storage_location": "Office", "untouched": True,
    })
    call_command("flush", interactive=False, verbosity=0)
    assert not Evidence.objects.exists()
