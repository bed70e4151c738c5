"""The staff pages render, keep typed input on errors, and file a report from the form."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from incidents.models import Customer, Incident, ItemPhoto
from tests.incidents.conftest import jpeg_bytes, photo_upload

pytestmark = pytest.mark.django_db


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment, timezone.get_fixed_timezone(480)).strftime("%Y-%m-%dT%H:%M")


def report_post(site, area_, category, **overrides) -> dict:
    now = timezone.now()
    data = {
        "channel": "on_site", "name": "Alice Smith", "phone": "13900001111", "email": "alice@example.com",
        "preferred_language": "en", "preferred_channel": "sms", "id_type": "", "id_number": "",
        "kind": "loss", "theft_by": "", "severity": "general", "site": site.pk, "area": area_.pk,
        "place_detail": "sofa", "lost_from": _local(now - datetime.timedelta(hours=2)),
        "lost_until": _local(now - datetime.timedelta(minutes=30)), "description": "left on the sofa",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
        "items-0-category": category.pk, "items-0-name": "Black leather wallet", "items-0-brand_model": "Coach",
        "items-0-colour": "black", "items-0-quantity": "1", "items-0-estimated_value": "300",
        "items-0-features": "initials A.S.", "items-0-kept_photos": "",
    }
    data.update(overrides)
    return data


def test_new_report_form_renders(client, front_desk):
    client.force_login(front_desk)
    response = client.get(reverse("incidents:new"))
    assert response.status_code == 200
    assert b'name="items-TOTAL_FORMS"' in response.content and b"autofocus" in response.content


def test_filing_from_the_form(client, front_desk, site, area, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(front_desk)
    data = report_post(site, area, category)
    data["items-0-photos"] = photo_upload()
    response = client.post(reverse("incidents:new"), data)
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.items.get().photos.count() == 1
    page = client.get(incident.get_absolute_url())
    assert page.status_code == 200 and incident.reference.encode() in page.content
    photo = ItemPhoto.objects.get()
    assert client.get(reverse("incidents:photo", args=[photo.pk, "thumb"])).status_code == 200
    assert client.get(reverse("incidents:print", args=[incident.pk])).status_code == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"items-0-name": ""}, "items-0-name"),
        ({"lost_until": "2099-01-01T10:00"}, "lost_until"),
        ({"items-0-estimated_value": "-5"}, "items-0-estimated_value"),
        ({"items-0-category": "999999"}, "items-0-category"),
    ],
)
def test_bad_input_keeps_typed_values_and_saves_nothing(client, front_desk, site, area, category, overrides, field):
    client.force_login(front_desk)
    response = client.post(reverse("incidents:new"), report_post(site, area, category, **overrides))
    assert response.status_code == 200
    assert not Incident.objects.exists() and not Customer.objects.exists()
    html = response.content.decode()
    assert "is-invalid" in html
    # what was typed is still there
    assert "initials A.S." in html
    assert f'id="id_{field}"' in html


def test_area_of_another_site_is_refused(client, front_desk, site, area, other_area, category):
    client.force_login(front_desk)
    response = client.post(reverse("incidents:new"), report_post(site, area, category, **{"area": other_area.pk}))
    assert response.status_code == 200 and not Incident.objects.exists()
    assert "is-invalid" in response.content.decode()


@pytest.mark.parametrize("choice", ["other site", "closed area", "retired category", "no such area", "not a number"])
def test_a_choice_the_front_desk_may_not_make_is_refused_beside_its_field(
        choice, client, front_desk, site, area, other_site, category):
    from organization.models import Area
    from policy.models import ItemCategory

    field, value = {
        "other site": lambda: ("site", other_site.pk),
        "closed area": lambda: ("area", Area.objects.create(site=site, name="Closed wing", is_active=False).pk),
        "retired category": lambda: ("items-0-category", ItemCategory.objects.create(
            code="retired", name_en="Pager", name_zh_hans="寻呼机", retention_days=30, is_active=False).pk),
        "no such area": lambda: ("area", 10**12),
        "not a number": lambda: ("area", "1; drop table"),
    }[choice]()
    client.force_login(front_desk)
    data = report_post(site, area, category)
    data[field] = value
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 200 and not Incident.objects.exists()
    assert f'id="id_{field}"' in response.content.decode()
    errors = (response.context["formset"].forms[0] if field.startswith("items") else response.context["form"]).errors
    assert errors[field.removeprefix("items-0-")][0].startswith("Select a valid choice")


def test_bad_photo_is_refused_and_good_photo_is_kept(client, front_desk, site, area, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(front_desk)
    data = report_post(site, area, category, name="")  # another error forces a second round
    data["items-0-photos"] = [photo_upload("good.jpg"), SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>")]
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 200 and not Incident.objects.exists() and not ItemPhoto.objects.exists()
    html = response.content.decode()
    assert "evil.jpg" in html  # the error names the bad file
    kept = response.context["formset"].forms[0].kept_tokens()
    assert len(kept) == 1
    # The parked photo's thumbnail is shown to its uploader only.
    assert client.get(reverse("incidents:staged_photo"), {"t": kept[0]}).status_code == 200
    # Corrected and sent again without re-choosing the photo: it is attached.
    data = report_post(site, area, category, **{"items-0-kept_photos": kept[0]})
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 302
    assert ItemPhoto.objects.count() == 1


def test_oversized_photo_is_refused(client, front_desk, site, area, category, monkeypatch):
    import incidents.photos as photos

    monkeypatch.setattr(photos, "PHOTO_MAX_BYTES", 1000)
    client.force_login(front_desk)
    data = report_post(site, area, category)
    data["items-0-photos"] = SimpleUploadedFile("big.jpg", jpeg_bytes(size=(800, 800)), content_type="image/jpeg")
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 200 and not Incident.objects.exists()
    assert "big.jpg" in response.content.decode()


def test_too_many_pixels_is_refused(client, front_desk, site, area, category, monkeypatch):
    import incidents.photos as photos

    monkeypatch.setattr(photos, "PHOTO_MAX_PIXELS", 100)
    client.force_login(front_desk)
    data = report_post(site, area, category)
    data["items-0-photos"] = photo_upload(size=(20, 20))
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 200 and not Incident.objects.exists()


def test_two_items(client, front_desk, site, area, category, phone_category):
    client.force_login(front_desk)
    data = report_post(site, area, category, **{
        "items-TOTAL_FORMS": "2", "items-1-category": phone_category.pk, "items-1-name": "iPhone 15",
        "items-1-quantity": "1", "items-1-kept_photos": "",
    })
    assert client.post(reverse("incidents:new"), data).status_code == 302
    assert Incident.objects.get().items.count() == 2


def test_existing_customer_is_offered_and_reused(client, front_desk, site, area, category, report):
    first = report()
    client.force_login(front_desk)
    response = client.get(reverse("incidents:customer_search"), {"phone": "13800138000"})
    assert first.customer.name in response.content.decode()
    data = report_post(site, area, category, customer=first.customer.pk, name=first.customer.name,
                       phone=first.customer.phone)
    assert client.post(reverse("incidents:new"), data).status_code == 302
    assert Customer.objects.count() == 1


def test_another_sites_customer_is_refused_and_the_form_shown_again_with_its_lists(client, front_desk, site, area,
                                                                                   category, other_site):
    stranger = Customer.objects.create(site=other_site, name="Zed Other", phone="13700000000")
    client.force_login(front_desk)
    data = report_post(site, area, category, customer=stranger.pk)
    response = client.post(reverse("incidents:new"), data)
    assert response.status_code == 200 and "customer" in response.context["form"].errors
    assert not Incident.objects.exists() and Customer.objects.count() == 1
    page = response.content.decode()
    assert f'<option value="{area.pk}" selected>' in page and f'<option value="{site.pk}" selected>' in page


def test_customer_search_does_not_leak_other_sites(client, outsider, report):
    report()
    client.force_login(outsider)
    response = client.get(reverse("incidents:customer_search"), {"phone": "13800138000"})
    assert "王小明" not in response.content.decode()


def test_detail_page_queries_do_not_grow_with_history(client, front_desk, report, category, settings, tmp_path,
                                                      django_assert_max_num_queries):
    from incidents import services

    settings.MEDIA_ROOT = tmp_path
    incident = report(items=[{"category": category, "name": "wallet", "photos": [photo_upload()]}])
    client.force_login(front_desk)
    # A first contact adds the read of the contact table, which the page skips while it is empty.
    services.contact_log_add(incident=incident, by=front_desk, outcome="no_answer")
    with django_assert_max_num_queries(60) as baseline:
        client.get(incident.get_absolute_url())
    for n in range(10):
        services.incident_add_note(incident=incident, by=front_desk, text=f"note {n}", customer_visible=n % 2 == 0)
        services.contact_log_add(incident=incident, by=front_desk, outcome="no_answer")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(incident.get_absolute_url())
    assert "note 9" in response.content.decode()
