from auditlog.models import LogEntry
from django.urls import reverse


def test_administrator_manages_staff_with_their_sites(client, administrator, front_desk, site):
    client.force_login(administrator)
    response = client.get(reverse("admin:auth_user_change", args=[front_desk.pk]))
    assert response.status_code == 200
    assert "staff_profile-0-sites" in response.content.decode()


def test_front_desk_cannot_enter_the_admin_site(client, front_desk):
    client.force_login(front_desk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_manager_keeps_the_duty_roster_but_not_the_staff(client, manager):
    client.force_login(manager)
    assert client.get(reverse("admin:organization_dutyshift_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_site_changes_are_audited_with_old_and_new(client, administrator, site):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:organization_site_change", args=[site.pk]),
        {
            "code": "SH01", "name": "Shanghai Plaza East", "time_zone": "Asia/Shanghai", "currency": "CNY",
            "address": "", "phone": "", "is_active": "on",
            "areas-TOTAL_FORMS": "0", "areas-INITIAL_FORMS": "0", "areas-MIN_NUM_FORMS": "0", "areas-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(site).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == administrator
    assert entry.changes_dict["name"] == ["Shanghai Plaza", "Shanghai Plaza East"]
