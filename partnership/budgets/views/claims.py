"""A waiting claim withdrawn or corrected, and "Make a claim" from the school page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error

from .. import permissions, selectors, services
from ..forms import ChooseAllocationForm, ClaimCorrectionForm
from ..models import Allocation
from . import loaders


def _changeable(request, pk):
    claim = loaders.claim(request, pk)
    if not permissions.may_change_claim(request.user, claim):
        raise Http404
    return claim


@login_required
def claim_withdraw(request, pk):
    """Asks first, on a page of its own; withdrawing cannot be undone."""
    claim = _changeable(request, pk)
    if request.method == "POST":
        try:
            services.claim_withdraw(claim=claim, withdrawn_by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "The claim is withdrawn: its money is available again.",
            )
        return redirect(claim)
    return render(
        request,
        "budgets/claim_withdraw.html",
        {"claim": claim, "allocation": claim.allocation, "fund": claim.allocation.fund},
    )


@login_required
def claim_correct(request, pk):
    claim = _changeable(request, pk)
    initial = {"amount": claim.amount, "description": claim.description}
    form = ClaimCorrectionForm(
        request.POST or None, request.FILES or None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_correct(
                claim=claim, corrected_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(
                request, "The claim is corrected and the approvers are asked again."
            )
            return redirect(claim)
    return render(
        request,
        "budgets/claim_correct.html",
        {
            "form": form,
            "claim": claim,
            "allocation": claim.allocation,
            "fund": claim.allocation.fund,
            "balance": selectors.allocation_balance(
                allocation=claim.allocation, excluding=claim
            ),
        },
    )


@login_required
def school_claim_create(request, urn):
    """Make a claim from the school's page: straight to the form when the school
    has one allocation to claim from, else choose the allocation first."""
    school = loaders.school(request, urn)
    allocations = [
        a
        for a in Allocation.objects.visible_to(request.user)
        .filter(school=school, status=Allocation.Status.APPROVED)
        .select_related("fund__partnership", "school")
        .order_by("-fund__starts", "pk")
        if permissions.may_claim_for(request.user, a)
    ]
    if not allocations:
        raise Http404
    if len(allocations) == 1:
        return redirect("budget:claim_create", pk=allocations[0].pk)
    choices = Allocation.objects.filter(pk__in=[a.pk for a in allocations])
    form = ChooseAllocationForm(request.GET or None, allocations=choices)
    if request.GET and form.is_valid():
        return redirect("budget:claim_create", pk=form.cleaned_data["allocation"].pk)
    return render(
        request,
        "budgets/claim_choose.html",
        {"form": form, "school": school},
    )
