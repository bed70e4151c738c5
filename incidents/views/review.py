"""Post-incident review (复盘, INT-12) with its corrective actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import services
from incidents.errors import IncidentError
from incidents.forms import CorrectiveActionForm, ReviewForm
from incidents.models import CorrectiveAction, PostIncidentReview
from incidents.permissions import REVIEW, VIEW, get_incident_for_user, require
from organization.selectors import restrict_to_sites


@require(REVIEW)
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=REVIEW)
    review = PostIncidentReview.objects.filter(incident=incident).first()
    initial = {"causes": review.causes, "lessons": review.lessons} if review else {}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(incident=incident, by=request.user, **form.cleaned_data)
        except IncidentError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Review saved."))
            return redirect("incidents:review", pk=incident.pk)
    return render(request, "incidents/review/edit.html", {
        "incident": incident, "review": review, "form": form,
        "action_form": CorrectiveActionForm(incident=incident) if review else None,
        "actions": review.actions.select_related("department", "owner") if review else [],
    })


@require_POST
@require(REVIEW)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, perm=REVIEW)
    review = PostIncidentReview.objects.filter(incident=incident).first()
    form = CorrectiveActionForm(request.POST, incident=incident)
    if review is None:
        messages.error(request, _("Save the review first, then add corrective actions."))
    elif form.is_valid():
        try:
            services.corrective_action_add(review=review, by=request.user, **form.cleaned_data)
        except IncidentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Corrective action added."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)
    return redirect("incidents:review", pk=incident.pk)


@require_POST
@require(VIEW)
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible person (or a reviewer) marks a corrective action done."""
    action = get_object_or_404(
        restrict_to_sites(CorrectiveAction.objects.select_related("review__incident"), request.user,
                          "review__incident__site"),
        pk=pk,
    )
    if action.owner_id != request.user.pk and not request.user.has_perm(REVIEW):
        raise PermissionDenied
    try:
        services.corrective_action_done(action=action, by=request.user)
    except IncidentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Corrective action marked done."))
    target = request.POST.get("next", "")
    # "//evil.example" also starts with a slash: only a path of this site is followed.
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("home")
