"""Changing a published event and cancelling it as a whole."""

from django.db import transaction

from partnership.budgets import services as budgets
from partnership.budgets.models import Claim
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.versions import bump
from partnership.models import Notification
from partnership.services import notify_many
from partnership.writing import render_markdown

from .. import permissions
from ..models import BOOKING_STATES, Booking, BookingTransition, Event, Session
from .bookings import _lock_event, _promote
from .events import _check_basics, _check_sessions, _check_window, _set_dates

Status = Booking.Status
EDITABLE = [
    "title", "description", "kind", "phase", "subject", "venue", "online_link",
    "capacity", "cost", "booking_opens", "booking_closes", "cancel_by", "open_to",
]  # fmt: skip


def _check_manager(event: Event, by) -> None:
    if not permissions.may_manage(by, event):
        raise NotAllowed("Only the organiser can change this event.")
    _check_published(event)


def _check_published(event: Event) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise DomainError("This event has been cancelled; it cannot be changed.")


def _check_capacity(event: Event, capacity: int) -> None:
    booked = event.bookings.filter(status=Status.BOOKED).count()
    if capacity < booked:
        raise DomainError(
            f"{booked} place{'s are' if booked != 1 else ' is'} already booked, so "
            f"the number of places cannot be less than {booked} "
            f"(you entered {capacity}).",
            field="capacity",
        )


def _moved(event: Event, data: dict, times: dict) -> bool:
    """Whether the time, venue or online link changes."""
    before = {s.pk: (s.starts, s.ends) for s in event.sessions.all()}
    return (
        any(before.get(pk) != span for pk, span in times.items())
        or data["venue"] != event.venue
        or data["online_link"] != event.online_link
    )


def _tell_booked(event: Event) -> int:
    booked = [
        b.person
        for b in event.bookings.filter(status=Status.BOOKED).select_related("person")
    ]
    made = notify_many(
        recipients=booked,
        kind=Notification.Kind.EVENTS,
        subject=f"{event.title} has changed",
        body=(
            f"The time, venue or online link of {event.title}, which you have a "
            "place on, has changed. Please check the details on the event's page."
        ),
        url=event.get_absolute_url(),
        event_key=f"event-changed:{event.pk}:{event.changes}",
    )
    return len(made)


def event_update(*, event: Event, data: dict, sessions: dict, updated_by) -> Event:
    """The organiser changes an event and its sessions ({session pk: (starts,
    ends)}). The places cannot go below those booked; people booked hear about a
    new time, venue or link; more places go to the waiting list in order."""
    _check_manager(event, updated_by)
    data = {name: data.get(name) for name in EDITABLE}
    data["venue"], data["online_link"] = data["venue"] or "", data["online_link"] or ""
    _check_basics(data)
    _check_sessions(list(sessions.values()))
    with transaction.atomic():
        event = _lock_event(event)
        _check_published(event)
        known = set(event.sessions.values_list("pk", flat=True))
        if set(sessions) - known:
            raise DomainError("A session does not belong to this event.")
        times = {s.pk: (s.starts, s.ends) for s in event.sessions.all()}
        times.update(sessions)
        _check_window(data, min(s for s, _e in times.values()))
        _check_capacity(event, data["capacity"])
        moved = _moved(event, data, sessions)
        for name, value in data.items():
            setattr(event, name, value)
        event.title = event.title.strip()
        event.description_html = render_markdown(event.description or "")
        event.changes += int(moved)
        event.full_clean(exclude=["slug"])
        event.save()
        for pk, (starts, ends) in sessions.items():
            Session.objects.filter(pk=pk).update(starts=starts, ends=ends)
        bump("events")
        _set_dates(event)
        if moved:
            _tell_booked(event)
        while _promote(event, by=updated_by) is not None:
            pass
    return event


def cancel_summary(event: Event) -> dict:
    """What cancelling will do: who is emailed, which claims are withdrawn."""
    live = event.bookings.exclude(status=Status.CANCELLED)
    return {
        "booked": live.filter(status=Status.BOOKED).count(),
        "waiting": live.filter(status=Status.WAITING).count(),
        "claims": _waiting_claims(event).count(),
    }


def _waiting_claims(event: Event):
    return Claim.objects.filter(
        event_booking__event=event,
        status=Claim.Status.SUBMITTED,
        approvals__isnull=True,
    )


def event_cancel(*, event: Event, cancelled_by) -> Event:
    """The organiser cancels the whole event: it is kept (shown as cancelled),
    every booking is cancelled and each booked or waiting person is told once.
    Budget claims for places that nobody has approved yet are then withdrawn."""
    _check_manager(event, cancelled_by)
    with transaction.atomic():
        event = _lock_event(event)
        _check_published(event)
        live = list(
            event.bookings.select_for_update()
            .exclude(status=Status.CANCELLED)
            .select_related("person")
        )
        for booking in live:
            BOOKING_STATES.move(
                booking,
                to=Status.CANCELLED,
                by=cancelled_by,
                history=BookingTransition,
                note="The event was cancelled.",
            )
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status"])
        notify_many(
            recipients=[b.person for b in live],
            kind=Notification.Kind.EVENTS,
            subject=f"{event.title} is cancelled",
            body=(
                f"{event.title} has been cancelled by the organiser, so your place "
                "(or your place on the waiting list) is cancelled too. We are sorry."
            ),
            url=event.get_absolute_url(),
            event_key=f"event-cancelled:{event.pk}",
        )
    _withdraw_claims(event)
    return event


def _withdraw_claims(event: Event) -> None:
    """The budgets service runs its own (durable) transaction, as the claimant:
    a claim someone approved meanwhile, or one the claimant may no longer change,
    stays for the budget holders to decline."""
    for claim in _waiting_claims(event).select_related("claimant"):
        try:
            budgets.claim_withdraw(claim=claim, withdrawn_by=claim.claimant)
        except DomainError:
            continue


def _times_changed(event: Event) -> int:
    """A session was added or removed: the event's dates follow, its change count
    goes up and everyone booked is told once. Returns how many were told."""
    _set_dates(event)
    event.changes += 1
    event.save(update_fields=["changes"])
    return _tell_booked(event)


def session_add(*, event: Event, starts, ends, added_by) -> Session:
    """The organiser adds a session that ends after it starts to a published event;
    the people booked are told the times have changed."""
    _check_manager(event, added_by)
    _check_sessions([(starts, ends)])
    with transaction.atomic():
        event = _lock_event(event)
        _check_published(event)
        session = Session.objects.create(event=event, starts=starts, ends=ends)
        _times_changed(event)
    return session


def session_remove(*, event: Event, session: Session, removed_by) -> int:
    """The organiser removes one session of an event that keeps at least one; the
    people booked are told the times have changed. Returns how many were told."""
    _check_manager(event, removed_by)
    with transaction.atomic():
        event = _lock_event(event)
        _check_published(event)
        ids = set(event.sessions.values_list("pk", flat=True))
        if session.pk not in ids:
            raise DomainError("That session does not belong to this event.")
        if len(ids) == 1:
            raise DomainError(
                "An event needs at least one session: cancel the event instead."
            )
        Session.objects.filter(pk=session.pk).delete()
        return _times_changed(event)
