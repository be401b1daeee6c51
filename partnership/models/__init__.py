"""Partnerships, membership and notifications (budgets and support live beside them)."""

from .core import Membership, Partnership
from .notifications import EmailPreference, Notification

__all__ = ["EmailPreference", "Membership", "Notification", "Partnership"]
