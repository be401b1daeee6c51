"""Events URLs for the URL walker (tests/security): how to make each private
object, who must be refused, and what a refused request must leave unchanged."""

from tests.security.url_registry import Private, World

NOT_ORGANISERS = ("teacher", "headteacher", "other_headteacher")
NOT_THE_ATTENDEE = ("headteacher", "other_headteacher", "officer")


def _events(world: World) -> dict:
    """A coming event and a finished one (the teacher attended), organised by the
    officer, open only to the teacher's school; made once per test."""
    if "event" in world.extra:
        return world.extra
    from django.core.files.base import ContentFile

    from partnership.events.models import Certificate, Event
    from tests.events.factories import booking, make_event, past_event

    event = make_event(
        school=world.school, organiser=world.officer, open_to=Event.OpenTo.SCHOOL
    )
    past = past_event(school=world.school, organiser=world.officer)
    attended = booking(past, world.teacher, attended=True)
    certificate = Certificate.objects.create(booking=attended)
    certificate.file.save("walker.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.extra.update(event=event, past=past, booking=booking(event, world.teacher))
    return world.extra


def _event(world):
    return {"slug": _events(world)["event"].slug}


def _past(world):
    return {"slug": _events(world)["past"].slug}


def _booking(world):
    made = _events(world)
    return {"slug": made["event"].slug, "pk": made["booking"].pk}


def _session(world):
    event = _events(world)["event"]
    return {"slug": event.slug, "pk": event.sessions.first().pk}


def _teacher(world):
    return {"pk": world.teacher.pk}


def _state(world):
    from partnership.events.models import Booking, Feedback, Session

    return (
        sorted(Booking.objects.values_list("pk", "status", "attended")),
        Session.objects.count(),
        Feedback.objects.count(),
    )


def _event_state(world):
    from partnership.events.models import Event

    return (
        sorted(Event.objects.values_list("pk", "status", "title", "capacity", "venue")),
        _state(world),
    )


def _charged(world: World) -> dict:
    """A place on a charged event for the teacher, and an approved allocation."""
    if "charged" not in world.extra:
        from datetime import date
        from decimal import Decimal

        from tests.budgets.factories import (
            FundFactory,
            approved_allocation,
            make_officer,
        )
        from tests.events.factories import booking, make_event

        fund = FundFactory(
            partnership=world.partnership,
            created_by=world.officer,
            starts=date(2020, 4, 1),
            ends=date(2099, 3, 31),
        )
        approved_allocation(
            fund=fund,
            school=world.school,
            amount=Decimal("500.00"),
            proposer=world.officer,
            approvers=[make_officer(world.partnership)],
        )
        event = make_event(
            school=world.school, organiser=world.officer, cost=Decimal("40.00")
        )
        world.extra["charged"] = booking(event, world.teacher)
    place = world.extra["charged"]
    return {"slug": place.event.slug, "pk": place.pk}


def _claims(world):
    from partnership.budgets.models import Claim

    return Claim.objects.count()


PRIVATE = {
    "events:booking_charge": Private(
        kwargs=_charged,
        refused=("teacher", "other_headteacher", "officer"),
        state=_claims,
    ),
    "events:book": Private(kwargs=_event, refused=("other_headteacher",), state=_state),
    "events:book_staff": Private(
        kwargs=_event, refused=("teacher", "other_headteacher", "officer"), state=_state
    ),
    "events:booking_cancel": Private(
        kwargs=_booking, refused=("other_headteacher",), state=_state
    ),
    "events:manage": Private(kwargs=_event, refused=NOT_ORGANISERS, methods=("get",)),
    "events:manage_csv": Private(
        kwargs=_event, refused=NOT_ORGANISERS, methods=("get",)
    ),
    "events:session_add": Private(kwargs=_event, refused=NOT_ORGANISERS, state=_state),
    "events:session_remove": Private(
        kwargs=_session, refused=NOT_ORGANISERS, state=_event_state
    ),
    "events:edit": Private(kwargs=_event, refused=NOT_ORGANISERS, state=_event_state),
    "events:cancel": Private(kwargs=_event, refused=NOT_ORGANISERS, state=_event_state),
    "events:register": Private(kwargs=_past, refused=NOT_ORGANISERS, state=_state),
    "events:feedback": Private(kwargs=_past, refused=NOT_THE_ATTENDEE, state=_state),
    "events:certificate": Private(kwargs=_past, refused=NOT_THE_ATTENDEE, state=_state),
    "events:certificate_pdf": Private(
        kwargs=_past, refused=NOT_THE_ATTENDEE, methods=("get",)
    ),
    "events:record": Private(
        kwargs=_teacher, refused=("other_headteacher", "officer"), methods=("get",)
    ),
    "events:record_csv": Private(
        kwargs=_teacher, refused=("other_headteacher", "officer"), methods=("get",)
    ),
    "events:record_pdf": Private(
        kwargs=_teacher, refused=("other_headteacher", "officer"), methods=("get",)
    ),
}

PUBLIC = {
    "events:detail": "a published or cancelled event's public page (the venue only for those booked)",
    "events:ics": "a published event's calendar file (the venue only for those booked)",
}

SECRET = {
    "events:calendar_feed": "the token in the feed address is the secret",
}
