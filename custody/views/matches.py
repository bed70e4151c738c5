"""Confirming or rejecting a suggested match, and the suggestions for an incident (CUS-4)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custody import selectors, services
from custody.errors import CustodyError
from custody.forms import NoteForm
from custody.models import MatchDecision
from custody.permissions import MATCH, VIEW, get_item_for_user, require
from custody.views._helpers import reasons_for_display
from incidents.models import LostItem
from incidents.permissions import get_incident_for_user
from lostfound.prepared import PreparedRead
from organization.selectors import restrict_to_sites

_LOST_ITEMS = PreparedRead(lambda incident_id: LostItem.objects.filter(incident_id=incident_id).select_related(
    "category"))


def _lost_item_for_user(user, pk) -> LostItem:
    return get_object_or_404(
        restrict_to_sites(LostItem.objects.all(), user, site_field="incident__site").select_related(
            "incident", "incident__site", "incident__area", "incident__customer", "category"),
        pk=pk,
    )


@require_POST
@require(MATCH)
def match_decide(request: HttpRequest, pk: int, lost_pk: int, decision: str) -> HttpResponse:
    if decision not in MatchDecision.values:
        raise Http404
    item = get_item_for_user(request.user, pk, perm=MATCH)
    lost = _lost_item_for_user(request.user, lost_pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("custody:item_detail", pk=item.pk)
    note = form.cleaned_data["note"]
    try:
        if decision == MatchDecision.CONFIRMED:
            services.match_confirm(found_item=item, lost_item=lost, by=request.user, note=note)
            messages.success(request, _("Match confirmed: %(reference)s is now found and the customer is being told.")
                             % {"reference": lost.incident.reference})
        else:
            services.match_reject(found_item=item, lost_item=lost, by=request.user, note=note)
            messages.info(request, _("Ruled out; this pair will not be suggested again."))
    except CustodyError as error:
        messages.error(request, str(error))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("custody:item_detail", pk=item.pk)


@require(VIEW)
def incident_suggestions(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Matching suggestions for every item of an incident: found items ranked, with why."""
    incident = get_incident_for_user(request.user, incident_pk)  # 404 for another site's, 403 without the right
    config = selectors.settings()
    rows = []
    confirmed = {match.lost_item_id: match for match in selectors.matches_of_incident(incident)}
    for lost in _LOST_ITEMS(incident.pk):
        lost.incident = incident
        suggestions = []
        if lost.pk not in confirmed:
            for scored in selectors.suggestions_for_lost_item(lost, user=request.user, config=config):
                suggestions.append({"found": scored.obj, "score": scored.score,
                                    "reasons": reasons_for_display(scored.reasons)})
        rows.append({"lost": lost, "suggestions": suggestions, "confirmed": confirmed.get(lost.pk)})
    return render(request, "custody/match/incident.html", {
        "incident": incident, "rows": rows, "can_match": request.user.has_perm(MATCH), "note_form": NoteForm(),
        "matchable": incident.status in selectors.MATCHABLE_STATUSES,
    })
