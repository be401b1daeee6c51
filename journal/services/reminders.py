"""Reminders, each sent once: overdue reviews, calls closing soon, overdue revisions."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from journal import selectors
from journal.models import Edition, Review, Submission
from partnership.kernel.errors import DomainError
from partnership.models import Notification
from partnership.services import notify, notify_many

from ._common import S, author_users, require_editor


def _overdue_reviews(today: date) -> int:
    sent = 0
    for review in Review.objects.overdue(today).select_related(
        "reviewer", "submission"
    ):
        if notify(
            recipient=review.reviewer,
            kind=Notification.Kind.REMINDER,
            subject=f"Your review of “{review.submission.title}” is overdue",
            body=f"It was due on {review.due:%-d %B %Y}. Please submit it, or decline so the editors can ask someone else.",
            url=review.get_absolute_url(),
            event_key=f"journal-review-overdue:{review.pk}",
        ):
            Review.objects.filter(pk=review.pk).update(last_reminded=timezone.now())
            sent += 1
    return sent


def _reviews_due_soon(today: date) -> int:
    """Three days before a review is due, once per review."""
    sent = 0
    for review in (
        Review.objects.outstanding()
        .filter(due__gte=today, due__lte=today + timedelta(days=3))
        .select_related("reviewer", "submission")
    ):
        if notify(
            recipient=review.reviewer,
            kind=Notification.Kind.REMINDER,
            subject=f"Your review of “{review.submission.title}” is due soon",
            body=f"It is due on {review.due:%-d %B %Y}. Please submit it, or decline so the editors can ask someone else.",
            url=review.get_absolute_url(),
            event_key=f"journal-review-due-soon:{review.pk}",
        ):
            Review.objects.filter(pk=review.pk).update(last_reminded=timezone.now())
            sent += 1
    return sent


def review_remind(*, review: Review, by) -> bool:
    """An editor reminds a reviewer; at most one reminder a day (a repeat does nothing).

    Returns whether a reminder was sent.
    """
    require_editor(review.submission.edition, by)
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        review = (
            Review.objects.select_for_update()
            .select_related("submission", "reviewer")
            .get(pk=review.pk)
        )
        if review.status != Review.Status.INVITED:
            raise DomainError("Only a review still awaited can be reminded.")
        sent = notify(
            recipient=review.reviewer,
            kind=Notification.Kind.REMINDER,
            subject=f"A reminder: please review “{review.submission.title}”",
            body=f"The editors remind you that your review is due on {review.due:%-d %B %Y}. "
            "Please submit it, or decline so they can ask someone else.",
            url=review.get_absolute_url(),
            event_key=f"journal-review-remind:{review.pk}:{today.isoformat()}",
        )
        if sent:
            review.last_reminded = timezone.now()
            review.save(update_fields=["last_reminded"])
    return sent is not None


def _calls_closing(today: date) -> int:
    sent = 0
    week = today + timedelta(days=7)
    for edition in Edition.objects.filter(
        call_opens__lte=today, call_closes__gt=today, call_closes__lte=week
    ):
        created = notify_many(
            recipients=list(selectors.partnership_members(edition.partnership)),
            kind=Notification.Kind.REMINDER,
            subject=f"The call for {edition.title} closes on {edition.call_closes:%-d %B}",
            body="If you have a completed research project, there is still time to submit it to the journal.",
            url="/journal/submit/",
            event_key=f"journal-call-closing:{edition.pk}",
        )
        sent += len(created)
    return sent


def _overdue_revisions(today: date) -> int:
    sent = 0
    for sub in Submission.objects.filter(
        status=S.REVISIONS_REQUESTED, revisions_due__lt=today
    ):
        created = notify_many(
            recipients=author_users(sub),
            kind=Notification.Kind.REMINDER,
            subject=f"Revisions to “{sub.title}” are overdue",
            body=f"The editors asked for your revised report by {sub.revisions_due:%-d %B %Y}.",
            url=sub.get_absolute_url(),
            event_key=f"journal-revisions-overdue:{sub.pk}:{sub.version}",
        )
        sent += len(created)
    return sent


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send each reminder once: overdue reviews, calls closing in a week, overdue revisions."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return {
            "reviews": _overdue_reviews(today),
            "reviews_due_soon": _reviews_due_soon(today),
            "calls": _calls_closing(today),
            "revisions": _overdue_revisions(today),
        }
