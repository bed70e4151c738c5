"""Found items: the list, registration, the item page, its label, moves, the cash count, photos, the notice."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custody import labels, selectors, services
from custody.errors import CustodyError
from custody.forms import (
    ApproveDisposalForm, CashConfirmForm, DeliveredForm, DisposalForm, FilterForm, FoundItemForm, MoveForm, NoteForm,
    NoticeForm, PhotoForm, RefuseDisposalForm,
)
from custody.models import DisposalState, FoundItem, ItemState, Match, MatchDecision
from custody.permissions import (
    APPROVE, DISPOSE, MATCH, REGISTER, RELEASE, VIEW, get_item_for_user, require,
)
from custody.views._helpers import add_error, reasons_for_display
from organization.selectors import restrict_to_sites, sites_for

PAGE_SIZE = 50


@require(VIEW)
def item_list(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user)
    data = request.GET if request.GET else None
    form = FilterForm(data, sites=sites, locations=selectors.locations_for(request.user).filter(is_active=True))
    filters = selectors.ItemFilters()
    if form.is_valid():
        cleaned = form.cleaned_data
        filters = selectors.ItemFilters(
            q=cleaned["q"], state=cleaned["state"], category=getattr(cleaned["category"], "pk", None),
            site=getattr(cleaned["site"], "pk", None), location=getattr(cleaned["location"], "pk", None),
            found_from=cleaned["found_from"], found_until=cleaned["found_until"],
        )
    rows = selectors.found_item_list(user=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "custody/item/list.html", {"form": form, "page": page, "query": query.urlencode()})


@require(REGISTER)
def item_new(request: HttpRequest) -> HttpResponse:
    sites = sites_for(request.user)
    form = FoundItemForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        data = services.FoundItemData(
            category=cleaned["category"], name=cleaned["name"], found_at=cleaned["found_at"],
            location=cleaned["location"], brand_model=cleaned["brand_model"], colour=cleaned["colour"],
            quantity=cleaned["quantity"], features=cleaned["features"], hidden_details=cleaned["hidden_details"],
            area=cleaned["area"], place_detail=cleaned["place_detail"], finder_kind=cleaned["finder_kind"],
            finder_staff=cleaned["finder_staff"], finder_name=cleaned["finder_name"],
            finder_contact=cleaned["finder_contact"], seal_number=cleaned["seal_number"],
            cash_amount=cleaned["cash_amount"],
        )
        try:
            item = services.found_item_register(site=cleaned["site"], data=data, by=request.user,
                                                photos=cleaned["photos"])
        except CustodyError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Found item %(reference)s registered. Print its label and stick it on the bag.")
                             % {"reference": item.reference})
            return redirect("custody:item_detail", pk=item.pk)
    return render(request, "custody/item/new.html", {"form": form})


def _decision_rows(item: FoundItem):
    return list(
        Match.objects.filter(found_item=item).select_related("incident", "lost_item", "decided_by").order_by("-decided_at")
    )


@require(VIEW)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    user = request.user
    config = selectors.settings()
    suggestions = []
    if item.in_stock and user.has_perm(MATCH) and not Match.objects.filter(
        found_item=item, decision=MatchDecision.CONFIRMED
    ).exists():
        for scored in selectors.suggestions_for_found_item(item, user=user, config=config):
            suggestions.append({"lost": scored.obj, "score": scored.score, "reasons": reasons_for_display(scored.reasons)})
    decisions = _decision_rows(item)
    confirmed = next((match for match in decisions if match.decision == MatchDecision.CONFIRMED), None)
    disposals = list(item.disposals.select_related("proposed_by", "decided_by"))
    release = getattr(item, "release", None) if item.state == ItemState.RELEASED else None
    mailing = getattr(item, "mailing", None) if item.state == ItemState.MAILED else None
    retention_ends = selectors.retention_ends_at(item, config)
    from custody.services import allowed_routes

    context = {
        "item": item,
        "photos": item.photos.all(),
        "transfers": selectors.transfers_of(item),
        "suggestions": suggestions,
        "decisions": [{"match": match, "reasons": reasons_for_display(match.reasons)} for match in decisions],
        "confirmed": confirmed,
        "release": release,
        "mailing": mailing,
        "disposals": disposals,
        "open_disposal": next((d for d in disposals if d.state == DisposalState.PROPOSED), None),
        "retention_ends": retention_ends,
        "retention_over": retention_ends <= timezone.now(),
        "move_form": MoveForm(item=item),
        "cash_form": CashConfirmForm(),
        "photo_form": PhotoForm(),
        "notice_form": NoticeForm(initial={"date": timezone.localdate()}),
        "note_form": NoteForm(),
        "dispose_form": DisposalForm(routes=allowed_routes(item.category)),
        "approve_form": ApproveDisposalForm(),
        "refuse_form": RefuseDisposalForm(),
        "delivered_form": DeliveredForm(),
        "can": {
            "register": user.has_perm(REGISTER), "release": user.has_perm(RELEASE), "match": user.has_perm(MATCH),
            "dispose": user.has_perm(DISPOSE), "approve": user.has_perm(APPROVE),
        },
    }
    return render(request, "custody/item/detail.html", context)


@require(VIEW)
def item_label(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    url = labels.scan_url(item)
    return render(request, "custody/item/label.html", {"item": item, "qr_svg": labels.qr_svg(url), "scan_url": url})


@require(VIEW)
def item_scan(request: HttpRequest, reference: str) -> HttpResponse:
    """Where the label's QR code leads: the item page, for staff of the item's site."""
    item = get_object_or_404(restrict_to_sites(FoundItem.objects.all(), request.user), reference=reference)
    return redirect("custody:item_detail", pk=item.pk)


def _post_action(request, item, form, run, success: str):
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except CustodyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("custody:item_detail", pk=item.pk)


@require_POST
@require(REGISTER)
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=REGISTER)
    form = MoveForm(request.POST, item=item)
    return _post_action(
        request, item, form,
        lambda data: services.custody_transfer(item=item, to_location=data["to_location"], by=request.user,
                                               reason=data["reason"], seal_number=data["seal_number"]),
        _("The move is recorded."),
    )


@require_POST
@require(REGISTER)
def item_cash(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=REGISTER)
    return _post_action(
        request, item, CashConfirmForm(request.POST),
        lambda data: services.cash_confirm(item=item, by=request.user, amount=data["amount"]),
        _("The cash count is confirmed by a second person."),
    )


@require_POST
@require(REGISTER)
def item_photos_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=REGISTER)

    def run(data):
        for upload in data["photos"]:
            services.found_item_photo_add(item=item, by=request.user, upload=upload)

    return _post_action(request, item, PhotoForm(request.POST, request.FILES), run, _("Photos added."))


@require_POST
@require(DISPOSE)
def item_notice(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=DISPOSE)
    return _post_action(
        request, item, NoticeForm(request.POST),
        lambda data: services.notice_record(item=item, by=request.user, date=data["date"], channel=data["channel"]),
        _("The unclaimed-property notice is recorded; retention counts from its date."),
    )

