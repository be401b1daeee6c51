"""The notification outbox: every email the portal sends goes through here."""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from partnership.models import EmailPreference, Notification
from partnership.selectors import forget_unread

logger = logging.getLogger(__name__)

# The kinds of notification, for callers that must not import partnership.models.
NotificationKind = Notification.Kind

MAX_EMAIL_ATTEMPTS = 8
BATCH_SIZE = 50
# Errors of the mail server that may pass; anything else is a bug and is not retried.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _opted_out_ids(user_ids: Iterable[int], kind: str) -> set[int]:
    return set(
        EmailPreference.objects.filter(
            user_id__in=list(user_ids), kind=kind, send_email=False
        ).values_list("user_id", flat=True)
    )


def _queue(ids: list[int]) -> None:
    """Queue the email tasks; a broker outage is logged and repaired by the requeue."""
    from partnership.tasks import send_notification_emails

    for start in range(0, len(ids), BATCH_SIZE):
        try:
            send_notification_emails.delay(ids[start : start + BATCH_SIZE])
        except (BrokerError, OSError) as exc:
            logger.warning(
                "Broker unavailable; %s emails wait for the requeue: %s", len(ids), exc
            )
            return


def notify(
    *,
    recipient,
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    event_key: str = "",
) -> Notification | None:
    """Record a notification for one person and queue its email after commit.

    Call it inside the transaction that makes the event, so both are saved or
    neither. With an `event_key`, the same event never notifies a person twice.
    """
    created = notify_many(
        recipients=[recipient],
        kind=kind,
        subject=subject,
        body=body,
        url=url,
        event_key=event_key,
    )
    return created[0] if created else None


def notify_many(
    *,
    recipients: Iterable,
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    event_key: str = "",
) -> list[Notification]:
    """Record the same notification for many people; emails go out in batches."""
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return []
    opted_out = _opted_out_ids(people, kind)
    with transaction.atomic():
        already = _already_notified(people, event_key)
        rows = [
            Notification(
                recipient_id=pk,
                kind=kind,
                subject=subject[:200],
                body=body,
                url=url,
                event_key=event_key,
                email_status=(
                    Notification.EmailStatus.SKIPPED
                    if pk in opted_out
                    else Notification.EmailStatus.PENDING
                ),
            )
            for pk in people
            if pk not in already
        ]
        created = _save_each(rows)
    recipients = [n.recipient_id for n in created]
    forget_unread(recipients, after_commit=False)
    pending = [
        n.pk for n in created if n.email_status == Notification.EmailStatus.PENDING
    ]
    if created:
        # One callback: the unread counts are dropped again, then the emails queued.
        transaction.on_commit(lambda: _after_commit(recipients, pending))
    return created


def _after_commit(recipients: list[int], pending: list[int]) -> None:
    forget_unread(recipients, after_commit=False)
    if pending:
        _queue(pending)


def _already_notified(user_ids: Iterable[int], event_key: str) -> set[int]:
    if not event_key:
        return set()
    return set(
        Notification.objects.filter(
            recipient_id__in=list(user_ids), event_key=event_key
        ).values_list("recipient_id", flat=True)
    )


def _save_each(rows: list[Notification]) -> list[Notification]:
    """Save the rows one by one; a row a concurrent writer recorded first is skipped."""
    created = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue
        created.append(row)
    return created


def send_direct_email(
    *, to: str, subject: str, body: str, url: str = "", event_key: str = ""
) -> Notification:
    """Email an address that has no account yet (an invitation), through the outbox."""
    with transaction.atomic():
        if event_key:
            existing = Notification.objects.filter(
                to_email=to, event_key=event_key
            ).first()
            if existing:
                return existing
        notification = Notification.objects.create(
            to_email=to,
            kind=Notification.Kind.ACCOUNT,
            subject=subject[:200],
            body=body,
            url=url,
            event_key=event_key,
        )
    transaction.on_commit(lambda: _queue([notification.pk]))
    return notification


def _compose(notification: Notification) -> EmailMessage:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    text = notification.body.rstrip()
    if link:
        text += f"\n\n{link}"
    text += (
        f"\n\n--\n{settings.PORTAL_NAME}\n"
        f"Choose which emails you get: {settings.SITE_URL}/notifications/preferences/\n"
    )
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
        body=text,
        to=[notification.address],
    )


def notification_send(*, notification_id: int) -> bool:
    """Email one pending notification exactly once; returns whether it sent now."""
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=notification_id)
                .first()
            )
            if (
                notification is None
                or notification.email_status != Notification.EmailStatus.PENDING
            ):
                return False
            _compose(notification).send()
            notification.email_status = Notification.EmailStatus.SENT
            notification.emailed_at = timezone.now()
            notification.email_attempts += 1
            notification.last_error = ""
            notification.save(
                update_fields=[
                    "email_status",
                    "emailed_at",
                    "email_attempts",
                    "last_error",
                ]
            )
            return True
    except TRANSIENT_MAIL_ERRORS as exc:
        Notification.objects.filter(pk=notification_id).update(
            email_attempts=F("email_attempts") + 1, last_error=str(exc)[:2000]
        )
        Notification.objects.filter(
            pk=notification_id, email_attempts__gte=MAX_EMAIL_ATTEMPTS
        ).update(email_status=Notification.EmailStatus.FAILED)
        raise


def notifications_requeue_pending(*, older_than_seconds: int = 60) -> int:
    """Queue again every email still pending, e.g. after a broker outage."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING,
            created__lte=cutoff,
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    _queue(ids)
    return len(ids)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of a person's notifications read, or all of them."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    count = rows.update(read_at=timezone.now())
    forget_unread([user.pk])
    return count


def email_preferences_update(*, user, wanted_kinds: Iterable[str]) -> None:
    """Store which kinds of email a person wants; the rest are switched off."""
    wanted = set(wanted_kinds)
    with transaction.atomic():
        for kind in Notification.Kind.values:
            EmailPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"send_email": kind in wanted}
            )
