"""Celery tasks of the partnership app: thin wrappers around services."""

from celery import shared_task

from partnership.kernel.locks import run_once
from partnership.services import notification_send, notifications_requeue_pending
from partnership.services.notifications import TRANSIENT_MAIL_ERRORS


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=7,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send a batch of pending notification emails; already-sent ones are skipped."""
    return sum(notification_send(notification_id=pk) for pk in notification_ids)


@shared_task(acks_late=True)
@run_once("requeue-pending-notifications", timeout=55)
def requeue_pending_notifications() -> int:
    """Periodic: queue again emails left pending (one run at a time)."""
    return notifications_requeue_pending()
