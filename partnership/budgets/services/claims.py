"""Claims: submitting spending, approving, turning down, paying and reversing it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.kernel.money import pounds
from partnership.kernel.transactions import require_transaction
from partnership.uploads import RECEIPT_KINDS, check_upload

from .. import permissions, selectors
from ..errors import BudgetError, IllegalTransition, NotAllowed, NotEnoughMoney
from ..models import CLAIM_STATES, Allocation, Approval, Claim, ClaimTransition
from . import notices
from .ledger import (
    Account,
    Kind,
    audit,
    lock_allocation,
    lock_claim,
    money,
    post,
    reason_given,
)

Status = Claim.Status


def _check_claim(*, allocation: Allocation, claimant, spent_on, category, description):
    fund = allocation.fund
    if not permissions.may_claim_for(claimant, allocation):
        raise NotAllowed("You cannot claim from this allocation.")
    if allocation.status != Allocation.Status.APPROVED:
        raise IllegalTransition("Claims can only be made on an approved allocation.")
    if spent_on is None or not fund.starts <= spent_on <= fund.ends:
        raise BudgetError(
            f"The date of spending must be between {fund.starts:%-d %B %Y} and "
            f"{fund.ends:%-d %B %Y}, the dates of the fund.",
            field="spent_on",
        )
    if spent_on > timezone.localdate():
        raise BudgetError(
            "The date of spending cannot be in the future.", field="spent_on"
        )
    if category not in Claim.Category.values:
        raise BudgetError("Choose a category.", field="category")
    if not description.strip():
        raise BudgetError("Say what the money was spent on.", field="description")


def _check_receipt(receipt):
    try:
        return check_upload(receipt, allowed=RECEIPT_KINDS)
    except ValidationError as exc:
        raise BudgetError(exc.messages[0], field="receipt") from None


def claim_submit(
    *,
    allocation: Allocation,
    amount,
    spent_on: date,
    category: str,
    description: str,
    receipt,
    claimant,
) -> Claim:
    """A school's headteacher (or a teacher they delegated to) claims spending
    from an approved allocation: within the fund's dates, not more than is
    available (allocated less spent less waiting for approval), with a PDF, PNG
    or JPEG receipt. The allocation's row is locked before the balance is read,
    so simultaneous claims queue and never reserve more than it holds."""
    with transaction.atomic(durable=True):
        return claim_submit_within(
            allocation=allocation,
            amount=amount,
            spent_on=spent_on,
            category=category,
            description=description,
            receipt=receipt,
            claimant=claimant,
        )


def claim_submit_within(
    *,
    allocation: Allocation,
    amount,
    spent_on: date,
    category: str,
    description: str,
    receipt,
    claimant,
) -> Claim:
    """`claim_submit`, inside the caller's transaction: for a service of another part
    that records what the claim pays for in the same transaction (a charged event
    place), so neither is ever saved without the other."""
    require_transaction("claim_submit_within")
    amount = money(amount)
    allocation = Allocation.objects.select_related("fund__partnership", "school").get(
        pk=allocation.pk
    )
    _check_claim(
        allocation=allocation,
        claimant=claimant,
        spent_on=spent_on,
        category=category,
        description=description,
    )
    checked = _check_receipt(receipt)
    allocation = lock_allocation(allocation.pk)
    check_available(allocation, amount)
    claim = Claim(
        allocation=allocation,
        amount=amount,
        spent_on=spent_on,
        category=category,
        description=description.strip(),
        receipt_kind=checked.kind,
        receipt_name=checked.original_name[:255],
        claimant=claimant,
    )
    claim.receipt.save(checked.original_name, receipt, save=False)
    claim.save()
    ClaimTransition.record(
        subject=claim, by=claimant, from_status="", to_status=claim.status
    )
    _submitted(claim, allocation)
    return claim


def check_available(allocation: Allocation, amount, *, excluding=None) -> None:
    """Refuse a claim of more than the allocation has available, with the figures.
    The caller holds the allocation's row lock."""
    balance = selectors.allocation_balance(allocation=allocation, excluding=excluding)
    if amount > balance.available:
        raise NotEnoughMoney(
            f"Only {pounds(balance.available)} of this allocation is available "
            f"({pounds(balance.allocated)} allocated, {pounds(balance.spent)} spent, "
            f"{pounds(balance.waiting)} waiting for approval); the claim of "
            f"{pounds(amount)} must not be more than that.",
            field="amount",
        )


def _submitted(claim: Claim, allocation: Allocation) -> None:
    fund, claimant, amount = allocation.fund, claim.claimant, claim.amount
    audit(
        fund_id=fund.pk,
        allocation=allocation,
        claim=claim,
        actor=claimant,
        action="submitted a claim",
        detail=f"{pounds(amount)} for {claim.get_category_display().lower()}",
    )
    notices.ask_approvers(
        thing=claim,
        fund=fund,
        school=allocation.school,
        exclude=[claimant],
        subject=f"Claim to approve: {pounds(amount)} for {allocation.recipient}",
        body=f"{claimant} claimed {pounds(amount)} from {fund.name} for "
        f"{allocation.recipient}: {claim.description[:200]}",
        event_key=f"claim:{claim.pk}:submitted",
    )


