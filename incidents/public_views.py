"""The customer's pages (no account): the private status link and the online report form.

Every answer carries `X-Robots-Tag: noindex` and is rate-limited per client. The status page is shown in
the customer's language (unless they switched with the language switch) and in the site's time zone.
An unknown token and an expired link give the same 404, so tokens cannot be probed.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import policy
from incidents import photos as photo_checks
from incidents import public_services
from incidents.errors import IncidentError
from incidents.models import (
    FINAL_STATUSES, FollowUp, FollowUpSource, Incident, Language, Outcome, Severity, Status, TimelineEvent,
)
from incidents.public_forms import AddInformationForm, ItemFormSet, OnlineReportForm, SurveyForm
from incidents.public_ratelimit import rate_limited
from incidents.services import ItemData, followup_record
from incidents.timeline import events_source, timeline_of
from organization.models import Site

_LANGUAGES = {code for code, _name in settings.LANGUAGES}
_SESSION_FILED = "public_filed_token"

# What each state means for the customer, in their words (never the staff's labels).
CUSTOMER_STATUS: dict[str, tuple[str, str]] = {
    Status.TO_VERIFY: (_("Received"), _("We have received your report. Our staff will check it shortly.")),
    Status.REPORTED: (_("Received"), _("We have registered your report and will start looking soon.")),
    Status.DISPATCHED: (_("Being handled"), _("Our security and operations teams have your report.")),
    Status.SEARCHING: (_("Searching"), _("We are searching for your belongings.")),
    Status.FOUND: (_("Found"), _("Good news: we have found something that may be yours. We will contact you "
                                 "to arrange the return.")),
    Status.RETURNED: (_("Returned"), _("Your belongings have been returned to you.")),
    Status.NOT_FOUND: (_("Not found"), _("We are sorry: we have not been able to find your belongings.")),
    Status.CLOSED: (_("Closed"), _("Your report is closed.")),
    Status.CANCELLED: (_("Withdrawn"), _("This report has been withdrawn.")),
}
_CLOSED_OUTCOME = {
    Outcome.RETURNED: _("Your report is closed: your belongings were returned to you."),
    Outcome.NOT_FOUND: _("Your report is closed: we could not find your belongings. We are sorry."),
}
# Timeline codes as the customer reads them; any other customer-visible event shows as "Update".
_EVENT_TITLES = {
    "incident.filed": _("Report received"),
    "incident.note": _("Message from our team"),
    "customer.information": _("You added information"),
    "customer.opted_out": _("You turned off progress messages"),
}


def _public(response: HttpResponse) -> HttpResponse:
    # Private links must not be indexed, cached by proxies or leaked in the Referer of outgoing links.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    return _public(render(request, "incidents/public/not_found.html", status=404))


def _link_expires_at(incident: Incident) -> datetime.datetime | None:
    if incident.status not in FINAL_STATUSES:
        return None
    closed = incident.closed_at or incident.updated_at
    return closed + datetime.timedelta(days=policy.for_site(incident.site).status_link_days)


def _incident_by_token(token: str) -> Incident | None:
    """The incident of a live link, else None (unknown and expired alike)."""
    if not token or len(token) > 64:
        return None
    incident = Incident.objects.select_related("site", "customer").filter(status_token=token).first()
    if incident is None:
        return None
    expires = _link_expires_at(incident)
    if expires is not None and timezone.now() >= expires:
        return None
    return incident


def _language_for(request: HttpRequest, incident: Incident | None = None) -> str:
    """The language the visitor chose with the switch, else the customer's own, else the request's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in _LANGUAGES:
        return chosen
    if incident is not None and incident.customer.preferred_language in _LANGUAGES:
        return incident.customer.preferred_language
    return translation.get_language() or settings.LANGUAGE_CODE


def _render_in(request, template: str, context: dict, *, language: str, zone, status: int = 200) -> HttpResponse:
    with translation.override(language), timezone.override(zone):
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return _public(response)


