"""Audit of custody records (SEC-1) and the demo loader's found items."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from custody.demo import create_demo_found_items
from custody.models import FoundItem, Release
from custody.services import ReleaseData, item_release


def test_registration_is_audited_with_the_actor(register, custodian):
    item = register(category="umbrella")
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(FoundItem), object_pk=str(item.pk))
    assert entry.actor == custodian


def test_release_audit_holds_no_id_hash(register, front_desk):
    item = register(category="umbrella")
    data = ReleaseData(claimant_kind="owner", claimant_name="Li", id_type="passport", id_number="E12345678",
                       claimant_answers="red", details_match=True, signed_on_paper=True, id_consent=True)
    release = item_release(item=item, by=front_desk, data=data)
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Release), object_pk=str(release.pk))
    assert release.id_number_hash not in str(entry.changes) and "E12345678" not in str(entry.changes)


def test_the_custody_timeline_source_is_registered():
    from custody.timeline import custody_entries
    from incidents.timeline import sources

    assert custody_entries in sources()


def test_demo_found_items(site, custodian, categories, area):
    items = create_demo_found_items(site=site, custodian_user=custodian)
    assert len(items) == 4
    create_demo_found_items(site=site, custodian_user=custodian)
    assert FoundItem.objects.count() == 4


def test_found_items_are_never_deleted(register):
    import pytest
    from django.core.exceptions import ValidationError

    item = register(category="umbrella")
    with pytest.raises(ValidationError):
        item.delete()
    assert FoundItem.objects.filter(pk=item.pk).exists()


def test_the_administrator_edits_the_matching_settings(client, administrator):
    from django.urls import reverse

    from custody.models import CustodySettings

    client.force_login(administrator)
    response = client.get(reverse("admin:custody_custodysettings_changelist"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    data = {"minimum_score": 30, "alert_score": 60, "window_days": 14, "same_category_only": "on",
            "weight_category": 10, "weight_colour": 15, "weight_brand": 20, "weight_words": 35, "weight_place": 10,
            "weight_time": 10, "perishable_hold_hours": 12, "early_slack_hours": 3}
    assert client.post(response["Location"], data).status_code == 302
    assert CustodySettings.load().window_days == 14
    assert CustodySettings.load().early_slack_hours == 3
    data["alert_score"] = 10
    assert client.post(response["Location"], data).status_code == 200  # below the minimum score: refused
