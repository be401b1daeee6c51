"""Budget services: every change to funds, allocations, claims and the ledger.

This is the only module that writes `LedgerEntry` rows (`_post`). Each action that
moves money locks the rows it checks, in a fixed order (fund, then allocation, then
claim, each by primary key) with `select_for_update()`, then checks the balance it
needs from the ledger, then writes. Two approvals at once therefore queue on the
allocation's row lock: the second sees the first one's entry and is refused if the
money is gone. On SQLite the whole database is locked by a writer instead.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from partnership.models import (
    Allocation,
    AllocationAdjustment,
    Approval,
    BudgetEvent,
    Claim,
    ClaimDelegation,
    Fund,
    LedgerEntry,
    Notification,
    Partnership,
)
from partnership.models.budget import ZERO
from partnership.services.notifications import notify, notify_many
from partnership.templatetags.portal import pounds
from partnership.uploads import RECEIPT_KINDS, check_upload

Account = LedgerEntry.Account
Kind = LedgerEntry.Kind
CENT = Decimal("0.01")


class BudgetError(Exception):
    """A budget rule was broken; the message is written for the person who acted.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(BudgetError):
    pass


class NotEnoughMoney(BudgetError):
    pass


class IllegalTransition(BudgetError):
    pass


# The one table of legal status changes.
CLAIM_TRANSITIONS: dict[str, set[str]] = {
    Claim.Status.SUBMITTED: {Claim.Status.APPROVED, Claim.Status.REJECTED},
    Claim.Status.APPROVED: {Claim.Status.PAID, Claim.Status.REVERSED},
    Claim.Status.PAID: {Claim.Status.REVERSED},
    Claim.Status.REJECTED: set(),
    Claim.Status.REVERSED: set(),
}
ALLOCATION_TRANSITIONS: dict[str, set[str]] = {
    Allocation.Status.PROPOSED: {
        Allocation.Status.APPROVED,
        Allocation.Status.REJECTED,
    },
    Allocation.Status.APPROVED: set(),
    Allocation.Status.REJECTED: set(),
}


def _transition(obj, new_status: str, table: dict[str, set[str]]) -> None:
    """Move a claim or allocation to a new status, or raise IllegalTransition."""
    if new_status not in table[obj.status]:
        raise IllegalTransition(
            f"This {obj._meta.verbose_name} is {obj.get_status_display().lower()}; "
            f"it cannot be {obj.Status(new_status).label.lower()} now."
        )
    obj.status = new_status


# ---------------------------------------------------------------------------
# Balances (always from the ledger)


@dataclass(frozen=True)
class Balance:
    allocated: Decimal
    spent: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent


def _sums(entries) -> Balance:
    rows = dict(entries.order_by().values_list("account").annotate(total=Sum("amount")))
    return Balance(
        allocated=rows.get(Account.ALLOCATED) or ZERO,
        spent=rows.get(Account.SPENT) or ZERO,
        paid=rows.get(Account.PAID) or ZERO,
    )


def allocation_balance(*, allocation: Allocation) -> Balance:
    """An allocation's money: allocated, spent and paid, summed from its ledger."""
    return _sums(LedgerEntry.objects.filter(allocation_id=allocation.pk))


def fund_balance(*, fund: Fund) -> Balance:
    """A fund's money over all its allocations, summed from the ledger."""
    return _sums(LedgerEntry.objects.filter(fund_id=fund.pk))


def fund_unallocated(*, fund: Fund) -> Decimal:
    return fund.total - fund_balance(fund=fund).allocated


# ---------------------------------------------------------------------------
# Who may do what


def is_officer(user, partnership: Partnership) -> bool:
    return user.is_superuser or partnership.officers.filter(pk=user.pk).exists()


def is_board_head(user, partnership: Partnership) -> bool:
    return partnership.memberships.filter(
        is_board_member=True,
        left__isnull=True,
        school__staff__user=user,
        school__staff__role="headteacher",
        school__staff__left__isnull=True,
    ).exists()


