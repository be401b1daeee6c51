"""Reads for the budget pages: balances and overviews summed from the ledger
(`.money`), which schools' budgets a person may see and what waits on an approver
(`.people`). One import point: `from partnership.budgets import selectors`."""

from .money import (
    Balance,
    FundOverview,
    Row,
    allocation_balance,
    allocation_claims,
    audit_trail,
    fund_balance,
    fund_overview,
    fund_unallocated,
    ledger_rows,
    school_budget,
    school_totals,
)
from .people import (
    delegated_school_ids,
    own_budget_schools,
    school_heads,
    schools_with_budget_visible_to,
    served_or_delegated,
    waiting_for,
)

__all__ = [
    "Balance",
    "FundOverview",
    "Row",
    "allocation_balance",
    "allocation_claims",
    "audit_trail",
    "delegated_school_ids",
    "fund_balance",
    "fund_overview",
    "fund_unallocated",
    "ledger_rows",
    "own_budget_schools",
    "school_budget",
    "school_heads",
    "school_totals",
    "schools_with_budget_visible_to",
    "served_or_delegated",
    "waiting_for",
]
