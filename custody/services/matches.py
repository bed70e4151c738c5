"""Matches between found items and lost reports (CUS-4, CUS-5): suggested by the score, decided by a person."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from custody import matching, selectors
from custody.errors import CustodyError
from custody.models import FoundItem, ItemState, Match, MatchDecision
from custody.services._common import staff_language, staff_route
from custody.services.intake import lock
from incidents.models import LostItem
from lostfound.audit import acting
from notifications.models import Audience


def _pair_score(found_item: FoundItem, lost_item: LostItem) -> matching.Scored:
    lost, found = matching.lost_profile(lost_item), matching.found_profile(found_item)
    return matching.score(
        lost, found, weights=matching.Weights.of(selectors.settings()), idf=matching.idf_table([lost, found])
    )


def _check_pair(found_item: FoundItem, lost_item: LostItem) -> None:
    if Match.objects.filter(found_item=found_item, lost_item=lost_item).exists():
        raise CustodyError(_("This pair has already been decided."))


@transaction.atomic
def match_confirm(*, found_item: FoundItem, lost_item: LostItem, by, note: str = "") -> Match:
    """A person confirms that the found item is the lost one: the two are linked, the incident becomes
    *found* (which starts the contact-after-found deadline) and the customer is told (CUS-4, CUS-5)."""
    from incidents.errors import IncidentError
    from incidents.services import incident_mark_found

    incident = lost_item.incident
    with acting(by):
        lock(found_item)
        if found_item.state != ItemState.IN_CUSTODY:
            raise CustodyError(_("Only an item in custody can be matched to a report."))
        if Match.objects.filter(found_item=found_item, decision=MatchDecision.CONFIRMED).exists():
            raise CustodyError(_("This item has already been matched to a report."))
        _check_pair(found_item, lost_item)
        scored = _pair_score(found_item, lost_item)
        match = Match.objects.create(
            found_item=found_item, lost_item=lost_item, incident=incident, decision=MatchDecision.CONFIRMED,
            score=max(scored.score, 0), reasons=scored.reasons_json(), note=(note or "").strip(), decided_by=by,
        )
        try:
            incident_mark_found(
                incident=incident, by=by, match=match,
                note=note or str(_("Matched to found item %(reference)s") % {"reference": found_item.reference}),
            )
        except IncidentError as error:
            raise CustodyError(error.message) from None
        _notify_customer_found(match)
    return match


def _notify_customer_found(match: Match) -> None:
    from incidents.services import status_url
    from incidents.services._common import message_channel
    from notifications.services import message_enqueue

    incident = match.incident
    customer = incident.customer
    route = message_channel(customer)
    if route is None:  # no phone or e-mail: staff call the customer; the deadline reminds them
        return
    site = incident.site
    message_enqueue(
        dedupe_key=f"custody:match:{match.pk}:item_found",
        audience=Audience.CUSTOMER, channel=route[0], recipient_address=route[1], recipient_name=customer.name,
        language=customer.preferred_language, template_key="item_found",
        context={
            "reference": incident.reference, "status_url": status_url(incident), "site_name": site.name,
            "site_phone": site.phone, "recipient_name": customer.name,
        },
        site=site, subject=incident,
    )


@transaction.atomic
def match_reject(*, found_item: FoundItem, lost_item: LostItem, by, note: str = "") -> Match:
    """Not the same item: the pair is never suggested again."""
    with acting(by):
        _check_pair(found_item, lost_item)
        scored = _pair_score(found_item, lost_item)
        return Match.objects.create(
            found_item=found_item, lost_item=lost_item, incident=lost_item.incident, decision=MatchDecision.REJECTED,
            score=max(scored.score, 0), reasons=scored.reasons_json(), note=(note or "").strip(), decided_by=by,
        )


def alert_new_matches(*, found_item: FoundItem) -> list:
    """A newly registered item that scores at least the alert score against an open report alerts the report's
    owner at once (CUS-4). One message per pair, whatever happens later."""
    from incidents.services import incident_url
    from notifications.services import message_enqueue

    config = selectors.settings()
    alerted = []
    for scored in selectors.suggestions_for_found_item(found_item, config=config, minimum=config.alert_score):
        lost_item = scored.obj
        incident = lost_item.incident
        owner = incident.owner
        if owner is None or not owner.is_active:
            continue
        route = staff_route(owner)
        if route is None:
            continue
        place = found_item.area.name if found_item.area_id else found_item.site.name
        message_enqueue(
            dedupe_key=f"custody:new_match:{found_item.pk}:{lost_item.pk}",
            audience=Audience.STAFF, channel=route[0], recipient_address=route[1],
            recipient_name=owner.get_full_name() or owner.get_username(), recipient_user=owner,
            language=staff_language(owner), template_key="new_match",
            context={
                "reference": incident.reference,
                "found_item": f"{found_item.reference} {found_item.name} {found_item.colour} · {place} ({scored.score})".strip(),
                "incident_url": incident_url(incident),
            },
            site=incident.site, subject=incident,
        )
        alerted.append(lost_item)
    return alerted