def may_claim_for(user, allocation: Allocation) -> bool:
    """A school's headteachers and the teachers they delegated claiming to; for a
    theme's allocation, the partnership's officers."""
    if not user.is_authenticated:
        return False
    school = allocation.school
    if school is None:
        return is_officer(user, allocation.fund.partnership)
    return (
        school.staff.filter(user=user, role="headteacher", left__isnull=True).exists()
        or ClaimDelegation.objects.filter(
            school=school, delegate=user, revoked__isnull=True
        ).exists()
    )


def may_approve(user, *, fund: Fund, school) -> bool:
    """Officers, and board headteachers for schools other than their own."""
    if not user.is_authenticated:
        return False
    if is_officer(user, fund.partnership):
        return True
    if school is not None and user.headteacher_school_ids() >= {school.pk}:
        return False
    return is_board_head(user, fund.partnership)


def approvers(fund: Fund, *, school=None) -> list:
    """Everyone who may approve for this fund (and school)."""
    from schools.models import User

    people = User.objects.filter(
        Q(officer_of=fund.partnership)
        | Q(
            staff_roles__role="headteacher",
            staff_roles__left__isnull=True,
            staff_roles__school__memberships__partnership=fund.partnership,
            staff_roles__school__memberships__is_board_member=True,
            staff_roles__school__memberships__left__isnull=True,
        ),
        is_active=True,
    ).distinct()
    if school is not None:
        own_heads = school.staff.filter(role="headteacher", left__isnull=True)
        people = people.exclude(
            Q(pk__in=own_heads.values("user_id")) & ~Q(officer_of=fund.partnership)
        )
    return list(people)


def _school_heads(school) -> list:
    if school is None:
        return []
    return [
        s.user
        for s in school.staff.filter(role="headteacher", left__isnull=True)
        .select_related("user")
        .order_by("pk")
    ]


# ---------------------------------------------------------------------------
# Locks, the ledger writer and the audit trail


def _lock_fund(fund_id: int) -> Fund:
    return (
        Fund.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=fund_id)
    )


def _lock_allocation(allocation_id: int) -> Allocation:
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("fund__partnership", "school")
        .get(pk=allocation_id)
    )


def _lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim_id)


def _post(
    *,
    allocation: Allocation,
    kind: str,
    account: str,
    amount: Decimal,
    by,
    effective_on: date,
    memo: str = "",
    claim: Claim | None = None,
    adjustment: AllocationAdjustment | None = None,
    reverses: LedgerEntry | None = None,
) -> LedgerEntry:
    """Append one entry to the ledger. The only place ledger rows are written."""
    return LedgerEntry.objects.create(
        fund_id=allocation.fund_id,
        allocation=allocation,
        claim=claim,
        adjustment=adjustment,
        reverses=reverses,
        kind=kind,
        account=account,
        amount=amount,
        effective_on=effective_on,
        memo=memo[:300],
        created_by=by,
    )


def _audit(*, fund_id: int, actor, action: str, detail: str = "", **links) -> None:
    BudgetEvent.objects.create(
        fund_id=fund_id, actor=actor, action=action, detail=detail[:500], **links
    )


def _money(value, *, field: str = "amount") -> Decimal:
    """An exact positive amount of pounds and pence, or a BudgetError."""
    try:
        amount = Decimal(value)
    except (TypeError, ArithmeticError, ValueError):
        raise BudgetError(
            "Enter an amount in pounds, like 250.00.", field=field
        ) from None
    if not amount.is_finite():
        raise BudgetError("Enter an amount in pounds, like 250.00.", field=field)
    if amount != amount.quantize(CENT):
        raise BudgetError("Enter the amount in pounds and pence only.", field=field)
    if amount <= 0:
        raise BudgetError("The amount must be more than £0.00.", field=field)
    if amount >= Decimal("10000000000"):
        raise BudgetError("The amount is too large.", field=field)
    return amount.quantize(CENT)


# ---------------------------------------------------------------------------
# Funds


