"""Booking a place, booking for staff, cancelling, and the event's .ics file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from schools.models import User

from .. import ics, permissions, selectors, services
from ..forms import BookForStaffForm
from ..models import Booking, Event


def _event(request, slug) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user), slug=slug)


def _booked_message(booking: Booking, *, yourself: bool) -> str:
    who = "You have" if yourself else f"{booking.person.full_name} has"
    if booking.status == Booking.Status.BOOKED:
        return f"{who} a place on {booking.event.title}."
    are = "You are" if yourself else f"{booking.person.full_name} is"
    return (
        f"The event is full: {are} on the waiting list. If a place comes free, "
        "the first on the list gets it and an email."
    )


@login_required
@require_POST
def book(request, slug):
    event = _event(request, slug)
    if permissions.school_of(request.user, event) is None:
        raise Http404("Only staff of the schools the event is open to can book.")
    try:
        booking = services.booking_create(
            event=event, person=request.user, booked_by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _booked_message(booking, yourself=True))
    return redirect(event)


@login_required
def book_staff(request, slug):
    event = _event(request, slug)
    staff = list(permissions.bookable_staff(request.user, event))
    if not staff:
        raise Http404("You do not lead a school whose staff may book this event.")
    form = BookForStaffForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(pk=form.cleaned_data["person"]).first()
        try:
            booking = services.booking_create(
                event=event, person=person, booked_by=request.user
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _booked_message(booking, yourself=False))
            return redirect(event)
    booked = selectors.staff_bookings(
        event=event, staff_user_ids=[s.user_id for s in staff]
    )
    return render(
        request,
        "events/book_staff.html",
        {"event": event, "form": form, "booked": booked},
    )


@login_required
def booking_cancel(request, slug, pk):
    event = _event(request, slug)
    booking = get_object_or_404(
        event.bookings.exclude(status=Booking.Status.CANCELLED).select_related(
            "person"
        ),
        pk=pk,
    )
    if not permissions.may_cancel(request.user, booking):
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, cancelled_by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "The booking has been cancelled.")
            return redirect(event)
    return render(
        request,
        "events/booking_cancel.html",
        {"event": event, "booking": booking, "error": error},
    )


def event_ics(request, slug):
    event = _event(request, slug)
    booking = selectors.live_booking(event=event, person=request.user)
    booked = permissions.may_manage(request.user, event) or (
        booking is not None and booking.status == Booking.Status.BOOKED
    )
    response = HttpResponse(
        ics.event_ics(event, booked=booked), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
