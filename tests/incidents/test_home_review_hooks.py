"""The front desk's home page, post-incident reviews, progress updates from the sweep, the demo data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.errors import IncidentError
from notifications.models import Message
from organization.models import Department
from sla.models import Deadline, DeadlineState

pytestmark = pytest.mark.django_db


def _overdue(deadline):
    past = timezone.now() - datetime.timedelta(hours=1)
    Deadline.objects.filter(pk=deadline.pk).update(started_at=past - datetime.timedelta(hours=1), due_at=past)


def test_home_panels(client, front_desk, manager, report):
    mine = report()
    other = report(by=manager)
    _overdue(Deadline.objects.get(subject_id=mine.pk, kind="dispatch"))
    online = report(online=True, by=None)
    client.force_login(front_desk)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert [i.pk for i in response.context["my_incidents"]] == [mine.pk]
    assert [d.subject_id for d in response.context["overdue"]] == [mine.pk]
    assert {d.subject_id for d in response.context["due_soon"]} == {online.pk}  # unowned: the online report
    assert other.pk not in {d.subject_id for d in response.context["due_soon"]}
    assert [i.pk for i in response.context["to_verify"]] == [online.pk]
    html = response.content.decode()
    assert 'id="panel-overdue"' in html and mine.reference in html


def test_home_without_incident_permission(client, legal):
    client.force_login(legal)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and 'id="panel-my-incidents"' not in response.content.decode()


def test_review_and_overdue_action_on_owner_home(client, report, manager, front_desk):
    incident = report()
    client.force_login(manager)
    response = client.post(reverse("incidents:review", args=[incident.pk]),
                           {"causes": "Sofa area has no camera", "lessons": "Patrol every hour"})
    assert response.status_code == 302
    department = Department.objects.filter(site=incident.site).first()
    response = client.post(reverse("incidents:action_add", args=[incident.pk]), {
        "description": "Install a camera", "department": department.pk, "owner": front_desk.pk,
        "due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    from incidents.models import PostIncidentReview

    review = PostIncidentReview.objects.get(incident=incident)
    action = review.actions.get()
    with pytest.raises(IncidentError):
        services.corrective_action_add(review=review, by=manager, description="x", department=department,
                                       owner=front_desk, due_date=timezone.localdate() - datetime.timedelta(days=1))
    type(action).objects.filter(pk=action.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(front_desk)
    response = client.get(reverse("home"))
    assert [a.pk for a in response.context["overdue_actions"]] == [action.pk]
    assert 'id="panel-overdue-actions"' in response.content.decode()


def test_progress_update_handler(report, front_desk):
    from incidents.hooks import progress_update_due

    incident = report()
    services.incident_add_note(incident=incident, by=front_desk, text="CCTV checked, still searching",
                               customer_visible=True)
    deadline = Deadline.objects.get(subject_id=incident.pk, kind="customer_update", state=DeadlineState.OPEN)
    assert progress_update_due(deadline, now=timezone.now()) is True
    assert progress_update_due(deadline, now=timezone.now()) is True  # a second sweep of the same period
    messages = Message.objects.filter(template_key="progress_update")
    assert messages.count() == 1
    assert messages.get().context["note"] == "CCTV checked, still searching"


def test_progress_update_not_sent_when_opted_out(report):
    from incidents.hooks import progress_update_due
    from incidents.models import Incident

    incident = report()
    deadline = Deadline.objects.get(subject_id=incident.pk, kind="customer_update", state=DeadlineState.OPEN)
    Incident.objects.filter(pk=incident.pk).update(progress_updates_opt_out=True)
    assert progress_update_due(deadline, now=timezone.now()) is True
    assert not Message.objects.filter(template_key="progress_update").exists()
    assert not Deadline.objects.filter(subject_id=incident.pk, kind="customer_update", state="open").exists()


def test_hooks_are_registered():
    from sla.hooks import due_registration, describe_subject

    from incidents.hooks import progress_update_due

    assert due_registration("customer_update").handler is progress_update_due
    assert describe_subject  # the describer is checked with a real incident below


def test_subject_describer(report):
    from sla.hooks import describe_subject

    incident = report()
    description = describe_subject(incident)
    assert description.reference == incident.reference and description.url.endswith(f"/incidents/{incident.pk}/")


def test_demo_incidents(site, front_desk, client):
    from incidents.demo import create_demo_incidents

    incidents = create_demo_incidents(site=site, front_desk_user=front_desk)
    assert 4 <= len(incidents) <= 6
    assert any(i.kind == "theft" for i in incidents) and any(i.severity == "urgent" for i in incidents)
    assert any(i.is_drill for i in incidents)
    client.force_login(front_desk)
    for incident in incidents:
        assert client.get(incident.get_absolute_url()).status_code == 200
    response = client.get(reverse("incidents:list"))
    assert "badge-drill" in response.content.decode()