def fund_create(
    *,
    partnership: Partnership,
    name: str,
    total,
    starts: date,
    ends: date,
    approval_threshold,
    created_by,
    description: str = "",
) -> Fund:
    """Officers of a partnership open a fund for it."""
    if not is_officer(created_by, partnership):
        raise NotAllowed("Only the partnership's officers can open a fund.")
    total = _money(total, field="total")
    threshold = Decimal(approval_threshold)
    if threshold < 0:
        raise BudgetError(
            "The threshold cannot be below £0.00.", field="approval_threshold"
        )
    if ends <= starts:
        raise BudgetError("The end date must be after the start date.", field="ends")
    if Fund.objects.filter(partnership=partnership, name=name).exists():
        raise BudgetError(
            "The partnership already has a fund of that name.", field="name"
        )
    with transaction.atomic(durable=True):
        fund = Fund.objects.create(
            partnership=partnership,
            name=name,
            total=total,
            starts=starts,
            ends=ends,
            approval_threshold=threshold,
            description=description,
            created_by=created_by,
        )
        _audit(
            fund_id=fund.pk,
            actor=created_by,
            action="opened the fund",
            detail=f"{pounds(total)} from {starts:%d %b %Y} to {ends:%d %b %Y}",
        )
    return fund


# ---------------------------------------------------------------------------
# Allocations


def allocation_propose(
    *,
    fund: Fund,
    amount,
    proposed_by,
    school=None,
    theme: str = "",
    purpose: str = "",
) -> Allocation:
    """Officers propose allocations to any member school or theme; a headteacher
    proposes one for their own school. Nothing moves until it is approved."""
    amount = _money(amount)
    theme = theme.strip()
    if (school is None) == (not theme):
        raise BudgetError("Choose a school or name a theme, not both.", field="school")
    officer = is_officer(proposed_by, fund.partnership)
    if not officer and not (
        school is not None and school.pk in proposed_by.headteacher_school_ids()
    ):
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
    if amount > fund_unallocated(fund=fund):
        raise NotEnoughMoney(
            f"Only {pounds(fund_unallocated(fund=fund))} of the fund is not yet "
            "allocated.",
            field="amount",
        )
    with transaction.atomic(durable=True):
        allocation = Allocation.objects.create(
            fund=fund,
            school=school,
            theme=theme,
            amount=amount,
            purpose=purpose,
            proposed_by=proposed_by,
        )
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=proposed_by,
            action="proposed an allocation",
            detail=f"{pounds(amount)} for {allocation.recipient}",
        )
        notify_many(
            recipients=[
                p for p in approvers(fund, school=school) if p.pk != proposed_by.pk
            ],
            kind=Notification.Kind.BUDGET,
            subject=f"Allocation to approve: {allocation.recipient}",
            body=f"{proposed_by} proposed {pounds(amount)} from {fund.name} for "
            f"{allocation.recipient}. It waits for your approval.",
            url=allocation.get_absolute_url(),
            event_key=f"allocation:{allocation.pk}:proposed",
        )
    return allocation


def _needs_two(amount: Decimal, fund: Fund) -> bool:
    return amount > fund.approval_threshold


