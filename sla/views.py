"""The managers' escalation page: what is overdue, at which level, who was told and when (SLA-4)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from organization.models import Site
from organization.roles import Role, has_role
from organization.selectors import restrict_to_sites
from sla.hooks import describe_subject
from sla.kinds import KINDS
from sla.selectors import deadline_messages, deadline_subjects, overdue_deadlines_for

PAGE_SIZE = 25


def _require_manager(request: HttpRequest) -> None:
    if not has_role(request.user, Role.MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    now = timezone.now()
    sites = list(restrict_to_sites(Site.objects.order_by("code"), request.user, site_field="pk"))
    site_id = _int_or_none(request.GET.get("site"))
    if site_id not in {site.pk for site in sites}:
        site_id = None
    level = _int_or_none(request.GET.get("level"))
    if level is not None and not 0 <= level <= 99:
        level = None
    rows = overdue_deadlines_for(request.user, now=now, site_id=site_id, level=level)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    deadlines = list(page.object_list)
    subjects = deadline_subjects(deadlines)
    messages = deadline_messages(deadlines)
    entries = [
        {
            "deadline": deadline,
            "subject": describe_subject(subjects.get((deadline.subject_type_id, deadline.subject_id)),
                                        fallback_id=deadline.subject_id),
            "kind": KINDS[deadline.kind].label if deadline.kind in KINDS else deadline.kind,
            "late": now - deadline.due_at,
            "messages": messages.get(deadline.pk, []),
        }
        for deadline in deadlines
    ]
    query = {key: value for key, value in (("site", site_id), ("level", level)) if value is not None}
    return render(request, "sla/deadline/overdue.html", {
        "page": page, "entries": entries, "sites": sites, "site_id": site_id, "level": level,
        "levels": range(0, 4), "now": now,
        "filter_query": "&".join(f"{key}={value}" for key, value in query.items()),
    })
