"""Hostile input (issue #9.7): every URL that takes a POST is fuzzed with values its form must refuse.

For each case a user who may use the form posts hypothesis-generated data — plausible values with scripts, SQL,
control characters and over-long text mixed in, made-up extra fields, and at least one value the form must
refuse (over-long, NUL, not a number, an impossible date, an unoffered choice, another site's id, a required
field left out, a file that is not what its name says). The answer must refuse it (the form again with its
errors, or a redirect carrying an error message where the page works that way, or a 4xx), never a 5xx, and no
row of any table may change. Posts without fields get other sites' and unknown ids in their URL instead.

`HYPOTHESIS_PROFILE=deep FUZZ_EXAMPLES=500` explores further than CI's fixed, derandomised run.
"""

import datetime
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings, strategies as st

from accounts.forms import CodeForm
from compensation import forms as claim_forms
from custody import forms as custody_forms
from custody.services import allowed_routes
from incidents import forms as incident_forms
from incidents import public_forms
from investigations import forms as investigation_forms
from investigations.forms import FORMS as ENTRY_FORMS
from organization.models import Site
from tests.investigations.conftest import valid_data
from tests.security import fuzzing
from tests.security.fuzz_world import World, build_world

PASSWORD = "correct-horse-battery"
# Logs a post may write even when it is refused: failed sign-ins (django-axes) and the audit trail of a reveal.
SIGN_IN_LOGS = frozenset({"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"})
AUDIT_LOG = frozenset({"auditlog_logentry"})


@dataclass
class Case:
    """One form posted to one URL by one persona."""

    route: str
    user: str | None  # persona, None for the customer or a visitor
    url: Callable[[World], str]
    shape: Callable[[World], fuzzing.FormShape]
    overrides: Callable[[World], dict] = lambda world: {}
    raw_fields: tuple[str, ...] = ()  # read from request.POST without a form
    redirect_refuses: bool = False  # the page answers every post with a redirect and a message
    ignore_tables: frozenset[str] = frozenset()
    label: str = ""
    prepare: Callable | None = None  # (client, world): state the page needs, e.g. a half-done sign-in


@dataclass
class IdCase:
    """A post without fields: the fuzz goes into the URL (other sites' ids, unknown ids, tokens)."""

    route: str
    user: str | None
    url: Callable[[World, str], str]
    foreign: Callable[[World], list[str]] = lambda world: []
    label: str = ""


@dataclass
class JunkCase:
    """A post whose effect is on the visitor or a log (language, sign-out, a reveal): junk must not break it,
    write business rows, or reach the log unchecked."""

    route: str
    user: str | None
    url: Callable[[World], str]
    fields: tuple[str, ...] = field(default_factory=tuple)
    ignore_tables: frozenset[str] = frozenset()
    check: Callable[[World], None] = lambda world: None


