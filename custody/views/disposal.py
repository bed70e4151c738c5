"""Unclaimed items due for disposal, proposals and a manager's approval (CUS-8)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custody import selectors, services
from custody.errors import CustodyError
from custody.forms import ApproveDisposalForm, DisposalForm, RefuseDisposalForm
from custody.permissions import APPROVE, DISPOSE, VIEW, get_disposal_for_user, get_item_for_user, require


@require(VIEW)
def due_list(request: HttpRequest) -> HttpResponse:
    return render(request, "custody/disposal/due.html", {
        "due": selectors.due_for_disposal(user=request.user),
        "waiting": selectors.disposals_waiting(user=request.user),
        "can_dispose": request.user.has_perm(DISPOSE), "can_approve": request.user.has_perm(APPROVE),
        "approve_form": ApproveDisposalForm(), "refuse_form": RefuseDisposalForm(),
    })


def _back(request, default_pk):
    if request.POST.get("next") == "due":
        return redirect("custody:due")
    return redirect("custody:item_detail", pk=default_pk)


@require_POST
@require(DISPOSE)
def disposal_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=DISPOSE)
    form = DisposalForm(request.POST, routes=services.allowed_routes(item.category))
    if form.is_valid():
        try:
            services.disposal_propose(item=item, by=request.user, **form.cleaned_data)
        except CustodyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Disposal proposed; a manager approves it."))
    else:
        messages.error(request, _("Choose a route this category allows."))
    return redirect("custody:item_detail", pk=item.pk)


@require_POST
@require(APPROVE)
def disposal_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = get_disposal_for_user(request.user, pk, perm=APPROVE)
    form = ApproveDisposalForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.disposal_approve(disposal=disposal, by=request.user, **form.cleaned_data)
        except CustodyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Disposal approved and recorded; the item has left the stock."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back(request, disposal.item_id)


@require_POST
@require(APPROVE)
def disposal_refuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = get_disposal_for_user(request.user, pk, perm=APPROVE)
    form = RefuseDisposalForm(request.POST)
    if form.is_valid():
        try:
            services.disposal_refuse(disposal=disposal, by=request.user, note=form.cleaned_data["note"])
        except CustodyError as error:
            messages.error(request, str(error))
        else:
            messages.info(request, _("Disposal refused; the item stays in stock."))
    else:
        messages.error(request, _("Say why the disposal is refused."))
    return _back(request, disposal.item_id)
