"""The permission matrix (SEC-2, issue 9): every URL × every role, anonymous, and staff of another site.

MATRIX below is the one readable table. Each line: URL name, method, then the answer expected for each persona
(anonymous, front desk, security officer, custodian, manager, legal, finance, administrator) and, after the bar,
what staff of site A get for the same URL naming site B's record ("other"). Answers:
  200, 400, 403, 404, 405 — that status;   login — a redirect to a sign-in page;   302 — any other redirect;
  hide (other column)      — the page answers, and no text of site B's records is in it;
  -    (other column)      — no record of a site in the URL (public and account pages).
"Other" is checked for every site-bound role that reaches A's record (200, 302, 400); the others must be
refused (403, 404, 405, login) as well. Every refused POST must leave every business table exactly as it was.
The admin site is one row ("admin:*"), checked on its index: only the roles with is_staff reach it.
No answer redirects off the site (a "next" of "//elsewhere.example" is sent where a view takes one).
"""

import datetime
import logging

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from tests.security.matrix import PERSONAS, SITE_BOUND, personas, snapshot, world  # noqa: F401  (fixtures)

MATRIX = """
# url name                          method anon  desk  offic cust  mgr   legal fin   admin | other
home                                GET    login 200   200   200   200   200   200   200   | hide
healthz                             GET    200   200   200   200   200   200   200   200   | -
login                               GET    200   200   200   200   200   200   200   200   | -
logout                              GET    405   405   405   405   405   405   405   405   | -
password_change                     GET    login 200   200   200   200   200   200   200   | -
password_change_done                GET    login 200   200   200   200   200   200   200   | -
set_language                        GET    302   302   302   302   302   302   302   302   | -
admin:*                             GET    login login login login 200   200   login 200   | -
accounts:signin_code                GET    login login login login login login login login | -
accounts:two_factor                 GET    login 403   403   403   200   200   403   200   | -
incidents:list                      GET    login 200   200   200   200   403   403   403   | hide
incidents:new                       GET    login 200   403   403   200   403   403   403   | hide
incidents:customer_search           GET    login 200   403   403   200   403   403   403   | hide
incidents:staged_photo              GET    login 400   403   403   400   403   403   403   | -
incidents:detail                    GET    login 200   200   200   200   403   403   403   | 404
incidents:print                     GET    login 200   200   200   200   403   403   403   | 404
incidents:action                    GET    405   405   405   405   405   405   405   405   | 405
incidents:action                    POST   login 302   302   403   302   403   403   403   | 404
incidents:hand_over                 GET    405   405   405   405   405   405   405   405   | 405
incidents:hand_over                 POST   login 302   403   403   400   403   403   403   | 404
incidents:note                      GET    405   405   405   405   405   405   405   405   | 405
incidents:note                      POST   login 302   302   403   302   403   403   403   | 404
incidents:contact                   GET    405   405   405   405   405   405   405   405   | 405
incidents:contact                   POST   login 302   302   403   302   403   403   403   | 404
incidents:followup                  GET    405   405   405   405   405   405   405   405   | 405
incidents:followup                  POST   login 302   403   403   302   403   403   403   | 404
incidents:police                    GET    405   405   405   405   405   405   405   405   | 405
incidents:police                    POST   login 302   302   403   302   403   403   403   | 404
incidents:review                    GET    login 403   403   403   200   403   403   403   | 404
incidents:review                    POST   login 403   403   403   302   403   403   403   | 404
incidents:action_add                GET    405   405   405   405   405   405   405   405   | 405
incidents:action_add                POST   login 403   403   403   302   403   403   403   | 404
incidents:action_done               GET    405   405   405   405   405   405   405   405   | 405
incidents:action_done               POST   login 403   403   403   302   403   403   403   | 404
incidents:photo                     GET    login 200   200   200   200   403   403   403   | 404
public:report                       GET    200   200   200   200   200   200   200   200   | -
public:report                       POST   400   400   400   400   400   400   400   400   | -
public:report_thanks                GET    302   302   302   302   302   302   302   302   | -
public:status                       GET    200   200   200   200   200   200   200   200   | -
public:add_information              GET    405   405   405   405   405   405   405   405   | -
public:opt_out                      GET    405   405   405   405   405   405   405   405   | -
public:add_information              POST   400   400   400   400   400   400   400   400   | -
public:opt_out                      POST   302   302   302   302   302   302   302   302   | -
public:survey                       GET    405   405   405   405   405   405   405   405   | -
public:survey                       POST   400   400   400   400   400   400   400   400   | -
investigations:incident             GET    login 200   200   403   200   403   403   403   | 404
investigations:add                  GET    login 403   200   403   200   403   403   403   | 404
investigations:add                  POST   login 403   200   403   200   403   403   403   | 404
investigations:notice_publish       GET    login 403   403   403   200   403   403   403   | 404
investigations:notice_publish       POST   login 403   403   403   200   403   403   403   | 404
investigations:entry                GET    login 200   200   403   200   403   403   403   | 404
investigations:handover             GET    login 403   200   403   200   403   403   403   | 404
investigations:handover             POST   login 403   200   403   200   403   403   403   | 404
investigations:followup             GET    login 403   200   403   200   403   403   403   | 404
investigations:followup             POST   login 403   200   403   200   403   403   403   | 404
investigations:photo                GET    login 200   200   403   200   403   403   403   | 404
investigations:notice_withdraw      GET    login 405   405   405   405   405   405   405   | 405
investigations:notice_withdraw      POST   login 403   403   403   302   403   403   403   | 404
notices:board                       GET    200   200   200   200   200   200   200   200   | -
custody:item_list                   GET    login 200   200   200   200   403   403   403   | hide
custody:item_new                    GET    login 403   200   200   403   403   403   403   | hide
custody:item_new                    POST   login 403   200   200   403   403   403   403   | -
custody:item_detail                 GET    login 200   200   200   200   403   403   403   | 404
custody:item_label                  GET    login 200   200   200   200   403   403   403   | 404
custody:item_move                   GET    405   405   405   405   405   405   405   405   | 405
custody:item_move                   POST   login 403   302   302   403   403   403   403   | 404
custody:item_cash                   GET    405   405   405   405   405   405   405   405   | 405
custody:item_cash                   POST   login 403   302   302   403   403   403   403   | 404
custody:item_photos_add             GET    405   405   405   405   405   405   405   405   | 405
custody:item_photos_add             POST   login 403   302   302   403   403   403   403   | 404
custody:item_notice                 GET    405   405   405   405   405   405   405   405   | 405
custody:item_notice                 POST   login 403   403   302   302   403   403   403   | 404
custody:item_release                GET    login 200   403   200   403   403   403   403   | 404
custody:item_release                POST   login 200   403   200   403   403   403   403   | 404
custody:item_mail                   GET    login 200   403   200   403   403   403   403   | 404
custody:item_mail                   POST   login 200   403   200   403   403   403   403   | 404
custody:item_dispose                GET    405   405   405   405   405   405   405   405   | 405
custody:item_dispose                POST   login 403   403   302   302   403   403   403   | 404
custody:match_decide                GET    405   405   405   405   405   405   405   405   | 405
custody:match_decide                POST   login 302   302   302   302   403   403   403   | 404
custody:scan                        GET    login 302   302   302   302   403   403   403   | 404
custody:photo                       GET    login 200   200   200   200   403   403   403   | 404
custody:release_print               GET    login 200   200   200   200   403   403   403   | 404
custody:release_file                GET    login 200   200   200   200   403   403   403   | 404
custody:mailing_delivered           GET    405   405   405   405   405   405   405   405   | 405
custody:mailing_delivered           POST   login 302   403   302   403   403   403   403   | 404
custody:mailing_proof               GET    login 200   200   200   200   403   403   403   | 404
custody:due                         GET    login 200   200   200   200   403   403   403   | hide
custody:disposal_approve            GET    405   405   405   405   405   405   405   405   | 405
custody:disposal_approve            POST   login 403   403   403   302   403   403   403   | 404
custody:disposal_refuse             GET    405   405   405   405   405   405   405   405   | 405
custody:disposal_refuse             POST   login 403   403   403   302   403   403   403   | 404
custody:disposal_receipt            GET    login 200   200   200   200   403   403   403   | 404
custody:locations                   GET    login 200   200   200   200   403   403   403   | hide
custody:locations                   POST   login 302   302   200   302   403   403   403   | -
custody:stock_check                 GET    login 200   200   200   200   403   403   403   | 404
custody:stock_check                 POST   login 403   302   302   403   403   403   403   | 404
custody:incident_suggestions        GET    login 200   200   200   200   403   403   403   | 404
compensation:claim_list             GET    login 200   403   403   200   200   200   403   | hide
compensation:claim_new              GET    login 200   403   403   200   403   403   403   | 404
compensation:claim_new              POST   login 200   403   403   200   403   403   403   | 404
compensation:claim_detail           GET    login 200   403   403   200   200   200   403   | 404
compensation:evidence_add           GET    login 302   403   403   302   403   403   403   | 404
compensation:evidence_add           POST   login 200   403   403   200   403   403   403   | 404
compensation:evidence_file          GET    login 200   403   403   200   200   200   403   | 404
compensation:assess                 GET    login 403   403   403   200   200   403   403   | 404
compensation:assess                 POST   login 403   403   403   200   200   403   403   | 404
compensation:opinion                GET    login 403   403   403   403   302   403   403   | 404
compensation:opinion                POST   login 403   403   403   403   302   403   403   | 404
compensation:decide                 GET    login 403   403   403   302   403   403   403   | 404
compensation:decide                 POST   login 403   403   403   200   403   403   403   | 404
compensation:agreement              GET    login 200   403   403   200   403   403   403   | 404
compensation:agreement              POST   login 200   403   403   200   403   403   403   | 404
compensation:agreement_print        GET    login 200   403   403   200   200   200   403   | 404
compensation:payment                GET    login 403   403   403   403   403   302   403   | 404
compensation:payment                POST   login 403   403   403   403   403   200   403   | 404
compensation:payout_list            GET    login 403   403   403   403   403   200   403   | -
compensation:payout_csv             GET    login 403   403   403   403   403   200   403   | -
notifications:message_list          GET    login 403   403   403   200   403   403   200   | hide
notifications:message_retry         GET    login 405   405   405   405   405   405   405   | 405
notifications:message_retry         POST   login 403   403   403   302   403   403   302   | 404
sla:overdue                         GET    login 403   403   403   200   403   403   200   | hide
dashboard:index                     GET    login 403   403   403   200   403   403   200   | hide
dashboard:print                     GET    login 403   403   403   200   403   403   200   | hide
privacy:reveal                      GET    405   405   405   405   405   405   405   405   | 405
privacy:reveal                      POST   login 200   403   200   200   403   403   403   | 404
"""

