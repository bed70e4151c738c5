"""No page's query count grows with the data (issue 10.3).

Every URL pattern outside the admin site has an entry below: a GET page with the persona who reads it
and its address in the test world, or the reason it is not a page (a POST-only action, a stored file
served after one access check). A new URL without an entry fails `test_every_url_has_an_entry`.

Each page is rendered after one round of records (one of everything) and again after two more rounds
(three times the rows in every list, three times the children of every record a detail page shows); the
number of queries must be the same, and at most QUERY_BOUND (or the page's own stated bound).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from tests.scale.query_world import World, add_round

QUERY_BOUND = 40
# The incident page and its print gather one timeline from every app (INT-8): a query or two per source.
TIMELINE_BOUND = 50
# The customer's status page asks only the timeline sources that can show a customer something (29 queries
# when it asked every app).
STATUS_PAGE_BOUND = 10
# URL namespaces that are not ours to count: Django's admin site.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Get:
    user: str  # a persona fixture name, or "" for an anonymous customer
    url: Callable[[World], str]
    status: int = 200
    bound: int = QUERY_BOUND


POST_ONLY = "POST only: an action, not a page"
FORM_POST = "a form posted from the claim page; a GET only redirects there"
FILE = "serves one stored file after one access check: no rows to grow"

PAGES: dict[str, Get | str] = {
    "home": Get("front_desk", lambda w: "/"),
    "healthz": Get("", lambda w: "/healthz"),
    "login": Get("", lambda w: "/accounts/login/"),
    "logout": POST_ONLY,
    "password_change": Get("front_desk", lambda w: "/accounts/password/"),
    "password_change_done": Get("front_desk", lambda w: "/accounts/password/done/"),
    "accounts:signin_code": Get("", lambda w: "/accounts/login/code/", status=302),
    "accounts:two_factor": Get("manager", lambda w: "/accounts/two-step/"),
    "set_language": POST_ONLY,
    "privacy:reveal": POST_ONLY,
    # incidents
    "incidents:list": Get("front_desk", lambda w: "/incidents/"),
    "incidents:new": Get("front_desk", lambda w: "/incidents/new/"),
    "incidents:customer_search": Get("front_desk", lambda w: "/incidents/new/customers/?phone=138&name=%E7%8E%8B"),
    "incidents:staged_photo": FILE,
    "incidents:detail": Get("front_desk", lambda w: f"/incidents/{w.incident.pk}/", bound=TIMELINE_BOUND),
    "incidents:print": Get("front_desk", lambda w: f"/incidents/{w.incident.pk}/print/", bound=TIMELINE_BOUND),
    "incidents:action": POST_ONLY,
    "incidents:hand_over": POST_ONLY,
    "incidents:note": POST_ONLY,
    "incidents:contact": POST_ONLY,
    "incidents:followup": POST_ONLY,
    "incidents:police": POST_ONLY,
    "incidents:review": Get("manager", lambda w: f"/incidents/{w.closed_incident.pk}/review/"),
    "incidents:action_add": POST_ONLY,
    "incidents:action_done": POST_ONLY,
    "incidents:photo": FILE,
    "public:report": Get("", lambda w: f"/s/report/{w.site.code}/"),
    "public:report_thanks": Get("customer", lambda w: f"/s/report/{w.site.code}/thanks/"),
    "public:status": Get("", lambda w: f"/s/{w.incident.status_token}/", bound=STATUS_PAGE_BOUND),
    "public:add_information": POST_ONLY,
    "public:opt_out": POST_ONLY,
    "public:survey": POST_ONLY,
    # investigations
    "investigations:incident": Get("security_officer", lambda w: f"/investigations/incident/{w.incident.pk}/"),
    "investigations:add": Get("security_officer", lambda w: f"/investigations/incident/{w.incident.pk}/add/evidence/"),
    "investigations:notice_publish": Get("manager", lambda w: f"/investigations/incident/{w.incident.pk}/notice/"),
    "investigations:entry": Get("security_officer", lambda w: w.entry_url("evidence")),
    "investigations:handover": Get("security_officer",
                                   lambda w: f"/investigations/evidence/{w.entries['evidence'].pk}/handover/"),
    "investigations:followup": Get("security_officer",
                                   lambda w: f"/investigations/police-report/{w.entries['police_report'].pk}/follow-up/"),
    "investigations:photo": FILE,
    "investigations:notice_withdraw": POST_ONLY,
    "notices:board": Get("", lambda w: f"/notices/{w.site.code}/"),
    # custody
    "custody:item_list": Get("custodian", lambda w: "/custody/"),
    "custody:item_new": Get("custodian", lambda w: "/custody/new/"),
    "custody:item_detail": Get("custodian", lambda w: f"/custody/items/{w.item.pk}/"),
    "custody:item_label": Get("custodian", lambda w: f"/custody/items/{w.item.pk}/label/"),
    "custody:item_move": POST_ONLY,
    "custody:item_cash": POST_ONLY,
    "custody:item_photos_add": POST_ONLY,
    "custody:item_notice": POST_ONLY,
    "custody:item_release": Get("front_desk", lambda w: f"/custody/items/{w.matched_item.pk}/release/"),
    "custody:item_mail": Get("front_desk", lambda w: f"/custody/items/{w.matched_item.pk}/mail/"),
    "custody:item_dispose": POST_ONLY,
    "custody:match_decide": POST_ONLY,
    "custody:scan": Get("custodian", lambda w: f"/custody/scan/{w.item.reference}/", status=302),
    "custody:photo": FILE,
    "custody:release_print": Get("front_desk", lambda w: f"/custody/releases/{w.release.pk}/"),
    "custody:release_file": FILE,
    "custody:mailing_delivered": POST_ONLY,
    "custody:mailing_proof": FILE,
    "custody:due": Get("custodian", lambda w: "/custody/disposals/"),
    "custody:disposal_approve": POST_ONLY,
    "custody:disposal_refuse": POST_ONLY,
    "custody:disposal_receipt": FILE,
    "custody:locations": Get("custodian", lambda w: "/custody/locations/"),
    "custody:stock_check": Get("custodian", lambda w: f"/custody/locations/{w.storage['shelf'].pk}/"),
    "custody:incident_suggestions": Get("front_desk", lambda w: f"/custody/incidents/{w.incident.pk}/suggestions/"),
    # compensation
    "compensation:claim_list": Get("legal", lambda w: "/compensation/"),
    "compensation:claim_new": Get("front_desk", lambda w: f"/compensation/new/{w.closed_incident.pk}/"),
    "compensation:claim_detail": Get("legal", lambda w: f"/compensation/{w.claim.pk}/"),
    "compensation:evidence_add": FORM_POST,
    "compensation:evidence_file": FILE,
    "compensation:assess": Get("legal", lambda w: f"/compensation/{w.claim.pk}/assess/"),
    "compensation:opinion": FORM_POST,
    "compensation:decide": FORM_POST,
    "compensation:agreement": Get("manager", lambda w: f"/compensation/{w.paid_claim.pk}/agreement/"),
    "compensation:agreement_print": Get("manager", lambda w: f"/compensation/{w.paid_claim.pk}/agreement/print/"),
    "compensation:payment": FORM_POST,
    "compensation:payout_list": Get("finance", lambda w: "/compensation/payouts/"),
    "compensation:payout_csv": Get("finance", lambda w: "/compensation/payouts.csv"),
    # the rest
    "notifications:message_list": Get("manager", lambda w: "/notifications/messages/"),
    "notifications:message_retry": POST_ONLY,
    "sla:overdue": Get("manager", lambda w: "/sla/overdue/"),
    "dashboard:index": Get("manager", lambda w: "/dashboard/"),
    "dashboard:print": Get("manager", lambda w: "/dashboard/print/"),
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name}")
    return names


def test_every_url_has_an_entry():
    names = url_names()
    missing = sorted(set(names) - set(PAGES))
    assert not missing, f"add these URL names to PAGES in {__file__}: {missing}"
    gone = sorted(set(PAGES) - set(names))
    assert not gone, f"these PAGES entries no longer match a URL: {gone}"


def _counts(world: World, clients: dict[str, Client]) -> dict[str, tuple[int, int]]:
    """{name: (queries, status)} of every GET page, each measured on its second request (caches warm)."""
    counts = {}
    for name, page in PAGES.items():
        if not isinstance(page, Get):
            continue
        client = clients[page.user]
        url = page.url(world)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = (len(queries), response.status_code)
    return counts


@pytest.mark.django_db(transaction=False)
def test_no_page_makes_more_queries_with_more_rows(
    settings, tmp_path, policy_defaults, site, area, front_desk, security_officer, custodian, manager, legal,
    finance, administrator,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DASHBOARD_CACHE_SECONDS = 0  # measure the dashboard's queries, not its cache
    users = {"front_desk": front_desk, "security_officer": security_officer, "custodian": custodian,
             "manager": manager, "legal": legal, "finance": finance, "administrator": administrator}
    clients = {"": Client(), "customer": Client()}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    world = World(site=site, area=area, users=users)

    add_round(world)
    # The customer who just filed online: the thanks page shows their status link.
    session = clients["customer"].session
    session["public_filed_token"] = world.incident.status_token
    session.save()
    small = _counts(world, clients)
    for _ in range(2):
        add_round(world)
    large = _counts(world, clients)

    wrong_status = {name: status for name, (_, status) in large.items() if status != PAGES[name].status}
    assert not wrong_status, f"pages that did not render as expected (name: status): {wrong_status}"
    grew = {name: f"{small[name][0]} → {large[name][0]}" for name in small if large[name][0] != small[name][0]}
    assert not grew, f"query counts that change with the data: {grew}"
    over = {name: queries for name, (queries, _) in large.items() if queries > PAGES[name].bound}
    assert not over, f"pages over their query bound: {over}"
