"""The managers' dashboard (KPI-1..6): the page, its CSV exports (`?export=<table>`) and a printable view."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dashboard.exports import TABLE_NAMES, csv_text, tables
from dashboard.filters import scope_for
from dashboard.permissions import dashboard_required
from dashboard.selectors import Dashboard, dashboard_for
from incidents.permissions import VIEW

# Seconds a computed dashboard is reused (page, print view and CSV exports of the same filters); 0 = never.
# Settable as DASHBOARD_CACHE_SECONDS in the settings.
DEFAULT_CACHE_SECONDS = 120


def _board(scope) -> Dashboard:
    """The figures of a scope, reused for a short while: a year of a million incidents takes seconds to count.

    The key holds the exact sites, so two people share figures only when they may see the same sites.
    """
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
    if not seconds:
        return dashboard_for(scope)
    key = "dashboard:" + urlencode({**scope.query(), "sites": ",".join(map(str, scope.site_ids)),
                                    "first": scope.first_day, "last": scope.last_day, "zone": str(scope.zone),
                                    "lang": translation.get_language() or ""})
    board = cache.get(key)
    if board is None:
        board = dashboard_for(scope)
        cache.set(key, board, seconds)
    return board


def _applied_filters(scope) -> list[tuple[str, str]]:
    """The filters besides period and site, named for people (the printed page has no form to show them)."""
    from incidents.models import Kind
    from organization.models import Department
    from policy.models import ItemCategory

    applied = []
    if scope.department:
        department = Department.objects.filter(pk=scope.department).first()
        applied.append((_("Department"), str(department) if department else "?"))
    if scope.category:
        category = ItemCategory.objects.filter(pk=scope.category).first()
        applied.append((_("Category"), category.name if category else "?"))
    if scope.kind:
        applied.append((_("Kind"), str(Kind(scope.kind).label)))
    return applied


def _context(request: HttpRequest) -> dict:
    scope, form = scope_for(request.user, request.GET)
    board = _board(scope)
    scope = board.scope
    query = urlencode(scope.query())
    return {"form": form, "board": board, "scope": scope, "query": query, "tables": TABLE_NAMES,
            "applied_filters": _applied_filters(scope),
            # Figures link to the incident list only for those who may open it (administrators may not).
            "can_open_incidents": request.user.has_perm(VIEW)}


def _export(request: HttpRequest, name: str) -> HttpResponse:
    if name not in TABLE_NAMES:
        raise Http404
    scope, _form = scope_for(request.user, request.GET)
    header, rows = tables(_board(scope))[name]
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{name}-{scope.first_day:%Y%m%d}-{scope.last_day:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dashboard_required
def index(request: HttpRequest) -> HttpResponse:
    export = request.GET.get("export")
    if export:
        return _export(request, export)
    return render(request, "dashboard/index.html", _context(request))


@dashboard_required
def printable(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/print.html", _context(request))
