"""Reveal one masked contact in full (POST only; every reveal is logged)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from privacy.models import ContactReveal
from privacy.services import contact_reveal


@require_POST
@login_required
def reveal(request: HttpRequest, kind: str, pk: int, field: str) -> HttpResponse:
    page = request.POST.get("page", "")
    # Only a path of this site, and only what the log's column holds (no NUL, at most its length).
    if (not page.startswith("/") or not url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()})
            or "\x00" in page or len(page) > ContactReveal._meta.get_field("page").max_length):
        page = ""
    value = contact_reveal(user=request.user, kind=kind, pk=pk, field=field, page=page)
    context = {"value": value, "page": page}
    if request.headers.get("HX-Request"):
        return render(request, "privacy/partials/revealed.html", context)
    return render(request, "privacy/reveal.html", context)
