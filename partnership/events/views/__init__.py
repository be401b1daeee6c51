"""Pages of events. Every object loads through visible_to/editable_by (404 for
anything a person may not see); each view binds a form, calls one service, redirects."""

from .booking import book, book_staff, booking_cancel, event_ics
from .charges import booking_charge
from .organiser import (
    event_cancel,
    event_create,
    event_edit,
    event_manage,
    event_manage_csv,
    register,
    session_add,
    session_remove,
)
from .public import event_detail, index
from .record import (
    calendar,
    calendar_feed,
    calendar_reset,
    certificate,
    certificate_pdf,
    feedback,
    record_csv,
    record_detail,
    record_mine,
    record_pdf,
)

__all__ = [
    "book",
    "book_staff",
    "booking_cancel",
    "booking_charge",
    "calendar",
    "calendar_feed",
    "calendar_reset",
    "certificate",
    "certificate_pdf",
    "event_cancel",
    "event_create",
    "event_edit",
    "event_detail",
    "event_ics",
    "event_manage",
    "event_manage_csv",
    "feedback",
    "index",
    "record_csv",
    "record_detail",
    "record_mine",
    "record_pdf",
    "register",
    "session_add",
    "session_remove",
]
