"""Beat reminders: each is sent once, however many times the schedule runs."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from journal import services
from journal.models import Review, Submission
from journal.tasks import send_journal_reminders
from partnership.models import Notification


def test_an_overdue_review_produces_exactly_one_reminder_over_many_beat_runs(
    under_review, reviewer, django_capture_on_commit_callbacks
):
    _, review = under_review
    Review.objects.filter(pk=review.pk).update(
        due=timezone.localdate() - timedelta(days=1)
    )
    mail.outbox.clear()
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            send_journal_reminders.delay()
    reminders = [m for m in mail.outbox if "overdue" in m.subject]
    assert [m.to for m in reminders] == [[reviewer.email]]
    assert (
        Notification.objects.filter(
            event_key=f"journal-review-overdue:{review.pk}"
        ).count()
        == 1
    )


def test_a_review_not_yet_due_gets_no_reminder(under_review):
    assert services.reminders_send()["reviews"] == 0


def test_the_call_closing_in_a_week_is_announced_once(edition, teacher):
    edition.call_closes = timezone.localdate() + timedelta(days=5)
    edition.save()
    first = services.reminders_send()
    second = services.reminders_send()
    assert first["calls"] >= 1
    assert second["calls"] == 0
    assert (
        Notification.objects.filter(
            recipient=teacher, event_key__startswith="journal-call-closing"
        ).count()
        == 1
    )


def test_overdue_revisions_remind_the_authors_once(under_review, officer, teacher):
    sub, _ = under_review
    services.submission_decide(
        submission=sub,
        by=officer,
        outcome="revisions",
        letter="More please.",
        no_review_reason="The reviewer is away; the gaps are plain.",
    )
    Submission.objects.filter(pk=sub.pk).update(
        revisions_due=timezone.localdate() - timedelta(days=1)
    )
    assert services.reminders_send(today=timezone.localdate())["revisions"] == 1
    assert services.reminders_send(today=timezone.localdate())["revisions"] == 0
