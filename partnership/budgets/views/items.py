"""Allocation and claim pages: proposing, adjusting, claiming, and each one's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.uploads import attachment_response
from schools.models import School

from .. import permissions, selectors, services
from ..forms import AdjustmentForm, AllocationForm, ClaimForm
from ..models import Allocation, Claim, Fund
from . import loaders


def _proposal_schools(user, fund: Fund, officer: bool):
    schools = fund.partnership.current_schools().order_by("name")
    if officer:
        return schools
    schools = schools.filter(pk__in=School.objects.served_by(user, "headteacher"))
    if not schools.exists():
        raise Http404
    return schools


@login_required
def allocation_create(request, pk):
    fund = loaders.visible_fund(request, pk)
    officer = permissions.is_officer(request.user, fund.partnership)
    schools = _proposal_schools(request.user, fund, officer)
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
                available_from=data["available_from"],
                proposed_by=request.user,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                f"The allocation for {allocation.recipient} is proposed and waits "
                "for approval.",
            )
            return redirect(allocation)
    return render(
        request,
        "budgets/allocation_form.html",
        {
            "fund": fund,
            "form": form,
            "unallocated": selectors.fund_unallocated(fund=fund),
        },
    )


@login_required
def allocation_detail(request, pk):
    allocation = loaders.allocation(request, pk)
    fund = allocation.fund
    user = request.user
    return render(
        request,
        "budgets/allocation_detail.html",
        {
            "allocation": allocation,
            "fund": fund,
            "balance": selectors.allocation_balance(allocation=allocation),
            "claims": selectors.allocation_claims(allocation=allocation),
            "adjustments": allocation.adjustments.select_related("made_by"),
            "approvals": allocation.approvals.select_related("approver"),
            "needs_two": allocation.amount > fund.approval_threshold,
            "can_decide": permissions.may_decide(user, allocation),
            "can_claim": allocation.status == Allocation.Status.APPROVED
            and permissions.may_claim_for(user, allocation),
            "is_officer": permissions.is_officer(user, fund.partnership),
            "overview": Fund.objects.overview_visible_to(user)
            .filter(pk=fund.pk)
            .exists(),
        },
    )


@login_required
def allocation_adjust(request, pk):
    allocation = loaders.allocation(request, pk)
    if not permissions.is_officer(request.user, allocation.fund.partnership):
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
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, "The adjustment is recorded.")
            return redirect(allocation)
    return render(
        request,
        "budgets/adjustment_form.html",
        {
            "form": form,
            "allocation": allocation,
            "fund": allocation.fund,
            "balance": selectors.allocation_balance(allocation=allocation),
            "unallocated": selectors.fund_unallocated(fund=allocation.fund),
        },
    )


@login_required
def claim_create(request, pk):
    allocation = loaders.allocation(request, pk)
    if not permissions.may_claim_for(request.user, allocation):
        raise Http404
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_submit(
                allocation=allocation, claimant=request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, "Your claim is submitted and waits for approval.")
            return redirect(claim)
    return render(
        request,
        "budgets/claim_form.html",
        {
            "form": form,
            "allocation": allocation,
            "fund": allocation.fund,
            "balance": selectors.allocation_balance(allocation=allocation),
        },
    )


@login_required
def claim_detail(request, pk):
    claim = loaders.claim(request, pk)
    allocation = claim.allocation
    fund = allocation.fund
    officer = permissions.is_officer(request.user, fund.partnership)
    return render(
        request,
        "budgets/claim_detail.html",
        {
            "claim": claim,
            "allocation": allocation,
            "fund": fund,
            "approvals": claim.approvals.select_related("approver"),
            "needs_two": claim.amount > fund.approval_threshold,
            "entries": claim.ledger.select_related("created_by").order_by("pk"),
            "can_decide": permissions.may_decide(request.user, claim),
            "can_pay": officer and claim.status == Claim.Status.APPROVED,
            "can_change": permissions.may_change_claim(request.user, claim),
            "can_reverse": officer
            and claim.status in {Claim.Status.APPROVED, Claim.Status.PAID},
        },
    )


@login_required
def claim_receipt(request, pk):
    claim = loaders.claim(request, pk)
    return attachment_response(
        claim.receipt, download_name=claim.receipt_name, kind=claim.receipt_kind
    )
