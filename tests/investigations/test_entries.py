"""Each entry type through its page; corrections; interview warning; bad input; deadlines; timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import PoliceReport as PoliceStep
from incidents.timeline import timeline_of
from investigations.models import (
    ENTRY_MODELS, EntryPhoto, Evidence, EvidenceHandover, Interview, PoliceFollowUp, PoliceReport, RecordReview,
    SceneSurvey,
)
from sla.models import Deadline, DeadlineState
from tests.investigations.conftest import local, photo_upload, valid_data


def add_url(incident, kind, corrects=None):
    url = reverse("investigations:add", args=[incident.pk, kind])
    return f"{url}?corrects={corrects.pk}" if corrects else url


@pytest.mark.parametrize("kind", list(ENTRY_MODELS))
def test_security_officer_adds_each_entry_type(client, security_officer, incident, kind):
    client.force_login(security_officer)
    assert client.get(add_url(incident, kind)).status_code == 200
    response = client.post(add_url(incident, kind), valid_data(kind, officer=security_officer))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    entry = ENTRY_MODELS[kind].objects.get(incident=incident)
    assert entry.author == security_officer
    assert response["Location"] == entry.get_absolute_url()
    detail = client.get(entry.get_absolute_url())
    assert detail.status_code == 200
    assert "Sam" in detail.content.decode()  # the author's name
    log = client.get(reverse("investigations:incident", args=[incident.pk]))
    assert entry.get_absolute_url() in log.content.decode()


def test_manager_adds_entries_too(client, manager, incident):
    client.force_login(manager)
    response = client.post(add_url(incident, "report"), valid_data("report", officer=manager))
    assert response.status_code == 302


def test_record_review_keeps_every_field(client, security_officer, incident):
    client.force_login(security_officer)
    client.post(add_url(incident, "record_review"), valid_data("record_review", officer=security_officer))
    review = RecordReview.objects.get()
    assert review.source == "cctv" and review.device == "Lobby camera 3"
    assert review.viewed_until > review.viewed_from
    assert review.reviewer == security_officer and review.claimant_absent
    assert review.clip_reference == "CLIP-0042"


def test_scene_survey_with_photos_from_the_camera(client, security_officer, incident):
    client.force_login(security_officer)
    page = client.get(add_url(incident, "scene_survey")).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    data = valid_data("scene_survey", officer=security_officer)
    data["photos"] = [photo_upload("a.jpg"), photo_upload("b.jpg")]
    response = client.post(add_url(incident, "scene_survey"), data)
    assert response.status_code == 302
    survey = SceneSurvey.objects.get()
    assert survey.lockers == "signs" and survey.lockers_note == "Locker 12 scratched"
    photos = list(EntryPhoto.objects.filter(survey=survey))
    assert len(photos) == 2 and photos[0].thumbnail
    full = client.get(reverse("investigations:photo", args=[photos[0].pk, "full"]))
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    assert client.get(reverse("investigations:photo", args=[photos[0].pk, "thumb"])).status_code == 200


def test_evidence_chain_of_custody(client, security_officer, manager, incident):
    client.force_login(security_officer)
    data = valid_data("evidence", officer=security_officer)
    data["photos"] = [photo_upload()]
    client.post(add_url(incident, "evidence"), data)
    evidence = Evidence.objects.get()
    assert evidence.photos.count() == 1
    url = reverse("investigations:handover", args=[evidence.pk])
    response = client.post(url, {"at": local(-0.5), "handed_by": security_officer.pk, "to_user": manager.pk,
                                 "storage_location": "Manager's safe"})
    assert response.status_code == 302
    response = client.post(url, {"at": local(-0.1), "handed_by": manager.pk, "to_name": "Officer Zhang (police)"})
    assert response.status_code == 302
    chain = list(EvidenceHandover.objects.filter(evidence=evidence))
    assert [h.recipient for h in chain] == ["Maria", "Officer Zhang (police)"]
    page = client.get(evidence.get_absolute_url()).content.decode()
    assert "Officer Zhang (police)" in page and "Manager&#x27;s safe" in page
    # A handover without a recipient is refused beside the field.
    response = client.post(url, {"at": local(-0.1), "handed_by": manager.pk})
    assert response.status_code == 200 and "to_user" in response.context["form"].errors
    assert EvidenceHandover.objects.count() == 2


def test_police_report_and_follow_ups(client, security_officer, incident, django_user_model):
    client.force_login(security_officer)
    assert incident.police_report == PoliceStep.PENDING
    client.post(add_url(incident, "police_report"), valid_data("police_report", officer=security_officer))
    report = PoliceReport.objects.get()
    assert report.officer_badge == "031245" and report.case_number == "JA-2026-1122-7"
    incident.refresh_from_db()
    assert incident.police_report == PoliceStep.FILED  # the theft's police step is done
    response = client.post(reverse("investigations:followup", args=[report.pk]),
                           {"at": local(-0.2), "content": "Police reviewed the CCTV clip.", "case_number": ""})
    assert response.status_code == 302
    assert PoliceFollowUp.objects.get().content == "Police reviewed the CCTV clip."
    assert "Police reviewed the CCTV clip." in client.get(report.get_absolute_url()).content.decode()


def test_a_report_by_the_company_names_the_general_manager(client, security_officer, incident):
    client.force_login(security_officer)
    data = valid_data("police_report", officer=security_officer) | {"reported_by": "company"}
    response = client.post(add_url(incident, "police_report"), data)
    assert response.status_code == 200 and "decided_by" in response.context["form"].errors
    assert not PoliceReport.objects.exists()


def test_interview_warns_when_two_staff_are_put_together(client, security_officer, front_desk, incident):
    client.force_login(security_officer)
    data = valid_data("interview", officer=security_officer) | {"staff": [front_desk.pk, security_officer.pk]}
    response = client.post(add_url(incident, "interview"), data)
    assert response.status_code == 200
    assert "staff" in response.context["form"].errors
    assert "separately" in str(response.context["form"].errors["staff"])
    assert not Interview.objects.exists()
    # The officer may record it anyway, after accepting the warning.
    response = client.post(add_url(incident, "interview"), data | {"joint_staff_confirmed": "on"})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.joint_staff_confirmed
    assert {p.person_kind for p in interview.persons.all()} == {"staff", "guest"}
    assert interview.persons.count() == 3


@pytest.mark.parametrize("kind", ["interview", "statement"])
def test_lawful_process_reminder_must_be_ticked(client, security_officer, incident, kind):
    client.force_login(security_officer)
    page = client.get(add_url(incident, kind)).content.decode()
    assert "no force" in page and "no personal searches" in page and "no detention" in page
    data = valid_data(kind, officer=security_officer)
    del data["lawful_process_confirmed"]
    response = client.post(add_url(incident, kind), data)
    assert response.status_code == 200
    assert "lawful_process_confirmed" in response.context["form"].errors
    assert not ENTRY_MODELS[kind].objects.exists()


def test_reversed_time_range_is_refused_beside_the_field(client, security_officer, incident):
    client.force_login(security_officer)
    data = valid_data("record_review", officer=security_officer) | {"viewed_from": local(-1), "viewed_until": local(-2)}
    response = client.post(add_url(incident, "record_review"), data)
    assert response.status_code == 200
    assert "viewed_until" in response.context["form"].errors
    assert "before its start" in response.content.decode()
    assert not RecordReview.objects.exists()


def test_missing_fields_are_refused(client, security_officer, incident):
    client.force_login(security_officer)
    response = client.post(add_url(incident, "record_review"), {"source": "cctv"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"device", "viewed_from", "viewed_until", "finding_events", "claimant_absent"} <= set(errors)
    assert not RecordReview.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, security_officer, incident):
    client.force_login(security_officer)
    data = valid_data("evidence", officer=security_officer)
    data["photos"] = [SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")]
    response = client.post(add_url(incident, "evidence"), data)
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not Evidence.objects.exists() and not EntryPhoto.objects.exists()


def test_photos_survive_an_error_elsewhere_in_the_form(client, security_officer, incident):
    client.force_login(security_officer)
    data = valid_data("evidence", officer=security_officer)
    del data["container"]
    data["photos"] = [photo_upload()]
    response = client.post(add_url(incident, "evidence"), data)
    assert response.status_code == 200 and response.context["photo_tokens"]
    data = valid_data("evidence", officer=security_officer) | {"photo_tokens": response.context["photo_tokens"]}
    assert client.post(add_url(incident, "evidence"), data).status_code == 302
    assert Evidence.objects.get().photos.count() == 1


def test_correction_is_a_new_entry_linked_both_ways(client, security_officer, incident):
    client.force_login(security_officer)
    client.post(add_url(incident, "record_review"), valid_data("record_review", officer=security_officer))
    original = RecordReview.objects.get()
    form = client.get(add_url(incident, "record_review", corrects=original)).context["form"]
    assert form.initial["device"] == "Lobby camera 3"  # starts from the original's values
    data = valid_data("record_review", officer=security_officer) | {"device": "Lobby camera 4"}
    response = client.post(add_url(incident, "record_review", corrects=original), data)
    assert response.status_code == 302
    correction = RecordReview.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original
    original.refresh_from_db()
    assert original.device == "Lobby camera 3"  # never changed
    assert original.correction == correction
    assert correction.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in client.get(correction.get_absolute_url()).content.decode()
    # The corrected entry cannot be corrected a second time: correct the latest version.
    response = client.post(add_url(incident, "record_review", corrects=original), data)
    assert response.status_code == 200 and RecordReview.objects.count() == 2
    # Both show it on the timeline.
    badges = {e.extra.get("pk"): str(e.badge) for e in timeline_of(incident) if e.source == "investigations"}
    assert badges[original.pk] == "corrected" and badges[correction.pk] == "correction"


def _deadline(incident, kind):
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(incident), subject_id=incident.pk, kind=kind
    )


def test_first_entry_starts_and_the_report_finishes_the_investigation(client, security_officer, incident):
    assert _deadline(incident, "investigation_start").get().state == DeadlineState.OPEN  # a theft
    assert not _deadline(incident, "investigation_finish").exists()
    client.force_login(security_officer)
    client.post(add_url(incident, "record_review"), valid_data("record_review", officer=security_officer))
    assert _deadline(incident, "investigation_start").get().state == DeadlineState.MET
    finish = _deadline(incident, "investigation_finish").get()
    assert finish.state == DeadlineState.OPEN and finish.owner == security_officer
    client.post(add_url(incident, "interview"), valid_data("interview", officer=security_officer))
    assert _deadline(incident, "investigation_finish").count() == 1  # not started twice
    client.post(add_url(incident, "report"), valid_data("report", officer=security_officer))
    assert _deadline(incident, "investigation_finish").get().state == DeadlineState.MET
    client.post(add_url(incident, "evidence"), valid_data("evidence", officer=security_officer))
    assert _deadline(incident, "investigation_finish").count() == 1  # a later entry opens no new period


def test_timeline_shows_entries_with_their_author(client, security_officer, incident):
    client.force_login(security_officer)
    client.post(add_url(incident, "scene_survey"), valid_data("scene_survey", officer=security_officer))
    rows = [e for e in timeline_of(incident) if e.source == "investigations"]
    assert len(rows) == 1
    assert rows[0].actor == security_officer
    assert rows[0].extra["url"] == SceneSurvey.objects.get().get_absolute_url()


def test_new_entries_are_refused_once_the_incident_is_closed(security_officer, incident, front_desk):
    from incidents.services import incident_cancel
    from investigations.errors import InvestigationError
    from investigations.services import entry_add

    incident_cancel(incident=incident, by=front_desk, reason="Customer found it at home")
    incident.refresh_from_db()
    with pytest.raises(InvestigationError):
        entry_add(kind="report", incident=incident, author=security_officer,
                  data={"facts": "f", "process": "p", "responsibility": "r", "proposal": "x"})


def test_demo_entries_are_added_once(security_officer, incident):
    from investigations.demo import create_demo_entries

    assert len(create_demo_entries(incident=incident, officer=security_officer)) == 3
    assert create_demo_entries(incident=incident, officer=security_officer) == []


def test_incident_page_timeline_shows_the_entry_and_its_author(client, security_officer, incident):
    client.force_login(security_officer)
    client.post(add_url(incident, "record_review"), valid_data("record_review", officer=security_officer))
    page = client.get(incident.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Record review" in text and "Lobby camera 3" in text and "Sam" in text


def test_an_interview_correction_starts_from_the_persons(client, security_officer, front_desk, incident):
    client.force_login(security_officer)
    data = valid_data("interview", officer=security_officer) | {"staff": [front_desk.pk]}
    client.post(add_url(incident, "interview"), data)
    original = Interview.objects.get()
    form = client.get(add_url(incident, "interview", corrects=original)).context["form"]
    assert form.initial["staff"] == [front_desk.pk]
    assert form.initial["guests"] == "Guest in room 1203"
