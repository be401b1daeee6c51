"""Allocations: proposing a share of a fund, deciding on it, adjusting it."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.kernel.money import pounds

from .. import permissions, selectors
from ..errors import BudgetError, IllegalTransition, NotAllowed, NotEnoughMoney
from ..models import (
    ALLOCATION_STATES,
    Allocation,
    AllocationAdjustment,
    AllocationTransition,
    Approval,
    Fund,
)
from . import notices
from .ledger import (
    Account,
    Kind,
    audit,
    change_of_money,
    lock_allocation,
    lock_fund,
    money,
    post,
    reason_given,
)

Status = Allocation.Status


def _check_proposal(*, fund: Fund, amount, proposed_by, school, theme: str):
    if (school is None) == (not theme):
        raise BudgetError("Choose a school or name a theme, not both.", field="school")
    if not permissions.may_propose(proposed_by, fund=fund, school=school):
        raise NotAllowed(
            "Only officers, or the school's headteacher, can propose this allocation."
        )
    if (
        school is not None
        and not fund.partnership.memberships.filter(
            school=school, left__isnull=True
        ).exists()
    ):
        raise BudgetError(
            "That school is not a member of the partnership.", field="school"
        )
    unallocated = selectors.fund_unallocated(fund=fund)
    if amount > unallocated:
        raise NotEnoughMoney(
            f"Only {pounds(unallocated)} of the fund is not yet allocated.",
            field="amount",
        )


def allocation_propose(
    *,
    fund: Fund,
    amount,
    proposed_by,
    school=None,
    theme: str = "",
    purpose: str = "",
    available_from=None,
) -> Allocation:
    """Officers propose allocations to any member school or theme; a headteacher
    proposes one for their own school. Nothing moves until it is approved."""
    amount, theme = money(amount), theme.strip()
    _check_proposal(
        fund=fund, amount=amount, proposed_by=proposed_by, school=school, theme=theme
    )
    if available_from is not None and not fund.starts <= available_from <= fund.ends:
        raise BudgetError(
            "The money must become available within the fund's dates.",
            field="available_from",
        )
    with transaction.atomic(durable=True):
        allocation = Allocation.objects.create(
            fund=fund,
            school=school,
            theme=theme,
            amount=amount,
            purpose=purpose,
            proposed_by=proposed_by,
            available_from=available_from,
        )
        detail = f"{pounds(amount)} for {allocation.recipient}"
        audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=proposed_by,
            action="proposed an allocation",
            detail=detail,
        )
        notices.ask_approvers(
            thing=allocation,
            fund=fund,
            school=school,
            exclude=[proposed_by],
            subject=f"Allocation to approve: {allocation.recipient}",
            body=f"{proposed_by} proposed {pounds(amount)} from {fund.name} for "
            f"{allocation.recipient}. It waits for your approval.",
            event_key=f"allocation:{allocation.pk}:proposed",
        )
    return allocation


def _check_approval(allocation: Allocation, fund: Fund, approved_by) -> None:
    ALLOCATION_STATES.check(allocation, Status.APPROVED)
    if allocation.proposed_by_id == approved_by.pk:
        raise NotAllowed("You cannot approve an allocation you proposed.")
    if not permissions.may_approve(approved_by, fund=fund, school=allocation.school):
        raise NotAllowed("You cannot approve this allocation.")
    if allocation.approvals.filter(approver=approved_by).exists():
        raise NotAllowed(
            "You have already approved this allocation; a second person must."
        )
    unallocated = selectors.fund_unallocated(fund=fund)
    if allocation.amount > unallocated:
        raise NotEnoughMoney(
            f"The fund has only {pounds(unallocated)} left to allocate."
        )


def allocation_approve(*, allocation: Allocation, approved_by) -> Allocation:
    """An approver (not the proposer) approves; above the fund's threshold a second,
    different approver must too. Approval posts the money to the ledger, never
    beyond what the fund has left."""
    with transaction.atomic(durable=True):
        fund = lock_fund(allocation.fund_id)
        allocation = lock_allocation(allocation.pk)
        _check_approval(allocation, fund, approved_by)
        Approval.objects.create(allocation=allocation, approver=approved_by)
        detail = f"{pounds(allocation.amount)} for {allocation.recipient}"
        needed = 2 if allocation.amount > fund.approval_threshold else 1
        if allocation.approvals.count() < needed:
            audit(
                fund_id=fund.pk,
                allocation=allocation,
                actor=approved_by,
                action="gave the first of two approvals",
                detail=detail,
            )
            notices.ask_second_approval(allocation, fund, approved_by)
            return allocation
        _approve(allocation, fund, approved_by)
    return allocation


def _available_on(allocation: Allocation, fund: Fund):
    """The ledger date of an allocation: the day it was proposed to become the
    school's, or else the day of approval, never outside the fund's dates."""
    day = allocation.available_from or timezone.localdate()
    return min(max(day, fund.starts), fund.ends)


def _approve(allocation: Allocation, fund: Fund, approved_by) -> None:
    allocation.decided = timezone.now()
    ALLOCATION_STATES.move(
        allocation,
        to=Status.APPROVED,
        by=approved_by,
        history=AllocationTransition,
        update_fields=["decided"],
    )
    post(
        allocation=allocation,
        kind=Kind.ALLOCATION,
        account=Account.ALLOCATED,
        amount=allocation.amount,
        by=approved_by,
        effective_on=_available_on(allocation, fund),
        memo=f"Allocation to {allocation.recipient}",
    )
    audit(
        fund_id=fund.pk,
        allocation=allocation,
        actor=approved_by,
        action="approved an allocation",
        detail=f"{pounds(allocation.amount)} for {allocation.recipient}",
    )
    notices.tell(
        people=[allocation.proposed_by, *selectors.school_heads(allocation.school)],
        thing=allocation,
        subject=f"Allocation approved: {allocation.recipient}",
        body=f"{pounds(allocation.amount)} from {fund.name} is now allocated to "
        f"{allocation.recipient}.",
        event_key=f"allocation:{allocation.pk}:approved",
    )


def allocation_reject(
    *, allocation: Allocation, rejected_by, reason: str
) -> Allocation:
    """An approver turns down a proposed allocation, giving a reason."""
    reason = reason_given(reason, "Give a reason for turning it down.")
    with transaction.atomic(durable=True):
        allocation = lock_allocation(allocation.pk)
        fund = allocation.fund
        if allocation.proposed_by_id == rejected_by.pk:
            raise NotAllowed("You cannot decide on an allocation you proposed.")
        if not permissions.may_approve(
            rejected_by, fund=fund, school=allocation.school
        ):
            raise NotAllowed("You cannot decide on this allocation.")
        ALLOCATION_STATES.check(allocation, Status.REJECTED)
        allocation.decided = timezone.now()
        allocation.rejection_reason = reason
        ALLOCATION_STATES.move(
            allocation,
            to=Status.REJECTED,
            by=rejected_by,
            history=AllocationTransition,
            note=reason,
            update_fields=["decided", "rejection_reason"],
        )
        audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=rejected_by,
            action="rejected an allocation",
            detail=reason,
        )
        notices.tell_one(
            person=allocation.proposed_by,
            thing=allocation,
            subject=f"Allocation not approved: {allocation.recipient}",
            body=f"{rejected_by} did not approve {pounds(allocation.amount)} for "
            f"{allocation.recipient}: {reason}",
            event_key=f"allocation:{allocation.pk}:rejected",
        )
    return allocation


def _check_adjustment(allocation: Allocation, fund: Fund, change: Decimal, by):
    if not permissions.is_officer(by, fund.partnership):
        raise NotAllowed("Only the partnership's officers can adjust allocations.")
    if allocation.status != Status.APPROVED:
        raise IllegalTransition("Only an approved allocation can be adjusted.")
    if change > 0:
        unallocated = selectors.fund_unallocated(fund=fund)
        if change > unallocated:
            raise NotEnoughMoney(
                f"The fund has only {pounds(unallocated)} left to allocate.",
                field="change",
            )
        return
    remaining = selectors.allocation_balance(allocation=allocation).available
    if -change > remaining:
        raise NotEnoughMoney(
            f"Only {pounds(remaining)} of this allocation is unspent and not "
            "waiting for approval; it "
            "cannot be reduced by more.",
            field="change",
        )


def allocation_adjust(
    *, allocation: Allocation, change, reason: str, adjusted_by
) -> AllocationAdjustment:
    """Officers revise an approved allocation only through a recorded adjustment:
    never above what the fund has unallocated, never below what is already spent."""
    change = change_of_money(change)
    reason = reason_given(reason, "Give a reason for the adjustment.")
    with transaction.atomic(durable=True):
        fund = lock_fund(allocation.fund_id)
        allocation = lock_allocation(allocation.pk)
        _check_adjustment(allocation, fund, change, adjusted_by)
        adjustment = AllocationAdjustment.objects.create(
            allocation=allocation, amount=change, reason=reason, made_by=adjusted_by
        )
        post(
            allocation=allocation,
            kind=Kind.ADJUSTMENT,
            account=Account.ALLOCATED,
            amount=change,
            by=adjusted_by,
            effective_on=timezone.localdate(),
            memo=reason,
            adjustment=adjustment,
        )
        audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=adjusted_by,
            action="adjusted an allocation",
            detail=f"{pounds(change)} for {allocation.recipient}: {reason}",
        )
        notices.tell(
            people=selectors.school_heads(allocation.school),
            thing=allocation,
            subject=f"Allocation changed: {allocation.recipient}",
            body=f"{adjusted_by} changed the allocation by {pounds(change)}: {reason}",
            event_key=f"adjustment:{adjustment.pk}",
        )
    return adjustment
