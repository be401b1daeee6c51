"""Celery tasks of events: thin, by id, idempotent."""

from celery import shared_task
from django.db import OperationalError

from partnership.kernel.locks import run_once

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=300,
    max_retries=5,
    time_limit=120,
    soft_time_limit=100,
)
def make_certificate(certificate_id: int) -> bool:
    """Render one certificate; a repeat finds it made and does nothing."""
    certificate = services.certificate_make(certificate_id=certificate_id)
    return bool(certificate and certificate.file)


@shared_task(acks_late=True)
@run_once("event-reminders", timeout=300, default={})
def send_event_reminders() -> dict:
    """Periodic: the day before each session, and feedback due after an event."""
    return {
        "sessions": services.session_reminders_send(),
        "feedback": services.feedback_reminders_send(),
    }
