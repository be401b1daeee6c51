"""Reminders by email through the outbox; each event is sent once (event_key)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partnership.services import NotificationKind, notify
from schools.models import User

from ..models import Measure, MeasureValue, PeerReview, Priority

REPORT_GRACE = timedelta(days=7)


def _heads(school_id: int):
    return User.objects.filter(
        staff_roles__school_id=school_id,
        staff_roles__role="headteacher",
        staff_roles__left__isnull=True,
    )


def remind_priority_reviews(*, today=None) -> int:
    """A priority whose review date passed with no outcome: its school's heads."""
    today = today or timezone.localdate()
    sent = 0
    due = Priority.objects.filter(review_on__lt=today, outcome="").select_related(
        "school"
    )
    with transaction.atomic():
        for priority in due:
            for head in _heads(priority.school_id):
                sent += bool(
                    notify(
                        recipient=head,
                        kind=NotificationKind.REMINDER,
                        subject=f"Record the outcome of a priority: {priority.title[:80]}",
                        body=f"The review date of this priority of {priority.school.name} "
                        "has passed. Record whether it was met, with the measured values.",
                        url=priority.get_absolute_url(),
                        event_key=f"priority:{priority.pk}:review-due",
                    )
                )
    return sent


def remind_reports(*, today=None) -> int:
    """A report not written a week after the visit: its reviewers still on it."""
    today = today or timezone.localdate()
    sent = 0
    late = PeerReview.objects.filter(
        written_at__isnull=True, visit_on__lte=today - REPORT_GRACE
    ).select_related("host")
    with transaction.atomic():
        for review in late:
            for reviewer in review.reviewers.filter(declined_at__isnull=True):
                sent += bool(
                    notify(
                        recipient=reviewer.user,
                        kind=NotificationKind.REMINDER,
                        subject=f"The peer review report for {review.host.name} is due",
                        body="The visit was a week ago or more: write the report.",
                        url=review.get_absolute_url(),
                        event_key=f"review:{review.pk}:report-late:{reviewer.user_id}",
                    )
                )
    return sent


def call_for_values(*, year: int) -> int:
    """Once a year: each member school's heads enter last year's measure values."""
    sent = 0
    measures = Measure.objects.select_related("partnership")
    with transaction.atomic():
        for measure in measures:
            done = set(
                MeasureValue.objects.filter(measure=measure, year=year).values_list(
                    "school_id", flat=True
                )
            )
            for membership in measure.partnership.memberships.filter(left__isnull=True):
                if membership.school_id in done:
                    continue
                for head in _heads(membership.school_id):
                    sent += bool(
                        notify(
                            recipient=head,
                            kind=NotificationKind.REMINDER,
                            subject=f"Enter your school's {year} values: {measure.partnership.name}",
                            body=f"Enter the {year} value of “{measure.name}” and the "
                            "partnership's other measures.",
                            url="/improvement/",
                            event_key=f"measures:{measure.partnership_id}:{year}:{head.pk}",
                        )
                    )
    return sent
