"""Reads of events: the calendar, a person's booking, the organiser's lists."""

from django.db.models import Count, Prefetch, Q

from .models import Booking, Event, Session


def event_list(*, user):
    return (
        Event.objects.visible_to(user)
        .select_related("host_school", "subject")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED))
        )
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("starts"))
        )
        .order_by("starts", "id")
    )


def live_booking(*, event: Event, person) -> Booking | None:
    if not getattr(person, "is_authenticated", False):
        return None
    return (
        event.bookings.exclude(status=Booking.Status.CANCELLED)
        .filter(person=person)
        .first()
    )


def places_left(event: Event) -> int:
    taken = event.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(event.capacity - taken, 0)


def organiser_bookings(event: Event):
    return event.bookings.select_related(
        "person", "school", "booked_by", "feedback"
    ).order_by("status", "position", "id")


def feed_bookings(person):
    return (
        Booking.objects.filter(person=person, status=Booking.Status.BOOKED)
        .select_related("event")
        .prefetch_related("event__sessions")
    )


def staff_bookings(*, event: Event, staff_user_ids):
    return (
        event.bookings.exclude(status=Booking.Status.CANCELLED)
        .filter(person_id__in=staff_user_ids)
        .select_related("person")
    )