def _events(incident: Incident) -> list[dict]:
    rows = TimelineEvent.objects.filter(incident=incident, customer_visible=True).order_by("at", "id")
    events = []
    for event in rows:
        if event.code == "incident.status":
            to = (event.data or {}).get("to", "")
            title = CUSTOMER_STATUS.get(to, (_("Update"), ""))[0]
        else:
            title = _EVENT_TITLES.get(event.code, _("Update"))
        events.append({"at": event.at, "code": event.code, "title": title, "text": event.text,
                       "item_name": (event.data or {}).get("item_name", "")})
    # Customer-visible entries other apps add to the timeline (custody, …) in their words; the incident's own
    # events are the rows above.
    for entry in timeline_of(incident, customer_view=True, skip=[events_source]):
        events.append({"at": entry.at, "code": entry.extra.get("code", entry.source), "title": entry.label,
                       "text": entry.detail, "item_name": ""})
    return sorted(events, key=lambda event: event["at"])


def _status_context(incident: Incident, **forms) -> dict:
    title, explanation = CUSTOMER_STATUS[incident.status]
    if incident.status == Status.CLOSED and incident.outcome in _CLOSED_OUTCOME:
        explanation = _CLOSED_OUTCOME[incident.outcome]
    survey_done = FollowUp.objects.filter(incident=incident, source=FollowUpSource.CUSTOMER_SURVEY).exists()
    is_open = incident.status not in FINAL_STATUSES
    context = {
        "incident": incident,
        "site": incident.site,
        "status_title": title,
        "status_explanation": explanation,
        "events": _events(incident),
        "items": list(incident.items.select_related("category")),
        "is_open": is_open,
        "show_survey": incident.status == Status.CLOSED and not survey_done,
        "survey_done": survey_done,
        "link_expires_at": _link_expires_at(incident),
    }
    context["information_form"] = forms.get("information_form") or (
        AddInformationForm(incident=incident) if is_open else None
    )
    context["survey_form"] = forms.get("survey_form") or (SurveyForm() if context["show_survey"] else None)
    return context


def _status_page(request, incident: Incident, *, status: int = 200, **forms) -> HttpResponse:
    return _render_in(request, "incidents/public/status.html", _status_context(incident, **forms),
                      language=_language_for(request, incident), zone=incident.site.zone, status=status)


def _back_to_status(incident: Incident) -> HttpResponse:
    return _public(redirect("public:status", token=incident.status_token))