COLUMNS = PERSONAS
REACHED = {"200", "302", "400"}
REFUSED = {"403", "404", "405", "login"}


def _parse(text: str) -> dict[tuple[str, str], dict[str, str]]:
    rows = {}
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        left, other = line.split("|")
        name, method, *answers = left.split()
        assert len(answers) == len(COLUMNS), f"{name} {method}: {len(answers)} answers for {len(COLUMNS)} personas"
        assert (name, method) not in rows, f"{name} {method} has two rows"
        rows[(name, method)] = {**dict(zip(COLUMNS, answers)), "other": other.strip()}
    return rows


ROWS = _parse(MATRIX)

# The records each URL names: a function of one site's world.
KWARGS = {
    "incidents:detail": lambda w: {"pk": w.incident.pk},
    "incidents:print": lambda w: {"pk": w.incident.pk},
    "incidents:action": lambda w: {"pk": w.incident.pk, "action": "dispatch"},
    "incidents:hand_over": lambda w: {"pk": w.incident.pk},
    "incidents:note": lambda w: {"pk": w.incident.pk},
    "incidents:contact": lambda w: {"pk": w.incident.pk},
    "incidents:followup": lambda w: {"pk": w.closed_incident.pk},
    "incidents:police": lambda w: {"pk": w.incident.pk},
    "incidents:review": lambda w: {"pk": w.closed_incident.pk},
    "incidents:action_add": lambda w: {"pk": w.closed_incident.pk},
    "incidents:action_done": lambda w: {"pk": w.corrective_action.pk},
    "incidents:photo": lambda w: {"pk": w.item_photo.pk, "size": "thumb"},
    "public:report": lambda w: {"site_code": w.site.code},
    "public:report_thanks": lambda w: {"site_code": w.site.code},
    "public:status": lambda w: {"token": w.incident.status_token},
    "public:add_information": lambda w: {"token": w.incident.status_token},
    "public:opt_out": lambda w: {"token": w.incident.status_token},
    "public:survey": lambda w: {"token": w.closed_incident.status_token},
    "investigations:incident": lambda w: {"pk": w.incident.pk},
    "investigations:add": lambda w: {"pk": w.incident.pk, "kind": "evidence"},
    "investigations:notice_publish": lambda w: {"pk": w.incident.pk},
    "investigations:entry": lambda w: {"kind": "evidence", "pk": w.evidence.pk},
    "investigations:handover": lambda w: {"pk": w.evidence.pk},
    "investigations:followup": lambda w: {"pk": w.police_report.pk},
    "investigations:photo": lambda w: {"pk": w.entry_photo.pk, "variant": "thumb"},
    "investigations:notice_withdraw": lambda w: {"pk": w.notice.pk},
    "notices:board": lambda w: {"site_code": w.site.code},
    "custody:item_detail": lambda w: {"pk": w.found_item.pk},
    "custody:item_label": lambda w: {"pk": w.found_item.pk},
    "custody:item_move": lambda w: {"pk": w.found_item.pk},
    "custody:item_cash": lambda w: {"pk": w.found_item.pk},
    "custody:item_photos_add": lambda w: {"pk": w.found_item.pk},
    "custody:item_notice": lambda w: {"pk": w.found_item.pk},
    "custody:item_release": lambda w: {"pk": w.found_item.pk},
    "custody:item_mail": lambda w: {"pk": w.found_item.pk},
    "custody:item_dispose": lambda w: {"pk": w.found_item.pk},
    "custody:match_decide": lambda w: {"pk": w.found_item.pk, "lost_pk": w.lost_item.pk, "decision": "rejected"},
    "custody:scan": lambda w: {"reference": w.found_item.reference},
    "custody:photo": lambda w: {"pk": w.found_photo.pk, "size": "thumb"},
    "custody:release_print": lambda w: {"pk": w.release.pk},
    "custody:release_file": lambda w: {"pk": w.release.pk, "which": "signature"},
    "custody:mailing_delivered": lambda w: {"pk": w.mailing.pk},
    "custody:mailing_proof": lambda w: {"pk": w.mailing.pk},
    "custody:disposal_approve": lambda w: {"pk": w.disposal.pk},
    "custody:disposal_refuse": lambda w: {"pk": w.disposal.pk},
    "custody:disposal_receipt": lambda w: {"pk": w.disposal.pk},
    "custody:stock_check": lambda w: {"pk": w.location.pk},
    "custody:incident_suggestions": lambda w: {"incident_pk": w.incident.pk},
    "compensation:claim_new": lambda w: {"incident_pk": w.closed_incident.pk},
    "compensation:claim_detail": lambda w: {"pk": w.claim.pk},
    "compensation:evidence_add": lambda w: {"pk": w.claim.pk},
    "compensation:evidence_file": lambda w: {"pk": w.claim_evidence.pk},
    "compensation:assess": lambda w: {"pk": w.claim.pk},
    "compensation:opinion": lambda w: {"pk": w.claim.pk},
    "compensation:decide": lambda w: {"pk": w.claim.pk},
    "compensation:agreement": lambda w: {"pk": w.claim.pk},
    "compensation:agreement_print": lambda w: {"pk": w.agreed_claim.pk},
    "compensation:payment": lambda w: {"pk": w.agreed_claim.pk},
    "notifications:message_retry": lambda w: {"pk": w.message.pk},
    "privacy:reveal": lambda w: {"kind": "customer", "pk": w.incident.customer_id, "field": "phone"},
}


