"""Events for tests: made directly (fast), with sessions and dates kept in step."""

import datetime

import pytest
from django.utils import timezone

from partnership.events.models import Booking, Event, Session
from tests.factories import StaffFactory


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)),
        timezone.get_default_timezone(),
    )


def make_event(
    *,
    school,
    organiser,
    capacity: int = 2,
    sessions: int = 1,
    first_day: datetime.date | None = None,
    title: str = "Action research: three twilights",
    **fields,
) -> Event:
    """An event at `school`'s partnership, open for booking today; sessions weekly
    from `first_day` (default: in ten days), 16:00 to 17:30."""
    today = timezone.localdate()
    first_day = first_day or today + datetime.timedelta(days=10)
    defaults = {
        "kind": Event.Kind.COURSE,
        "booking_opens": min(today, first_day) - datetime.timedelta(days=5),
        "booking_closes": first_day,
        "cancel_by": first_day,
    }
    defaults.update(fields)
    event = Event.objects.create(
        partnership=school.memberships.first().partnership,
        host_school=school,
        organiser=organiser,
        title=title,
        slug=f"event-{Event.objects.count() + 1}",
        capacity=capacity,
        venue="Riverside Teaching Centre, 1 High Street",
        **defaults,
    )
    for n in range(sessions):
        day = first_day + datetime.timedelta(days=7 * n)
        Session.objects.create(event=event, starts=at(day, 16), ends=at(day, 17, 30))
    event.starts = event.sessions.first().starts
    event.ends = event.sessions.last().ends
    event.save()
    return event


def past_event(*, school, organiser, **fields) -> Event:
    """An event that finished yesterday (booking closed before it)."""
    first = timezone.localdate() - datetime.timedelta(days=1)
    return make_event(
        school=school,
        organiser=organiser,
        first_day=first,
        booking_opens=first - datetime.timedelta(days=20),
        booking_closes=first,
        cancel_by=first,
        **fields,
    )


def booking(event, person, *, status=Booking.Status.BOOKED, attended=None) -> Booking:
    position = event.bookings.count() + 1
    return Booking.objects.create(
        event=event,
        person=person,
        booked_by=person,
        status=status,
        position=position,
        attended=attended,
        school=person.staff_roles.first().school,
    )


def staff(school, role="teacher"):
    return StaffFactory(school=school, role=role).user


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
