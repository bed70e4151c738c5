"""In a real browser: the customer's phone is masked on the incident page; "show" reveals it in place (htmx,
CSRF, content security policy) and the reveal is logged."""

import pytest
from django.urls import reverse

from policy.models import ItemCategory
from privacy.models import ContactReveal
from tests.custody.conftest import file_report
from tests.e2e.browser import log_in
from tests.e2e.conftest import _browser_test_state, chromium, page  # noqa: F401

pytestmark = pytest.mark.browser


def test_show_reveals_the_phone_in_place_and_logs_it(page, live_server, site, area, front_desk, policy_defaults):
    incident = file_report(site=site, area=area, category=ItemCategory.objects.get(code="wallet-purse"), by=front_desk)
    log_in(page, front_desk)
    page.goto(reverse("incidents:detail", args=[incident.pk]))
    phone = page.locator("[data-testid=pii-customer-phone]")
    assert phone.inner_text().startswith("+86 1** **** 8000")
    phone.locator("button").click()
    page.wait_for_selector("[data-testid=pii-revealed]")
    assert page.inner_text("[data-testid=pii-revealed]") == "+86 138 0013 8000"
    assert page.url.endswith(reverse("incidents:detail", args=[incident.pk]))  # revealed in place
    reveal = ContactReveal.objects.get()
    assert (reveal.by, reveal.field, reveal.page) == (front_desk, "phone", reverse("incidents:detail", args=[incident.pk]))
