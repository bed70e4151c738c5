"""Return against ID with a signature (CUS-6), the printable pickup record, mailing (CUS-7)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custody import selectors, services
from custody.errors import CustodyError
from custody.forms import DeliveredForm, MailForm, ReleaseForm
from custody.permissions import RELEASE, VIEW, get_item_for_user, get_mailing_for_user, get_release_for_user, require
from custody.views._helpers import add_error


@require(RELEASE)
def item_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=RELEASE)
    match = selectors.confirmed_match(item)
    initial = {}
    if match is not None:
        customer = match.incident.customer
        initial = {"claimant_name": customer.name, "claimant_phone": customer.phone, "owner_name": customer.name,
                   "id_type": customer.id_type or "", "owner_id_type": customer.id_type or ""}
    form = ReleaseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        data = services.ReleaseData(
            claimant_kind=cleaned["claimant_kind"], claimant_name=cleaned["claimant_name"],
            claimant_phone=cleaned["claimant_phone"], id_type=cleaned["id_type"], id_number=cleaned["id_number"],
            owner_name=cleaned["owner_name"], owner_id_type=cleaned["owner_id_type"],
            owner_id_number=cleaned["owner_id_number"], authorisation_letter=cleaned["authorisation_letter"],
            claimant_answers=cleaned["claimant_answers"], details_match=cleaned["details_match"],
            signature_data_url=cleaned["signature"], signed_on_paper=cleaned["signed_on_paper"],
            id_consent=cleaned["id_consent"],
        )
        try:
            release = services.item_release(item=item, by=request.user, data=data)
        except CustodyError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Returned. Print the pickup record: the original stays, the copy goes to the customer."))
            return redirect("custody:release_print", pk=release.pk)
    return render(request, "custody/item/release.html", {
        "item": item, "form": form, "match": match, "questions": item.category.questions,
    })


@require(VIEW)
def release_print(request: HttpRequest, pk: int) -> HttpResponse:
    release = get_release_for_user(request.user, pk)
    return render(request, "custody/release/print.html", {"release": release, "item": release.item,
                                                          "copies": [_("Original — kept by us"), _("Copy — for the customer")]})


@require(RELEASE)
def item_mail_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, perm=RELEASE)
    match = selectors.confirmed_match(item)
    initial = {}
    if match is not None:
        customer = match.incident.customer
        initial = {"recipient_name": customer.name, "recipient_phone": customer.phone}
    form = MailForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_mail(item=item, by=request.user, **form.cleaned_data)
        except CustodyError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Mailed; the customer is sent the tracking number."))
            return redirect("custody:item_detail", pk=item.pk)
    return render(request, "custody/item/mail.html", {"item": item, "form": form, "match": match})


@require_POST
@require(RELEASE)
def mailing_delivered_view(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_mailing_for_user(request.user, pk, perm=RELEASE)
    form = DeliveredForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.mailing_delivered(mailing=mailing, by=request.user, proof=form.cleaned_data["proof"])
        except CustodyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Delivery recorded."))
    else:
        messages.error(request, _("Attach the proof of delivery."))
    return redirect("custody:item_detail", pk=mailing.item_id)
