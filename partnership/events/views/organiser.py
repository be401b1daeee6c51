"""The organiser's pages: publishing, sessions, bookings, the register, CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from partnership.kernel.csvfiles import csv_response
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from schools.models import remember_served

from .. import permissions, selectors, services
from ..forms import EventEditForm, EventForm, RegisterForm, SessionForm
from ..models import Booking, Event


def _managed(request, slug) -> Event:
    return get_object_or_404(Event.objects.editable_by(request.user), slug=slug)


@login_required
def event_create(request):
    # The person's schools are read once, for the check and the form's choices.
    remember_served(request.user)
    if not permissions.may_publish(request.user):
        raise Http404("Only officers, headteachers and training offer owners publish.")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                organiser=request.user,
                data=form.service_data(),
                sessions=form.sessions,
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"{event.title} is published.")
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form})


@login_required
def session_add(request, slug):
    event = _managed(request, slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.span()
        try:
            services.session_add(
                event=event, starts=starts, ends=ends, added_by=request.user
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The session has been added.")
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/session_form.html", {"event": event, "form": form})


@login_required
def event_manage(request, slug):
    event = _managed(request, slug)
    bookings = list(selectors.organiser_bookings(event))
    booked = [b for b in bookings if b.status == Booking.Status.BOOKED]
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "booked": booked,
            "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
            "cancelled": [b for b in bookings if b.status == Booking.Status.CANCELLED],
            "attended": sum(1 for b in booked if b.attended),
            "feedback": [b.feedback for b in booked if hasattr(b, "feedback")],
        },
    )


@login_required
def event_manage_csv(request, slug):
    event = _managed(request, slug)
    header = [
        "Name", "Email", "School", "Status", "Waiting position", "Attended",
        "Rating", "Impact", "Comments",
    ]  # fmt: skip
    rows = []
    for b in selectors.organiser_bookings(event):
        fb = getattr(b, "feedback", None)
        rows.append(
            [
                b.person.full_name,
                b.person.email,
                b.school.name if b.school else "",
                b.get_status_display(),
                b.position if b.status == Booking.Status.WAITING else "",
                {True: "yes", False: "no"}.get(b.attended, ""),
                fb.rating if fb else "",
                fb.impact if fb else "",
                fb.comments if fb else "",
            ]
        )
    return csv_response(f"{event.slug}-bookings.csv", header, rows)


@login_required
def register(request, slug):
    event = _managed(request, slug)
    bookings = (
        event.bookings.filter(status=Booking.Status.BOOKED)
        .select_related("person")
        .order_by("person__full_name")
    )
    form = RegisterForm(request.POST or None, bookings=bookings)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                event=event, marks=form.marks(), recorded_by=request.user
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The register has been saved.")
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/register.html", {"event": event, "form": form})


def _changeable(request, slug) -> Event:
    return get_object_or_404(
        Event.objects.editable_by(request.user).filter(status=Event.Status.PUBLISHED),
        slug=slug,
    )


@login_required
def event_edit(request, slug):
    event = _changeable(request, slug)
    form = EventEditForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                event=event,
                data=form.service_data(),
                sessions=form.sessions,
                updated_by=request.user,
            )
        except (DomainError, ValidationError) as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The event has been changed.")
            return redirect("events:manage", slug=event.slug)
    booked = event.bookings.filter(status=Booking.Status.BOOKED).count()
    return render(
        request,
        "events/event_edit.html",
        {"event": event, "form": form, "booked": booked},
    )


@login_required
def event_cancel(request, slug):
    """Asks first, on a page of its own: cancelling cannot be undone."""
    event = _changeable(request, slug)
    error = None
    if request.method == "POST":
        try:
            services.event_cancel(event=event, cancelled_by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"{event.title} is cancelled.")
            return redirect(event)
    return render(
        request,
        "events/event_cancel.html",
        {"event": event, "summary": services.cancel_summary(event), "error": error},
    )


@login_required
def session_remove(request, slug, pk):
    """Asks first, on a page of its own: removing a session cannot be undone and
    emails everyone booked."""
    event = _changeable(request, slug)
    session = get_object_or_404(event.sessions, pk=pk)
    error = None
    if request.method == "POST":
        try:
            told = services.session_remove(
                event=event, session=session, removed_by=request.user
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                f"The session has been removed; {told} "
                f"{'person' if told == 1 else 'people'} booked "
                f"{'was' if told == 1 else 'were'} emailed.",
            )
            return redirect("events:manage", slug=event.slug)
    return render(
        request,
        "events/session_remove.html",
        {
            "event": event,
            "session": session,
            "booked": event.bookings.filter(status=Booking.Status.BOOKED).count(),
            "last": event.sessions.count() == 1,
            "error": error,
        },
    )
