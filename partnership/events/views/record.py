"""An attendee's pages (feedback, certificate, calendar feed) and the learning record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.kernel.csvfiles import csv_response
from partnership.kernel.errors import DomainError
from partnership.kernel.forms import show_error
from partnership.uploads import attachment_response
from schools.models import User

from .. import ics, permissions, selectors, services
from ..forms import FeedbackForm
from ..models import Booking, CalendarFeed, Certificate, Event
from ..record import learning_record, record_rows


def _own_booking(request, slug) -> Booking:
    """The signed-in person's place on the event, or 404."""
    return get_object_or_404(
        Booking.objects.select_related("event").filter(
            event__in=Event.objects.visible_to(request.user),
            person=request.user,
            status=Booking.Status.BOOKED,
        ),
        event__slug=slug,
    )


@login_required
def feedback(request, slug):
    booking = _own_booking(request, slug)
    if booking.attended is not True:
        raise Http404("Feedback is asked of those who attended.")
    if hasattr(booking, "feedback"):
        return render(
            request,
            "events/feedback_done.html",
            {"event": booking.event, "booking": booking},
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                booking=booking, given_by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Thank you: your feedback has been sent.")
            return redirect(booking.event)
    return render(
        request, "events/feedback_form.html", {"event": booking.event, "form": form}
    )


@login_required
def certificate(request, slug):
    booking = _own_booking(request, slug)
    if not services.may_have_certificate(booking):
        raise Http404("There is no certificate for this booking.")
    error = None
    if request.method == "POST":
        try:
            services.certificate_request(booking=booking, requested_by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("events:certificate", slug=slug)
    cert = Certificate.objects.filter(booking=booking).first()
    return render(
        request,
        "events/certificate.html",
        {"event": booking.event, "certificate": cert, "error": error},
    )


@login_required
def certificate_pdf(request, slug):
    booking = _own_booking(request, slug)
    cert = get_object_or_404(Certificate.objects.exclude(file=""), booking=booking)
    return attachment_response(
        cert.file, download_name=f"certificate-{booking.event.slug}.pdf", kind="pdf"
    )


@login_required
def calendar(request):
    feed = CalendarFeed.objects.filter(person=request.user).first()
    return render(
        request,
        "events/calendar.html",
        {
            "feed_url": request.build_absolute_uri(f"/events/calendar/{feed.token}.ics")
            if feed
            else "",
            "bookings": selectors.feed_bookings(request.user),
        },
    )


@login_required
@require_POST
def calendar_reset(request):
    existed = CalendarFeed.objects.filter(person=request.user).exists()
    services.calendar_feed_reset(person=request.user)
    messages.success(
        request,
        "You have a new calendar address: the old one no longer works."
        if existed
        else "Your calendar address is ready.",
    )
    return redirect("events:calendar")


def calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    body = ics.feed_ics(selectors.feed_bookings(feed.person))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _record_person(request, pk) -> User:
    """The person whose record it is: only them and their current headteacher."""
    person = get_object_or_404(User, pk=pk)
    if request.user.pk not in permissions.record_readers(person):
        raise Http404
    return person


@login_required
def record_mine(request):
    return redirect("events:record", pk=request.user.pk)


@login_required
def record_detail(request, pk):
    person = _record_person(request, pk)
    return render(
        request,
        "events/record.html",
        {
            "person": person,
            "record": learning_record(person),
            "own": person == request.user,
        },
    )


@login_required
def record_csv(request, pk):
    person = _record_person(request, pk)
    return csv_response(
        f"learning-record-{person.pk}.csv",
        ["Section", "What", "Date", "Detail"],
        record_rows(learning_record(person)),
    )


@login_required
def record_pdf(request, pk):
    from weasyprint import HTML

    person = _record_person(request, pk)
    html = render_to_string(
        "events/record_pdf.html",
        {
            "person": person,
            "record": learning_record(person),
            "made": timezone.localdate(),
        },
    )
    response = HttpResponse(
        HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="learning-record-{person.pk}.pdf"'
    )
    return response
