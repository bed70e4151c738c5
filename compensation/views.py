"""Compensation pages: each checks access once (site → 404, role → 403), validates a form, calls one service."""

import csv

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compensation import services
from compensation.errors import ClaimError
from compensation.forms import (
    AgreementForm, AssessmentForm, ClaimFilterForm, ClaimForm, ClaimItemFormSet, DecisionForm, EvidenceForm,
    OpinionForm, PaymentForm, PayoutFilterForm, SignedCopyForm,
)
from compensation.models import Agreement, ClaimState, Evidence, LossHead
from compensation.permissions import (
    AGREE, ASSESS, AUDIT, DECIDE, FILE, OPINE, PAY, VIEW, get_claim_for_user, require,
)
from compensation.selectors import (
    CSV_MAX_ROWS, ClaimFilters, PayoutFilters, calculation_lines, claim_list, page_of, payout_list,
)
from incidents.models import Status
from incidents.permissions import get_incident_for_user


def _add_error(form: forms.Form, error: ClaimError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


def _clean(form: forms.Form) -> dict:
    # A bad value (an unknown site, a malformed date) is dropped; the rest still filters.
    form.is_valid()
    return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}


# --- lists ------------------------------------------------------------------------------------------


@require(VIEW)
def claim_list_view(request: HttpRequest) -> HttpResponse:
    form = ClaimFilterForm(request.GET or None, user=request.user)
    data = _clean(form) if request.GET else {}
    filters = ClaimFilters(
        site=data["site"].pk if data.get("site") else None, state=data.get("state") or "",
        date_from=data.get("date_from"), date_to=data.get("date_to"), late=bool(data.get("late")),
        q=(data.get("q") or "").strip(),
    )
    page = page_of(claim_list(request.user, filters), _page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "compensation/claim/list.html", {"form": form, "page": page, "query": query.urlencode()})


def _payout_filters(request: HttpRequest, form: PayoutFilterForm) -> PayoutFilters:
    data = _clean(form) if request.GET else {}
    return PayoutFilters(
        site=data["site"].pk if data.get("site") else None, method=data.get("method") or "",
        date_from=data.get("date_from"), date_to=data.get("date_to"), q=(data.get("q") or "").strip(),
    )


@require(AUDIT)
def payout_list_view(request: HttpRequest) -> HttpResponse:
    form = PayoutFilterForm(request.GET or None, user=request.user)
    filters = _payout_filters(request, form)
    page = page_of(payout_list(request.user, filters), _page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "compensation/payment/list.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require(AUDIT)
def payout_csv_view(request: HttpRequest) -> StreamingHttpResponse:
    form = PayoutFilterForm(request.GET or None, user=request.user)
    rows = payout_list(request.user, _payout_filters(request, form))[:CSV_MAX_ROWS]
    writer = csv.writer(_Echo())
    header = [_("Paid on"), _("Site"), _("Claim"), _("Incident"), _("Claimant"), _("Method"), _("Payment reference"),
              _("Amount"), _("Currency"), _("Agreement amount"), _("Approved by"), _("Recorded by"), _("Recorded at")]

    def lines():
        yield "\ufeff"  # Excel opens UTF-8 (Chinese names) correctly with a byte-order mark
        yield writer.writerow([str(label) for label in header])
        for payment in rows.iterator(chunk_size=2000):
            claim = payment.claim
            agreement = getattr(claim, "agreement", None)
            yield writer.writerow([_csv_cell(value) for value in (
                payment.paid_on.isoformat(), payment.site.code, claim.reference, claim.incident.reference,
                claim.claimant_name, payment.get_method_display(), payment.reference, payment.amount,
                payment.currency, agreement.amount if agreement else "",
                claim.decided_by.get_username() if claim.decided_by else "", payment.recorded_by.get_username(),
                timezone.localtime(payment.recorded_at).strftime("%Y-%m-%d %H:%M:%S"),
            )])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payouts-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- filing -----------------------------------------------------------------------------------------


@require(FILE)
def claim_new_view(request: HttpRequest, incident_pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, incident_pk)
    lost_items = list(incident.items.all())
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES)
        formset = ClaimItemFormSet(request.POST, prefix="items", lost_items=lost_items)
        if form.is_valid() and formset.is_valid():
            by_pk = {item.pk: item for item in lost_items}
            items = [
                services.ClaimItemData(
                    description=row["description"], head=row["head"], amount_claimed=row.get("amount_claimed"),
                    lost_item=by_pk.get(row.get("lost_item")),
                )
                for row in formset.cleaned_data
                if row and (row.get("description") or row.get("amount_claimed") is not None)
            ]
            evidence = [services.EvidenceData(upload=upload, kind=form.cleaned_data["evidence_kind"])
                        for upload in form.cleaned_data["files"]]
            try:
                claim = services.claim_file(
                    incident=incident, by=request.user, claimant_name=form.cleaned_data["claimant_name"],
                    statement=form.cleaned_data["statement"], items=items, evidence=evidence,
                    late_override_reason=form.cleaned_data["late_override_reason"],
                )
            except ClaimError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Claim %(reference)s filed.") % {"reference": claim.reference})
                return redirect(claim)
    else:
        form = ClaimForm(initial={"claimant_name": incident.customer.name})
        formset = ClaimItemFormSet(
            prefix="items", lost_items=lost_items,
            initial=[{"description": item.name, "lost_item": item.pk, "head": LossHead.DIRECT,
                      "amount_claimed": item.estimated_value} for item in lost_items],
        )
    window_end = None
    if incident.status == Status.CLOSED and incident.closed_at:
        window_end = services.claim_window_end(incident)
    return render(request, "compensation/claim/new.html", {
        "incident": incident, "form": form, "formset": formset, "window_end": window_end,
        "late": window_end is not None and not services.is_in_time(incident, timezone.now()),
        "can_override": request.user.has_perm("compensation.file_late_claim"),
    })


