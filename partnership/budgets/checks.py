"""What an approver sees before deciding on claims in a batch: each claim's
checks (money available, separation of duties, the two-person threshold). Reads
only; the services check every rule again when the decision is made."""

from dataclasses import dataclass
from decimal import Decimal

from partnership.kernel.money import pounds

from . import permissions, selectors
from .models import Claim


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    says: str


@dataclass(frozen=True)
class ClaimChecks:
    claim: Claim
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _money(claim: Claim) -> Check:
    balance = selectors.allocation_balance(allocation=claim.allocation)
    ok = claim.amount <= balance.remaining
    return Check(
        "Money available",
        ok,
        f"{pounds(balance.remaining)} of the allocation is unspent"
        + ("" if ok else f": not enough for {pounds(claim.amount)}"),
    )


def _duties(claim: Claim, user) -> Check:
    allocation = claim.allocation
    if claim.claimant_id == user.pk:
        return Check("Separation of duties", False, "You made this claim.")
    if not permissions.may_approve(
        user, fund=allocation.fund, school=allocation.school
    ):
        return Check(
            "Separation of duties", False, "You cannot approve for your own school."
        )
    return Check("Separation of duties", True, f"Claimed by {claim.claimant}")


def _two_people(claim: Claim, user) -> Check:
    fund = claim.allocation.fund
    if claim.amount <= fund.approval_threshold:
        return Check("Two-person rule", True, "One approval is enough.")
    approvers = list(claim.approvals.values_list("approver_id", flat=True))
    if user.pk in approvers:
        return Check(
            "Two-person rule",
            False,
            "You have already approved it; a second person must.",
        )
    if approvers:
        return Check("Two-person rule", True, "Yours is the second approval.")
    return Check(
        "Two-person rule",
        False,
        f"Above {pounds(fund.approval_threshold)}: yours is the first of two "
        "approvals; it will wait for a second person.",
    )


def batch_checks(*, claims, user) -> tuple[list[ClaimChecks], Decimal]:
    """Each chosen claim with its checks, and the total of the claims."""
    rows = [
        ClaimChecks(c, [_money(c), _duties(c, user), _two_people(c, user)])
        for c in claims
    ]
    return rows, sum((r.claim.amount for r in rows), Decimal("0.00"))
