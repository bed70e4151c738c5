"""The front desk's new report (INT-1..4) and the customer look-up beside it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from incidents.forms import MAX_ITEMS, ItemFormSet, ReportForm
from incidents.permissions import FILE, require
from incidents.services import ItemData, customer_find_candidates, incident_file
from organization.selectors import sites_for

ITEM_PREFIX = "items"
# Form fields of the report that a service error can name; others go to the top of the form.
_REPORT_FIELDS = set(ReportForm.base_fields)
_ITEM_FIELDS = {"category", "name", "brand_model", "colour", "quantity", "estimated_value", "features", "photos"}


def _stage_uploads(request: HttpRequest, data) -> dict[int, list[str]]:
    """Check every uploaded photo and park the good ones; their tokens join the item's kept photos.

    Returns the errors per item index. Parked photos survive a form that fails elsewhere (nothing typed is lost).
    """
    errors: dict[int, list[str]] = {}
    try:
        total = min(int(data.get(f"{ITEM_PREFIX}-TOTAL_FORMS", "0")), MAX_ITEMS)
    except ValueError:
        total = 0
    for index in range(total):
        key = f"{ITEM_PREFIX}-{index}-photos"
        kept = data.get(f"{ITEM_PREFIX}-{index}-kept_photos", "").split()
        for upload in request.FILES.getlist(key):
            try:
                checked = photo_checks.check_photo(upload)
            except IncidentError as error:
                errors.setdefault(index, []).append(f"{upload.name}: {error}")
                continue
            kept.append(photo_checks.stage(checked, user_id=request.user.pk))
        data[f"{ITEM_PREFIX}-{index}-kept_photos"] = " ".join(kept)
    return errors


def _report_context(request, form, formset) -> dict:
    if form.is_bound:
        form.offer_choices()
    for item_form in formset.forms:
        item_form.kept_list = item_form.kept_tokens()
    return {"form": form, "formset": formset, "max_items": MAX_ITEMS}


@require(FILE)
def incident_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ReportForm(user=request.user)
        formset = ItemFormSet(prefix=ITEM_PREFIX)
        return render(request, "incidents/incident/new.html", _report_context(request, form, formset))

    data = request.POST.copy()
    photo_errors = _stage_uploads(request, data)
    form = ReportForm(data, user=request.user)
    formset = ItemFormSet(data, prefix=ITEM_PREFIX)
    valid = form.is_valid() & formset.is_valid()
    for index, errors in photo_errors.items():
        if index < len(formset.forms):
            for error in errors:
                formset.forms[index].add_error("photos", error)
        valid = False
    if valid:
        items = [
            ItemData(
                category=item.cleaned_data["category"], name=item.cleaned_data["name"],
                brand_model=item.cleaned_data["brand_model"], colour=item.cleaned_data["colour"],
                quantity=item.cleaned_data["quantity"], features=item.cleaned_data["features"],
                estimated_value=item.cleaned_data["estimated_value"], photos=item.kept_tokens(),
            )
            for item in formset.forms
            if item.cleaned_data and not item.cleaned_data.get("DELETE")
        ]
        cleaned = form.cleaned_data
        try:
            incident = incident_file(
                site=cleaned["site"], area=cleaned["area"], channel=cleaned["channel"], kind=cleaned["kind"],
                theft_by=cleaned["theft_by"] or "", severity=cleaned["severity"], items=items,
                lost_from=cleaned["lost_from"], lost_until=cleaned["lost_until"],
                description=cleaned["description"], place_detail=cleaned["place_detail"], filed_by=request.user,
                customer=cleaned["customer"], customer_data=form.customer_data(), is_drill=cleaned["is_drill"],
                is_complaint=cleaned["is_complaint"], progress_updates_opt_out=cleaned["progress_updates_opt_out"],
                id_consent=cleaned["id_consent"],
            )
        except IncidentError as error:
            if error.field in _REPORT_FIELDS:
                form.add_error(error.field, str(error))
            elif error.field in _ITEM_FIELDS and formset.forms:
                formset.forms[0].add_error(error.field, str(error))
            else:
                form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Report %(reference)s filed. Give the customer this reference.") % {"reference": incident.reference},
            )
            return redirect(incident)
    messages.error(request, _("The report is not saved yet: please correct the fields marked below."))
    return render(request, "incidents/incident/new.html", _report_context(request, form, formset))


@require(FILE)
def staged_photo(request: HttpRequest) -> HttpResponse:
    """The thumbnail of a photo parked for this user's form."""
    token = request.GET.get("t", "")
    thumbnail = photo_checks.staged_thumbnail(token, user_id=request.user.pk)
    if thumbnail is None:
        return HttpResponseBadRequest()
    response = HttpResponse(thumbnail, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require(FILE)
def customer_search(request: HttpRequest) -> HttpResponse:
    """htmx: existing customers matching the phone or name typed so far, to avoid duplicates."""
    candidates = customer_find_candidates(
        sites=sites_for(request.user), phone=request.GET.get("phone", ""), name=request.GET.get("name", "")
    )
    return render(request, "incidents/partials/customer_candidates.html", {"candidates": candidates})