def _check_approval(claim: Claim, allocation: Allocation, approved_by) -> None:
    CLAIM_STATES.check(claim, Status.APPROVED)
    if claim.claimant_id == approved_by.pk:
        raise NotAllowed("You cannot approve your own claim.")
    if not permissions.may_approve(
        approved_by, fund=allocation.fund, school=allocation.school
    ):
        raise NotAllowed("You cannot approve this claim.")
    if claim.approvals.filter(approver=approved_by).exists():
        raise NotAllowed("You have already approved this claim; a second person must.")
    remaining = selectors.allocation_balance(allocation=allocation).remaining
    if claim.amount > remaining:
        raise NotEnoughMoney(
            f"Only {pounds(remaining)} of the allocation remains; this claim of "
            f"{pounds(claim.amount)} cannot be approved."
        )


def claim_approve(*, claim: Claim, approved_by) -> Claim:
    """An approver who did not make the claim approves it; above the fund's
    threshold a second, different approver must too. The final approval commits
    the money on the ledger, never more than the allocation has left."""
    with transaction.atomic(durable=True):
        allocation = lock_allocation(claim.allocation_id)
        claim = lock_claim(claim.pk)
        claim.allocation = allocation
        fund = allocation.fund
        _check_approval(claim, allocation, approved_by)
        Approval.objects.create(claim=claim, approver=approved_by)
        needed = 2 if claim.amount > fund.approval_threshold else 1
        if claim.approvals.count() < needed:
            audit(
                fund_id=fund.pk,
                allocation=allocation,
                claim=claim,
                actor=approved_by,
                action="gave the first of two approvals",
                detail=f"claim {claim.pk} of {pounds(claim.amount)}",
            )
            notices.ask_second_approval(claim, fund, approved_by)
            return claim
        _approve(claim, allocation, approved_by)
    return claim


def _approve(claim: Claim, allocation: Allocation, approved_by) -> None:
    fund = allocation.fund
    claim.decided = timezone.now()
    CLAIM_STATES.move(
        claim,
        to=Status.APPROVED,
        by=approved_by,
        history=ClaimTransition,
        update_fields=["decided"],
    )
    post(
        allocation=allocation,
        claim=claim,
        kind=Kind.CLAIM,
        account=Account.SPENT,
        amount=claim.amount,
        by=approved_by,
        effective_on=claim.spent_on,
        memo=f"Claim {claim.pk}: {claim.get_category_display()}",
    )
    audit(
        fund_id=fund.pk,
        allocation=allocation,
        claim=claim,
        actor=approved_by,
        action="approved a claim",
        detail=f"claim {claim.pk} of {pounds(claim.amount)}",
    )
    notices.tell(
        people=[claim.claimant, *selectors.school_heads(allocation.school)],
        thing=claim,
        subject=f"Claim approved: {pounds(claim.amount)}",
        body=f"Your claim of {pounds(claim.amount)} from {fund.name} was approved "
        "and will be paid.",
        event_key=f"claim:{claim.pk}:approved",
    )


def claim_reject(*, claim: Claim, rejected_by, reason: str) -> Claim:
    """An approver who did not make the claim turns it down, giving a reason."""
    reason = reason_given(reason, "Give a reason for turning the claim down.")
    with transaction.atomic(durable=True):
        allocation = lock_allocation(claim.allocation_id)
        claim = lock_claim(claim.pk)
        if claim.claimant_id == rejected_by.pk:
            raise NotAllowed("You cannot decide on your own claim.")
        if not permissions.may_approve(
            rejected_by, fund=allocation.fund, school=allocation.school
        ):
            raise NotAllowed("You cannot decide on this claim.")
        CLAIM_STATES.check(claim, Status.REJECTED)
        claim.decided = timezone.now()
        claim.rejection_reason = reason
        CLAIM_STATES.move(
            claim,
            to=Status.REJECTED,
            by=rejected_by,
            history=ClaimTransition,
            note=reason,
            update_fields=["decided", "rejection_reason"],
        )
        audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=rejected_by,
            action="rejected a claim",
            detail=f"claim {claim.pk}: {reason}",
        )
        notices.tell_one(
            person=claim.claimant,
            thing=claim,
            subject=f"Claim not approved: {pounds(claim.amount)}",
            body=f"{rejected_by} did not approve your claim of "
            f"{pounds(claim.amount)}: {reason}",
            event_key=f"claim:{claim.pk}:rejected",
        )
    return claim
