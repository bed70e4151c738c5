"""The forbidden path of every staff view: anonymous → login, other site → 404, wrong role → 403 (SEC-2)."""

import pytest
from django.urls import reverse

from incidents.models import Incident

pytestmark = pytest.mark.django_db

# (url name, needs the incident pk, method, roles that may use it)
VIEWS = [
    ("incidents:list", False, "get", {"front_desk", "security_officer", "custodian", "manager"}),
    ("incidents:new", False, "get", {"front_desk", "manager"}),
    ("incidents:customer_search", False, "get", {"front_desk", "manager"}),
    ("incidents:detail", True, "get", {"front_desk", "security_officer", "custodian", "manager"}),
    ("incidents:print", True, "get", {"front_desk", "security_officer", "custodian", "manager"}),
    ("incidents:hand_over", True, "post", {"front_desk", "manager"}),
    ("incidents:note", True, "post", {"front_desk", "security_officer", "manager"}),
    ("incidents:contact", True, "post", {"front_desk", "security_officer", "manager"}),
    ("incidents:followup", True, "post", {"front_desk", "manager"}),
    ("incidents:police", True, "post", {"front_desk", "security_officer", "manager"}),
    ("incidents:review", True, "get", {"manager"}),
    ("incidents:action_add", True, "post", {"manager"}),
]
ACTIONS = [
    ("dispatch", {"front_desk", "security_officer", "manager"}),
    ("start_search", {"front_desk", "security_officer", "manager"}),
    ("not_found", {"front_desk", "security_officer", "manager"}),
    ("close", {"front_desk", "manager"}),
    ("cancel", {"front_desk", "manager"}),
    ("accept", {"front_desk", "manager"}),
    ("reject", {"front_desk", "manager"}),
]
PERSONAS = ["front_desk", "security_officer", "custodian", "manager", "legal", "finance"]


def _url(name, pk, incident):
    return reverse(name, args=[incident.pk]) if pk else reverse(name)


@pytest.mark.parametrize("name, pk, method, allowed", VIEWS)
def test_anonymous_goes_to_login(client, report, name, pk, method, allowed):
    incident = report()
    response = getattr(client, method)(_url(name, pk, incident))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name, pk, method, allowed", [v for v in VIEWS if v[1]])
def test_other_site_gets_404(client, report, outsider, name, pk, method, allowed):
    incident = report()
    client.force_login(outsider)
    assert getattr(client, method)(_url(name, pk, incident)).status_code in (404, 403)
    if "front_desk" in allowed:  # the outsider is front desk elsewhere: the role allows it, the site does not
        assert getattr(client, method)(_url(name, pk, incident)).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name, pk, method, allowed", VIEWS)
def test_wrong_role_gets_403(client, report, request, persona, name, pk, method, allowed):
    incident = report()
    user = request.getfixturevalue(persona)
    client.force_login(user)
    status = getattr(client, method)(_url(name, pk, incident)).status_code
    if persona in allowed:
        assert status in (200, 302, 400)  # 400: let in, and the empty form is answered with its errors
    else:
        assert status == 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action, allowed", ACTIONS)
def test_actions_by_role(client, report, request, persona, action, allowed):
    incident = report()
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("incidents:action", args=[incident.pk, action]), {"reason": "r", "note": "n"})
    assert response.status_code == (302 if persona in allowed else 403)


def test_action_of_other_site_is_404(client, report, outsider):
    incident = report()
    client.force_login(outsider)
    response = client.post(reverse("incidents:action", args=[incident.pk, "dispatch"]))
    assert response.status_code == 404
    assert Incident.objects.get().status == "reported"


def test_actions_need_post(client, report, front_desk):
    incident = report()
    client.force_login(front_desk)
    assert client.get(reverse("incidents:action", args=[incident.pk, "dispatch"])).status_code == 405


def test_photo_of_other_site_is_404(client, report, category, outsider, settings, tmp_path):
    from incidents.models import ItemPhoto
    from tests.incidents.conftest import photo_upload

    settings.MEDIA_ROOT = tmp_path
    report(items=[{"category": category, "name": "wallet", "photos": [photo_upload()]}])
    photo = ItemPhoto.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("incidents:photo", args=[photo.pk, "full"])).status_code == 404
    client.logout()
    assert client.get(reverse("incidents:photo", args=[photo.pk, "full"])).status_code == 302


def test_staged_photo_of_another_user_is_refused(client, front_desk, manager, settings, tmp_path):
    from incidents import photos
    from tests.incidents.conftest import photo_upload

    settings.MEDIA_ROOT = tmp_path
    token = photos.stage(photos.check_photo(photo_upload()), user_id=front_desk.pk)
    client.force_login(manager)
    assert client.get(reverse("incidents:staged_photo"), {"t": token}).status_code == 400
    client.force_login(front_desk)
    assert client.get(reverse("incidents:staged_photo"), {"t": token}).status_code == 200


def test_refused_transition_shows_a_message(client, report, front_desk):
    incident = report()
    client.force_login(front_desk)
    response = client.post(reverse("incidents:action", args=[incident.pk, "close"]), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert Incident.objects.get().status == "reported"


def test_cancel_without_reason_shows_a_message(client, report, front_desk):
    incident = report()
    client.force_login(front_desk)
    response = client.post(reverse("incidents:action", args=[incident.pk, "cancel"]), {"reason": ""}, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert Incident.objects.get().status == "reported"


def test_unknown_action_is_404(client, report, front_desk):
    incident = report()
    client.force_login(front_desk)
    assert client.post(reverse("incidents:action", args=[incident.pk, "explode"])).status_code == 404


def test_action_done_only_by_owner_or_reviewer(client, report, front_desk, manager, security_officer):
    import datetime

    from django.utils import timezone

    from incidents import services
    from organization.models import Department

    incident = report()
    review = services.review_save(incident=incident, by=manager, causes="Sofa area not watched")
    action = services.corrective_action_add(
        review=review, by=manager, description="Add a camera", department=Department.objects.first(),
        owner=front_desk, due_date=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(security_officer)
    assert client.post(reverse("incidents:action_done", args=[action.pk])).status_code == 403
    client.force_login(front_desk)
    assert client.post(reverse("incidents:action_done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None
