from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from organization.roles import roles_of
from organization.selectors import sites_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's start page: their open incidents, what falls due soon, what is overdue."""
    from incidents import selectors as incident_selectors

    context = {"roles": sorted(roles_of(request.user)), "sites": sites_for(request.user)}
    if request.user.has_perm("incidents.view_incident"):
        due_soon, overdue = incident_selectors.deadlines_for_home(request.user)
        context.update(
            show_incidents=True,
            my_incidents=list(incident_selectors.my_open_incidents(request.user)[:25]),
            to_verify=list(incident_selectors.to_verify(request.user)[:25])
            if request.user.has_perm("incidents.accept_incident") else [],
            due_soon=due_soon,
            overdue=overdue,
        )
    context["overdue_actions"] = list(incident_selectors.overdue_actions(request.user)[:25])
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
