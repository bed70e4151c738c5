"""The dashboard in a real browser on a month of demo data; saves docs/screenshots/dashboard.png."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.dashboard.conftest import SHANGHAI, build_dataset
from tests.e2e.browser import assert_inputs_labelled, log_in, screenshot, use_language
from tests.e2e.conftest import _browser_test_state, chromium, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_dashboard_on_demo_data(page, live_server, company_manager, site, other_site, owners):  # noqa: F811
    site.name, other_site.name = "上海静安广场 Jing'an Plaza", "北京朝阳商城 Chaoyang Mall"
    site.save(), other_site.save()
    now = timezone.now()
    today = now.astimezone(SHANGHAI).date()
    first = today - datetime.timedelta(days=29)
    build_dataset(
        site=site, other_site=other_site, owners=owners, seed=11, count=320, now=now, edges=False, realistic=True,
        span=(datetime.datetime.combine(first, datetime.time.min, SHANGHAI), now - datetime.timedelta(minutes=5)),
        areas_named={site.pk: ("大堂 Lobby", "餐厅 Restaurant", "停车场 Car park", "客房 Guest rooms", "健身房 Gym"),
                     other_site.pk: ("中庭 Atrium", "美食广场 Food court", "影院 Cinema")},
    )
    use_language(page, live_server, "en")
    log_in(page, company_manager)
    page.goto(f"{reverse('dashboard:index')}?period=custom&date_from={first}&date_to={today}")
    assert_inputs_labelled(page)
    assert page.locator("[data-figure=reports] a").inner_text().strip() != "0"
    assert page.locator("svg.dashboard-heatmap rect").count() == 7 * 24
    assert "site time" in page.locator("[data-as-of]").inner_text()
    screenshot(page, "dashboard")
    # The printable view opens from the page with the same filters.
    with page.expect_navigation():
        page.locator(f"a[href^='{reverse('dashboard:print')}']").click()
    assert f"date_from={first}" in page.url
    assert page.locator("[data-table=heatmap]").count() == 1