def allocation_approve(*, allocation: Allocation, approved_by) -> Allocation:
    """An approver (not the proposer) approves; above the fund's threshold a second,
    different approver must too. Approval posts the money to the ledger, never
    beyond what the fund has left."""
    with transaction.atomic(durable=True):
        fund = _lock_fund(allocation.fund_id)
        allocation = _lock_allocation(allocation.pk)
        if allocation.status != Allocation.Status.PROPOSED:
            _transition(allocation, Allocation.Status.APPROVED, ALLOCATION_TRANSITIONS)
        if allocation.proposed_by_id == approved_by.pk:
            raise NotAllowed("You cannot approve an allocation you proposed.")
        if not may_approve(approved_by, fund=fund, school=allocation.school):
            raise NotAllowed("You cannot approve this allocation.")
        if allocation.approvals.filter(approver=approved_by).exists():
            raise NotAllowed(
                "You have already approved this allocation; a second person must."
            )
        unallocated = (
            fund.total - _sums(LedgerEntry.objects.filter(fund_id=fund.pk)).allocated
        )
        if allocation.amount > unallocated:
            raise NotEnoughMoney(
                f"The fund has only {pounds(unallocated)} left to allocate."
            )
        Approval.objects.create(allocation=allocation, approver=approved_by)
        needed = 2 if _needs_two(allocation.amount, fund) else 1
        if allocation.approvals.count() < needed:
            _audit(
                fund_id=fund.pk,
                allocation=allocation,
                actor=approved_by,
                action="gave the first of two approvals",
                detail=f"{pounds(allocation.amount)} for {allocation.recipient}",
            )
            _notify_second_approval(allocation, fund, approved_by)
            return allocation
        _transition(allocation, Allocation.Status.APPROVED, ALLOCATION_TRANSITIONS)
        allocation.decided = timezone.now()
        allocation.save(update_fields=["status", "decided"])
        _post(
            allocation=allocation,
            kind=Kind.ALLOCATION,
            account=Account.ALLOCATED,
            amount=allocation.amount,
            by=approved_by,
            effective_on=timezone.localdate(),
            memo=f"Allocation to {allocation.recipient}",
        )
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=approved_by,
            action="approved an allocation",
            detail=f"{pounds(allocation.amount)} for {allocation.recipient}",
        )
        notify_many(
            recipients=[allocation.proposed_by, *_school_heads(allocation.school)],
            kind=Notification.Kind.BUDGET,
            subject=f"Allocation approved: {allocation.recipient}",
            body=f"{pounds(allocation.amount)} from {fund.name} is now allocated to "
            f"{allocation.recipient}.",
            url=allocation.get_absolute_url(),
            event_key=f"allocation:{allocation.pk}:approved",
        )
    return allocation


def _notify_second_approval(thing, fund: Fund, first) -> None:
    school = thing.school if isinstance(thing, Allocation) else thing.allocation.school
    owner = thing.proposed_by if isinstance(thing, Allocation) else thing.claimant
    noun = "allocation" if isinstance(thing, Allocation) else "claim"
    notify_many(
        recipients=[
            p
            for p in approvers(fund, school=school)
            if p.pk not in {first.pk, owner.pk}
        ],
        kind=Notification.Kind.BUDGET,
        subject=f"A second approval is needed for {noun} {thing.pk}",
        body=f"{first} approved {pounds(thing.amount)}. It is above the fund's "
        f"threshold of {pounds(fund.approval_threshold)}, so a second person must "
        "approve it too.",
        url=thing.get_absolute_url(),
        event_key=f"{noun}:{thing.pk}:first-approval",
    )


def allocation_reject(
    *, allocation: Allocation, rejected_by, reason: str
) -> Allocation:
    """An approver turns down a proposed allocation, giving a reason."""
    reason = reason.strip()
    if not reason:
        raise BudgetError("Give a reason for turning it down.", field="reason")
    with transaction.atomic(durable=True):
        allocation = _lock_allocation(allocation.pk)
        fund = allocation.fund
        if allocation.proposed_by_id == rejected_by.pk:
            raise NotAllowed("You cannot decide on an allocation you proposed.")
        if not may_approve(rejected_by, fund=fund, school=allocation.school):
            raise NotAllowed("You cannot decide on this allocation.")
        _transition(allocation, Allocation.Status.REJECTED, ALLOCATION_TRANSITIONS)
        allocation.decided = timezone.now()
        allocation.rejection_reason = reason
        allocation.save(update_fields=["status", "decided", "rejection_reason"])
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=rejected_by,
            action="rejected an allocation",
            detail=reason,
        )
        notify(
            recipient=allocation.proposed_by,
            kind=Notification.Kind.BUDGET,
            subject=f"Allocation not approved: {allocation.recipient}",
            body=f"{rejected_by} did not approve {pounds(allocation.amount)} for "
            f"{allocation.recipient}: {reason}",
            url=allocation.get_absolute_url(),
            event_key=f"allocation:{allocation.pk}:rejected",
        )
    return allocation


