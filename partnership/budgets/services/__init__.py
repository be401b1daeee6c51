"""Budget services: every change to funds, allocations, claims and the ledger.

One import point: `from partnership.budgets import services`. Services only change
state; reads are in `..selectors`, who-may-do-what in `..permissions`. Only
`.ledger.post` writes ledger rows.
"""

from ..errors import BudgetError, IllegalTransition, NotAllowed, NotEnoughMoney
from .allocations import (
    allocation_adjust,
    allocation_approve,
    allocation_propose,
    allocation_reject,
)
from .batch import claims_decide
from .claims import claim_approve, claim_reject, claim_submit, claim_submit_within
from .corrections import claim_correct, claim_withdraw
from .delegations import delegation_grant, delegation_revoke
from .funds import fund_create, fund_set_public
from .payments import claim_mark_paid, claim_reverse
from .reminders import budget_reminders_send

__all__ = [
    "BudgetError",
    "IllegalTransition",
    "NotAllowed",
    "NotEnoughMoney",
    "allocation_adjust",
    "allocation_approve",
    "allocation_propose",
    "allocation_reject",
    "budget_reminders_send",
    "claim_approve",
    "claim_correct",
    "claim_mark_paid",
    "claim_reject",
    "claim_reverse",
    "claim_submit",
    "claim_submit_within",
    "claim_withdraw",
    "claims_decide",
    "delegation_grant",
    "delegation_revoke",
    "fund_create",
    "fund_set_public",
]
