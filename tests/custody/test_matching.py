"""Matching suggestions, confirmation and alerts (CUS-4, CUS-5)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custody import selectors
from custody.errors import CustodyError
from custody.models import Match, MatchDecision
from custody.services import match_confirm, match_reject
from incidents.models import Status
from notifications.models import Message
from sla.models import Deadline, DeadlineState


def test_the_right_found_item_ranks_first_with_reasons(register, report):
    incident = report()
    lost = incident.items.get()
    right = register(category="wallet-purse", name="black leather wallet", brand_model="COACH", colour="black",
                     features="zip worn, membership card inside", alert=False)
    register(category="wallet-purse", name="红色钱包", brand_model="Gucci", colour="红色", features="", alert=False)
    ranked = selectors.suggestions_for_lost_item(lost)
    assert ranked[0].obj == right
    factors = {reason.factor: reason for reason in ranked[0].reasons}
    assert factors["colour"].value == 1.0 and factors["brand"].value > 0.8
    assert "wallet" in factors["words"].detail
    # And the other way round: the report ranks for the found item.
    assert selectors.suggestions_for_found_item(right)[0].obj == lost


def test_candidates_are_narrowed_by_category_site_and_time(register, report, other_site, categories, storage):
    incident = report()
    lost = incident.items.get()
    register(category="umbrella", name="黑色钱包", alert=False)  # another category
    register(category="wallet-purse", name="黑色钱包", alert=False,
             found_at=incident.lost_from - datetime.timedelta(days=2))  # found before the loss
    assert selectors.suggestions_for_lost_item(lost, minimum=0) == []


def test_each_shape_of_the_custody_rule_reads_its_own_candidates(register, report, front_desk, outsider):
    lost = report().items.get()
    wallet = register(category="wallet-purse", alert=False)
    umbrella = register(category="umbrella", name="黑色钱包", alert=False)
    config = selectors.settings()
    for same_category, other_sites in ((True, False), (False, False), (True, True), (False, True)):
        config.same_category_only, config.other_sites = same_category, other_sites
        expected = {wallet} if same_category else {wallet, umbrella}
        for user, sees in ((None, expected), (front_desk, expected), (outsider, set())):
            ranked = selectors.suggestions_for_lost_item(lost, user=user, config=config, minimum=0)
            assert {scored.obj for scored in ranked} == sees, (same_category, other_sites, user)


def test_confirming_moves_the_incident_to_found_and_tells_the_customer(register, report, front_desk):
    incident = report()
    item = register(category="wallet-purse", alert=False)
    match = match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    incident.refresh_from_db()
    assert incident.status == Status.FOUND
    assert Deadline.objects.filter(subject_id=incident.pk, kind="contact_after_found", state=DeadlineState.OPEN).exists()
    message = Message.objects.get(dedupe_key=f"custody:match:{match.pk}:item_found")
    assert message.template_key == "item_found" and message.audience == "customer"
    assert match.reasons and match.score > 0
    with pytest.raises(CustodyError, match="already"):
        match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    # A confirmed item is no longer suggested to other reports.
    other = report()
    assert item not in [s.obj for s in selectors.suggestions_for_lost_item(other.items.get(), minimum=0)]


def test_a_rejected_candidate_stays_hidden_for_that_pair(register, report, front_desk):
    incident = report()
    lost = incident.items.get()
    item = register(category="wallet-purse", alert=False)
    assert item in [s.obj for s in selectors.suggestions_for_lost_item(lost)]
    match_reject(found_item=item, lost_item=lost, by=front_desk, note="Different card inside")
    assert item not in [s.obj for s in selectors.suggestions_for_lost_item(lost, minimum=0)]
    assert lost not in [s.obj for s in selectors.suggestions_for_found_item(item, minimum=0)]
    assert Match.objects.get(found_item=item).decision == MatchDecision.REJECTED
    incident.refresh_from_db()
    assert incident.status == Status.REPORTED
    # Still suggested for another report.
    other = report().items.get()
    assert item in [s.obj for s in selectors.suggestions_for_lost_item(other)]


def test_a_strong_new_match_alerts_the_reports_owner(register, report, front_desk):
    incident = report()
    item = register(category="wallet-purse")
    message = Message.objects.get(dedupe_key=f"custody:new_match:{item.pk}:{incident.items.get().pk}")
    assert message.template_key == "new_match" and message.audience == "staff"
    assert message.recipient_user == incident.owner == front_desk
    assert item.reference in message.context["found_item"]


def test_a_weak_match_alerts_nobody(register, report):
    report()
    register(category="wallet-purse", name="粉色零钱包", brand_model="Hello Kitty", colour="粉色", features="")
    assert not Message.objects.filter(template_key="new_match").exists()


def test_query_count_does_not_grow_with_candidates(register, report):
    lost = report().items.get()
    register(category="wallet-purse", alert=False)
    with CaptureQueriesContext(connection) as few:
        selectors.suggestions_for_lost_item(lost)
    for number in range(8):
        register(category="wallet-purse", name=f"钱包 {number}", alert=False)
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.suggestions_for_lost_item(lost, minimum=0)) == 9
    assert len(many) == len(few)

    found = register(category="wallet-purse", alert=False)
    with CaptureQueriesContext(connection) as few:
        selectors.suggestions_for_found_item(found)
    for _number in range(5):
        report()
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.suggestions_for_found_item(found, minimum=0)) == 6
    assert len(many) == len(few)


def test_weights_and_minimum_come_from_the_settings(register, report):
    from custody.models import CustodySettings

    lost = report().items.get()
    register(category="wallet-purse", alert=False)
    config = CustodySettings.load()
    config.minimum_score = 100
    config.save()
    assert selectors.suggestions_for_lost_item(lost) == []
    config.minimum_score = 0
    config.weight_words = 0
    config.save()
    ranked = selectors.suggestions_for_lost_item(lost)
    assert [r.points for r in ranked[0].reasons if r.factor == "words"] == [0]


def test_old_items_outside_the_window_are_not_candidates(register, report):
    from custody.models import CustodySettings

    now = timezone.now()
    lost = report(lost_from=now - datetime.timedelta(days=20), lost_until=now - datetime.timedelta(days=19)).items.get()
    register(category="wallet-purse", alert=False)
    assert selectors.suggestions_for_lost_item(lost, minimum=0)
    config = CustodySettings.load()
    config.window_days = 5
    config.save()
    assert selectors.suggestions_for_lost_item(lost, minimum=0) == []


def test_the_early_slack_is_the_administrators_setting():
    import datetime

    from custody import matching

    lost = matching.Profile.__new__(matching.Profile)
    found = matching.Profile.__new__(matching.Profile)
    now = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.timezone.utc)
    object.__setattr__(lost, "start", now)
    object.__setattr__(lost, "end", now)
    object.__setattr__(found, "start", now - datetime.timedelta(hours=3))
    assert matching._time(lost, found, matching.Weights(early_slack_hours=2))[0] == 0.0
    assert matching._time(lost, found, matching.Weights(early_slack_hours=4))[0] == 1.0


def test_an_edited_found_item_is_ranked_by_its_new_description(register, report):
    # Profiles are cached between pages: an edit must still count at once.
    lost = report().items.get()
    item = register(category="wallet-purse", colour="黑色", alert=False)

    def colour() -> float:
        ranked = selectors.suggestions_for_lost_item(lost, minimum=0)
        return next(reason.value for reason in ranked[0].reasons if reason.factor == "colour")

    assert colour() == 1.0
    item.colour = "红色"
    item.save(update_fields=["colour"])
    assert colour() == 0.0
