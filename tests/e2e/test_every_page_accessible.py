"""Every page of the permission matrix, in a real browser, passes the accessibility check (issue 9).

Each GET page that answers 200 for some persona is visited once, signed in as the first persona of VISITORS
that the matrix lets in, and checked with axe-core and the label check (tests/e2e/browser.py). A handful are
visited again in Chinese. Files (photos, receipts, CSV) and htmx fragments are not pages and are left out.
"""

import pytest
from django.urls import reverse

from tests.e2e.browser import assert_inputs_labelled, chinese_compiled, log_in, use_language
from tests.security.matrix import build_site
from tests.security.test_permission_matrix import KWARGS, ROWS

pytestmark = pytest.mark.browser

# Who visits a page: the first of these the matrix lets in (the public pages anonymously).
VISITORS = ("anonymous", "front_desk", "security_officer", "custodian", "manager", "legal", "finance",
            "administrator")
NOT_PAGES = {
    "healthz",  # JSON for the load balancer
    "incidents:customer_search",  # htmx fragment inside the new-report form
    "incidents:staged_photo", "incidents:photo", "investigations:photo", "custody:photo",
    "custody:release_file", "custody:mailing_proof", "custody:disposal_receipt", "compensation:evidence_file",
    "compensation:payout_csv",
}
IN_CHINESE = ("home", "incidents:detail", "custody:item_detail", "public:status")


def pages_by_visitor() -> dict[str, list[str]]:
    visits: dict[str, list[str]] = {}
    for (name, method), expected in ROWS.items():
        if method != "GET" or name in NOT_PAGES:
            continue
        visitor = next((persona for persona in VISITORS if expected[persona] == "200"), None)
        if visitor is not None:
            visits.setdefault(visitor, []).append(name)
    return visits


def _url(name: str, world) -> str:
    if name == "admin:*":
        return reverse("admin:index")
    return reverse(name, kwargs=KWARGS[name](world) if name in KWARGS else {})


def _visit(page, name: str, url: str, failures: list[str]) -> None:
    """Visit and check; every page's findings are collected, so one run lists them all."""
    response = page.goto(url)
    if response.status != 200:
        failures.append(f"{name}: {url} answered {response.status}")
        return
    try:
        assert_inputs_labelled(page)
    except AssertionError as error:
        failures.append(f"{name}: {error}")


@pytest.fixture
def site_a(settings, policy_defaults, site, front_desk, security_officer, custodian, manager):
    settings.PUBLIC_RATE_LIMITS = {"read": (10_000, 60), "write": (10_000, 60)}
    return build_site(site=site, marker="SITEA", front_desk=front_desk, officer=security_officer,
                      custodian=custodian, manager=manager)


def test_every_page_passes_axe(page, live_server, site_a, front_desk, security_officer, custodian, manager,
                               legal, finance, administrator):
    users = {"front_desk": front_desk, "security_officer": security_officer, "custodian": custodian,
             "manager": manager, "legal": legal, "finance": finance, "administrator": administrator}
    visits = pages_by_visitor()
    assert sum(map(len, visits.values())) >= 40, visits  # the matrix has this many pages at least
    failures: list[str] = []
    for visitor in VISITORS:
        page.context.clear_cookies()
        use_language(page, live_server, "en")
        if visitor != "anonymous":
            log_in(page, users[visitor])
        for name in visits.get(visitor, []):
            _visit(page, name, _url(name, site_a), failures)

    languages = ("zh-hans",) if chinese_compiled() else ()
    for name in IN_CHINESE if languages else ():
        visitor = next(persona for persona in VISITORS if ROWS[(name, "GET")][persona] == "200")
        page.context.clear_cookies()
        use_language(page, live_server, "zh-hans")
        if visitor != "anonymous":
            log_in(page, users[visitor])
        _visit(page, name, _url(name, site_a), failures)
        if page.locator("html").get_attribute("lang") != "zh-hans":
            failures.append(f"{name}: not shown in Chinese")
    assert not failures, "\n".join(failures)
