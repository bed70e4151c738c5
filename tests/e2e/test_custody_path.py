"""Issue 5 in a real browser: a custodian registers a found wallet, the front desk confirms the suggested match
and returns it against ID with a signature drawn on the screen; the pickup record shows the masked ID.

Assertions use references, masked numbers and element ids, not translated text.
"""

import pytest
from django.urls import reverse

from custody.models import FoundItem, ItemState, LocationKind, Release, StorageLocation
from incidents.models import Status
from policy.models import ItemCategory
from tests.custody.conftest import file_report
from tests.e2e.browser import assert_inputs_labelled, draw_signature, log_in

pytestmark = pytest.mark.browser


def test_register_match_and_return_with_a_drawn_signature(
    page, live_server, site, area, custodian, front_desk, policy_defaults
):
    wallet = ItemCategory.objects.get(code="wallet-purse")
    safe = StorageLocation.objects.create(site=site, kind=LocationKind.SAFE, name="Safe 1")
    incident = file_report(site=site, area=area, category=wallet, by=front_desk)

    # The custodian registers the wallet into the safe, in a sealed bag.
    log_in(page, custodian)
    page.goto(reverse("custody:item_new"))
    assert_inputs_labelled(page)
    page.select_option("#id_category", str(wallet.pk))
    page.fill("#id_name", "black leather wallet 黑色钱包")
    page.fill("#id_brand_model", "Coach")
    page.fill("#id_colour", "black")
    page.fill("#id_features", "worn zipper, membership cards inside")
    page.fill("#id_hidden_details", "business card with the name 李")
    page.select_option("#id_area", str(area.pk))
    page.select_option("#id_location", str(safe.pk))
    page.fill("#id_seal_number", "S-42")
    with page.expect_navigation():
        page.locator("form [type=submit]").last.click()
    item = FoundItem.objects.get()
    assert page.url.endswith(reverse("custody:item_detail", args=[item.pk]))
    assert_inputs_labelled(page)
    page.goto(reverse("custody:stock_check", args=[safe.pk]))
    assert_inputs_labelled(page)
    page.goto(reverse("custody:item_label", args=[item.pk]))
    assert page.locator("svg.segno").count() == 1

    # The front desk sees the report among the suggestions and confirms it.
    page.context.clear_cookies()
    log_in(page, front_desk)
    page.goto(reverse("custody:item_detail", args=[item.pk]))
    assert_inputs_labelled(page)
    assert incident.reference in page.content()
    confirm = reverse("custody:match_decide", args=[item.pk, incident.items.get().pk, "confirmed"])
    with page.expect_navigation():
        page.locator(f"form[action='{confirm}'] [type=submit]").click()
    incident.refresh_from_db()
    assert incident.status == Status.FOUND

    # Return against ID; the claimant signs on the canvas.
    page.goto(reverse("custody:item_release", args=[item.pk]))
    assert_inputs_labelled(page)
    page.fill("#id_claimant_name", "王小明")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "310101199001011234")
    page.fill("#id_claimant_answers", "a business card, 李")
    page.check("#id_details_match")
    page.check("#id_id_consent")
    draw_signature(page)
    with page.expect_navigation():
        page.locator("#release-form [type=submit]").first.click()
    release = Release.objects.get()
    assert release.signature.name and not release.signed_on_paper
    assert page.url.endswith(reverse("custody:release_print", args=[release.pk]))
    assert "310***********1234" in page.content() and "310101199001011234" not in page.content()
    item.refresh_from_db()
    incident.refresh_from_db()
    assert item.state == ItemState.RELEASED and incident.status == Status.RETURNED
