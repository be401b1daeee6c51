"""The ledger writer, the row locks taken before checking balances, and the audit trail.

This is the only module that writes `LedgerEntry` rows (`post`). Each action that
moves money locks the rows it checks, in a fixed order (fund, then allocation, then
claim, each by primary key) with `select_for_update()`, then checks the balance it
needs from the ledger, then writes. Two approvals at once therefore queue on the
allocation's row lock: the second sees the first one's entry and is refused if the
money is gone. On SQLite the whole database is locked by a writer instead.
"""

from datetime import date
from decimal import Decimal

from partnership.kernel.money import FractionOfPenny, NotMoney, to_money

from ..errors import BudgetError
from ..models import (
    Allocation,
    AllocationAdjustment,
    BudgetEvent,
    Claim,
    Fund,
    LedgerEntry,
)

Account = LedgerEntry.Account
Kind = LedgerEntry.Kind


def lock_fund(fund_id: int) -> Fund:
    return (
        Fund.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=fund_id)
    )


def lock_allocation(allocation_id: int) -> Allocation:
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("fund__partnership", "school")
        .get(pk=allocation_id)
    )


def lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim_id)


def post(
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


def audit(*, fund_id: int, actor, action: str, detail: str = "", **links) -> None:
    """One line of a fund's audit trail, written explicitly by each service."""
    BudgetEvent.objects.create(
        fund_id=fund_id, actor=actor, action=action, detail=detail[:500], **links
    )


def _exact(value, *, not_number: str, fraction: str, field: str) -> Decimal:
    """Exact pounds and pence (the kernel's rule), or a BudgetError in our words."""
    try:
        return to_money(value)
    except FractionOfPenny:
        raise BudgetError(fraction, field=field) from None
    except NotMoney:
        raise BudgetError(not_number, field=field) from None


def money(value, *, field: str = "amount") -> Decimal:
    """An exact positive amount of pounds and pence, or a BudgetError."""
    amount = _exact(
        value,
        not_number="Enter an amount in pounds, like 250.00.",
        fraction="Enter the amount in pounds and pence only.",
        field=field,
    )
    if amount <= 0:
        raise BudgetError("The amount must be more than £0.00.", field=field)
    if amount >= Decimal("10000000000"):
        raise BudgetError("The amount is too large.", field=field)
    return amount


def change_of_money(value) -> Decimal:
    """An exact, non-zero change in pounds and pence (positive or negative)."""
    change = _exact(
        value,
        not_number="Enter the change in pounds, like -250.00.",
        fraction="Enter the change in pounds and pence only.",
        field="change",
    )
    if change == 0:
        raise BudgetError(
            "Enter a change other than £0.00: positive to add, negative to take away.",
            field="change",
        )
    return change


def reason_given(reason: str, message: str) -> str:
    """The reason, stripped, or a BudgetError on the reason field."""
    reason = reason.strip()
    if not reason:
        raise BudgetError(message, field="reason")
    return reason
