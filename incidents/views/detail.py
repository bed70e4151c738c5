"""The incident page (INT-8, INT-9): summary, items, the one timeline, the allowed actions, contacts."""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from incidents import services
from incidents.errors import IncidentError
from incidents.extensions import links_for
from incidents.forms import (
    ContactForm, FollowUpForm, HandOverForm, NoteForm, NoteOnlyForm, NotFoundForm, PoliceReportForm, ReasonForm,
)
from incidents.models import ContactLog, FollowUp, FollowUpSource, ItemPhoto, LostItem, PoliceReport, Status
from incidents.permissions import (
    ACCEPT, CLOSE, FOLLOWUP, HAND_OVER, REVIEW, VIEW, WORK, get_incident_for_user, require,
)
from incidents.timeline import probes, timeline_of
from lostfound.prepared import PreparedRead
from lostfound.presence import remember_rows_present, rows_present
from organization.selectors import restrict_to_sites


# The hand-over, contact and action forms share field names ("note", "reason"); distinct ids keep each label
# on its own input.
CONTACT_IDS = "contact_%s"
HAND_OVER_IDS = "hand_over_%s"


def action_ids(name: str) -> str:
    return f"{name}_%s"


class Action:
    def __init__(self, name: str, label, perm: str, target: str, service: Callable, form=None, style="primary",
                 confirm=False):
        self.name, self.label, self.perm, self.target = name, label, perm, target
        self.service, self.form, self.style, self.confirm = service, form, style, confirm


def _with_note(service):
    return lambda *, incident, by, data: service(incident=incident, by=by, note=data.get("note", ""))


# The buttons of the incident page, in the order shown. "found" and "returned" are not here: they come
# from custody (a confirmed match, a release with ID check) through incident_mark_found / _returned.
ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action("accept", gettext_lazy("Accept the online report"), ACCEPT, Status.REPORTED,
               lambda *, incident, by, data: services.incident_accept(incident=incident, by=by)),
        Action("reject", gettext_lazy("Reject"), ACCEPT, Status.CANCELLED,
               lambda *, incident, by, data: services.incident_reject(incident=incident, by=by, reason=data["reason"]),
               form=ReasonForm, style="outline-danger"),
        Action("dispatch", gettext_lazy("Dispatch to security and operations"), WORK, Status.DISPATCHED,
               _with_note(services.incident_dispatch)),
        Action("start_search", gettext_lazy("Start the search"), WORK, Status.SEARCHING,
               _with_note(services.incident_start_search)),
        Action("not_found", gettext_lazy("Not found"), WORK, Status.NOT_FOUND,
               _with_note(services.incident_mark_not_found), form=NotFoundForm, style="outline-secondary"),
        Action("close", gettext_lazy("Close"), CLOSE, Status.CLOSED, _with_note(services.incident_close),
               form=NoteOnlyForm, style="success"),
        Action("cancel", gettext_lazy("Cancel"), CLOSE, Status.CANCELLED,
               lambda *, incident, by, data: services.incident_cancel(incident=incident, by=by, reason=data["reason"]),
               form=ReasonForm, style="outline-danger"),
    ]
}


def available_actions(user, incident) -> list[Action]:
    allowed = services.allowed_transitions(incident)
    shown = []
    for action in ACTIONS.values():
        if action.target not in allowed or not user.has_perm(action.perm):
            continue
        if action.name in ("accept", "reject") and incident.status != Status.TO_VERIFY:
            continue
        if action.name == "cancel" and incident.status == Status.TO_VERIFY:
            continue  # "reject" is the cancel of an online report
        shown.append(action)
    return shown


# The page's own tables that most incidents have no rows in; asked together with the timeline's.
OPTIONAL_ROWS = ((FollowUp, "incident"), (ContactLog, "incident"), (ItemPhoto, "item__incident"))


def _items_of(incident_id: int):
    return LostItem.objects.filter(incident_id=incident_id).select_related("category")


_ITEMS = PreparedRead(_items_of)
_ITEMS_WITH_PHOTOS = PreparedRead(lambda incident_id: _items_of(incident_id).prefetch_related(
    Prefetch("photos", queryset=ItemPhoto.objects.order_by("id"))))
_FOLLOWUPS = PreparedRead(lambda incident_id: FollowUp.objects.filter(incident_id=incident_id))
_CONTACTS = PreparedRead(lambda incident_id: ContactLog.objects.filter(incident_id=incident_id).select_related("by")[:50])


