"""Loading the objects of the budget pages: missing and forbidden are the same 404."""

from django.shortcuts import get_object_or_404

from .. import selectors
from ..models import Allocation, Claim, Fund


def overview_fund(request, pk) -> Fund:
    """A fund whose whole picture the person may see (officers and the board)."""
    return get_object_or_404(
        Fund.objects.overview_visible_to(request.user).select_related("partnership"),
        pk=pk,
    )


def visible_fund(request, pk) -> Fund:
    return get_object_or_404(
        Fund.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )


def allocation(request, pk) -> Allocation:
    return get_object_or_404(
        Allocation.objects.visible_to(request.user).select_related(
            "fund__partnership", "school", "proposed_by"
        ),
        pk=pk,
    )


def claim(request, pk) -> Claim:
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related(
            "allocation__fund__partnership", "allocation__school", "claimant"
        ),
        pk=pk,
    )


def school(request, urn):
    return get_object_or_404(
        selectors.schools_with_budget_visible_to(request.user), urn=urn
    )
