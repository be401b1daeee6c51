"""Periodic reminders of the improvement cycle (thin: they call the services)."""

from celery import shared_task
from django.utils import timezone

from partnership.kernel.locks import run_once

from . import services


@shared_task(acks_late=True, time_limit=300)
@run_once("improvement-reminders", timeout=600)
def send_improvement_reminders() -> int:
    """Daily: priorities past their review date and reports late after a visit.
    Each reminder has an event key, so a second run sends nothing again."""
    return services.remind_priority_reviews() + services.remind_reports()


@shared_task(acks_late=True, time_limit=300)
@run_once("improvement-call-for-values", timeout=600)
def send_call_for_values() -> int:
    """Each July: the call for the school year's measure values."""
    today = timezone.localdate()
    return services.call_for_values(year=today.year - 1)