def allocation_adjust(
    *, allocation: Allocation, change, reason: str, adjusted_by
) -> AllocationAdjustment:
    """Officers revise an approved allocation only through a recorded adjustment:
    never above what the fund has unallocated, never below what is already spent."""
    try:
        change = Decimal(change)
    except (TypeError, ArithmeticError, ValueError):
        raise BudgetError(
            "Enter the change in pounds, like -250.00.", field="change"
        ) from None
    if not change.is_finite() or change == 0:
        raise BudgetError(
            "Enter a change other than £0.00: positive to add, negative to take away.",
            field="change",
        )
    if change != change.quantize(CENT):
        raise BudgetError("Enter the change in pounds and pence only.", field="change")
    reason = reason.strip()
    if not reason:
        raise BudgetError("Give a reason for the adjustment.", field="reason")
    with transaction.atomic(durable=True):
        fund = _lock_fund(allocation.fund_id)
        allocation = _lock_allocation(allocation.pk)
        if not is_officer(adjusted_by, fund.partnership):
            raise NotAllowed("Only the partnership's officers can adjust allocations.")
        if allocation.status != Allocation.Status.APPROVED:
            raise IllegalTransition("Only an approved allocation can be adjusted.")
        if change > 0:
            unallocated = (
                fund.total
                - _sums(LedgerEntry.objects.filter(fund_id=fund.pk)).allocated
            )
            if change > unallocated:
                raise NotEnoughMoney(
                    f"The fund has only {pounds(unallocated)} left to allocate.",
                    field="change",
                )
        else:
            remaining = allocation_balance(allocation=allocation).remaining
            if -change > remaining:
                raise NotEnoughMoney(
                    f"Only {pounds(remaining)} of this allocation is unspent; it "
                    "cannot be reduced by more.",
                    field="change",
                )
        adjustment = AllocationAdjustment.objects.create(
            allocation=allocation, amount=change, reason=reason, made_by=adjusted_by
        )
        _post(
            allocation=allocation,
            kind=Kind.ADJUSTMENT,
            account=Account.ALLOCATED,
            amount=change,
            by=adjusted_by,
            effective_on=timezone.localdate(),
            memo=reason,
            adjustment=adjustment,
        )
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            actor=adjusted_by,
            action="adjusted an allocation",
            detail=f"{pounds(change)} for {allocation.recipient}: {reason}",
        )
        notify_many(
            recipients=_school_heads(allocation.school),
            kind=Notification.Kind.BUDGET,
            subject=f"Allocation changed: {allocation.recipient}",
            body=f"{adjusted_by} changed the allocation by {pounds(change)}: {reason}",
            url=allocation.get_absolute_url(),
            event_key=f"adjustment:{adjustment.pk}",
        )
    return adjustment


