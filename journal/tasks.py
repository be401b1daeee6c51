"""Celery tasks of the journal: thin wrappers that load ids and call services."""

from celery import shared_task
from django.db import OperationalError

from journal import services
from partnership.kernel.locks import run_once


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=300,
    max_retries=5,
    time_limit=30 * 60,
    soft_time_limit=28 * 60,
)
def compile_edition_task(run_id: int) -> str:
    """Compile one CompileRun; running it twice is harmless (finished runs are skipped)."""
    run = services.compile_run_execute(run_id=run_id)
    return run.status if run else "missing"


@shared_task(acks_late=True)
@run_once("journal-reminders", timeout=300, default={})
def send_journal_reminders() -> dict:
    """Periodic: overdue reviews, calls closing within a week, overdue revisions."""
    return services.reminders_send()


@shared_task(acks_late=True)
@run_once("journal-requeue-compiles", timeout=55, default=0)
def requeue_stale_compiles() -> int:
    """Every minute: retry or fail compile runs whose worker went silent, and queue
    again runs lost with the broker."""
    return services.compile_runs_requeue_stale()
