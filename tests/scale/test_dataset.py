"""The data-set generator (issue #10): a small run on the test database, checked against the rules the
application's own services follow, and the main staff pages answering on it."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.dateparse import parse_datetime

import policy
from custody.models import FoundItem, ItemState, Match, MatchDecision
from custody.models import ReferenceCounter as FoundCounter
from custody.services.intake import item_search_text
from incidents.models import FINAL_STATUSES, Incident, Outcome, ReferenceCounter, Status, TimelineEvent
from incidents.services import incident_search_text
from incidents.services.filing import reference_next
from notifications.models import Message
from organization.models import Site
from sla.kinds import KINDS
from sla.models import Deadline, DeadlineState

UNTIL = "2026-11-01T04:00:00+00:00"
INCIDENTS, FOUND_ITEMS = 300, 220


def generate(seed: int = 7, incidents: int = INCIDENTS, found_items: int = FOUND_ITEMS) -> str:
    out = io.StringIO()
    call_command("generate_dataset", incidents=incidents, found_items=found_items, seed=seed, sites=2, days=200,
                 until=UNTIL, chunk=120, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def dataset(db) -> str:
    # No policy_defaults fixture: the command must work on a database straight after migrate.
    return generate()


def test_the_data_set_is_consistent(dataset):
    """One generation, every rule: the run is the slow part."""
    until = parse_datetime(UNTIL)
    for check in (_check_counts, _check_ids_grow_with_time, _check_statuses_agree_with_timestamps,
                  _check_references_unique_per_site_and_day_and_counters_follow_on,
                  _check_search_columns_are_the_applications_own, _check_deadlines_agree_with_statuses,
                  _check_messages_and_custody_agree):
        check(dataset, until)


def _check_counts(output, until):
    assert Incident.objects.count() == INCIDENTS
    assert FoundItem.objects.count() == FOUND_ITEMS
    assert Site.objects.filter(code__in=["DS01", "DS02"]).count() == 2
    assert not Incident.objects.annotate(n=Count("items")).filter(n=0).exists()
    assert TimelineEvent.objects.filter(code="incident.filed").count() == INCIDENTS
    assert Deadline.objects.filter(kind="acknowledge").count() == INCIDENTS
    assert Message.objects.filter(template_key="report_acknowledged").count() == INCIDENTS
    assert "incidents_incident" in output and f"{INCIDENTS:,}" in output
    for model in ("investigations.RecordReview", "compensation.Claim", "custody.Release", "custody.Disposal",
                  "incidents.FollowUp"):
        from django.apps import apps

        assert apps.get_model(model).objects.exists(), model


def _check_ids_grow_with_time(output, until):
    times = list(Incident.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)


def _check_statuses_agree_with_timestamps(output, until):
    for incident in Incident.objects.all():
        assert incident.created_at <= until
        if incident.status == Status.CLOSED:
            assert incident.closed_at and incident.outcome in (Outcome.RETURNED, Outcome.NOT_FOUND)
            assert (incident.outcome == Outcome.RETURNED) == (incident.returned_at is not None)
        elif incident.status == Status.CANCELLED:
            assert incident.closed_at and incident.cancel_reason and incident.outcome == Outcome.CANCELLED
        else:
            assert incident.closed_at is None and incident.outcome == ""
            assert incident.priority == incident.compute_priority() > 0
        if incident.status in (Status.FOUND, Status.RETURNED) or incident.outcome == Outcome.RETURNED:
            assert incident.found_at and incident.custody_matches.filter(decision=MatchDecision.CONFIRMED).exists()
        if incident.status == Status.TO_VERIFY:
            assert incident.owner is None
    old = Incident.objects.filter(created_at__lt=until - datetime.timedelta(days=45))
    assert old.filter(status__in=FINAL_STATUSES).count() >= 0.95 * old.count()
    recent = Incident.objects.filter(created_at__gte=until - datetime.timedelta(days=2))
    assert recent.exclude(status__in=FINAL_STATUSES).count() >= 0.5 * recent.count()


def _check_references_unique_per_site_and_day_and_counters_follow_on(output, until):
    pattern = re.compile(r"^LF-(DS0[12])-(\d{8})-(\d{4})$")
    seen = Counter()
    for incident in Incident.objects.select_related("site"):
        match = pattern.match(incident.reference)
        assert match, incident.reference
        assert match[1] == incident.site.code
        assert match[2] == incident.created_at.astimezone(incident.site.zone).strftime("%Y%m%d")
        seen[(incident.site_id, match[2])] += 1
    for counter in ReferenceCounter.objects.all():
        assert counter.last == seen[(counter.site_id, counter.day.strftime("%Y%m%d"))]
    latest = Incident.objects.order_by("-id").select_related("site").first()
    following = reference_next(site=latest.site, at=latest.created_at)
    assert following > latest.reference and not Incident.objects.filter(reference=following).exists()
    for site_id, day, last in FoundCounter.objects.values_list("site_id", "day", "last"):
        numbers = FoundItem.objects.filter(site_id=site_id, reference__contains=f"-{day:%Y%m%d}-")
        assert numbers.count() == last
    assert FoundItem.objects.values("reference").distinct().count() == FOUND_ITEMS


def _check_search_columns_are_the_applications_own(output, until):
    for incident in Incident.objects.select_related("customer").order_by("id")[:80]:
        assert incident.search_text == incident_search_text(incident)
    for item in FoundItem.objects.select_related("category").order_by("id")[:80]:
        assert item.search_text == item_search_text(item)


def _check_deadlines_agree_with_statuses(output, until):
    rules = {site.pk: policy.for_site(site) for site in Site.objects.all()}
    for deadline in Deadline.objects.all():
        spec = KINDS[deadline.kind]
        if spec.unit != "working_days":
            length = datetime.timedelta(**{spec.unit: getattr(rules[deadline.site_id], spec.policy_field)})
            assert deadline.due_at - deadline.started_at == length, deadline.kind
        if deadline.state == DeadlineState.MET:
            assert deadline.started_at <= deadline.met_at <= until
            assert (deadline.breached_at is not None) == (deadline.met_at > deadline.due_at)
        elif deadline.state == DeadlineState.OPEN:
            if deadline.due_at > until:
                assert deadline.next_check_at and deadline.next_check_at <= deadline.due_at and not deadline.breached_at
            else:
                assert deadline.breached_at == deadline.due_at
    incident_deadlines = Deadline.objects.filter(subject_type__model="incident", state=DeadlineState.OPEN)
    closed = set(Incident.objects.filter(status__in=FINAL_STATUSES).values_list("id", flat=True))
    open_on_closed = incident_deadlines.filter(subject_id__in=closed).exclude(kind="followup_visit")
    assert not open_on_closed.exists()
    # At most one open deadline of a kind per subject (the database's partial unique constraint says so too).
    assert not incident_deadlines.values("subject_id", "kind").annotate(n=Count("id")).filter(n__gt=1).exists()
    found = Incident.objects.filter(status=Status.FOUND).values_list("id", flat=True)
    assert set(found) <= set(Deadline.objects.filter(kind="contact_after_found", state=DeadlineState.OPEN)
                             .values_list("subject_id", flat=True))


def _check_messages_and_custody_agree(output, until):
    closed = Incident.objects.filter(status=Status.CLOSED).count()
    assert Message.objects.filter(template_key="incident_closed").count() == closed
    assert not Message.objects.filter(Q(state="sent") & Q(sent_at__isnull=True)).exists()
    assert Message.objects.filter(dedupe_key__startswith="incident:", dedupe_key__endswith=":report_acknowledged") \
        .count() == INCIDENTS
    for match in Match.objects.select_related("found_item", "incident"):
        item, incident = match.found_item, match.incident
        assert item.registered_at <= match.decided_at == incident.found_at
        assert item.category_id == match.lost_item.category_id
        assert (item.state == ItemState.RELEASED) == (incident.returned_at is not None)
    assert not FoundItem.objects.filter(state=ItemState.IN_CUSTODY, location__isnull=True).exists()
    assert FoundItem.objects.aggregate(last=Max("registered_at"))["last"] <= until


def _snapshot() -> list[tuple]:
    return [
        *Incident.objects.order_by("id").values_list(
            "reference", "status", "created_at", "closed_at", "customer__name", "search_text", "status_token"),
        *FoundItem.objects.order_by("id").values_list("reference", "state", "registered_at", "name"),
        *Deadline.objects.order_by("id").values_list("kind", "state", "started_at", "due_at", "met_at"),
        # Not the dedupe key: staff alerts name the user's id, which PostgreSQL does not give out twice.
        *Message.objects.order_by("id").values_list("template_key", "state", "send_after", "language"),
    ]


class _Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_data(db):
    with pytest.raises(_Undo), transaction.atomic():
        generate(seed=11, incidents=120, found_items=60)
        first = _snapshot()
        raise _Undo
    assert not Incident.objects.exists()
    with pytest.raises(_Undo), transaction.atomic():
        generate(seed=11, incidents=120, found_items=60)
        again = _snapshot()
        raise _Undo
    generate(seed=12, incidents=120, found_items=60)
    assert first == again
    assert _snapshot() != first


def test_staff_pages_answer_on_the_data_set(dataset, client):
    User = get_user_model()
    client.force_login(User.objects.get(username="ds01-frontdesk-staff-1"))
    assert client.get(reverse("incidents:list")).status_code == 200
    assert client.get(reverse("incidents:list"), {"q": "钱包"}).status_code == 200
    site = Site.objects.get(code="DS01")
    for incident in [Incident.objects.filter(site=site, status=Status.CLOSED).first(),
                     Incident.objects.filter(site=site).exclude(status__in=FINAL_STATUSES).first()]:
        assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200
    item = FoundItem.objects.filter(site=site, state=ItemState.IN_CUSTODY).order_by("-registered_at").first()
    response = client.get(reverse("custody:item_detail", args=[item.pk]))
    assert response.status_code == 200 and "suggestions" in response.context
    client.force_login(User.objects.get(username="ds01-manager-department-1"))
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_the_benchmark_searches_a_word_the_search_index_answers_at_once(dataset, monkeypatch):
    from incidents.selectors import search
    from lostfound.benchmark import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 5)
    monkeypatch.setattr(pages, "SEARCH_PROBE", 40)
    found = pages.find_data()
    assert found.probe_word
    assert 5 < search(Incident.objects.filter(site=found.site), found.probe_word).count() <= 40
