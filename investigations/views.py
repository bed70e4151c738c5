"""Pages of the investigation log. Each view: one access check (the decorators), validate, one service, redirect."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from incidents import photos as photo_checks
from incidents.permissions import get_incident_for_user
from investigations import selectors, services
from investigations.errors import InvestigationError
from investigations.forms import (
    FORMS, LAWFUL_KINDS, LAWFUL_REMINDER, HandoverForm, NoticeForm, PoliceFollowUpForm,
)
from investigations.models import ENTRY_MODELS, EntryPhoto, Evidence, LostItemNotice, PoliceReport
from investigations.presentation import LABELS, fields_of, summary


def _signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _incident_checked(user, incident_pk, perm: str | None):
    """The one access check: other sites → 404 (incidents' rule), missing permission → 403."""
    incident = get_incident_for_user(user, incident_pk)
    allowed = selectors.can_view_log(user) if perm is None else user.has_perm(perm)
    if not allowed:
        raise PermissionDenied
    return incident


def _apply_error(form, error: InvestigationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _stage_photos(form, user) -> list[str]:
    """Keep checked photos across a form that failed on other fields, so nothing taken at the scene is lost."""
    tokens = list(form.data.getlist("photo_tokens")) if hasattr(form.data, "getlist") else []
    if "photos" in form.fields and "photos" not in form.errors and getattr(form, "cleaned_data", {}).get("photos"):
        tokens += [photo_checks.stage(photo, user_id=user.pk) for photo in form.cleaned_data["photos"]]
    return tokens


@_signed_in
def incident_log(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_checked(request.user, pk, None)
    entries = selectors.entries_of(incident)
    rows = [{"entry": entry, "label": LABELS[entry.kind], "summary": summary(entry)} for entry in entries]
    return render(request, "investigations/incident/log.html", {
        "incident": incident, "rows": rows,
        "addable": [(kind, LABELS[kind]) for kind in selectors.addable_kinds(request.user)],
        "notices": selectors.notices_of(incident),
        "can_publish": request.user.has_perm(selectors.PUBLISH_NOTICE) and incident.is_open and not incident.is_drill,
        "can_withdraw": request.user.has_perm(selectors.WITHDRAW_NOTICE),
        "deadlines": selectors.investigation_deadlines(incident),
    })


@_signed_in
def entry_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    incident = _incident_checked(request.user, pk, selectors.add_perm(kind))
    form_class = FORMS[kind]
    corrects = None
    if request.GET.get("corrects"):
        corrects = get_object_or_404(ENTRY_MODELS[kind], pk=request.GET["corrects"], incident=incident)
    tokens: list[str] = []
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, incident=incident, user=request.user)
        if form.is_valid():
            try:
                entry = services.entry_add(
                    kind=kind, incident=incident, author=request.user, data=form.entry_data(),
                    photos=[*form.photos(), *request.POST.getlist("photo_tokens")], persons=form.persons(),
                    corrects=corrects,
                )
            except InvestigationError as error:
                _apply_error(form, error)
            except IntegrityError:  # another officer corrected the same entry a moment ago
                form.add_error(None, _("This entry was already corrected; correct the latest version instead."))
            else:
                messages.success(request, _("%(type)s recorded.") % {"type": LABELS[kind]})
                return redirect(entry.get_absolute_url())
        tokens = _stage_photos(form, request.user)
    else:
        initial = form_class.initial_from(corrects) if corrects is not None else {}
        form = form_class(incident=incident, user=request.user, initial=initial)
    return render(request, "investigations/entry/add.html", {
        "incident": incident, "form": form, "kind": kind, "label": LABELS[kind], "corrects": corrects,
        "lawful_reminder": LAWFUL_REMINDER if kind in LAWFUL_KINDS else None,
        "photo_tokens": tokens,
    })


@_signed_in
def entry_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = selectors.entry_of(kind, pk)
    if entry is None:
        raise Http404
    incident = _incident_checked(request.user, entry.incident_id, selectors.view_perm(kind))
    context = {
        "incident": incident, "entry": entry, "label": LABELS[kind], "fields": fields_of(entry),
        "correction": entry.correction, "can_correct": request.user.has_perm(selectors.add_perm(kind)),
    }
    if isinstance(entry, Evidence):
        context["can_hand_over"] = request.user.has_perm(selectors.ADD_HANDOVER)
    if isinstance(entry, PoliceReport):
        context["can_follow_up"] = request.user.has_perm(selectors.ADD_FOLLOWUP)
    return render(request, "investigations/entry/detail.html", context)


@_signed_in
def evidence_handover(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    incident = _incident_checked(request.user, evidence.incident_id, selectors.ADD_HANDOVER)
    form = HandoverForm(request.POST or None, incident=incident, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_handover(evidence=evidence, author=request.user, **form.cleaned_data)
        except InvestigationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Handover recorded."))
            return redirect(evidence.get_absolute_url())
    return render(request, "investigations/entry/line_form.html", {
        "incident": incident, "entry": evidence, "form": form, "title": _("Hand over evidence"),
    })


@_signed_in
def police_followup(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(PoliceReport, pk=pk)
    incident = _incident_checked(request.user, report.incident_id, selectors.ADD_FOLLOWUP)
    form = PoliceFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.police_followup_add(report=report, author=request.user, **form.cleaned_data)
        except InvestigationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect(report.get_absolute_url())
    return render(request, "investigations/entry/line_form.html", {
        "incident": incident, "entry": report, "form": form, "title": _("Follow-up with the police"),
    })


@_signed_in
def photo(request: HttpRequest, pk: int, variant: str) -> FileResponse:
    row = get_object_or_404(EntryPhoto.objects.select_related("survey", "evidence"), pk=pk)
    entry = row.entry
    _incident_checked(request.user, entry.incident_id, selectors.view_perm(entry.kind))
    image = row.thumbnail if variant == "thumb" else row.image
    try:
        handle = image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg" if variant == "thumb" else row.content_type)
    # Personal pictures: never kept by shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@_signed_in
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_checked(request.user, pk, selectors.PUBLISH_NOTICE)
    initial = {"lost_on": incident.lost_from.astimezone(incident.site.zone).date(), "area": incident.area_id}
    first_item = incident.items.select_related("category").first()
    if first_item is not None:
        initial["category"] = first_item.category_id
    form = NoticeForm(request.POST or None, incident=incident, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_publish(incident=incident, by=request.user, **form.cleaned_data)
        except InvestigationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The notice is on the public board."))
            return redirect("investigations:incident", pk=incident.pk)
    return render(request, "investigations/notice/publish.html", {
        "incident": incident, "form": form,
        "board_url": reverse("notices:board", args=[incident.site.code]),
    })


@_signed_in
@require_POST
def notice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(LostItemNotice, pk=pk)
    _incident_checked(request.user, notice.incident_id, selectors.WITHDRAW_NOTICE)
    services.notice_withdraw(notice=notice, by=request.user)
    messages.success(request, _("The notice was withdrawn."))
    return redirect("investigations:incident", pk=notice.incident_id)


def notice_board(request: HttpRequest, site_code: str) -> HttpResponse:
    """The site's public board of lost-item notices: no sign-in, nothing that identifies anyone (INV-7)."""
    from organization.models import Site

    site = get_object_or_404(Site, code=site_code, is_active=True)
    return render(request, "investigations/notice/board.html", {
        "site": site, "notices": selectors.public_notices(site_code), "board_languages": ("zh-hans", "en"),
    })
