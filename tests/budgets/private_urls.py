"""Budget URLs for the URL walker (tests/security): how to make each private object,
who must be refused, and the state a refused request must leave unchanged."""

from decimal import Decimal

from tests.security.url_registry import Private, World

NOT_THEIRS = ("teacher", "other_headteacher")
OVERVIEW_REFUSED = ("teacher", "headteacher", "other_headteacher")


def _budget(world: World) -> dict:
    """A fund, an approved allocation for the headteacher's school, a proposed one,
    a claim by the headteacher and a delegation (made once per test)."""
    if "fund" in world.extra:
        return world.extra
    from partnership.budgets import services
    from tests.budgets.factories import (
        FundFactory,
        approved_allocation,
        make_officer,
        submit_claim,
    )
    from tests.factories import StaffFactory

    second = make_officer(world.partnership)
    fund = FundFactory(partnership=world.partnership, created_by=world.officer)
    allocation = approved_allocation(
        fund=fund,
        school=world.school,
        amount=Decimal("1000.00"),
        proposer=world.officer,
        approvers=[second],
    )
    proposed = services.allocation_propose(
        fund=fund, school=world.school, amount=Decimal("50.00"), proposed_by=second
    )
    claim = submit_claim(
        allocation=allocation, claimant=world.headteacher, amount=Decimal("10.00")
    )
    delegate = StaffFactory(school=world.school, role="teacher").user
    delegation = services.delegation_grant(
        school=world.school, delegate=delegate, granted_by=world.headteacher
    )
    world.extra.update(
        fund=fund,
        allocation=allocation,
        proposed=proposed,
        claim=claim,
        delegation=delegation,
    )
    return world.extra


def _state(world: World):
    from partnership.budgets.models import (
        Allocation,
        AllocationAdjustment,
        Claim,
        ClaimDelegation,
        LedgerEntry,
    )

    return (
        list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount")),
        sorted(Allocation.objects.values_list("pk", "status")),
        sorted(Claim.objects.values_list("pk", "status")),
        AllocationAdjustment.objects.count(),
        sorted(ClaimDelegation.objects.values_list("pk", "revoked")),
    )


def _claim_state(world: World):
    from partnership.budgets.models import BudgetEvent, Claim

    return (
        sorted(Claim.objects.values_list("pk", "status", "amount", "description")),
        BudgetEvent.objects.count(),
    )


def _fund_state(world: World):
    from partnership.budgets.models import Fund

    return sorted(Fund.objects.values_list("pk", "public"))


def _fund(w):
    return {"pk": _budget(w)["fund"].pk}


def _allocation(w):
    return {"pk": _budget(w)["allocation"].pk}


def _proposed(w):
    return {"pk": _budget(w)["proposed"].pk}


def _claim(w):
    return {"pk": _budget(w)["claim"].pk}


def _school(w):
    _budget(w)
    return {"urn": w.school.urn}


PRIVATE = {
    "budget:fund": Private(kwargs=_fund, refused=OVERVIEW_REFUSED, methods=("get",)),
    "budget:ledger_csv": Private(
        kwargs=_fund, refused=OVERVIEW_REFUSED, methods=("get",)
    ),
    "budget:audit": Private(kwargs=_fund, refused=OVERVIEW_REFUSED, methods=("get",)),
    "budget:allocation_create": Private(kwargs=_fund, refused=NOT_THEIRS, state=_state),
    "budget:allocation": Private(
        kwargs=_allocation, refused=NOT_THEIRS, methods=("get",)
    ),
    "budget:allocation_approve": Private(
        kwargs=_proposed, refused=NOT_THEIRS, methods=("post",), state=_state
    ),
    "budget:allocation_reject": Private(
        kwargs=_proposed, refused=NOT_THEIRS, state=_state
    ),
    "budget:allocation_adjust": Private(
        kwargs=_allocation, refused=(*NOT_THEIRS, "headteacher"), state=_state
    ),
    "budget:claim_create": Private(
        kwargs=_allocation, refused=(*NOT_THEIRS, "officer"), state=_state
    ),
    "budget:claim": Private(kwargs=_claim, refused=NOT_THEIRS, methods=("get",)),
    "budget:claim_approve": Private(
        kwargs=_claim, refused=NOT_THEIRS, methods=("post",), state=_state
    ),
    "budget:claim_reject": Private(kwargs=_claim, refused=NOT_THEIRS, state=_state),
    "budget:claim_pay": Private(
        kwargs=_claim, refused=NOT_THEIRS, methods=("post",), state=_state
    ),
    "budget:claim_reverse": Private(kwargs=_claim, refused=NOT_THEIRS, state=_state),
    "budget:claim_receipt": Private(
        kwargs=_claim, refused=NOT_THEIRS, methods=("get",)
    ),
    "budget:school": Private(kwargs=_school, refused=NOT_THEIRS, methods=("get",)),
    "budget:delegation_create": Private(
        kwargs=_school,
        refused=(*NOT_THEIRS, "officer"),
        methods=("post",),
        state=_state,
    ),
    "budget:delegation_revoke": Private(
        kwargs=lambda w: {"pk": _budget(w)["delegation"].pk},
        refused=(*NOT_THEIRS, "officer"),
        methods=("post",),
        state=_state,
    ),
    "budget:claim_withdraw": Private(
        kwargs=_claim, refused=(*NOT_THEIRS, "officer"), state=_claim_state
    ),
    "budget:claim_correct": Private(
        kwargs=_claim, refused=(*NOT_THEIRS, "officer"), state=_claim_state
    ),
    "budget:school_claim_create": Private(
        kwargs=_school, refused=(*NOT_THEIRS, "officer"), methods=("get",)
    ),
    "budget:fund_publish": Private(
        kwargs=_fund, refused=OVERVIEW_REFUSED, methods=("post",), state=_fund_state
    ),
}

PUBLIC = {
    "budget:public": "a fund's public account, only once an officer publishes it "
    "(totals only: no names, no receipts; 404 otherwise)",
    "budget:public_csv": "the CSV of a fund's published public account",
}
