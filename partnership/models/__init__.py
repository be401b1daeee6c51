"""Partnerships, membership and notifications (budgets and support live beside them)."""

from .budget import (
    Allocation,
    AllocationAdjustment,
    Approval,
    BudgetEvent,
    Claim,
    ClaimDelegation,
    Fund,
    LedgerEntry,
)
from .core import Membership, Partnership
from .notifications import EmailPreference, Notification

__all__ = [
    "Allocation",
    "AllocationAdjustment",
    "Approval",
    "BudgetEvent",
    "Claim",
    "ClaimDelegation",
    "EmailPreference",
    "Fund",
    "LedgerEntry",
    "Membership",
    "Notification",
    "Partnership",
]
