"""A customer reports a loss with the online form, then follows it at the private link (INT-1, INT-5)."""

import io

import pytest
from PIL import Image

from policy.models import ItemCategory
from incidents.models import Incident, ItemPhoto, Status, TimelineEvent
from tests.e2e.browser import assert_inputs_labelled, screenshot, use_language

pytestmark = pytest.mark.browser


def jpeg(colour=(30, 90, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "JPEG")
    return out.getvalue()


def test_customer_reports_online_and_follows_the_status_link(page, live_server, site, area, policy_defaults):
    use_language(page, live_server, "en")
    page.goto(f"/s/report/{site.code}/")
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert_inputs_labelled(page)

    page.fill("#id_name", "Anna Smith")
    page.fill("#id_phone", "+86 139 1234 5678")
    page.fill("#id_email", "anna@example.com")
    page.select_option("#id_preferred_language", "en")
    page.select_option("#id_preferred_channel", "email")
    page.check("input[name=kind][value=loss]")
    page.fill("#id_lost_from", "2026-01-05T14:00")
    page.fill("#id_lost_until", "2026-01-05T15:30")
    page.select_option("#id_area", str(area.pk))
    page.fill("#id_place_detail", "near the fountain")
    page.select_option("#id_items-0-category", str(ItemCategory.objects.get(code="umbrella").pk))
    page.fill("#id_items-0-name", "Blue umbrella")
    page.fill("#id_items-0-colour", "blue")
    page.set_input_files("#id_items-0-photo", files=[{"name": "umbrella.jpg", "mimeType": "image/jpeg",
                                                       "buffer": jpeg()}])
    screenshot(page, "online-report-form")
    # Forgot the consent: the error shows beside it and nothing typed is lost, the photo neither.
    page.click("[data-testid=online-report-form] button[type=submit]")
    assert page.locator("#div_id_consent .invalid-feedback, #div_id_consent .text-danger").count() >= 1
    assert page.input_value("#id_items-0-name") == "Blue umbrella"
    assert page.locator("[data-testid=kept-photo]").count() == 1
    assert Incident.objects.count() == 0

    page.check("#id_consent")
    page.click("[data-testid=online-report-form] button[type=submit]")
    reference = page.locator("[data-testid=reference]").inner_text()
    incident = Incident.objects.get(reference=reference)
    assert incident.status == Status.TO_VERIFY
    assert ItemPhoto.objects.filter(item__incident=incident).count() == 1

    page.click("[data-testid=status-link]")
    status = page.locator("#customer-status")
    assert status.get_attribute("data-reference") == reference
    assert status.get_attribute("data-status") == "to_verify"
    assert "Blue umbrella" in page.locator("[data-testid=item]").first.inner_text()
    assert_inputs_labelled(page)

    page.fill("#id_text", "The handle is wooden.")
    page.click("[data-testid=information-form] button[type=submit]")
    assert "The handle is wooden." in page.locator("[data-testid=customer-timeline]").inner_text()
    assert TimelineEvent.objects.filter(incident=incident, code="customer.information").exists()
