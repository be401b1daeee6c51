"""A charged place is paid from the school's budget allocation, as a claim."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from partnership.budgets import services as budgets
from partnership.budgets.models import Allocation, Claim
from partnership.kernel.errors import DomainError

from ..models import Booking


def _receipt(booking: Booking) -> SimpleUploadedFile:
    """The booking confirmation, as the PDF receipt the claim needs."""
    from weasyprint import HTML

    html = render_to_string(
        "events/booking_receipt_pdf.html",
        {"booking": booking, "event": booking.event, "today": timezone.localdate()},
    )
    return SimpleUploadedFile(
        f"booking-{booking.pk}.pdf",
        HTML(string=html).write_pdf(),
        content_type="application/pdf",
    )


def booking_charge(*, booking: Booking, allocation: Allocation, charged_by) -> Claim:
    """The school's headteacher (or budget delegate) claims a charged place from one
    of the school's approved allocations; the budget's own rules apply, once a place.

    The place is locked, the claim made and linked to it in one transaction: two
    people charging the same place at once make one claim, and no claim is ever left
    without its place."""
    event = booking.event
    if event.is_free:
        raise DomainError("This event is free: there is nothing to charge.")
    if allocation.school_id != booking.school_id:
        raise DomainError(
            "Choose an allocation of the school the place is for.", field="allocation"
        )
    receipt = _receipt(booking)  # laid out before any row is locked
    with transaction.atomic(durable=True):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != Booking.Status.BOOKED:
            raise DomainError("Only a confirmed place is charged.")
        if locked.claim_id is not None:
            raise DomainError("This place has already been charged to the budget.")
        claim = budgets.claim_submit_within(
            allocation=allocation,
            amount=event.cost,
            spent_on=timezone.localdate(),
            category=Claim.Category.TRAINING,
            description=f"{event.title}: a place for {booking.person.full_name}"[:500],
            receipt=receipt,
            claimant=charged_by,
        )
        locked.claim = claim
        locked.save(update_fields=["claim"])
    booking.claim = claim
    return claim
