"""Celery tasks of the budgets app: thin wrappers around services."""

from celery import shared_task

from partnership.kernel.locks import run_once

from .services import budget_reminders_send


# The name it had before budgets were an app of their own: the beat schedule, and
# any message already queued, still find it.
@shared_task(name="partnership.tasks.send_budget_approver_reminders", acks_late=True)
@run_once("budget-approver-reminders", timeout=600)
def send_budget_approver_reminders() -> int:
    """Weekly: remind approvers of budget items waiting on them (once per week)."""
    return budget_reminders_send()
