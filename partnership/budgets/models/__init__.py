"""Partnership budgets: funds, allocations, spend claims and the money ledger.

Every movement of money is a `LedgerEntry`, written only by
`partnership.budgets.services.ledger` and never changed or deleted afterwards;
balances are sums over the ledger. See docs/adr/0002-money-ledger.md.

The tables keep the names they had when budgets lived inside the partnership app
(`partnership_fund`, ...): see `Meta.db_table` and migrations/0001.
"""

from .claims import CLAIM_STATES, Approval, Claim, ClaimDelegation
from .funds import (
    ALLOCATION_STATES,
    MONEY,
    ZERO,
    Allocation,
    AllocationAdjustment,
    Fund,
    financial_year,
    financial_year_label,
)
from .history import AllocationTransition, ClaimTransition
from .ledger import BudgetEvent, LedgerEntry

__all__ = [
    "ALLOCATION_STATES",
    "CLAIM_STATES",
    "MONEY",
    "ZERO",
    "Allocation",
    "AllocationAdjustment",
    "AllocationTransition",
    "Approval",
    "BudgetEvent",
    "Claim",
    "ClaimDelegation",
    "ClaimTransition",
    "Fund",
    "LedgerEntry",
    "financial_year",
    "financial_year_label",
]
