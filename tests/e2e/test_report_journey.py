"""Issue 3 "Must show": a front-desk user files a two-item report with a photo, opens the customer's status
link and sees it, and finds the acknowledgement message on the timeline — in Chinese and in English.

In Chinese the assertions use what does not depend on translations (reference, item names, status codes in
data attributes, the message's template key), since the Chinese catalogue is compiled at release time.
"""

import io

import pytest
from django.urls import reverse
from PIL import Image

from incidents.models import Incident, ItemPhoto, Status
from policy.models import ItemCategory
from tests.e2e.browser import assert_inputs_labelled, log_in, screenshot, switch_language

pytestmark = pytest.mark.browser


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (160, 120), (40, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def shot_name(name: str, language: str) -> str:
    # The English run makes the README's pictures; the Chinese one keeps its own beside them.
    return name if language == "en" else f"{name}.{language}"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_front_desk_files_two_items_and_the_customer_sees_the_report(
    page, live_server, site, area, front_desk, policy_defaults, language, settings
):
    settings.SITE_URL = live_server.url
    wallet = ItemCategory.objects.get(code="wallet-purse")
    phone = ItemCategory.objects.get(code="mobile-phone")

    page.goto("/accounts/login/")
    if language != "zh-hans":
        switch_language(page, language)
    assert page.locator("html").get_attribute("lang") == language
    assert_inputs_labelled(page)
    log_in(page, front_desk)

    # The new report: customer, when and where, two items, a photo of the first.
    page.goto(reverse("incidents:new"))
    page.fill("#id_phone", "13800138000")
    page.fill("#id_name", "王小明 Wang")
    page.select_option("#id_preferred_language", language)
    page.select_option("#id_preferred_channel", "sms")
    page.select_option("#id_area", str(area.pk))
    page.fill("#id_place_detail", "大堂沙发 lobby sofa")
    if page.locator("#id_items-1-name").count() == 0:
        page.click(".js-add-item")
    page.select_option("#id_items-0-category", str(wallet.pk))
    page.fill("#id_items-0-name", "黑色钱包 black wallet")
    page.fill("#id_items-0-colour", "黑色 black")
    page.set_input_files("#id_items-0-photos", files=[{"name": "wallet.jpg", "mimeType": "image/jpeg",
                                                        "buffer": jpeg()}])
    page.select_option("#id_items-1-category", str(phone.pk))
    page.fill("#id_items-1-name", "iPhone 15")
    page.fill("#id_items-1-colour", "蓝色 blue")
    assert_inputs_labelled(page)
    screenshot(page, shot_name("new-report-form", language))
    with page.expect_navigation():
        page.click("#report-form button[type=submit]")

    # The incident page: reference, both items, the photo, and the acknowledgement on the timeline.
    incident = Incident.objects.get()
    assert page.url.endswith(reverse("incidents:detail", args=[incident.pk]))
    assert incident.status == Status.REPORTED
    assert sorted(incident.items.values_list("name", flat=True)) == ["iPhone 15", "黑色钱包 black wallet"]
    assert ItemPhoto.objects.filter(item__incident=incident, item__name="黑色钱包 black wallet").count() == 1
    assert incident.reference in page.locator("h1").inner_text()
    content = page.content()
    assert "iPhone 15" in content and "黑色钱包 black wallet" in content
    timeline = page.locator("ol.timeline").inner_text()
    assert "report_acknowledged" in timeline
    if language == "en":
        assert "to the customer" in timeline
    assert_inputs_labelled(page)
    screenshot(page, shot_name("incident-page", language))

    # The customer's private link, offered on the incident page, opens in a tab of its own.
    link = page.locator(f"a[href='{live_server.url}/s/{incident.status_token}/']")
    with page.context.expect_page() as opened:
        link.click()
    page = opened.value
    page.wait_for_load_state()
    status = page.locator("#customer-status")
    assert status.get_attribute("data-reference") == incident.reference
    assert status.get_attribute("data-status") == "reported"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    items = page.locator("[data-testid=item]").all_inner_texts()
    assert any("黑色钱包 black wallet" in text for text in items) and any("iPhone 15" in text for text in items)
    assert page.locator("[data-testid=customer-timeline] li[data-code='incident.filed']").count() == 1
    if language == "en":
        assert "We have registered your report" in page.content()
    assert_inputs_labelled(page)
    screenshot(page, shot_name("customer-status", language))
