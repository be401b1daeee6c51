"""Celery tasks of the journal: thin wrappers that load ids and call services."""

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from journal import services


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
def send_journal_reminders() -> dict:
    """Periodic: overdue reviews, calls closing within a week, overdue revisions."""
    if not cache.add("lock:journal-reminders", 1, timeout=300):
        return {}
    try:
        return services.reminders_send()
    finally:
        cache.delete("lock:journal-reminders")


@shared_task(acks_late=True)
def requeue_stale_compiles() -> int:
    """Periodic: queue again compile runs that were lost with a broker or worker."""
    if not cache.add("lock:journal-requeue-compiles", 1, timeout=120):
        return 0
    try:
        return services.compile_runs_requeue_stale()
    finally:
        cache.delete("lock:journal-requeue-compiles")