# --- the claim page ---------------------------------------------------------------------------------


@require(VIEW)
def claim_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    return _render_detail(request, claim)


def _render_detail(request: HttpRequest, claim, **forms_) -> HttpResponse:
    user = request.user
    assessment = getattr(claim, "assessment", None)
    agreement = Agreement.objects.filter(claim=claim).first()
    items = list(claim.items.select_related("category", "lost_item"))
    for item in items:
        item.lines = calculation_lines(item.calculation)
    tier = None
    if assessment is not None:
        tier = services.required_tier(site=claim.site, amount=assessment.total)
    context = {
        "claim": claim, "incident": claim.incident, "items": items, "assessment": assessment,
        "assessment_lines": calculation_lines(assessment.calculation) if assessment else [],
        "evidence": claim.evidence.select_related("uploaded_by"),
        "opinions": claim.opinions.select_related("by"), "agreement": agreement,
        "payments": claim.payments.select_related("recorded_by"), "paid": services.paid_so_far(claim),
        "tier_label": dict(services.Tier.choices).get(tier) if tier else None,
        "can_assess": user.has_perm(ASSESS) and claim.state in (ClaimState.FILED, ClaimState.ASSESSED),
        "can_opine": user.has_perm(OPINE) and claim.state in (ClaimState.FILED, ClaimState.ASSESSED),
        "can_decide": user.has_perm(DECIDE) and services.may_decide(user, claim),
        "can_agree": user.has_perm(AGREE) and claim.state == ClaimState.APPROVED,
        "can_pay": user.has_perm(PAY) and claim.state == ClaimState.AGREED,
        "can_add_evidence": user.has_perm(FILE) and claim.state in (ClaimState.FILED, ClaimState.ASSESSED),
        "evidence_form": forms_.get("evidence_form") or EvidenceForm(),
        "opinion_form": forms_.get("opinion_form") or OpinionForm(),
        "decision_form": forms_.get("decision_form") or DecisionForm(),
        "payment_form": forms_.get("payment_form") or PaymentForm(initial={
            "paid_on": timezone.localdate(), "method": agreement.method if agreement else None,
            "amount": (agreement.amount - services.paid_so_far(claim)) if agreement else None}),
    }
    return render(request, "compensation/claim/detail.html", context)


@require(FILE)
def evidence_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=FILE)
    if request.method != "POST":
        return redirect(claim)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(claim=claim, by=request.user, uploads=form.cleaned_data["files"],
                                  kind=form.cleaned_data["kind"], description=form.cleaned_data["description"])
        except ClaimError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(claim)
    return _render_detail(request, claim, evidence_form=form)