@never_cache
@rate_limited()
@require_http_methods(["GET", "HEAD"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    incident = _incident_by_token(token)
    if incident is None:
        return _not_found(request)
    return _status_page(request, incident)


@never_cache
@rate_limited()
@require_POST
def add_information(request: HttpRequest, token: str) -> HttpResponse:
    incident = _incident_by_token(token)
    if incident is None:
        return _not_found(request)
    with translation.override(_language_for(request, incident)):
        form = AddInformationForm(request.POST, request.FILES, incident=incident)
        if form.is_valid():
            try:
                public_services.incident_add_customer_information(
                    incident=incident, text=form.cleaned_data["text"], photo=form.cleaned_data["photo"],
                    item=form.cleaned_data.get("item"),
                )
            except IncidentError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Thank you. We have added your information to your report."))
                return _back_to_status(incident)
    return _status_page(request, incident, status=400, information_form=form)


@never_cache
@rate_limited()
@require_POST
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    incident = _incident_by_token(token)
    if incident is None:
        return _not_found(request)
    public_services.incident_opt_out(incident=incident)
    with translation.override(_language_for(request, incident)):
        messages.success(request, _("You will no longer receive progress messages about this report."))
    return _back_to_status(incident)


@never_cache
@rate_limited()
@require_POST
def survey(request: HttpRequest, token: str) -> HttpResponse:
    incident = _incident_by_token(token)
    if incident is None:
        return _not_found(request)
    with translation.override(_language_for(request, incident)):
        if FollowUp.objects.filter(incident=incident, source=FollowUpSource.CUSTOMER_SURVEY).exists():
            messages.error(request, _("You have already answered the survey. Thank you!"))
            return _back_to_status(incident)
        if incident.status != Status.CLOSED:
            messages.error(request, _("The survey opens when your report is closed."))
            return _back_to_status(incident)
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                followup_record(
                    incident=incident, source=FollowUpSource.CUSTOMER_SURVEY,
                    satisfaction=form.cleaned_data["satisfaction"], comment=form.cleaned_data["comment"], by=None,
                )
            except IncidentError as error:
                # A second answer racing the first one ends here.
                messages.error(request, str(error))
                return _back_to_status(incident)
            messages.success(request, _("Thank you for your answer."))
            return _back_to_status(incident)
    return _status_page(request, incident, status=400, survey_form=form)


# The online report form (INT-1) ---------------------------------------------------------------------------


def _site_by_code(code: str) -> Site | None:
    return Site.objects.filter(code__iexact=code, is_active=True).first()


def _item_data(form) -> ItemData:
    data = form.cleaned_data
    photo = data.get("photo_value")
    return ItemData(
        category=data["category"], name=data["name"], colour=data.get("colour", ""),
        features=data.get("features", ""), estimated_value=data.get("estimated_value"),
        photos=[photo] if photo is not None else [],
    )


def _keep_photos(formset) -> None:
    """Park photos that passed their checks so the corrected form still has them (nothing typed is lost)."""
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None) or {}
        photo = cleaned.get("photo")
        if photo is not None:
            formset.data[form.add_prefix("photo_token")] = photo_checks.stage(photo, user_id=None)
            form.kept_photo_name = photo.original_name


def _report_forms(request, site: Site):
    if request.method == "POST":
        # A mutable copy: parked photos put their tokens back into the data the form is shown with.
        data = request.POST.copy()
        return (OnlineReportForm(data, site=site), ItemFormSet(data, request.FILES, prefix="items"))
    language = translation.get_language()
    initial = {"preferred_language": language if language in _LANGUAGES else Language.ZH_HANS}
    return OnlineReportForm(site=site, initial=initial), ItemFormSet(prefix="items")


@never_cache
@rate_limited()
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, site_code: str) -> HttpResponse:
    site = _site_by_code(site_code)
    if site is None:
        return _not_found(request)
    language = translation.get_language()
    with timezone.override(site.zone):
        form, formset = _report_forms(request, site)
        if request.method == "POST":
            if form.is_bot:
                # Say thank you and keep nothing: a bot learns nothing from the answer.
                request.session[_SESSION_FILED] = ""
                return _public(redirect("public:report_thanks", site_code=site.code))
            form_ok, formset_ok = form.is_valid(), formset.is_valid()
            if form_ok and formset_ok:
                incident = _file(form, formset, site)
                if incident is not None:
                    request.session[_SESSION_FILED] = incident.status_token
                    return _public(redirect("public:report_thanks", site_code=site.code))
            _keep_photos(formset)
        context = {"site": site, "form": form, "formset": formset}
        return _render_in(request, "incidents/public/report.html", context, language=language, zone=site.zone,
                          status=400 if request.method == "POST" else 200)


_MAIN_FIELDS = {"area", "lost_from", "lost_until", "kind", "consent", "place_detail", "description"}


def _file(form: OnlineReportForm, formset, site: Site) -> Incident | None:
    data = form.cleaned_data
    lost_from = data["lost_from"]
    lost_until = data.get("lost_until") or lost_from
    items = [_item_data(item) for item in formset.forms if item.has_changed() and item.cleaned_data]
    try:
        return public_services.incident_file_online(
            consent=data["consent"], site=site, area=data.get("area"), channel="online", kind=data["kind"],
            severity=Severity.GENERAL, items=items, lost_from=lost_from, lost_until=lost_until,
            description=data.get("description", ""), place_detail=data.get("place_detail", ""),
            customer_data={
                "name": data["name"], "phone": data.get("phone", ""), "email": data.get("email", ""),
                "preferred_language": data["preferred_language"], "preferred_channel": data["preferred_channel"],
            },
        )
    except IncidentError as error:
        form.add_error(error.field if error.field in _MAIN_FIELDS else None, str(error))
        return None


@never_cache
@rate_limited()
@require_http_methods(["GET", "HEAD"])
def report_thanks(request: HttpRequest, site_code: str) -> HttpResponse:
    site = _site_by_code(site_code)
    if site is None:
        return _not_found(request)
    if _SESSION_FILED not in request.session:
        return _public(redirect("public:report", site_code=site.code))
    token = request.session[_SESSION_FILED]
    incident = Incident.objects.filter(status_token=token, site=site).first() if token else None
    link = request.build_absolute_uri(reverse("public:status", args=[token])) if incident else ""
    return _render_in(request, "incidents/public/report_thanks.html",
                      {"site": site, "incident": incident, "status_link": link},
                      language=translation.get_language(), zone=site.zone)
