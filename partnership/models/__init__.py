"""Partnerships, membership and notifications (budgets are the `budgets` app)."""

from .core import Membership, Partnership
from .notifications import EmailPreference, Notification

__all__ = [
    "EmailPreference",
    "Membership",
    "Notification",
    "Partnership",
]
