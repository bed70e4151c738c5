"""Storage locations and stock checks (CUS-2, CUS-3)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from custody import selectors, services
from custody.errors import CustodyError
from custody.forms import LocationForm, StockCheckForm
from custody.models import ItemState
from custody.permissions import REGISTER, VIEW, get_location_for_user, require
from custody.services.movement import expected_at
from custody.views._helpers import add_error
from organization.selectors import sites_for


@require(VIEW)
def location_list(request: HttpRequest) -> HttpResponse:
    can_register = request.user.has_perm(REGISTER)
    form = LocationForm(request.POST or None, sites=sites_for(request.user)) if can_register else None
    if request.method == "POST":
        if form is None:
            return redirect("custody:locations")
        if form.is_valid():
            try:
                services.location_create(by=request.user, **form.cleaned_data)
            except CustodyError as error:
                add_error(form, error)
            else:
                messages.success(request, _("Location added."))
                return redirect("custody:locations")
    locations = (
        selectors.locations_for(request.user)
        .filter(is_active=True)
        .annotate(stock=Count("items", filter=Q(items__state=ItemState.IN_CUSTODY)))
        .select_related("custodian")
        .order_by("site__code", "name")
    )
    locations = sorted(locations, key=lambda location: (location.site.code, location.path))
    return render(request, "custody/location/list.html", {"locations": locations, "form": form})


@require(VIEW)
def stock_check(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_location_for_user(request.user, pk)
    items = list(expected_at(location).order_by("reference"))
    if request.method == "POST":
        if not request.user.has_perm(REGISTER):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = StockCheckForm(request.POST, location=location)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("custody:stock_check", pk=location.pk)
        check = services.stock_check_record(location=location, by=request.user, present=form.cleaned_data["present"],
                                            note=form.cleaned_data["note"])
        missing = check.lines.filter(present=False).count()
        if missing:
            messages.warning(request, _("Stock check recorded: %(count)d item(s) missing, recorded as lost in custody.")
                             % {"count": missing})
        else:
            messages.success(request, _("Stock check recorded: everything is there."))
        return redirect("custody:stock_check", pk=location.pk)
    return render(request, "custody/location/check.html", {
        "location": location, "items": items, "checks": location.stock_checks.select_related("by")[:10],
        "can_check": request.user.has_perm(REGISTER),
    })