def _formset_management(prefix: str, total: int = 1) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def _lost_window(world) -> dict:
    now = timezone.localtime(timezone.now(), world.site.zone)
    return {"lost_from": (now - datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "lost_until": (now - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}


def _owe_a_code(client, world):
    """An administrator enrolled in two-step sign-in who gave the right password: the code page is next."""
    response = client.post(reverse("login"), {"username": world.users["administrator"].username, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:signin_code")


def _sites(world):
    return Site.objects.filter(pk=world.site.pk)


def _entry_case(kind: str) -> Case:
    return Case(
        "investigations:add", "security_officer", lambda w: reverse("investigations:add", args=[w.incident.pk, kind]),
        lambda w: fuzzing.shape_of(ENTRY_FORMS[kind](incident=w.incident, user=w.users["security_officer"])),
        overrides=lambda w: valid_data(kind, officer=w.users["security_officer"]), raw_fields=("photo_tokens",),
        label=kind,
    )


def _action_case(action: str, form_class) -> Case:
    incident = (lambda w: w.online_incident) if action == "reject" else (lambda w: w.incident)
    return Case(
        "incidents:action", "front_desk", lambda w: reverse("incidents:action", args=[incident(w).pk, action]),
        lambda w: fuzzing.shape_of((form_class or incident_forms.NoteOnlyForm)()), label=action,
    )


CASES: list[Case] = [
    # --- accounts ---
    Case("login", None, lambda w: reverse("login"), lambda w: fuzzing.shape_of(AuthenticationForm()),
         ignore_tables=SIGN_IN_LOGS),
    Case("accounts:two_factor", "legal", lambda w: reverse("accounts:two_factor"),
         lambda w: fuzzing.shape_of(CodeForm())),
    Case("accounts:signin_code", None, lambda w: reverse("accounts:signin_code"),
         lambda w: fuzzing.shape_of(CodeForm()), prepare=lambda client, w: _owe_a_code(client, w),
         ignore_tables=SIGN_IN_LOGS),
    Case("password_change", "front_desk", lambda w: reverse("password_change"),
         lambda w: fuzzing.shape_of(PasswordChangeForm(w.users["front_desk"])),
         overrides=lambda w: {"old_password": PASSWORD, "new_password1": "Fuzz-new-pass-9x!",
                              "new_password2": "Fuzz-new-pass-9x!"}),
    # --- incidents (staff) ---
    Case("incidents:new", "front_desk", lambda w: reverse("incidents:new"),
         lambda w: fuzzing.shape_of(incident_forms.ReportForm(user=w.users["front_desk"]),
                                    incident_forms.ItemForm(prefix="items-0"), fixed=_formset_management("items")),
         overrides=lambda w: {**_lost_window(w), "site": str(w.site.pk), "area": str(w.area.pk), "kind": "loss",
                              "preferred_channel": "sms", "phone": "13800138000", "items-0-quantity": "1"},
         raw_fields=("items-TOTAL_FORMS", "items-0-kept_photos")),
    *[_action_case(name, form) for name, form in (
        ("accept", None), ("reject", incident_forms.ReasonForm), ("dispatch", None), ("start_search", None),
        ("not_found", incident_forms.NotFoundForm), ("close", incident_forms.NoteOnlyForm),
        ("cancel", incident_forms.ReasonForm))],
    Case("incidents:hand_over", "front_desk", lambda w: reverse("incidents:hand_over", args=[w.incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.HandOverForm(incident=w.incident))),
    Case("incidents:note", "front_desk", lambda w: reverse("incidents:note", args=[w.incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.NoteForm())),
    Case("incidents:contact", "front_desk", lambda w: reverse("incidents:contact", args=[w.incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.ContactForm())),
    Case("incidents:followup", "front_desk", lambda w: reverse("incidents:followup", args=[w.closed_incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.FollowUpForm())),
    Case("incidents:police", "front_desk", lambda w: reverse("incidents:police", args=[w.incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.PoliceReportForm())),
    Case("incidents:review", "manager", lambda w: reverse("incidents:review", args=[w.closed_incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.ReviewForm())),
    Case("incidents:action_add", "manager", lambda w: reverse("incidents:action_add", args=[w.closed_incident.pk]),
         lambda w: fuzzing.shape_of(incident_forms.CorrectiveActionForm(incident=w.closed_incident)),
         redirect_refuses=True),
    # --- the customer's pages ---
    Case("public:report", None, lambda w: reverse("public:report", args=[w.site.code]),
         lambda w: fuzzing.FormShape(
             {key: value for key, value in fuzzing.shape_of(
                 public_forms.OnlineReportForm(site=w.site), public_forms.ItemForm(prefix="items-0")).fields.items()
              if key != "homepage"},  # the honeypot: filled in, the post is quietly dropped (tested with the form)
             _formset_management("items")),
         overrides=lambda w: {**_lost_window(w), "preferred_channel": "sms", "phone": "13800138000", "kind": "loss"},
         raw_fields=("items-TOTAL_FORMS", "items-0-photo_token")),
    Case("public:add_information", None, lambda w: reverse("public:add_information", args=[w.incident.status_token]),
         lambda w: fuzzing.shape_of(public_forms.AddInformationForm(incident=w.incident))),
    Case("public:survey", None, lambda w: reverse("public:survey", args=[w.closed_incident.status_token]),
         lambda w: fuzzing.shape_of(public_forms.SurveyForm())),
    # --- investigations ---
    *[_entry_case(kind) for kind in ENTRY_FORMS],
    Case("investigations:notice_publish", "manager",
         lambda w: reverse("investigations:notice_publish", args=[w.closed_incident.pk]),
         lambda w: fuzzing.shape_of(investigation_forms.NoticeForm(incident=w.closed_incident))),
    Case("investigations:handover", "security_officer",
         lambda w: reverse("investigations:handover", args=[w.evidence.pk]),
         lambda w: fuzzing.shape_of(
             investigation_forms.HandoverForm(incident=w.incident, user=w.users["security_officer"]))),
    Case("investigations:followup", "security_officer",
         lambda w: reverse("investigations:followup", args=[w.police_report.pk]),
         lambda w: fuzzing.shape_of(investigation_forms.PoliceFollowUpForm())),
    # --- custody ---
    Case("custody:item_new", "custodian", lambda w: reverse("custody:item_new"),
         lambda w: fuzzing.shape_of(custody_forms.FoundItemForm(sites=_sites(w))),
         overrides=lambda w: {"site": str(w.site.pk), "location": str(w.storage["shelf"].pk), "area": str(w.area.pk),
                              "category": str(w.item.category_id), "finder_kind": "staff"}),
    Case("custody:item_move", "custodian", lambda w: reverse("custody:item_move", args=[w.item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.MoveForm(item=w.item)), redirect_refuses=True),
    Case("custody:item_cash", "custodian", lambda w: reverse("custody:item_cash", args=[w.item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.CashConfirmForm()), redirect_refuses=True),
    Case("custody:item_photos_add", "custodian", lambda w: reverse("custody:item_photos_add", args=[w.item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.PhotoForm()), redirect_refuses=True),
    Case("custody:item_notice", "custodian", lambda w: reverse("custody:item_notice", args=[w.item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.NoticeForm()), redirect_refuses=True),
    Case("custody:item_release", "custodian", lambda w: reverse("custody:item_release", args=[w.matched_item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.ReleaseForm())),
    Case("custody:item_mail", "custodian", lambda w: reverse("custody:item_mail", args=[w.matched_item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.MailForm())),
    Case("custody:item_dispose", "custodian", lambda w: reverse("custody:item_dispose", args=[w.item.pk]),
         lambda w: fuzzing.shape_of(custody_forms.DisposalForm(routes=allowed_routes(w.item.category))),
         redirect_refuses=True),
    Case("custody:match_decide", "front_desk",
         lambda w: reverse("custody:match_decide", args=[w.item.pk, w.incident.items.get().pk, "rejected"]),
         lambda w: fuzzing.shape_of(custody_forms.NoteForm()), raw_fields=("next",), redirect_refuses=True),
    Case("custody:disposal_approve", "manager", lambda w: reverse("custody:disposal_approve", args=[w.disposal.pk]),
         lambda w: fuzzing.shape_of(custody_forms.ApproveDisposalForm()), raw_fields=("next",), redirect_refuses=True),
    Case("custody:disposal_refuse", "manager", lambda w: reverse("custody:disposal_refuse", args=[w.disposal.pk]),
         lambda w: fuzzing.shape_of(custody_forms.RefuseDisposalForm()), raw_fields=("next",), redirect_refuses=True),
    Case("custody:mailing_delivered", "custodian",
         lambda w: reverse("custody:mailing_delivered", args=[w.mailing.pk]),
         lambda w: fuzzing.shape_of(custody_forms.DeliveredForm()), redirect_refuses=True),
    Case("custody:locations", "custodian", lambda w: reverse("custody:locations"),
         lambda w: fuzzing.shape_of(custody_forms.LocationForm(sites=_sites(w)))),
    Case("custody:stock_check", "custodian", lambda w: reverse("custody:stock_check", args=[w.storage["shelf"].pk]),
         lambda w: fuzzing.shape_of(custody_forms.StockCheckForm(location=w.storage["shelf"])),
         overrides=lambda w: {"present": [str(w.item.pk)]}, redirect_refuses=True),
    # --- compensation ---
    Case("compensation:claim_new", "front_desk",
         lambda w: reverse("compensation:claim_new", args=[w.closed_incident.pk]),
         lambda w: fuzzing.shape_of(
             claim_forms.ClaimForm(),
             claim_forms.ClaimItemForm(prefix="items-0", lost_items=list(w.closed_incident.items.all())),
             fixed=_formset_management("items")),
         overrides=lambda w: {"items-0-amount_claimed": "100.00"}),
    Case("compensation:evidence_add", "front_desk", lambda w: reverse("compensation:evidence_add", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.EvidenceForm())),
    Case("compensation:assess", "manager", lambda w: reverse("compensation:assess", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.AssessmentForm(items=list(w.claim.items.all())))),
    Case("compensation:opinion", "legal", lambda w: reverse("compensation:opinion", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.OpinionForm())),
    Case("compensation:decide", "manager", lambda w: reverse("compensation:decide", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.DecisionForm())),
    Case("compensation:agreement", "front_desk", lambda w: reverse("compensation:agreement", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.AgreementForm()), label="terms"),
    Case("compensation:agreement", "front_desk", lambda w: reverse("compensation:agreement", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.SignedCopyForm(), fixed={"action": "upload"}), label="signed copy"),
    Case("compensation:payment", "finance", lambda w: reverse("compensation:payment", args=[w.claim.pk]),
         lambda w: fuzzing.shape_of(claim_forms.PaymentForm())),
]

ID_CASES: list[IdCase] = [
    IdCase("incidents:action_done", "front_desk", lambda w, pk: reverse("incidents:action_done", args=[pk]),
           lambda w: [str(w.action.pk + 10_000)]),
    IdCase("public:opt_out", None, lambda w, token: reverse("public:opt_out", args=[token])),
    IdCase("investigations:notice_withdraw", "manager",
           lambda w, pk: reverse("investigations:notice_withdraw", args=[pk]), lambda w: [str(w.notice.pk + 10_000)]),
    IdCase("notifications:message_retry", "manager", lambda w, pk: reverse("notifications:message_retry", args=[pk]),
           lambda w: [str(w.other_message.pk)]),
    IdCase("incidents:action", "front_desk", lambda w, pk: reverse("incidents:action", args=[pk, "dispatch"]),
           lambda w: [str(w.other_incident.pk)], label="another site's incident"),
    IdCase("custody:item_move", "custodian", lambda w, pk: reverse("custody:item_move", args=[pk]),
           lambda w: [str(w.other_item.pk)], label="another site's item"),
    IdCase("compensation:opinion", "legal", lambda w, pk: reverse("compensation:opinion", args=[pk]),
           lambda w: [], label="an unknown claim"),
]

def _reveals_log_only_local_pages(world):
    from privacy.models import ContactReveal

    for page in ContactReveal.objects.values_list("page", flat=True):
        assert page == "" or (page.startswith("/") and not page.startswith("//") and "\x00" not in page), page


JUNK_CASES: list[JunkCase] = [
    JunkCase("logout", "front_desk", lambda w: reverse("logout"), ("next",), ignore_tables=SIGN_IN_LOGS),
    JunkCase("set_language", None, lambda w: reverse("set_language"), ("language", "next")),
    JunkCase("privacy:reveal", "front_desk",
             lambda w: reverse("privacy:reveal", args=["customer", w.incident.customer_id, "phone"]), ("page",),
             ignore_tables=frozenset({"privacy_contactreveal"}) | AUDIT_LOG, check=_reveals_log_only_local_pages),
]

# URLs that take a POST but are not fuzzed here, and why.
NOT_FUZZED: dict[str, str] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; every test runs in a
    savepoint of it (pytest-django's `db`) and every example in a savepoint of that."""
    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        PUBLIC_RATE_LIMITS={"read": (10**9, 60), "write": (10**9, 60)},
    )
    with django_db_blocker.unblock(), overrides:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client_for(client, world: World, user: str | None):
    if user is not None:
        client.force_login(world.users[user])
    client.cookies["django_language"] = "en"
    return client


def _local_redirect(response) -> bool:
    """The redirect stays on this site (a relative path, even a junk one, is this site's)."""
    location = response.get("Location", "")
    parts = urlsplit(location)
    return (parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver")
            and not location.replace("\\", "/").startswith("//"))


def _case_id(case) -> str:
    return f"{case.route}[{case.label}]" if case.label else case.route


def test_every_url_that_takes_a_post_is_fuzzed():
    fuzzed = {case.route for case in CASES} | {case.route for case in ID_CASES} | {case.route for case in JUNK_CASES}
    takes_post = {route.name for route in fuzzing.project_routes() if route.accepts_post}
    missing = takes_post - fuzzed - set(NOT_FUZZED)
    assert not missing, f"POST endpoints without a fuzz case: {sorted(missing)}"
    assert not (fuzzed - {route.name for route in fuzzing.project_routes()}), "a fuzz case names an unknown URL"


def test_every_form_case_has_something_to_refuse(world, db):
    for case in CASES:
        shape = case.shape(world)
        assert any(fuzzing.poisons(f) or f.required for f in shape.fields.values()), _case_id(case)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_hostile_form_input_is_refused_and_changes_nothing(case: Case, world, db, client):
    client = _client_for(client, world, case.user)
    if case.prepare is not None:
        case.prepare(client, world)
    url, shape, overrides = case.url(world), case.shape(world), case.overrides(world)

    # Every field is poisoned in turn (at least once each), the other values drawn afresh each time.
    keys = fuzzing.poisonable(shape)
    # Two at least: hypothesis starts with the simplest example, the second is drawn at random.
    per_field = max(2, -(-fuzzing.FUZZ_SETTINGS.max_examples // len(keys)))

    def post_hostile_in(poison_key: str):
        @settings(fuzzing.FUZZ_SETTINGS, max_examples=per_field)
        @given(st.data())
        def post_hostile(data):
            poison = fuzzing.hostile_post(shape, overrides, case.raw_fields, poison_key=poison_key)
            payload, key, value = data.draw(poison, label="post")
            with transaction.atomic():
                before = fuzzing.database_fingerprint(case.ignore_tables)
                response = client.post(url, payload)
                changed = fuzzing.changed_tables(before, fuzzing.database_fingerprint(case.ignore_tables))
                transaction.set_rollback(True)
            problem = fuzzing.refusal_problem(response, redirect_refuses=case.redirect_refuses)
            assert problem is None, f"{key}={value!r}: {problem}"
            assert not changed, f"{key}={value!r} was refused but changed {changed}"
            if response.status_code in (301, 302, 303):
                assert _local_redirect(response), response["Location"]

        post_hostile()

    for poison_key in keys:
        post_hostile_in(poison_key)


@pytest.mark.parametrize("case", ID_CASES, ids=_case_id)
def test_hostile_ids_in_a_post_url_reach_nothing(case: IdCase, world, db, client):
    client = _client_for(client, world, case.user)
    known = case.foreign(world)

    @settings(fuzzing.FUZZ_SETTINGS)
    @given(st.one_of(st.sampled_from(known or ["0"]), st.integers(min_value=10**6, max_value=2**63 - 1).map(str),
                     fuzzing.hostile_text(max_size=80)),
           st.dictionaries(st.sampled_from(fuzzing.EXTRA_FIELD_NAMES), fuzzing.hostile_text(20), max_size=3))
    def post_to(identifier, junk):
        if not identifier.strip() or "/" in identifier or "\x00" in identifier:
            identifier = identifier.replace("/", "%2F").replace("\x00", "") or "0"
        try:
            url = case.url(world, identifier)
        except Exception:  # noqa: BLE001 — the URL pattern itself refuses it: nothing to post to
            return
        with transaction.atomic():
            before = fuzzing.database_fingerprint()
            response = client.post(url, junk)
            changed = fuzzing.changed_tables(before, fuzzing.database_fingerprint())
            transaction.set_rollback(True)
        assert response.status_code in (400, 403, 404, 405), (identifier, response.status_code)
        assert not changed, (identifier, changed)

    post_to()


@pytest.mark.parametrize("case", JUNK_CASES, ids=lambda case: case.route)
def test_junk_posted_to_visitor_only_urls_writes_nothing(case: JunkCase, world, db, client):
    client = _client_for(client, world, case.user)

    url = case.url(world)

    @settings(fuzzing.FUZZ_SETTINGS)
    @given(st.fixed_dictionaries({name: fuzzing.hostile_text(60) for name in case.fields}))
    def post_junk(junk):
        if case.user is not None:
            client.force_login(world.users[case.user])
        with transaction.atomic():
            before = fuzzing.database_fingerprint(case.ignore_tables)
            response = client.post(url, junk)
            changed = fuzzing.changed_tables(before, fuzzing.database_fingerprint(case.ignore_tables))
            case.check(world)
            transaction.set_rollback(True)
        assert response.status_code < 500
        assert not changed, changed
        if response.status_code in (301, 302, 303):
            assert _local_redirect(response), response["Location"]

    post_junk()
