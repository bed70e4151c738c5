"""The incident page links to the other apps' work on it, by role."""

from django.urls import reverse


def test_security_officer_sees_the_investigation_log_and_matching_links(client, security_officer, report):
    report = report()
    client.force_login(security_officer)
    page = client.get(reverse("incidents:detail", args=[report.pk])).content.decode()
    assert reverse("investigations:incident", args=[report.pk]) in page
    assert reverse("custody:incident_suggestions", args=[report.pk]) in page


def test_front_desk_sees_the_links_its_role_may_follow(client, front_desk, report):
    report = report()
    client.force_login(front_desk)
    page = client.get(reverse("incidents:detail", args=[report.pk])).content.decode()
    assert reverse("investigations:incident", args=[report.pk]) in page
    assert reverse("custody:incident_suggestions", args=[report.pk]) in page


def test_staff_who_work_the_incident_can_open_the_customers_status_page(client, front_desk, custodian, report):
    report = report()
    client.force_login(front_desk)
    assert report.status_token in client.get(reverse("incidents:detail", args=[report.pk])).content.decode()
    client.force_login(custodian)
    assert report.status_token not in client.get(reverse("incidents:detail", args=[report.pk])).content.decode()


def test_a_refused_form_keeps_what_was_typed_beside_its_error(client, front_desk, report):
    report = report()
    client.force_login(front_desk)
    response = client.post(reverse("incidents:hand_over", args=[report.pk]), {"note": "夜班交接 night shift"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "夜班交接 night shift" in page
    assert "is-invalid" in page
    report.refresh_from_db()
    assert report.owner == front_desk
