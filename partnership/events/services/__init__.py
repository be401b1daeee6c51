"""Event services. One import point: `from partnership.events import services`."""

from .attendance import (
    attendance_record,
    certificate_make,
    certificate_request,
    feedback_give,
    may_have_certificate,
)
from .bookings import booking_cancel, booking_create
from .changes import (
    cancel_summary,
    event_cancel,
    event_update,
    session_add,
    session_remove,
)
from .charges import booking_charge
from .events import event_create
from .feeds import calendar_feed_get, calendar_feed_reset
from .reminders import feedback_reminders_send, session_reminders_send

__all__ = [
    "attendance_record",
    "booking_cancel",
    "booking_charge",
    "booking_create",
    "calendar_feed_get",
    "calendar_feed_reset",
    "cancel_summary",
    "certificate_make",
    "certificate_request",
    "event_cancel",
    "event_create",
    "event_update",
    "feedback_give",
    "feedback_reminders_send",
    "may_have_certificate",
    "session_add",
    "session_remove",
    "session_reminders_send",
]