def answer(response) -> str:
    if response.status_code in (301, 302):
        return "login" if "login" in response["Location"] else "302"
    return str(response.status_code)


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield ":".join(filter(None, [namespace, pattern.name or f"<unnamed {pattern.pattern}>"]))


def all_url_names() -> set[str]:
    """Every route of the root resolver; the admin site's routes are one row."""
    return {"admin:*" if name.startswith("admin:") else name for name in _walk(get_resolver().url_patterns)}


def _today() -> str:
    return timezone.localdate().isoformat()


# What each POST sends: a valid change, so a missing check would show as a written row.
POST_DATA = {
    "incidents:action": lambda w, p: {"note": "matrix probe"},
    "incidents:hand_over": lambda w, p: {"to": p["manager"].pk, "note": "matrix probe"},
    "incidents:note": lambda w, p: {"text": "matrix probe", "customer_visible": "on"},
    "incidents:contact": lambda w, p: {"method": "phone", "outcome": "reached", "note": "matrix probe"},
    "incidents:followup": lambda w, p: {"satisfaction": "5", "comment": "matrix probe"},
    "incidents:police": lambda w, p: {"state": "filed", "note": "matrix probe"},
    "incidents:review": lambda w, p: {"causes": "matrix probe", "lessons": ""},
    "incidents:action_add": lambda w, p: {
        "description": "matrix probe", "department": p["manager"].staff_profile.department_id,
        "owner": p["manager"].pk, "due_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    "incidents:action_done": lambda w, p: {"next": "//elsewhere.example/"},
    "investigations:notice_withdraw": lambda w, p: {},
    "custody:item_notice": lambda w, p: {"date": _today(), "channel": "matrix probe board"},
    "custody:item_move": lambda w, p: {"to_location": w.location.parent_id, "reason": "matrix probe"},
    "custody:disposal_approve": lambda w, p: {"receipt_number": "R-PROBE"},
    "custody:disposal_refuse": lambda w, p: {"note": "matrix probe"},
    "custody:stock_check": lambda w, p: {"note": "matrix probe"},
    "custody:locations": lambda w, p: {"site": w.site.pk, "kind": "shelf", "name": "Probe shelf"},
    "compensation:opinion": lambda w, p: {"text": "matrix probe"},
    "compensation:decide": lambda w, p: {"decision": "reject", "reasons": "matrix probe"},
    "notifications:message_retry": lambda w, p: {},
    "privacy:reveal": lambda w, p: {"page": "/"},
}


def _url(name: str, site_world) -> str:
    if name == "admin:*":
        return reverse("admin:index")
    return reverse(name, kwargs=KWARGS[name](site_world) if name in KWARGS else {})


def _clients(personas) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for persona, user in personas.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


def _send(client: Client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.post(url, data)


def _shows(response, texts: list[str]) -> list[str]:
    if response.streaming or not response.get("Content-Type", "").startswith("text/"):
        return []
    body = response.content.decode(errors="replace")
    return [text for text in texts if text in body]


def test_every_url_has_a_row_and_every_row_a_url():
    """A new URL without its row, or a row left behind by a removed URL, fails here, naming it."""
    routes = all_url_names()
    rows = {name for name, _method in ROWS}
    assert not routes - rows, f"URLs without a row in MATRIX: {sorted(routes - rows)}"
    assert not rows - routes, f"rows of MATRIX naming no URL: {sorted(rows - routes)}"
    assert not set(KWARGS) - rows, f"KWARGS for URLs without a row: {sorted(set(KWARGS) - rows)}"
    assert not set(POST_DATA) - {name for name, method in ROWS if method == "POST"}, "POST_DATA without a POST row"
    for name, method in ROWS:
        if method == "POST":
            assert (name, "GET") in ROWS, f"{name}: POST row without its GET row"


@pytest.fixture
def quiet_refusals():
    """Each 403/404 logs a traceback on django.request; hundreds of them only slow the matrix down."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_permission_matrix(world, personas, quiet_refusals):
    cache.clear()
    clients = _clients(personas)
    failures: list[str] = []
    # First every POST that must be refused, at A's records and (for the roles that reach A's) at B's: each
    # row's refusals together must leave every business table as it was. Then what is allowed, in order.
    state = snapshot()
    for (name, method), expected in ROWS.items():
        if method != "POST":
            continue
        refused = [persona for persona in PERSONAS if expected[persona] in REFUSED]
        failures += _check(name, method, expected, refused, world, personas, clients)
        failures += _other_site(name, method, expected, world, personas, clients)
        now = snapshot()
        if now != state:
            changed = sorted(table for table in now if now[table] != state.get(table))
            failures.append(f"{name} POST: a refused request changed {changed}")
            state = now
    for (name, method), expected in ROWS.items():
        allowed = [persona for persona in PERSONAS if method == "GET" or expected[persona] not in REFUSED]
        failures += _check(name, method, expected, allowed, world, personas, clients)
        if method == "GET":
            failures += _other_site(name, method, expected, world, personas, clients)
    # The leak check reads what a page shows: site A's own records must be found the same way.
    own_list = clients["manager"].get(_url("incidents:list", world.a))
    assert _shows(own_list, world.a.texts), "the leak check finds nothing, not even site A's own records"
    assert not failures, "\n".join(failures)


def _check(name, method, expected, who, world, personas, clients) -> list[str]:
    failures = []
    url = _url(name, world.a)
    data = POST_DATA.get(name, lambda w, p: {})(world.a, personas) if method == "POST" else {}
    for persona in who:
        response = _send(clients[persona], method, url, data)
        got = answer(response)
        if got != expected[persona]:
            failures.append(f"{name} {method} as {persona}: expected {expected[persona]}, got {got}")
        if response.status_code in (301, 302) and not url_has_allowed_host_and_scheme(
                response["Location"], allowed_hosts={"testserver"}):
            failures.append(f"{name} {method} as {persona} redirects off the site: {response['Location']}")
        if persona in SITE_BOUND and response.status_code == 200:
            leaked = _shows(response, world.b.texts)
            if leaked:
                failures.append(f"{name} {method} as {persona} shows site B's {leaked}")
        if expected["other"] == "hide" and persona in SITE_BOUND and response.status_code == 200:
            # Asking for site B's rows through a filter shows none of them either.
            leaked = _shows(clients[persona].get(url, {"site": world.b.site.pk}), world.b.texts)
            if leaked:
                failures.append(f"{name} {method}?site=B as {persona} shows site B's {leaked}")
    return failures


def _other_site(name, method, expected, world, personas, clients) -> list[str]:
    """Site A's staff asking for site B's record: refused, nothing of B shown.

    Roles refused on A's record by their permission are refused before any record is read; the roles that
    reach A's record are the ones that must not reach B's.
    """
    if expected["other"] in ("-", "hide") or name not in KWARGS:
        return []
    failures = []
    url = _url(name, world.b)
    data = POST_DATA.get(name, lambda w, p: {})(world.b, personas) if method == "POST" else {}
    for persona in [persona for persona in SITE_BOUND if expected[persona] in REACHED]:
        response = _send(clients[persona], method, url, data)
        seen = answer(response)
        if seen != expected["other"]:
            failures.append(f"{name} {method} as {persona} for site B's record: expected {expected['other']}, got {seen}")
        if seen not in REFUSED:
            failures.append(f"{name} {method} as {persona} reaches site B's record ({seen})")
        leaked = _shows(response, world.b.texts)
        if leaked:
            failures.append(f"{name} {method} as {persona} shows site B's {leaked}")
    return failures
