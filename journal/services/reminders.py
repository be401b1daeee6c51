"""Reminders, each sent once: overdue reviews, calls closing soon, overdue revisions."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from journal import selectors
from journal.models import Edition, Review, Submission
from partnership.models import Notification
from partnership.services import notify, notify_many

from ._common import S, author_users


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
            sent += 1
    return sent


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
            "calls": _calls_closing(today),
            "revisions": _overdue_revisions(today),
        }
