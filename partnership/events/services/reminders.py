"""Reminders through the outbox: the day before each session, feedback due."""

import datetime

from django.utils import timezone

from partnership.models import Notification
from partnership.services import notify

from ..models import Booking, Session

FEEDBACK_WINDOW = datetime.timedelta(days=7)


def session_reminders_send(*, now=None) -> int:
    """Everyone booked hears the day before each session, once per session."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    sent = 0
    sessions = Session.objects.filter(
        starts__date=tomorrow, event__status="published"
    ).select_related("event")
    for session in sessions:
        bookings = session.event.bookings.filter(
            status=Booking.Status.BOOKED
        ).select_related("person")
        when = timezone.localtime(session.starts)
        for booking in bookings:
            made = notify(
                recipient=booking.person,
                kind=Notification.Kind.REMINDER,
                subject=f"Tomorrow: {session.event.title}",
                body=f"{session.event.title} starts tomorrow at {when:%H:%M}.",
                url=session.event.get_absolute_url(),
                event_key=f"event-session-reminder:{session.pk}:{booking.pk}",
            )
            sent += made is not None
    return sent


def feedback_reminders_send(*, now=None) -> int:
    """Attendees who have not given feedback are asked once after the event ends."""
    now = now or timezone.now()
    bookings = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        attended=True,
        feedback__isnull=True,
        event__ends__lte=now,
        event__ends__gte=now - FEEDBACK_WINDOW,
    ).select_related("event", "person")
    sent = 0
    for booking in bookings:
        made = notify(
            recipient=booking.person,
            kind=Notification.Kind.REMINDER,
            subject=f"Your feedback on {booking.event.title}",
            body="Tell the organiser how it went and what difference it will make.",
            url=booking.event.get_absolute_url() + "feedback/",
            event_key=f"event-feedback-due:{booking.pk}",
        )
        sent += made is not None
    return sent
