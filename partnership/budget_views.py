"""Budget pages. Each view loads its object through a `visible_to` queryset (404 for
anything a person may not see), binds a form, calls one service and redirects."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership import budget_selectors as selectors
from partnership.budget_forms import (
    AdjustmentForm,
    AllocationForm,
    ClaimForm,
    DelegationForm,
    FundForm,
    ReasonForm,
)
from partnership.models import (
    Allocation,
    Claim,
    ClaimDelegation,
    Fund,
    Partnership,
)
from partnership.services import budget as services
from partnership.services.budget import BudgetError
from partnership.uploads import attachment_response
from schools.models import School


def _form_error(form, error: BudgetError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _act(request, action, success: str, redirect_to, **redirect_kwargs):
    """Run a one-click service (approve, pay); a broken rule becomes a message."""
    try:
        action()
    except BudgetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(redirect_to, **redirect_kwargs)


# ---------------------------------------------------------------------------
# Funds


@login_required
def fund_list(request):
    funds = Fund.objects.visible_to(request.user).select_related("partnership")
    overview_ids = set(
        Fund.objects.overview_visible_to(request.user).values_list("pk", flat=True)
    )
    return render(
        request,
        "partnership/budget/fund_list.html",
        {
            "funds": funds,
            "overview_ids": overview_ids,
            "schools": selectors.schools_with_budget_visible_to(request.user)
            .filter(pk__in=request.user.school_ids() | _delegated_ids(request.user))
            .order_by("name"),
            "can_open": request.user.is_superuser or request.user.officer_of.exists(),
        },
    )


def _delegated_ids(user) -> set[int]:
    return set(
        ClaimDelegation.objects.filter(delegate=user, revoked__isnull=True).values_list(
            "school_id", flat=True
        )
    )


@login_required
def fund_create(request):
    partnerships = (
        Partnership.objects.all()
        if request.user.is_superuser
        else request.user.officer_of.all()
    )
    if not partnerships.exists():
        raise Http404
    form = FundForm(request.POST or None)
    form.fields["partnership"] = _partnership_field(partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fund = services.fund_create(
                partnership=data.pop("partnership"), created_by=request.user, **data
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{fund.name} is open.")
            return redirect(fund)
    return render(request, "partnership/budget/fund_form.html", {"form": form})


def _partnership_field(partnerships):
    from django import forms

    return forms.ModelChoiceField(
        queryset=partnerships, empty_label=None, label="Partnership"
    )


def _overview_fund(request, pk) -> Fund:
    return get_object_or_404(
        Fund.objects.overview_visible_to(request.user).select_related("partnership"),
        pk=pk,
    )


@login_required
def fund_detail(request, pk):
    fund = _overview_fund(request, pk)
    return render(
        request,
        "partnership/budget/fund_detail.html",
        {
            "fund": fund,
            "overview": selectors.fund_overview(fund=fund),
            "is_officer": services.is_officer(request.user, fund.partnership),
        },
    )


@login_required
def fund_ledger_csv(request, pk):
    fund = _overview_fund(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ledger-fund-{fund.pk}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # so that Excel reads the pound sign as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "Entry",
            "Recorded at",
            "Effective date",
            "Kind",
            "Account",
            "Amount",
            "School or theme",
            "Claim",
            "Reverses entry",
            "Recorded by",
            "Memo",
        ]
    )
    for entry in selectors.ledger_rows(fund=fund):
        writer.writerow(
            [
                entry.pk,
                timezone.localtime(entry.created).strftime("%Y-%m-%d %H:%M:%S"),
                entry.effective_on.isoformat(),
                entry.get_kind_display(),
                entry.get_account_display(),
                f"{entry.amount:.2f}",
                _csv_safe(entry.allocation.recipient),
                entry.claim_id or "",
                entry.reverses_id or "",
                _csv_safe(entry.created_by.email),
                _csv_safe(entry.memo),
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """Stop spreadsheet programs running a cell as a formula."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@login_required
def fund_audit(request, pk):
    fund = _overview_fund(request, pk)
    page = Paginator(selectors.audit_trail(fund=fund), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "partnership/budget/fund_audit.html", {"fund": fund, "page": page}
    )


# ---------------------------------------------------------------------------
# Allocations


