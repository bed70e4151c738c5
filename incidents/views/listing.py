"""The incident list (INT, issue 3.5): filters, search in Chinese and English, most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.filter_bar import filter_bar, filter_lists
from incidents.forms import FilterForm
from incidents.permissions import VIEW, require
from incidents.selectors import IncidentFilters, incident_page


def _filters(form: FilterForm) -> IncidentFilters:
    if not form.is_valid():
        # A bad value (an unknown site, a malformed date) is dropped, the rest still filters.
        data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    else:
        data = form.cleaned_data
    return IncidentFilters(
        site=data.get("site"),
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        severity=data.get("severity") or "",
        category=data.get("category"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        owner=data.get("owner"),
        overdue=bool(data.get("overdue")),
        drills=data.get("drills") or "",
        q=(data.get("q") or "").strip(),
        area=data.get("area") or "",
        department=data.get("department"),
        escalation=data.get("escalation"),
        weekday=data.get("weekday"),
        hour=data.get("hour"),
    )


@require(VIEW)
def incident_list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    form = FilterForm(query, user=request.user, lists=filter_lists(request.user)) if query else None
    filters = _filters(form) if form is not None else IncidentFilters()
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = incident_page(request.user, filters, number, after=request.GET.get("after", ""),
                         before=request.GET.get("before", ""))
    if request.headers.get("HX-Request"):
        return render(request, "incidents/partials/incident_rows.html", {"page": page, "query": query.urlencode()})
    return render(request, "incidents/incident/list.html", {
        "filter_bar": filter_bar(request, form), "page": page, "query": query.urlencode()})
