"""A school's budget page, its delegations, and the approver's queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.errors import DomainError
from schools.models import School

from .. import permissions, selectors, services
from ..filters import ClaimFilter
from ..forms import DelegationForm
from ..models import Claim, ClaimDelegation, Fund
from . import loaders


def _head_context(school) -> dict:
    """What only the school's headteacher sees: delegations and the funds."""
    return {
        "delegations": school.claim_delegations.filter(revoked__isnull=True)
        .select_related("delegate")
        .order_by("delegate__full_name"),
        "delegation_form": DelegationForm(school=school),
        "funds": Fund.objects.filter(
            partnership__memberships__school=school,
            partnership__memberships__left__isnull=True,
        ).order_by("-starts"),
    }


def _claims(request, school):
    """The school's claims through the filter; a bad value becomes a message."""
    claims = (
        Claim.objects.visible_to(request.user)
        .filter(allocation__school=school)
        .select_related("allocation__fund", "claimant")
    )
    filters = ClaimFilter(request.GET or None, claims=claims)
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    return filters, page


@login_required
def school_budget(request, urn):
    school = loaders.school(request, urn)
    is_head = permissions.is_head(request.user, school)
    allocations = selectors.school_budget(school=school, user=request.user)
    filters, page = _claims(request, school)
    context = {
        "school": school,
        "allocations": allocations,
        "filters": filters,
        "page": page,
        "claims": page.object_list,
        "can_claim": any(
            item["allocation"].status == "approved"
            and permissions.may_claim_for(request.user, item["allocation"])
            for item in allocations
        ),
        "totals": selectors.school_totals(school=school),
        "is_head": is_head,
        "delegations": [],
        "delegation_form": None,
        "funds": [],
    }
    if is_head:
        context.update(_head_context(school))
    return render(request, "budgets/school_budget.html", context)


@login_required
@require_POST
def delegation_create(request, urn):
    school = loaders.school(request, urn)
    if not permissions.may_delegate(request.user, school):
        raise Http404
    form = DelegationForm(request.POST, school=school)
    if not form.is_valid():
        messages.error(request, "Choose a teacher of this school.")
        return redirect("budget:school", urn=school.urn)
    delegate = form.cleaned_data["delegate"]
    try:
        services.delegation_grant(
            school=school, delegate=delegate, granted_by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{delegate} can now see this budget and make claims."
        )
    return redirect("budget:school", urn=school.urn)


@login_required
@require_POST
def delegation_revoke(request, pk):
    delegation = get_object_or_404(
        ClaimDelegation.objects.filter(
            school__in=School.objects.served_by(request.user, "headteacher")
        ).select_related("school", "delegate"),
        pk=pk,
    )
    services.delegation_revoke(delegation=delegation, revoked_by=request.user)
    messages.success(request, f"{delegation.delegate} can no longer make claims.")
    return redirect("budget:school", urn=delegation.school.urn)


@login_required
def approvals(request):
    allocations, claims = selectors.waiting_for(request.user)
    return render(
        request,
        "budgets/approvals.html",
        {
            "allocations": allocations,
            "claims": claims,
            "can_batch": permissions.may_batch_decide(request.user),
        },
    )
