"""The customer's online report form (INT-1): no login, lands in the front desk's queue as *to verify*."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from incidents.models import Channel, Customer, Incident, ItemPhoto, Status, TimelineEvent


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_client(client):
    client.cookies["django_language"] = "en"
    return client


def jpeg_upload(name="wallet.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def form_data(area, category, /, **changes) -> dict:
    data = {
        "name": "Anna Smith", "phone": "+86 139 1234 5678", "email": "anna@example.com",
        "preferred_language": "en", "preferred_channel": "email", "kind": "loss",
        "lost_from": "2026-01-05T14:00", "lost_until": "2026-01-05T15:30", "area": str(area.pk),
        "place_detail": "near the fountain", "description": "Left it on a bench", "consent": "on", "homepage": "",
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "5",
        "items-0-category": str(category.pk), "items-0-name": "Blue umbrella", "items-0-colour": "blue",
        "items-0-features": "wooden handle", "items-0-estimated_value": "120",
        "items-1-category": str(category.pk), "items-1-name": "Scarf", "items-1-colour": "grey",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def report_path(site) -> str:
    return reverse("public:report", args=[site.code])


def test_form_needs_no_login_and_is_not_indexed(client, site, area, category):
    response = client.get(report_path(site))
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    page = response.content.decode()
    assert 'name="homepage"' in page and 'name="consent"' in page
    assert f'value="{area.pk}"' in page


def test_unknown_site_gives_404(client, site):
    assert client.get(reverse("public:report", args=["NOPE"])).status_code == 404


def test_online_report_lands_in_the_queue_to_verify(en_client, site, area, category):
    response = en_client.post(report_path(site), {**form_data(area, category), "items-0-photo": jpeg_upload()})

    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.status, incident.channel, incident.owner, incident.created_by) == (
        Status.TO_VERIFY, Channel.ONLINE, None, None)
    assert incident.area == area and incident.place_detail == "near the fountain"
    assert [item.name for item in incident.items.all()] == ["Blue umbrella", "Scarf"]
    assert ItemPhoto.objects.filter(item__incident=incident, item__name="Blue umbrella").count() == 1
    # Times typed are the site's local time (Asia/Shanghai, UTC+8).
    assert incident.lost_from.isoformat() == "2026-01-05T06:00:00+00:00"
    customer = incident.customer
    assert (customer.name, customer.email, customer.preferred_language) == ("Anna Smith", "anna@example.com", "en")
    assert TimelineEvent.objects.filter(incident=incident, code="customer.consent").exists()

    thanks = en_client.get(response["Location"])
    page = thanks.content.decode()
    assert incident.reference in page
    assert f"/s/{incident.status_token}/" in page
    assert "noindex" in thanks["X-Robots-Tag"]


def test_thank_you_page_without_a_report_goes_back_to_the_form(client, site):
    response = client.get(reverse("public:report_thanks", args=[site.code]))
    assert response.status_code == 302 and response["Location"] == report_path(site)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"email": ""}, "email", "Give your email address"),
        ({"lost_from": ""}, "lost_from", "This field is required"),
        ({"lost_until": "2026-01-05T13:00"}, "lost_until", "before its start"),
        ({"lost_from": "2099-01-01T10:00", "lost_until": ""}, "lost_until", "in the future"),
        ({"consent": None}, "consent", "agree to the processing"),
        ({"items-0-name": ""}, "items-0-name", "This field is required"),
        ({"items-0-estimated_value": "-5"}, "items-0-estimated_value", "greater than or equal to 0"),
    ],
)
def test_bad_input_shows_the_error_beside_the_field_and_keeps_what_was_typed(
    en_client, site, area, category, changes, field, message
):
    response = en_client.post(report_path(site), form_data(area, category, **changes))

    assert response.status_code == 400
    assert not Incident.objects.exists() and not Customer.objects.exists()
    page = response.content.decode()
    # crispy puts the error in the field's own block, right after the input (id="error_1_id_<field>").
    block = re.search(rf'<div id="div_id_{field}".*?</div>\s*</div>|<div id="div_id_{field}".*?(?=<div id="div_id_)',
                      page, re.S)
    assert block is not None, field
    assert message in block.group(0)
    assert 'value="near the fountain"' in page
    assert "Left it on a bench" in page
    assert 'value="Scarf"' in page


def test_a_photo_survives_an_error_elsewhere(en_client, site, area, category, settings):
    first = en_client.post(report_path(site), {**form_data(area, category, name=""), "items-0-photo": jpeg_upload()})
    assert first.status_code == 400
    token = re.search(r'name="items-0-photo_token" value="([^"]+)"', first.content.decode()).group(1)
    assert 'data-testid="kept-photo"' in first.content.decode()

    second = en_client.post(report_path(site), form_data(area, category, **{"items-0-photo_token": token}))

    assert second.status_code == 302
    assert ItemPhoto.objects.filter(item__name="Blue umbrella").count() == 1


def test_a_file_that_is_not_a_photo_is_refused(en_client, site, area, category):
    fake = SimpleUploadedFile("umbrella.png", b"GIF89a not really", content_type="image/png")
    response = en_client.post(report_path(site), {**form_data(area, category), "items-0-photo": fake})
    assert response.status_code == 400
    assert "not a photo we can read" in response.content.decode()
    assert not Incident.objects.exists()


def test_an_area_of_another_site_is_refused(en_client, site, area, category, other_area):
    response = en_client.post(report_path(site), form_data(area, category, area=str(other_area.pk)))
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_honeypot_keeps_nothing(client, site, area, category):
    response = client.post(report_path(site), form_data(area, category, homepage="http://spam.example"))

    assert response.status_code == 302
    assert not Incident.objects.exists() and not Customer.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert 'data-testid="reference"' not in thanks