def _context(request, incident) -> dict:
    from incidents.timeline import _messages_for

    user = request.user
    remember_rows_present(incident, OPTIONAL_ROWS + probes())
    has_followups, has_contacts, has_photos = rows_present(incident, OPTIONAL_ROWS)
    followups = _FOLLOWUPS(incident.pk) if has_followups else []
    return {
        "incident": incident,
        "items": (_ITEMS_WITH_PHOTOS if has_photos else _ITEMS)(incident.pk),
        "has_photos": has_photos,
        "timeline": timeline_of(incident),
        "actions": [(action, action.form(auto_id=action_ids(action.name)) if action.form else None)
                    for action in available_actions(user, incident)],
        "contacts": _CONTACTS(incident.pk) if has_contacts else [],
        "customer_messages": [m for m in _messages_for(incident) if m.audience == "customer"],
        "followups": followups,
        "can_work": user.has_perm(WORK),
        "can_hand_over": user.has_perm(HAND_OVER) and incident.is_open,
        "can_follow_up": (user.has_perm(FOLLOWUP) and incident.status == Status.CLOSED
                          and not incident.customer.declined_followups
                          and not any(f.source == FollowUpSource.STAFF_CALL for f in followups)),
        "can_review": user.has_perm(REVIEW),
        "note_form": NoteForm(),
        "contact_form": ContactForm(auto_id=CONTACT_IDS),
        "hand_over_form": (HandOverForm(incident=incident, auto_id=HAND_OVER_IDS)
                           if user.has_perm(HAND_OVER) and incident.is_open else None),
        "followup_form": FollowUpForm(),
        "police_form": PoliceReportForm(initial={"state": incident.police_report}),
        "shows_police_step": incident.police_report != PoliceReport.NOT_APPLICABLE,
        "links": links_for(user, incident),
        "status_url": services.status_url(incident) if user.has_perm(WORK) else None,
    }


@require(VIEW)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(request, "incidents/incident/detail.html", _context(request, incident))


@require(VIEW)
def incident_print(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = _context(request, incident)
    return render(request, "incidents/incident/print.html", context)


def _run(request, incident, call: Callable[[], object], success: str) -> HttpResponse:
    try:
        call()
    except IncidentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(incident)


def _form_error(request, incident, form, *, key: str = "", action: str = "") -> HttpResponse:
    """The incident page again, with the form as typed and its errors beside the fields."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    context = _context(request, incident)
    if key:
        context[key] = form
    if action:
        context["actions"] = [(spec, form if spec.name == action else other) for spec, other in context["actions"]]
    return render(request, "incidents/incident/detail.html", context, status=400)


@require_POST
@require(VIEW)
def incident_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    incident = get_incident_for_user(request.user, pk, perm=spec.perm)
    # Buttons without a form of their own still take an optional note: it is validated like any field.
    form = (spec.form or NoteOnlyForm)(request.POST, auto_id=action_ids(action))
    if not form.is_valid():
        return _form_error(request, incident, form, action=action)
    data = form.cleaned_data
    return _run(request, incident, lambda: spec.service(incident=incident, by=request.user, data=data),
                _("Done: %(action)s.") % {"action": spec.label})


@require_POST
@require(VIEW)
def incident_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=HAND_OVER)
    form = HandOverForm(request.POST, incident=incident, auto_id=HAND_OVER_IDS)
    if not form.is_valid():
        return _form_error(request, incident, form, key="hand_over_form")
    return _run(request, incident, lambda: services.incident_hand_over(
        incident=incident, by=request.user, to=form.cleaned_data["to"], note=form.cleaned_data["note"]),
        _("Handed over. The new owner is responsible from now on."))


@require_POST
@require(VIEW)
def incident_note(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=WORK)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _form_error(request, incident, form, key="note_form")
    return _run(request, incident, lambda: services.incident_add_note(
        incident=incident, by=request.user, text=form.cleaned_data["text"],
        customer_visible=form.cleaned_data["customer_visible"]), _("Note added."))


@require_POST
@require(VIEW)
def incident_contact(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=WORK)
    form = ContactForm(request.POST, auto_id=CONTACT_IDS)
    if not form.is_valid():
        return _form_error(request, incident, form, key="contact_form")
    return _run(request, incident, lambda: services.contact_log_add(
        incident=incident, by=request.user, method=form.cleaned_data["method"],
        outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]), _("Contact logged."))


@require_POST
@require(VIEW)
def incident_followup(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=FOLLOWUP)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _form_error(request, incident, form, key="followup_form")
    return _run(request, incident, lambda: services.followup_record(
        incident=incident, source=FollowUpSource.STAFF_CALL, satisfaction=form.cleaned_data["satisfaction"],
        comment=form.cleaned_data["comment"], by=request.user), _("Follow-up recorded."))


@require_POST
@require(VIEW)
def incident_police(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=WORK)
    form = PoliceReportForm(request.POST)
    if not form.is_valid():
        return _form_error(request, incident, form, key="police_form")
    return _run(request, incident, lambda: services.incident_set_police_report(
        incident=incident, by=request.user, state=form.cleaned_data["state"], note=form.cleaned_data["note"]),
        _("Police-report step updated."))


@require(VIEW)
def item_photo(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    """A photo or its thumbnail, only to staff of the incident's site (never a public media URL)."""
    if size not in ("thumb", "full"):
        raise Http404
    photo = get_object_or_404(
        restrict_to_sites(ItemPhoto.objects.select_related("item__incident"), request.user, "item__incident__site"),
        pk=pk,
    )
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg" if size == "thumb" else photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
