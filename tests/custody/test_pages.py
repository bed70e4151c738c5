"""The custody pages: every one renders, each refuses the roles and sites it must (SEC-2)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.models import FoundItem, ItemState, Match, Release
from custody.services import match_confirm
from tests.custody.conftest import jpeg_upload, signature_data_url


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def item(register):
    return register(category="wallet-purse", photos=[jpeg_upload("wallet.jpg")])


def test_every_page_renders_for_the_custodian(client, custodian, item, storage, report):
    incident = report()
    client.force_login(custodian)
    pages = [
        reverse("custody:item_list"), reverse("custody:item_list") + "?q=钱包&state=",
        reverse("custody:item_new"), reverse("custody:item_detail", args=[item.pk]),
        reverse("custody:item_label", args=[item.pk]), reverse("custody:item_release", args=[item.pk]),
        reverse("custody:locations"), reverse("custody:stock_check", args=[storage["safe"].pk]),
        reverse("custody:due"), reverse("custody:incident_suggestions", args=[incident.pk]),
        reverse("custody:photo", args=[item.photos.get().pk, "thumb"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "<svg" in client.get(reverse("custody:item_label", args=[item.pk])).content.decode()


def test_search_finds_chinese_and_english(client, custodian, item, register):
    register(category="umbrella", name="red umbrella", brand_model="", colour="red", features="")
    client.force_login(custodian)
    body = client.get(reverse("custody:item_list"), {"q": "钱包"}).content.decode()
    assert item.reference in body and "red umbrella" not in body
    body = client.get(reverse("custody:item_list"), {"q": "umbrella"}).content.decode()
    assert "red umbrella" in body and item.reference not in body


def test_the_label_code_opens_the_item(client, custodian, item):
    client.force_login(custodian)
    response = client.get(reverse("custody:scan", args=[item.reference]))
    assert response.status_code == 302 and response["Location"] == reverse("custody:item_detail", args=[item.pk])


def test_outsiders_see_nothing(client, outsider, item, storage):
    client.force_login(outsider)
    for url in [reverse("custody:item_detail", args=[item.pk]), reverse("custody:item_label", args=[item.pk]),
                reverse("custody:scan", args=[item.reference]), reverse("custody:stock_check", args=[storage["safe"].pk]),
                reverse("custody:photo", args=[item.photos.get().pk, "full"])]:
        assert client.get(url).status_code == 404, url
    assert item.reference not in client.get(reverse("custody:item_list"), {"state": ""}).content.decode()


def test_anonymous_users_go_to_sign_in(client, item):
    response = client.get(reverse("custody:photo", args=[item.photos.get().pk, "full"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(("persona", "url_name", "allowed"), [
    ("front_desk", "custody:item_new", False),
    ("security_officer", "custody:item_new", True),
    ("security_officer", "custody:item_release", False),
    ("front_desk", "custody:item_release", True),
    ("manager", "custody:item_release", False),
    ("legal", "custody:item_list", False),
    ("finance", "custody:item_list", False),
])
def test_roles(client, request, item, persona, url_name, allowed):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(url_name, args=[item.pk]) if "release" in url_name else reverse(url_name)
    assert client.get(url).status_code == (200 if allowed else 403)


def test_register_in_the_browser(client, security_officer, storage, categories, area, site):
    client.force_login(security_officer)
    response = client.post(reverse("custody:item_new"), {
        "site": site.pk, "category": categories["jewellery"].pk, "name": "金项链", "quantity": 1,
        "found_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "area": area.pk, "finder_kind": "staff",
        "location": storage["shelf"].pk, "seal_number": "S-9",
    })
    assert response.status_code == 200
    assert "safe" in response.content.decode()
    assert not FoundItem.objects.exists()
    response = client.post(reverse("custody:item_new"), {
        "site": site.pk, "category": categories["jewellery"].pk, "name": "金项链", "quantity": 1,
        "found_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "area": area.pk, "finder_kind": "staff",
        "location": storage["safe"].pk, "seal_number": "S-9", "photos": [jpeg_upload("a.jpg"), jpeg_upload("b.jpg")],
    })
    item = FoundItem.objects.get()
    assert response.status_code == 302 and item.photos.count() == 2 and item.registered_by == security_officer


def test_confirm_and_return_in_the_browser(client, front_desk, item, report):
    incident = report()
    lost = incident.items.get()
    client.force_login(front_desk)
    body = client.get(reverse("custody:item_detail", args=[item.pk])).content.decode()
    assert incident.reference in body and "Why this score" in body
    response = client.post(reverse("custody:match_decide", args=[item.pk, lost.pk, "confirmed"]))
    assert response.status_code == 302
    assert Match.objects.get().decision == "confirmed"
    form = {"claimant_kind": "owner", "claimant_name": "王小明", "id_type": "id_card", "id_number": "",
            "claimant_answers": "名片", "details_match": "on", "signature": signature_data_url(), "id_consent": "on"}
    response = client.post(reverse("custody:item_release", args=[item.pk]), form)
    assert response.status_code == 200 and not Release.objects.exists()
    form["id_number"] = "310101199001011234"
    response = client.post(reverse("custody:item_release", args=[item.pk]), form)
    release = Release.objects.get()
    assert response["Location"] == reverse("custody:release_print", args=[release.pk])
    printed = client.get(response["Location"]).content.decode()
    assert "310***********1234" in printed and "310101199001011234" not in printed
    assert client.get(reverse("custody:release_file", args=[release.pk, "signature"])).status_code == 200
    item.refresh_from_db()
    assert item.state == ItemState.RELEASED
    assert "310***********1234" in client.get(reverse("custody:item_detail", args=[item.pk])).content.decode()


def test_reject_in_the_browser_hides_the_pair(client, front_desk, item, report):
    incident = report()
    lost = incident.items.get()
    client.force_login(front_desk)
    client.post(reverse("custody:match_decide", args=[item.pk, lost.pk, "rejected"]), {"note": "different"})
    body = client.get(reverse("custody:incident_suggestions", args=[incident.pk])).content.decode()
    assert item.reference not in body


def test_stock_check_in_the_browser(client, custodian, item, register, storage):
    other = register(category="watch", name="手表")
    client.force_login(custodian)
    response = client.post(reverse("custody:stock_check", args=[storage["safe"].pk]), {"present": [item.pk]})
    assert response.status_code == 302
    other.refresh_from_db()
    item.refresh_from_db()
    assert other.custody_loss and other.state == ItemState.MISSING and item.state == ItemState.IN_CUSTODY
    assert "company liable" in client.get(reverse("custody:item_detail", args=[other.pk])).content.decode()


def test_the_front_desk_cannot_record_a_stock_check(client, front_desk, storage):
    client.force_login(front_desk)
    assert client.post(reverse("custody:stock_check", args=[storage["safe"].pk]), {}).status_code == 403


def test_disposal_in_the_browser(client, custodian, manager, register, categories):
    item = register(category="umbrella")
    FoundItem.objects.filter(pk=item.pk).update(
        found_at=timezone.now() - datetime.timedelta(days=categories["umbrella"].retention_days + 1))
    client.force_login(custodian)
    assert item.reference in client.get(reverse("custody:due")).content.decode()
    client.post(reverse("custody:item_dispose", args=[item.pk]), {"route": "donated", "recipient": "Charity"})
    disposal = item.disposals.get()
    assert client.post(reverse("custody:disposal_approve", args=[disposal.pk]), {"receipt_number": "R1"}).status_code == 403
    client.force_login(manager)
    response = client.post(reverse("custody:disposal_approve", args=[disposal.pk]), {"receipt_number": "R1", "next": "due"})
    assert response["Location"] == reverse("custody:due")
    item.refresh_from_db()
    assert item.state == ItemState.DISPOSED
    assert "R1" in client.get(reverse("custody:item_detail", args=[item.pk])).content.decode()


def test_mail_in_the_browser(client, front_desk, item, report):
    incident = report()
    match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    client.force_login(front_desk)
    assert client.get(reverse("custody:item_mail", args=[item.pk])).status_code == 200
    response = client.post(reverse("custody:item_mail", args=[item.pk]), {
        "recipient_name": "王小明", "recipient_phone": "13800138000", "address": "上海", "courier": "SF",
        "tracking_number": "SF1", "cost": "12.00", "paid_by": "customer"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.MAILED
    response = client.post(reverse("custody:mailing_delivered", args=[item.mailing.pk]), {"proof": jpeg_upload("pod.jpg")})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "returned"
    body = client.get(reverse("custody:item_detail", args=[item.pk])).content.decode()
    assert "SF1" in body and reverse("custody:mailing_proof", args=[item.mailing.pk]) in body
    assert client.get(reverse("custody:mailing_proof", args=[item.mailing.pk])).status_code == 200


def test_locations_can_be_added(client, custodian, site):
    client.force_login(custodian)
    response = client.post(reverse("custody:locations"), {"site": site.pk, "kind": "safe", "name": "Safe 9"})
    assert response.status_code == 200 and "custodian" in response.content.decode()
    response = client.post(reverse("custody:locations"),
                           {"site": site.pk, "kind": "safe", "name": "Safe 9", "custodian": custodian.pk})
    assert response.status_code == 302
    assert "Safe 9" in client.get(reverse("custody:locations")).content.decode()


def test_nav_has_found_items(client, custodian):
    client.force_login(custodian)
    assert reverse("custody:item_list") in client.get(reverse("home")).content.decode()


def test_pages_query_count_does_not_grow_with_rows(client, custodian, register, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = register(category="wallet-purse")
    report()
    client.force_login(custodian)
    urls = [reverse("custody:item_list"), reverse("custody:item_detail", args=[first.pk])]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    for number in range(6):
        register(category="wallet-purse", name=f"钱包 {number}")
        report()
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == counts[url], url


def test_suggestions_say_why_each_factor_scored(client, front_desk, item, report):
    incident = report()
    client.force_login(front_desk)
    body = client.get(reverse("custody:incident_suggestions", args=[incident.pk])).content.decode()
    assert item.reference in body and "Why this score" in body
    for label in ("Category", "Colour", "Brand / model", "Words", "Place", "Time"):
        assert f'<th scope="row" class="fw-normal text-body-secondary">{label}</th>' in body
    # Same category: the full bar, in green.
    assert ('aria-valuenow="100" aria-valuemin="0" aria-valuemax="100"><div class="progress-bar bg-success" '
            'style="width: 100%">') in body


def test_why_this_score_escapes_what_it_shows():
    from custody.templatetags.match_reasons import reasons_table

    table = str(reasons_table([{"label": "Words", "percent": 25, "points": 8.75, "detail": "<b>wallet</b>"}]))
    assert "&lt;b&gt;wallet&lt;/b&gt;" in table and "<b>" not in table
    assert "+8.8" in table and 'class="progress-bar bg-danger" style="width: 25%"' in table
