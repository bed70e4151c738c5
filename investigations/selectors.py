"""Reads of the investigation log and the public notice board."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from incidents.models import FINAL_STATUSES, Incident
from investigations.models import ENTRY_MODELS, Entry, LostItemNotice
from lostfound.prepared import PreparedRead
from lostfound.presence import rows_present
from organization.models import Site

# Who may do what (granted per role in organization/roles.py).
VIEW_PERMS = tuple(f"investigations.view_{model._meta.model_name}" for model in ENTRY_MODELS.values())
PUBLISH_NOTICE = "investigations.add_lostitemnotice"
WITHDRAW_NOTICE = "investigations.change_lostitemnotice"
ADD_HANDOVER = "investigations.add_evidencehandover"
ADD_FOLLOWUP = "investigations.add_policefollowup"


def add_perm(kind: str) -> str:
    return f"investigations.add_{ENTRY_MODELS[kind]._meta.model_name}"


def view_perm(kind: str) -> str:
    return f"investigations.view_{ENTRY_MODELS[kind]._meta.model_name}"


def can_view_log(user) -> bool:
    return any(user.has_perm(perm) for perm in VIEW_PERMS)


def addable_kinds(user) -> list[str]:
    return [kind for kind in ENTRY_MODELS if user.has_perm(add_perm(kind))]


def _with_relations(kind: str, queryset: QuerySet) -> QuerySet:
    queryset = queryset.select_related("author", "corrects").prefetch_related("corrections")
    if kind == "record_review":
        queryset = queryset.select_related("reviewer")
    elif kind == "interview":
        queryset = queryset.select_related("interviewer").prefetch_related("persons__staff_user")
    elif kind == "scene_survey":
        queryset = queryset.select_related("area").prefetch_related("photos")
    elif kind == "evidence":
        queryset = queryset.prefetch_related("photos", "handovers__handed_by", "handovers__to_user")
    elif kind == "police_report":
        queryset = queryset.select_related("decided_by").prefetch_related("followups__author")
    return queryset


_ENTRIES = {
    kind: PreparedRead(lambda incident_id, kind=kind: _with_relations(
        kind, ENTRY_MODELS[kind].objects.filter(incident_id=incident_id)))
    for kind in ENTRY_MODELS
}
_NOTICES = PreparedRead(lambda incident_id: LostItemNotice.objects.filter(incident_id=incident_id).select_related(
    "category", "area", "published_by"))


def entries_of(incident: Incident, *, kinds: list[str] | None = None) -> list[Entry]:
    """Every entry of an incident's log, all types, oldest first (the caller checked access to the incident)."""
    entries: list[Entry] = []
    for kind in _kinds_logged(incident, list(ENTRY_MODELS) if kinds is None else kinds):
        entries.extend(_ENTRIES[kind](incident.pk))
    return sorted(entries, key=lambda entry: (entry.created_at, entry.pk))


def _kinds_logged(incident: Incident, kinds: list[str]) -> list[str]:
    """Which of the entry types the incident has, in one query: most incidents have none or one."""
    kinds = [kind for kind in kinds if kind in ENTRY_MODELS]
    logged = rows_present(incident, tuple((ENTRY_MODELS[kind], "incident") for kind in kinds))
    return [kind for kind, found in zip(kinds, logged, strict=True) if found]


def entry_of(kind: str, pk: int) -> Entry | None:
    model = ENTRY_MODELS.get(kind)
    if model is None:
        return None
    return _with_relations(kind, model.objects.filter(pk=pk).select_related("incident")).first()


def staff_of_site(site: Site) -> QuerySet:
    """Active staff accounts working at a site (interviewers, reviewers, handover recipients)."""
    return (
        get_user_model().objects.filter(is_active=True, staff_profile__sites=site)
        .order_by("first_name", "last_name", "username").distinct()
    )


def general_managers_of(site: Site) -> QuerySet:
    """Who may decide a police report by the company: the site's or the company's general manager."""
    from organization.models import Position

    return (
        get_user_model().objects.filter(
            is_active=True,
            staff_profile__position__in=[Position.SITE_GENERAL_MANAGER, Position.COMPANY_GENERAL_MANAGER],
        )
        .filter(staff_profile__sites=site) | get_user_model().objects.filter(
            is_active=True, staff_profile__position=Position.COMPANY_GENERAL_MANAGER, staff_profile__all_sites=True,
        )
    ).distinct().order_by("first_name", "username")


def investigation_deadlines(incident: Incident) -> QuerySet:
    """The incident's "investigation_start" and "investigation_finish" deadlines (INV-8), by due time."""
    from sla.services import deadlines_of

    return deadlines_of(incident).filter(kind__in=["investigation_start", "investigation_finish"])


def notices_of(incident: Incident) -> list[LostItemNotice]:
    return _NOTICES(incident.pk)


def public_notices(site_code: str) -> QuerySet[LostItemNotice]:
    """The site's public board: notices not withdrawn whose incident is still open and not a drill.

    Checked at every read rather than by a signal on closing, so a notice can never outlive its incident
    whichever code path closes or cancels it. Only the columns the board shows are loaded.
    """
    return (
        LostItemNotice.objects.filter(
            incident__site__code=site_code, incident__site__is_active=True, withdrawn_at__isnull=True,
            incident__is_drill=False,
        )
        .exclude(incident__status__in=FINAL_STATUSES)
        .select_related("category", "area")
        .only("id", "description_zh_hans", "description_en", "lost_on", "published_at", "category", "area",
              "category__name_zh_hans", "category__name_en", "area__name")
        .order_by("-published_at", "-id")
    )
