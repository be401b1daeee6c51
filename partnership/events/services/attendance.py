"""On the day and after: the register, feedback and certificates."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from partnership.kernel.errors import DomainError, NotAllowed

from .. import permissions
from ..models import Booking, Certificate, Event, Feedback


def attendance_record(*, event: Event, marks: dict[int, bool], recorded_by) -> int:
    """The organiser marks each booked person as attended or not, from the day of
    the first session; certificates follow for those who attended a finished event."""
    if not permissions.may_manage(recorded_by, event):
        raise NotAllowed("Only the organiser can take the register.")
    if (
        event.starts is None
        or timezone.localdate() < timezone.localtime(event.starts).date()
    ):
        raise DomainError("The register opens on the day of the first session.")
    with transaction.atomic():
        bookings = {
            b.pk: b
            for b in event.bookings.select_for_update().filter(
                status=Booking.Status.BOOKED, pk__in=list(marks)
            )
        }
        for pk, attended in marks.items():
            booking = bookings.get(pk)
            if booking is not None and booking.attended != attended:
                booking.attended = attended
                booking.save(update_fields=["attended"])
        if event.has_ended():
            for booking in bookings.values():
                if booking.attended:
                    _certificate_for(booking)
    return len(bookings)


def may_have_certificate(booking: Booking) -> bool:
    return (
        booking.status == Booking.Status.BOOKED
        and booking.attended is True
        and booking.event.has_ended()
    )


def _certificate_for(booking: Booking) -> Certificate:
    from ..tasks import make_certificate

    certificate, created = Certificate.objects.get_or_create(booking=booking)
    if created:
        transaction.on_commit(lambda: make_certificate.delay(certificate.pk))
    return certificate


def certificate_request(*, booking: Booking, requested_by) -> Certificate:
    """An attendee of a finished event asks for their certificate (made once)."""
    if requested_by != booking.person:
        raise NotAllowed("Only the person who attended can ask for the certificate.")
    if not may_have_certificate(booking):
        raise DomainError(
            "A certificate is given once the event has finished, to those the "
            "organiser marked as attending."
        )
    with transaction.atomic():
        return _certificate_for(booking)


def certificate_make(*, certificate_id: int) -> Certificate | None:
    """Render the certificate PDF once; a repeat finds it made and does nothing."""
    from ..certificates import render_certificate

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .select_related("booking__event__partnership", "booking__person")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.file:
            return certificate
        pdf = render_certificate(certificate)
        name = f"certificate-{certificate.booking.event.slug}-{certificate.pk}.pdf"
        certificate.file.save(name, ContentFile(pdf), save=False)
        certificate.made = timezone.now()
        certificate.save(update_fields=["file", "made"])
    return certificate


def feedback_give(
    *, booking: Booking, given_by, rating: int, impact: str, comments: str = ""
) -> Feedback:
    """An attendee gives feedback once, with the difference it will make."""
    if given_by != booking.person:
        raise NotAllowed("Only the person who attended can give this feedback.")
    if booking.attended is not True:
        raise DomainError("Feedback is asked of those marked as attending.")
    if not impact.strip():
        raise DomainError(
            "Say what difference the event will make to your practice.",
            field="impact",
        )
    if rating not in range(1, 6):
        raise DomainError("Choose a rating from 1 to 5.", field="rating")
    with transaction.atomic():
        if Feedback.objects.filter(booking=booking).exists():
            raise DomainError("You have already given feedback on this event.")
        return Feedback.objects.create(
            booking=booking,
            rating=rating,
            impact=impact.strip(),
            comments=comments.strip(),
        )
