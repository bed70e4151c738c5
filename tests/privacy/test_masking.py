"""SEC-1: phones and e-mails are masked; allowed roles reveal one with a POST, and every reveal is logged."""

import pytest
from django.test import Client
from django.urls import reverse

from privacy.masking import mask_contact, mask_email, mask_phone
from privacy.models import ContactReveal

PHONE = "+86 138 0013 8000"
EMAIL = "wang@example.com"


def test_masks_keep_only_what_identifies_a_quoted_number():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone(PHONE) == "+86 1** **** 8000"
    assert mask_phone("12345") == "***45"
    assert mask_email("zhang.san@example.com") == "z***@example.com"
    assert mask_contact(EMAIL) == "w***@example.com" and mask_contact("13800138000") == "138****8000"
    assert mask_phone("") == "" and mask_email("") == ""


@pytest.fixture
def incident(report):
    return report()


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["front_desk", "security_officer", "custodian", "manager"])
def test_the_incident_page_masks_the_customer_for_every_role(persona, incident, client, request):
    user = request.getfixturevalue(persona)
    page = _page(client, user, reverse("incidents:detail", args=[incident.pk]))
    assert PHONE not in page and EMAIL not in page
    assert mask_phone(PHONE) in page and mask_email(EMAIL) in page
    reveal_url = reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"])
    assert (reveal_url in page) == (persona != "security_officer")
    assert not ContactReveal.objects.exists()


def test_print_view_and_message_list_are_masked(incident, front_desk, client):
    page = _page(client, front_desk, reverse("incidents:print", args=[incident.pk]))
    assert PHONE not in page and mask_phone(PHONE) in page and "privacy/reveal" not in page


def test_reveal_by_an_allowed_role_shows_the_full_value_and_logs_it(incident, front_desk):
    client = Client(enforce_csrf_checks=True)
    page_url = reverse("incidents:detail", args=[incident.pk])
    _page(client, front_desk, page_url)
    token = client.cookies["csrftoken"].value
    url = reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"])
    response = client.post(url, {"page": page_url, "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and PHONE in response.content.decode()
    reveal = ContactReveal.objects.get()
    assert (reveal.by, reveal.record_kind, reveal.record_id, reveal.field, reveal.customer, reveal.page) == (
        front_desk, "customer", incident.customer.pk, "phone", incident.customer, page_url)
    # Without htmx: a page of its own with the value and the way back; a second reveal is a second row.
    response = client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "email"]),
                           {"page": page_url, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and EMAIL in response.content.decode()
    assert list(ContactReveal.objects.order_by("id").values_list("field", flat=True)) == ["phone", "email"]


def test_reveal_needs_csrf_and_post(incident, front_desk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(front_desk)
    url = reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert not ContactReveal.objects.exists()


@pytest.mark.parametrize("persona", ["security_officer", "legal", "finance", "administrator"])
def test_reveal_is_refused_to_other_roles(persona, incident, client, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"]))
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert not ContactReveal.objects.exists()


def test_reveal_of_another_sites_customer_or_an_unknown_field_is_not_found(incident, outsider, front_desk, client):
    client.force_login(outsider)
    assert client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"])).status_code == 404
    client.force_login(front_desk)
    assert client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "name"])).status_code == 404
    assert client.post(reverse("privacy:reveal", args=["incident", incident.pk, "phone"])).status_code == 404
    assert not ContactReveal.objects.exists()


def test_anonymous_reveal_goes_to_sign_in(incident, client):
    response = client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ContactReveal.objects.exists()


def test_the_reveal_log_is_read_only_for_legal_and_administrators(incident, front_desk, legal, administrator, client):
    client.force_login(front_desk)
    client.post(reverse("privacy:reveal", args=["customer", incident.customer.pk, "phone"]))
    reveal = ContactReveal.objects.get()
    for user in (legal, administrator):
        client.force_login(user)
        assert client.get(reverse("admin:privacy_contactreveal_changelist")).status_code == 200
        assert client.get(reverse("admin:privacy_contactreveal_change", args=[reveal.pk])).status_code == 200
        assert client.get(reverse("admin:privacy_contactreveal_add")).status_code == 403
        assert client.post(reverse("admin:privacy_contactreveal_delete", args=[reveal.pk]), {"post": "yes"}).status_code == 403
    assert ContactReveal.objects.count() == 1
    client.force_login(front_desk)
    assert client.get(reverse("admin:privacy_contactreveal_changelist")).status_code == 302


def test_custody_pages_mask_the_claimant_and_the_finder(matched, front_desk, client):
    from custody.services import ReleaseData, item_release
    from tests.custody.conftest import signature_data_url

    item, incident = matched
    release = item_release(item=item, by=front_desk, data=ReleaseData(
        claimant_kind="owner", claimant_name="王小明", claimant_phone="13900139000", id_type="id_card",
        id_number="310101199001011234", claimant_answers="名片", details_match=True,
        signature_data_url=signature_data_url(), id_consent=True))
    page = _page(client, front_desk, reverse("custody:release_print", args=[release.pk]))
    assert "13900139000" not in page and "139****9000" in page


def test_a_guest_finders_contact_is_masked(register, custodian, client):
    item = register(finder_kind="guest", finder_name="Guest Zhao", finder_contact="13700137000")
    page = _page(client, custodian, reverse("custody:item_detail", args=[item.pk]))
    assert "13700137000" not in page and "137****7000" in page
    client.post(reverse("privacy:reveal", args=["founditem", item.pk, "finder_contact"]))
    assert ContactReveal.objects.get().record_kind == "founditem"
