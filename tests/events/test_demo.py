"""The demo events: past and coming, with bookings, a waiting list and attendance."""

import io

import pytest

from partnership import demo
from partnership.events import demo as events_demo
from partnership.events.models import Booking, Event, Feedback
from schools.models import User


@pytest.mark.django_db
def test_demo_events_have_past_and_coming_bookings_waiting_and_attendance():
    out = io.StringIO()
    demo.seed(stdout=out)
    events_demo.seed(stdout=out)
    events_demo.seed(stdout=out)  # idempotent

    assert Event.objects.count() == len(events_demo.DATA["events"])
    past = [e for e in Event.objects.all() if e.has_ended()]
    coming = [e for e in Event.objects.all() if not e.has_ended()]
    assert past
    assert coming
    assert Booking.objects.filter(status=Booking.Status.WAITING).count() == 2
    assert Booking.objects.filter(attended=True).count() == 20
    assert Feedback.objects.exists()
    teacher = User.objects.get(email=events_demo.DATA["teacher"])
    assert Booking.objects.filter(person=teacher, attended=True).exists()
    for event in Event.objects.all():
        booked = event.bookings.filter(status=Booking.Status.BOOKED).count()
        assert booked <= event.capacity


@pytest.mark.django_db
def test_the_bench_seeder_adds_events_with_sessions_and_bookings_once():
    from partnership.events import bench

    demo.seed(stdout=io.StringIO())
    made = bench.seed(scale=30)
    assert made == 30
    assert bench.seed(scale=30) == 0
    events = Event.objects.filter(slug__startswith="bench-event-")
    assert events.count() == 30
    assert all(e.sessions.exists() for e in events)
    for event in events:
        booked = event.bookings.filter(status=Booking.Status.BOOKED).count()
        assert booked <= event.capacity