@login_required
def allocation_create(request, pk):
    fund = get_object_or_404(
        Fund.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )
    officer = services.is_officer(request.user, fund.partnership)
    schools = fund.partnership.current_schools().order_by("name")
    if not officer:
        schools = schools.filter(pk__in=request.user.headteacher_school_ids())
        if not schools.exists():
            raise Http404
    form = AllocationForm(request.POST or None, schools=schools, officer=officer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.allocation_propose(
                fund=fund,
                school=data["school"],
                theme=data.get("theme", ""),
                amount=data["amount"],
                purpose=data["purpose"],
                proposed_by=request.user,
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                f"The allocation for {allocation.recipient} is proposed and waits "
                "for approval.",
            )
            return redirect(allocation)
    return render(
        request,
        "partnership/budget/allocation_form.html",
        {
            "fund": fund,
            "form": form,
            "unallocated": services.fund_unallocated(fund=fund),
        },
    )


def _allocation(request, pk) -> Allocation:
    return get_object_or_404(
        Allocation.objects.visible_to(request.user).select_related(
            "fund__partnership", "school", "proposed_by"
        ),
        pk=pk,
    )


@login_required
def allocation_detail(request, pk):
    allocation = _allocation(request, pk)
    fund = allocation.fund
    user = request.user
    return render(
        request,
        "partnership/budget/allocation_detail.html",
        {
            "allocation": allocation,
            "fund": fund,
            "balance": services.allocation_balance(allocation=allocation),
            "claims": selectors.allocation_claims(allocation=allocation),
            "adjustments": allocation.adjustments.select_related("made_by"),
            "approvals": allocation.approvals.select_related("approver"),
            "needs_two": allocation.amount > fund.approval_threshold,
            "can_decide": allocation.status == Allocation.Status.PROPOSED
            and allocation.proposed_by_id != user.pk
            and not allocation.approvals.filter(approver=user).exists()
            and services.may_approve(user, fund=fund, school=allocation.school),
            "can_claim": allocation.status == Allocation.Status.APPROVED
            and services.may_claim_for(user, allocation),
            "is_officer": services.is_officer(user, fund.partnership),
            "overview": Fund.objects.overview_visible_to(user)
            .filter(pk=fund.pk)
            .exists(),
        },
    )


@login_required
@require_POST
def allocation_approve(request, pk):
    allocation = _allocation(request, pk)
    return _act(
        request,
        lambda: services.allocation_approve(
            allocation=allocation, approved_by=request.user
        ),
        "Your approval is recorded.",
        allocation,
    )


@login_required
def allocation_reject(request, pk):
    allocation = _allocation(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_reject(
                allocation=allocation,
                rejected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The allocation was turned down.")
            return redirect(allocation)
    return render(
        request,
        "partnership/budget/reason_form.html",
        {
            "form": form,
            "object": allocation,
            "fund": allocation.fund,
            "title": f"Turn down the allocation for {allocation.recipient}",
            "button": "Turn down the allocation",
        },
    )


@login_required
def allocation_adjust(request, pk):
    allocation = _allocation(request, pk)
    if not services.is_officer(request.user, allocation.fund.partnership):
        raise Http404
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_adjust(
                allocation=allocation,
                change=form.cleaned_data["change"],
                reason=form.cleaned_data["reason"],
                adjusted_by=request.user,
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The adjustment is recorded.")
            return redirect(allocation)
    return render(
        request,
        "partnership/budget/adjustment_form.html",
        {
            "form": form,
            "allocation": allocation,
            "fund": allocation.fund,
            "balance": services.allocation_balance(allocation=allocation),
            "unallocated": services.fund_unallocated(fund=allocation.fund),
        },
    )


# ---------------------------------------------------------------------------
# Claims


@login_required
def claim_create(request, pk):
    allocation = _allocation(request, pk)
    if not services.may_claim_for(request.user, allocation):
        raise Http404
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_submit(
                allocation=allocation, claimant=request.user, **form.cleaned_data
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Your claim is submitted and waits for approval.")
            return redirect(claim)
    return render(
        request,
        "partnership/budget/claim_form.html",
        {
            "form": form,
            "allocation": allocation,
            "fund": allocation.fund,
            "balance": services.allocation_balance(allocation=allocation),
        },
    )


def _claim(request, pk) -> Claim:
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "allocation__fund__partnership", "allocation__school", "claimant"
        ),
        pk=pk,
    )


@login_required
def claim_detail(request, pk):
    claim = _claim(request, pk)
    allocation = claim.allocation
    fund = allocation.fund
    user = request.user
    officer = services.is_officer(user, fund.partnership)
    return render(
        request,
        "partnership/budget/claim_detail.html",
        {
            "claim": claim,
            "allocation": allocation,
            "fund": fund,
            "approvals": claim.approvals.select_related("approver"),
            "needs_two": claim.amount > fund.approval_threshold,
            "entries": claim.ledger.select_related("created_by").order_by("pk"),
            "can_decide": claim.status == Claim.Status.SUBMITTED
            and claim.claimant_id != user.pk
            and not claim.approvals.filter(approver=user).exists()
            and services.may_approve(user, fund=fund, school=allocation.school),
            "can_pay": officer and claim.status == Claim.Status.APPROVED,
            "can_reverse": officer
            and claim.status in {Claim.Status.APPROVED, Claim.Status.PAID},
        },
    )


@login_required
@require_POST
def claim_approve(request, pk):
    claim = _claim(request, pk)
    return _act(
        request,
        lambda: services.claim_approve(claim=claim, approved_by=request.user),
        "Your approval is recorded.",
        claim,
    )


@login_required
@require_POST
def claim_pay(request, pk):
    claim = _claim(request, pk)
    return _act(
        request,
        lambda: services.claim_mark_paid(claim=claim, paid_by=request.user),
        "The claim is recorded as paid.",
        claim,
    )


def _claim_reason_view(request, pk, *, service, who: str, title, button, done):
    claim = _claim(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                claim=claim, reason=form.cleaned_data["reason"], **{who: request.user}
            )
        except BudgetError as error:
            _form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(claim)
    return render(
        request,
        "partnership/budget/reason_form.html",
        {
            "form": form,
            "object": claim,
            "fund": claim.allocation.fund,
            "title": title,
            "button": button,
        },
    )


@login_required
def claim_reject(request, pk):
    return _claim_reason_view(
        request,
        pk,
        service=services.claim_reject,
        who="rejected_by",
        title="Turn down this claim",
        button="Turn down the claim",
        done="The claim was turned down.",
    )


@login_required
def claim_reverse(request, pk):
    return _claim_reason_view(
        request,
        pk,
        service=services.claim_reverse,
        who="reversed_by",
        title="Reverse this claim",
        button="Reverse the claim",
        done="The claim is reversed: reversing entries are on the ledger.",
    )


@login_required
def claim_receipt(request, pk):
    claim = _claim(request, pk)
    return attachment_response(
        claim.receipt, download_name=claim.receipt_name, kind=claim.receipt_kind
    )


# ---------------------------------------------------------------------------
# A school's budget, delegations and the approver's queue


def _school(request, urn) -> School:
    return get_object_or_404(
        selectors.schools_with_budget_visible_to(request.user), urn=urn
    )


@login_required
def school_budget(request, urn):
    school = _school(request, urn)
    is_head = school.pk in request.user.headteacher_school_ids()
    return render(
        request,
        "partnership/budget/school_budget.html",
        {
            "school": school,
            "allocations": selectors.school_budget(school=school, user=request.user),
            "claims": Claim.objects.visible_to(request.user)
            .filter(allocation__school=school)
            .select_related("allocation__fund", "claimant")
            .order_by("-created", "-pk")[:50],
            "totals": selectors.school_totals(school=school),
            "is_head": is_head,
            "delegations": school.claim_delegations.filter(revoked__isnull=True)
            .select_related("delegate")
            .order_by("delegate__full_name")
            if is_head
            else [],
            "delegation_form": DelegationForm(school=school) if is_head else None,
            "funds": Fund.objects.filter(
                partnership__memberships__school=school,
                partnership__memberships__left__isnull=True,
            ).order_by("-starts")
            if is_head
            else [],
        },
    )


@login_required
@require_POST
def delegation_create(request, urn):
    school = _school(request, urn)
    if school.pk not in request.user.headteacher_school_ids():
        raise Http404
    form = DelegationForm(request.POST, school=school)
    if form.is_valid():
        delegate = form.cleaned_data["delegate"]
        return _act(
            request,
            lambda: services.delegation_grant(
                school=school, delegate=delegate, granted_by=request.user
            ),
            f"{delegate} can now see this budget and make claims.",
            "budget:school",
            urn=school.urn,
        )
    messages.error(request, "Choose a teacher of this school.")
    return redirect("budget:school", urn=school.urn)


@login_required
@require_POST
def delegation_revoke(request, pk):
    delegation = get_object_or_404(
        ClaimDelegation.objects.filter(
            school_id__in=request.user.headteacher_school_ids()
        ).select_related("school", "delegate"),
        pk=pk,
    )
    services.delegation_revoke(delegation=delegation, revoked_by=request.user)
    messages.success(request, f"{delegation.delegate} can no longer make claims.")
    return redirect("budget:school", urn=delegation.school.urn)


@login_required
def approvals(request):
    allocations, claims = services.waiting_for(request.user)
    return render(
        request,
        "partnership/budget/approvals.html",
        {"allocations": allocations, "claims": claims},
    )
