"""Deciding on several claims together: each claim is checked and decided on its
own, in its own transaction; one that fails is reported and the rest go on."""

from dataclasses import dataclass

from partnership.kernel.errors import DomainError

from ..models import Claim
from .claims import claim_approve, claim_reject


@dataclass(frozen=True)
class Outcome:
    claim: Claim
    done: bool
    says: str


def _approve_one(claim: Claim, decided_by) -> Outcome:
    claim = claim_approve(claim=claim, approved_by=decided_by)
    if claim.status == Claim.Status.APPROVED:
        return Outcome(claim, True, "Approved.")
    return Outcome(
        claim,
        False,
        "Your approval is recorded, but it is above the fund's threshold: a second "
        "person must approve it too (the two-person rule).",
    )


def claims_decide(*, claims, decided_by, decision: str, reason: str = "") -> list:
    """Approve (or turn down, with one reason) each claim in turn. Returns one
    Outcome per claim, in the order given."""
    if decision not in {"approve", "reject"}:
        raise DomainError("Choose whether to approve or turn down the claims.")
    outcomes = []
    for claim in claims:
        try:
            if decision == "approve":
                outcomes.append(_approve_one(claim, decided_by))
            else:
                claim_reject(claim=claim, rejected_by=decided_by, reason=reason)
                outcomes.append(Outcome(claim, True, "Turned down."))
        except DomainError as error:
            outcomes.append(Outcome(claim, False, error.message))
    return outcomes
