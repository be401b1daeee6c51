"""Booking a place, the waiting list, cancelling and promotion from the list."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import Notification
from partnership.services import notify

from .. import permissions
from ..models import BOOKING_STATES, Booking, BookingTransition, Event

Status = Booking.Status


def _lock_event(event: Event) -> Event:
    """Lock the event row: every booking and cancellation of it queues here, so the
    places counted are the places there are."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_booking(event: Event, person, booked_by):
    if not permissions.may_book_for(booked_by, person, event):
        raise NotAllowed(
            "You can only book for yourself or for current staff of a school you lead.",
            field="person",
        )
    school = permissions.school_of(person, event)
    if school is None:
        raise NotAllowed(
            "This event is open only to current staff of "
            + (
                event.host_school.name
                if event.open_to == Event.OpenTo.SCHOOL
                else "the partnership's member schools"
            )
            + ".",
            field="person",
        )
    if event.status != Event.Status.PUBLISHED:
        raise DomainError("This event has been cancelled.")
    today = timezone.localdate()
    if today < event.booking_opens:
        raise DomainError(f"Booking opens on {event.booking_opens:%-d %B %Y}.")
    if today > event.booking_closes:
        raise DomainError(f"Booking closed on {event.booking_closes:%-d %B %Y}.")
    return school


def booking_create(*, event: Event, person, booked_by) -> Booking:
    """A member books a place (a headteacher for their own current staff); when the
    event is full the booking joins the waiting list. Never more places than exist."""
    school = _check_booking(event, person, booked_by)
    with transaction.atomic():
        event = _lock_event(event)
        if event.status != Event.Status.PUBLISHED:
            raise DomainError("This event has been cancelled.")
        live = event.bookings.exclude(status=Status.CANCELLED)
        if live.filter(person=person).exists():
            raise DomainError(
                f"{_who(person, booked_by)} already on this event.", field="person"
            )
        taken = live.filter(status=Status.BOOKED).count()
        status = Status.BOOKED if taken < event.capacity else Status.WAITING
        last = event.bookings.aggregate(last=Max("position"))["last"] or 0
        booking = Booking.objects.create(
            event=event,
            person=person,
            booked_by=booked_by,
            school=school,
            status=status,
            position=last + 1,
        )
        BookingTransition.record(
            subject=booking, by=booked_by, from_status="", to_status=status
        )
    return booking


def _who(person, booked_by) -> str:
    return "You are" if person == booked_by else f"{person.full_name} is"


def booking_cancel(*, booking: Booking, cancelled_by) -> Booking:
    """The person, the headteacher who may book for them, or the organiser cancels
    up to the cancellation deadline; a freed place goes to the first on the list."""
    if not permissions.may_cancel(cancelled_by, booking):
        raise NotAllowed("You cannot cancel this booking.")
    with transaction.atomic():
        event = _lock_event(booking.event)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        organiser = permissions.may_manage(cancelled_by, event)
        if timezone.localdate() > event.cancel_by and not organiser:
            raise DomainError(
                f"Places can only be cancelled up to {event.cancel_by:%-d %B %Y}; "
                "the deadline has passed. Ask the organiser if you cannot come."
            )
        was = booking.status
        BOOKING_STATES.move(
            booking, to=Status.CANCELLED, by=cancelled_by, history=BookingTransition
        )
        if was == Status.BOOKED:
            _promote(event, by=cancelled_by)
    return booking


def _promote(event: Event, *, by) -> Booking | None:
    """Give a free place to the first person on the waiting list, and tell them."""
    taken = event.bookings.filter(status=Status.BOOKED).count()
    if taken >= event.capacity:
        return None
    first = (
        event.bookings.select_for_update()
        .filter(status=Status.WAITING)
        .order_by("position", "id")
        .first()
    )
    if first is None:
        return None
    BOOKING_STATES.move(
        first,
        to=Status.BOOKED,
        by=by,
        history=BookingTransition,
        note="A place came free.",
    )
    notify(
        recipient=first.person,
        kind=Notification.Kind.EVENTS,
        subject=f"You have a place on {event.title}",
        body=(
            f"A place came free on {event.title} and it is yours: you were first on "
            "the waiting list. If you cannot come, please cancel so that someone "
            "else can have it."
        ),
        url=event.get_absolute_url(),
        event_key=f"event-place-offered:{first.pk}",
    )
    return first