# ---------------------------------------------------------------------------
# Claims


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
    from an approved allocation: within the fund's dates, not more than remains,
    with a PDF, PNG or JPEG receipt."""
    amount = _money(amount)
    allocation = Allocation.objects.select_related("fund__partnership", "school").get(
        pk=allocation.pk
    )
    fund = allocation.fund
    if not may_claim_for(claimant, allocation):
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
    try:
        checked = check_upload(receipt, allowed=RECEIPT_KINDS)
    except ValidationError as exc:
        raise BudgetError(exc.messages[0], field="receipt") from None
    remaining = allocation_balance(allocation=allocation).remaining
    if amount > remaining:
        raise NotEnoughMoney(
            f"Only {pounds(remaining)} of this allocation remains; the claim must "
            "not be more than that.",
            field="amount",
        )
    with transaction.atomic(durable=True):
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
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            claim=claim,
            actor=claimant,
            action="submitted a claim",
            detail=f"{pounds(amount)} for {claim.get_category_display().lower()}",
        )
        notify_many(
            recipients=[
                p
                for p in approvers(fund, school=allocation.school)
                if p.pk != claimant.pk
            ],
            kind=Notification.Kind.BUDGET,
            subject=f"Claim to approve: {pounds(amount)} for {allocation.recipient}",
            body=f"{claimant} claimed {pounds(amount)} from {fund.name} for "
            f"{allocation.recipient}: {claim.description[:200]}",
            url=claim.get_absolute_url(),
            event_key=f"claim:{claim.pk}:submitted",
        )
    return claim


def claim_approve(*, claim: Claim, approved_by) -> Claim:
    """An approver who did not make the claim approves it; above the fund's
    threshold a second, different approver must too. The final approval commits
    the money on the ledger, never more than the allocation has left."""
    with transaction.atomic(durable=True):
        allocation = _lock_allocation(claim.allocation_id)
        claim = _lock_claim(claim.pk)
        fund = allocation.fund
        if claim.status != Claim.Status.SUBMITTED:
            _transition(claim, Claim.Status.APPROVED, CLAIM_TRANSITIONS)
        if claim.claimant_id == approved_by.pk:
            raise NotAllowed("You cannot approve your own claim.")
        if not may_approve(approved_by, fund=fund, school=allocation.school):
            raise NotAllowed("You cannot approve this claim.")
        if claim.approvals.filter(approver=approved_by).exists():
            raise NotAllowed(
                "You have already approved this claim; a second person must."
            )
        remaining = _sums(
            LedgerEntry.objects.filter(allocation_id=allocation.pk)
        ).remaining
        if claim.amount > remaining:
            raise NotEnoughMoney(
                f"Only {pounds(remaining)} of the allocation remains; this claim of "
                f"{pounds(claim.amount)} cannot be approved."
            )
        Approval.objects.create(claim=claim, approver=approved_by)
        needed = 2 if _needs_two(claim.amount, fund) else 1
        if claim.approvals.count() < needed:
            _audit(
                fund_id=fund.pk,
                allocation=allocation,
                claim=claim,
                actor=approved_by,
                action="gave the first of two approvals",
                detail=f"claim {claim.pk} of {pounds(claim.amount)}",
            )
            claim.allocation = allocation
            _notify_second_approval(claim, fund, approved_by)
            return claim
        _transition(claim, Claim.Status.APPROVED, CLAIM_TRANSITIONS)
        claim.decided = timezone.now()
        claim.save(update_fields=["status", "decided"])
        _post(
            allocation=allocation,
            claim=claim,
            kind=Kind.CLAIM,
            account=Account.SPENT,
            amount=claim.amount,
            by=approved_by,
            effective_on=claim.spent_on,
            memo=f"Claim {claim.pk}: {claim.get_category_display()}",
        )
        _audit(
            fund_id=fund.pk,
            allocation=allocation,
            claim=claim,
            actor=approved_by,
            action="approved a claim",
            detail=f"claim {claim.pk} of {pounds(claim.amount)}",
        )
        notify_many(
            recipients=[claim.claimant, *_school_heads(allocation.school)],
            kind=Notification.Kind.BUDGET,
            subject=f"Claim approved: {pounds(claim.amount)}",
            body=f"Your claim of {pounds(claim.amount)} from {fund.name} was approved "
            "and will be paid.",
            url=claim.get_absolute_url(),
            event_key=f"claim:{claim.pk}:approved",
        )
    return claim


def claim_reject(*, claim: Claim, rejected_by, reason: str) -> Claim:
    """An approver who did not make the claim turns it down, giving a reason."""
    reason = reason.strip()
    if not reason:
        raise BudgetError("Give a reason for turning the claim down.", field="reason")
    with transaction.atomic(durable=True):
        allocation = _lock_allocation(claim.allocation_id)
        claim = _lock_claim(claim.pk)
        if claim.claimant_id == rejected_by.pk:
            raise NotAllowed("You cannot decide on your own claim.")
        if not may_approve(rejected_by, fund=allocation.fund, school=allocation.school):
            raise NotAllowed("You cannot decide on this claim.")
        _transition(claim, Claim.Status.REJECTED, CLAIM_TRANSITIONS)
        claim.decided = timezone.now()
        claim.rejection_reason = reason
        claim.save(update_fields=["status", "decided", "rejection_reason"])
        _audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=rejected_by,
            action="rejected a claim",
            detail=f"claim {claim.pk}: {reason}",
        )
        notify(
            recipient=claim.claimant,
            kind=Notification.Kind.BUDGET,
            subject=f"Claim not approved: {pounds(claim.amount)}",
            body=f"{rejected_by} did not approve your claim of "
            f"{pounds(claim.amount)}: {reason}",
            url=claim.get_absolute_url(),
            event_key=f"claim:{claim.pk}:rejected",
        )
    return claim


def claim_mark_paid(*, claim: Claim, paid_by) -> Claim:
    """Officers record that an approved claim has been paid to the school."""
    with transaction.atomic(durable=True):
        allocation = _lock_allocation(claim.allocation_id)
        claim = _lock_claim(claim.pk)
        if not is_officer(paid_by, allocation.fund.partnership):
            raise NotAllowed("Only the partnership's officers can record payments.")
        _transition(claim, Claim.Status.PAID, CLAIM_TRANSITIONS)
        claim.paid = timezone.now()
        claim.save(update_fields=["status", "paid"])
        _post(
            allocation=allocation,
            claim=claim,
            kind=Kind.PAYMENT,
            account=Account.PAID,
            amount=claim.amount,
            by=paid_by,
            effective_on=timezone.localdate(),
            memo=f"Payment of claim {claim.pk}",
        )
        _audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=paid_by,
            action="recorded a payment",
            detail=f"claim {claim.pk} of {pounds(claim.amount)}",
        )
        notify(
            recipient=claim.claimant,
            kind=Notification.Kind.BUDGET,
            subject=f"Claim paid: {pounds(claim.amount)}",
            body=f"Your claim of {pounds(claim.amount)} has been paid.",
            url=claim.get_absolute_url(),
            event_key=f"claim:{claim.pk}:paid",
        )
    return claim


def claim_reverse(*, claim: Claim, reversed_by, reason: str) -> Claim:
    """Officers correct a mistaken approval or payment with reversing entries;
    the money returns to the allocation and nothing on the ledger is changed."""
    reason = reason.strip()
    if not reason:
        raise BudgetError("Give a reason for the reversal.", field="reason")
    with transaction.atomic(durable=True):
        allocation = _lock_allocation(claim.allocation_id)
        claim = _lock_claim(claim.pk)
        if not is_officer(reversed_by, allocation.fund.partnership):
            raise NotAllowed("Only the partnership's officers can reverse a claim.")
        _transition(claim, Claim.Status.REVERSED, CLAIM_TRANSITIONS)
        claim.save(update_fields=["status"])
        for entry in (
            LedgerEntry.objects.filter(claim=claim, reversed_by__isnull=True)
            .exclude(kind=Kind.REVERSAL)
            .order_by("pk")
        ):
            _post(
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
        _audit(
            fund_id=allocation.fund_id,
            allocation=allocation,
            claim=claim,
            actor=reversed_by,
            action="reversed a claim",
            detail=f"claim {claim.pk}: {reason}",
        )
        notify(
            recipient=claim.claimant,
            kind=Notification.Kind.BUDGET,
            subject=f"Claim reversed: {pounds(claim.amount)}",
            body=f"{reversed_by} reversed your claim of {pounds(claim.amount)}: "
            f"{reason}",
            url=claim.get_absolute_url(),
            event_key=f"claim:{claim.pk}:reversed",
        )
    return claim


# ---------------------------------------------------------------------------
# Delegations


def delegation_grant(*, school, delegate, granted_by) -> ClaimDelegation:
    """A headteacher lets a teacher of their own school claim from its budget."""
    if school.pk not in granted_by.headteacher_school_ids():
        raise NotAllowed("Only the school's headteacher can delegate claiming.")
    if not school.staff.filter(user=delegate, left__isnull=True).exists():
        raise BudgetError("That person is not on the school's staff.", field="delegate")
    with transaction.atomic(durable=True):
        existing = ClaimDelegation.objects.filter(
            school=school, delegate=delegate, revoked__isnull=True
        ).first()
        if existing:
            return existing
        delegation = ClaimDelegation.objects.create(
            school=school, delegate=delegate, granted_by=granted_by
        )
        notify(
            recipient=delegate,
            kind=Notification.Kind.BUDGET,
            subject=f"You can now claim from {school.name}'s budget",
            body=f"{granted_by} has asked you to make budget claims for {school.name}.",
            url=f"/budgets/schools/{school.urn}/",
            event_key=f"delegation:{delegation.pk}",
        )
    return delegation


def delegation_revoke(*, delegation: ClaimDelegation, revoked_by) -> ClaimDelegation:
    """A headteacher of the school withdraws a delegation."""
    if delegation.school_id not in revoked_by.headteacher_school_ids():
        raise NotAllowed("Only the school's headteacher can withdraw a delegation.")
    with transaction.atomic(durable=True):
        delegation = ClaimDelegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.revoked is None:
            delegation.revoked = timezone.now()
            delegation.revoked_by = revoked_by
            delegation.save(update_fields=["revoked", "revoked_by"])
    return delegation


# ---------------------------------------------------------------------------
# Reminders


def waiting_for(user) -> tuple[list[Allocation], list[Claim]]:
    """What waits on one approver: items they may approve and have not yet."""
    from partnership.models import Fund as FundModel

    funds = FundModel.objects.filter(
        Q(partnership__officers=user)
        | Q(
            partnership__memberships__is_board_member=True,
            partnership__memberships__left__isnull=True,
            partnership__memberships__school__staff__user=user,
            partnership__memberships__school__staff__role="headteacher",
            partnership__memberships__school__staff__left__isnull=True,
        )
    ).values("pk")
    officer_funds = FundModel.objects.filter(partnership__officers=user).values("pk")
    own = user.headteacher_school_ids()
    allocations = (
        Allocation.objects.filter(status=Allocation.Status.PROPOSED, fund__in=funds)
        .exclude(proposed_by=user)
        .exclude(approvals__approver=user)
        .exclude(Q(school_id__in=own) & ~Q(fund__in=officer_funds))
        .select_related("fund", "school")
        .order_by("created", "pk")
    )
    claims = (
        Claim.objects.filter(status=Claim.Status.SUBMITTED, allocation__fund__in=funds)
        .exclude(claimant=user)
        .exclude(approvals__approver=user)
        .exclude(
            Q(allocation__school_id__in=own) & ~Q(allocation__fund__in=officer_funds)
        )
        .select_related("allocation__fund", "allocation__school", "claimant")
        .order_by("created", "pk")
    )
    return list(allocations), list(claims)


def budget_reminders_send(*, today: date | None = None) -> int:
    """Once a week, remind each approver of what waits on them (once per week,
    however often it runs)."""
    from schools.models import User

    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    candidates = User.objects.filter(
        Q(officer_of__funds__isnull=False)
        | Q(
            staff_roles__role="headteacher",
            staff_roles__left__isnull=True,
            staff_roles__school__memberships__is_board_member=True,
            staff_roles__school__memberships__left__isnull=True,
            staff_roles__school__memberships__partnership__funds__isnull=False,
        ),
        is_active=True,
    ).distinct()
    sent = 0
    for user in candidates.order_by("pk"):
        allocations, claims = waiting_for(user)
        if not allocations and not claims:
            continue
        lines = [
            f"- Allocation of {pounds(a.amount)} for {a.recipient} ({a.fund.name})"
            for a in allocations
        ] + [
            f"- Claim of {pounds(c.amount)} by {c.claimant} for "
            f"{c.allocation.recipient}"
            for c in claims
        ]
        with transaction.atomic():
            made = notify(
                recipient=user,
                kind=Notification.Kind.REMINDER,
                subject=f"{len(lines)} budget items wait for your approval",
                body="These wait for your approval:\n" + "\n".join(lines),
                url="/budgets/approvals/",
                event_key=f"budget-reminder:{year}-W{week:02d}",
            )
        sent += made is not None
    return sent