@require(VIEW)
def evidence_file_view(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    get_claim_for_user(request.user, evidence.claim_id)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# --- assessment, opinion, decision -------------------------------------------------------------------


@require(ASSESS)
def assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=ASSESS)
    items = list(claim.items.select_related("category"))
    assessment = getattr(claim, "assessment", None)
    if request.method == "POST":
        form = AssessmentForm(request.POST, items=items)
        if form.is_valid():
            data = form.cleaned_data
            valuations = []
            for item in items:
                prefix = f"item_{item.pk}_"
                if item.head == LossHead.DIRECT:
                    valuations.append(services.ValuationData(
                        item_id=item.pk, category=data[prefix + "category"], quantity=data[prefix + "quantity"],
                        purchase_price=data[prefix + "price"], purchase_date=data[prefix + "date"],
                        proof_of_value=data[prefix + "proof"], declared_for_safekeeping=data[prefix + "declared"],
                    ))
                else:
                    valuations.append(services.ValuationData(item_id=item.pk, accepted_amount=data[prefix + "accepted"]))
            try:
                services.claim_assess(
                    claim=claim, by=request.user, liability=data["liability"], grounds=data["grounds"],
                    share_percent=data.get("share_percent"), cctv_evidence=data["cctv_evidence"],
                    patrol_evidence=data["patrol_evidence"], valuation_date=data["valuation_date"],
                    valuations=valuations,
                )
            except ClaimError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Assessment saved."))
                return redirect(claim)
    else:
        initial = {"valuation_date": services.loss_date(claim.incident)}
        if assessment is not None:
            initial.update({name: getattr(assessment, name) for name in (
                "liability", "grounds", "share_percent", "cctv_evidence", "patrol_evidence", "valuation_date")})
        elif claim.custody_loss:
            initial["liability"] = "company_fault"
        form = AssessmentForm(initial=initial, items=items)
    return render(request, "compensation/claim/assess.html", {"claim": claim, "form": form})


@require(OPINE)
def opinion_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=OPINE)
    if request.method != "POST":
        return redirect(claim)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.legal_opinion_add(claim=claim, by=request.user, text=form.cleaned_data["text"])
        except ClaimError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Opinion added."))
            return redirect(claim)
    return _render_detail(request, claim, opinion_form=form)


@require(DECIDE)
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=DECIDE)
    if request.method != "POST":
        return redirect(claim)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.claim_approve(claim=claim, by=request.user)
                messages.success(request, _("Claim approved; the customer is told."))
            else:
                services.claim_reject(claim=claim, by=request.user, reasons=form.cleaned_data["reasons"])
                messages.success(request, _("Claim rejected; the customer is told the reasons."))
        except ClaimError as error:
            _add_error(form, error)
        else:
            return redirect(claim)
    return _render_detail(request, claim, decision_form=form)


# --- agreement and payment --------------------------------------------------------------------------


@require(AGREE)
def agreement_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=AGREE)
    agreement = Agreement.objects.filter(claim=claim).first()
    form = AgreementForm(initial={
        "amount": agreement.amount if agreement else claim.approved_amount,
        "method": agreement.method if agreement else None, "terms": agreement.terms if agreement else "",
    })
    upload_form = SignedCopyForm()
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload_form = SignedCopyForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                services.agreement_upload_signed(claim=claim, by=request.user, upload=upload_form.cleaned_data["file"])
            except ClaimError as error:
                upload_form.add_error("file", str(error))
            else:
                messages.success(request, _("Signed agreement uploaded; finance can pay."))
                return redirect(claim)
    elif request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_prepare(claim=claim, by=request.user, **form.cleaned_data)
            except ClaimError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Agreement ready: print it for the customer's signature."))
                return redirect("compensation:agreement", pk=claim.pk)
    return render(request, "compensation/agreement/edit.html", {
        "claim": claim, "agreement": agreement, "form": form, "upload_form": upload_form,
    })


@require(VIEW)
def agreement_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    agreement = Agreement.objects.filter(claim=claim).first()
    if agreement is None:
        raise Http404
    items = list(claim.items.all())
    return render(request, "compensation/agreement/print.html", {
        "claim": claim, "agreement": agreement, "items": items, "incident": claim.incident,
    })


@require(PAY)
def payment_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk, perm=PAY)
    if request.method != "POST":
        return redirect(claim)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(claim=claim, by=request.user, **form.cleaned_data)
        except ClaimError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect(claim)
    return _render_detail(request, claim, payment_form=form)
