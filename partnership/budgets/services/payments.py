"""Paying approved claims, and reversing mistaken approvals or payments."""

from django.db import transaction
from django.utils import timezone

from partnership.kernel.money import pounds

from .. import permissions
from ..errors import NotAllowed
from ..models import CLAIM_STATES, Claim, ClaimTransition, LedgerEntry
from . import notices
from .ledger import (
    Account,
    Kind,
    audit,
    lock_allocation,
    lock_claim,
    post,
    reason_given,
)

Status = Claim.Status


def claim_mark_paid(*, claim: Claim, paid_by) -> Claim:
    """Officers record that an approved claim has been paid to the school."""
    with transaction.atomic(durable=True):
        allocation = lock_allocation(claim.allocation_id)
        claim = lock_claim(claim.pk)
        if not permissions.is_officer(paid_by, allocation.fund.partnership):
            raise NotAllowed("Only the partnership's officers can record payments.")
        CLAIM_STATES.check(claim, Status.PAID)
        claim.paid = timezone.now()
        CLAIM_STATES.move(
            claim,
            to=Status.PAID,
            by=paid_by,
            history=ClaimTransition,
            update_fields=["paid"],
        )
        post(
            allocation=allocation,
            claim=claim,
            kind=Kind.PAYMENT,
            account=Account.PAID,
            amount=claim.amount,
            by=paid_by,
            effective_on=timezone.localdate(),
            memo=f"Payment of claim {claim.pk}",
        )
        audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=paid_by,
            action="recorded a payment",
            detail=f"claim {claim.pk} of {pounds(claim.amount)}",
        )
        notices.tell_one(
            person=claim.claimant,
            thing=claim,
            subject=f"Claim paid: {pounds(claim.amount)}",
            body=f"Your claim of {pounds(claim.amount)} has been paid.",
            event_key=f"claim:{claim.pk}:paid",
        )
    return claim


def _reverse_entries(claim: Claim, allocation, reversed_by, reason: str) -> None:
    for entry in (
        LedgerEntry.objects.filter(claim=claim, reversed_by__isnull=True)
        .exclude(kind=Kind.REVERSAL)
        .order_by("pk")
    ):
        post(
            allocation=allocation,
            claim=claim,
            kind=Kind.REVERSAL,
            account=entry.account,
            amount=-entry.amount,
            by=reversed_by,
            effective_on=entry.effective_on,
            memo=f"Reverses #{entry.pk}: {reason}",
            reverses=entry,
        )


def claim_reverse(*, claim: Claim, reversed_by, reason: str) -> Claim:
    """Officers correct a mistaken approval or payment with reversing entries;
    the money returns to the allocation and nothing on the ledger is changed."""
    reason = reason_given(reason, "Give a reason for the reversal.")
    with transaction.atomic(durable=True):
        allocation = lock_allocation(claim.allocation_id)
        claim = lock_claim(claim.pk)
        if not permissions.is_officer(reversed_by, allocation.fund.partnership):
            raise NotAllowed("Only the partnership's officers can reverse a claim.")
        CLAIM_STATES.move(
            claim,
            to=Status.REVERSED,
            by=reversed_by,
            history=ClaimTransition,
            note=reason,
        )
        _reverse_entries(claim, allocation, reversed_by, reason)
        audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=reversed_by,
            action="reversed a claim",
            detail=f"claim {claim.pk}: {reason}",
        )
        notices.tell_one(
            person=claim.claimant,
            thing=claim,
            subject=f"Claim reversed: {pounds(claim.amount)}",
            body=f"{reversed_by} reversed your claim of {pounds(claim.amount)}: "
            f"{reason}",
            event_key=f"claim:{claim.pk}:reversed",
        )
    return claim
