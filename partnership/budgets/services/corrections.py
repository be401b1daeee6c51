"""Withdrawing and correcting a claim while it waits and nobody has approved it."""

from django.db import transaction

from partnership.kernel.money import pounds

from .. import permissions
from ..errors import BudgetError, NotAllowed
from ..models import CLAIM_STATES, Claim, ClaimTransition
from . import notices
from .claims import _check_receipt, check_available
from .ledger import audit, lock_allocation, lock_claim, money

Status = Claim.Status


def _lock(claim: Claim, by, verb: str, done: str):
    allocation = lock_allocation(claim.allocation_id)
    claim = lock_claim(claim.pk)
    claim.allocation = allocation
    if claim.status != Status.SUBMITTED or claim.approvals.exists():
        raise NotAllowed(
            f"Only a claim nobody has approved yet can be {done}; this one is "
            f"{CLAIM_STATES.label(claim.status).lower()}"
            f"{' and has an approval' if claim.approvals.exists() else ''}."
        )
    if not permissions.may_change_claim(by, claim):
        raise NotAllowed(f"You cannot {verb} this claim.")
    return claim, allocation


def claim_withdraw(*, claim: Claim, withdrawn_by) -> Claim:
    """The claimant (or the school's headteacher) withdraws a waiting claim that
    nobody has approved; its money is available again."""
    with transaction.atomic(durable=True):
        claim, allocation = _lock(claim, withdrawn_by, "withdraw", "withdrawn")
        CLAIM_STATES.move(
            claim, to=Status.WITHDRAWN, by=withdrawn_by, history=ClaimTransition
        )
        audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=withdrawn_by,
            action="withdrew a claim",
            detail=f"claim {claim.pk} of {pounds(claim.amount)}",
        )
    return claim


def _changes(claim: Claim, amount, description: str, receipt) -> list[str]:
    changes = []
    if amount != claim.amount:
        changes.append(f"amount {pounds(claim.amount)} to {pounds(amount)}")
    if description != claim.description:
        changes.append("description changed")
    if receipt is not None:
        changes.append("receipt replaced")
    return changes


def claim_correct(
    *, claim: Claim, corrected_by, amount, description: str, receipt=None
) -> Claim:
    """The claimant (or the school's headteacher) corrects the amount, the
    description or the receipt of a waiting claim nobody has approved. The new
    amount must be available; the approvers are asked again."""
    amount, description = money(amount), description.strip()
    if not description:
        raise BudgetError("Say what the money was spent on.", field="description")
    checked = _check_receipt(receipt) if receipt is not None else None
    with transaction.atomic(durable=True):
        claim, allocation = _lock(claim, corrected_by, "correct", "corrected")
        changes = _changes(claim, amount, description, receipt)
        if not changes:
            raise BudgetError("Nothing was changed.", field="amount")
        check_available(allocation, amount, excluding=claim)
        claim.amount, claim.description = amount, description
        if checked is not None:
            claim.receipt.save(checked.original_name, receipt, save=False)
            claim.receipt_kind = checked.kind
            claim.receipt_name = checked.original_name[:255]
        claim.save()
        _corrected(claim, allocation, corrected_by, changes)
    return claim


def _corrected(claim: Claim, allocation, corrected_by, changes: list[str]) -> None:
    fund = allocation.fund
    audit(
        fund_id=fund.pk,
        allocation=allocation,
        claim=claim,
        actor=corrected_by,
        action="corrected a claim",
        detail=f"claim {claim.pk}: {'; '.join(changes)}",
    )
    count = claim.events.filter(action="corrected a claim").count()
    notices.ask_approvers(
        thing=claim,
        fund=fund,
        school=allocation.school,
        exclude=[corrected_by, claim.claimant],
        subject=f"Corrected claim to approve: {pounds(claim.amount)} for "
        f"{allocation.recipient}",
        body=f"{corrected_by} corrected claim {claim.pk} ({'; '.join(changes)}). "
        "It waits for your approval.",
        event_key=f"claim:{claim.pk}:corrected:{count}",
    )
