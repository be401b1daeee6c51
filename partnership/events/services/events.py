"""Publishing an event and its sessions."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min

from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.slugs import unique_slug
from partnership.kernel.versions import bump
from partnership.writing import render_markdown
from schools.directory.models import SupportOffer

from .. import permissions
from ..models import Event, Session

RESERVED = {"new", "record", "calendar", "feed", "manage"}


def _check_sessions(sessions) -> None:
    if not sessions:
        raise DomainError("Add at least one session.", field="session_date")
    for starts, ends in sessions:
        if ends <= starts:
            raise DomainError(
                "A session must end after it starts.", field="session_ends"
            )


def _check_window(data: dict, first_start: datetime.datetime) -> None:
    opens, closes = data["booking_opens"], data["booking_closes"]
    if closes < opens:
        raise DomainError(
            "Booking must close on or after the day it opens.", field="booking_closes"
        )
    if closes > first_start.date():
        raise DomainError(
            "Booking must close on or before the day of the first session.",
            field="booking_closes",
        )
    cancel_by = data.get("cancel_by") or closes
    if cancel_by > first_start.date():
        raise DomainError(
            "The cancellation deadline must be on or before the first session.",
            field="cancel_by",
        )
    data["cancel_by"] = cancel_by


def _check_basics(data: dict) -> None:
    capacity = data.get("capacity")
    if capacity is None or capacity < 1:
        raise DomainError("The number of places must be 1 or more.", field="capacity")
    cost = data.get("cost") or Decimal("0")
    if cost < 0:
        raise DomainError("The cost cannot be less than £0.", field="cost")
    data["cost"] = cost
    if not (data.get("title") or "").strip():
        raise DomainError("Enter a title.", field="title")


def _check_host(organiser, data: dict) -> None:
    school = data.get("host_school")
    if (
        school is None
        or not permissions.host_schools(organiser).filter(pk=school.pk).exists()
    ):
        raise NotAllowed(
            "You can only publish events for schools you lead or serve as an officer.",
            field="host_school",
        )
    memberships = school.memberships.filter(left__isnull=True).order_by("pk")
    # A school in several partnerships: an officer publishes for their own one.
    membership = (
        memberships.filter(partnership__officers=organiser).first()
        or memberships.first()
    )
    if membership is None:
        raise DomainError(
            "The host school is not a member of a partnership now.",
            field="host_school",
        )
    data["partnership"] = membership.partnership
    offer = data.get("offer")
    if offer is not None and (
        offer.kind != SupportOffer.Kind.TRAINING
        or offer.recommendation.school_id != school.pk
    ):
        raise DomainError(
            "The offer must be one of the host school's training programmes.",
            field="offer",
        )


def _set_dates(event: Event) -> None:
    span = event.sessions.aggregate(first=Min("starts"), last=Max("ends"))
    event.starts, event.ends = span["first"], span["last"]
    event.save(update_fields=["starts", "ends"])


def event_create(*, organiser, data: dict, sessions: list) -> Event:
    """An officer, a headteacher or a training offer's owner publishes an event
    with at least one session, each ending after it starts, and 1 or more places."""
    data = dict(data)
    _check_basics(data)
    _check_sessions(sessions)
    _check_host(organiser, data)
    _check_window(data, min(s for s, _e in sessions))
    with transaction.atomic():
        event = Event(organiser=organiser, **data)
        event.title = event.title.strip()
        event.description_html = render_markdown(event.description)
        event.slug = unique_slug(Event, event.title, reserved=RESERVED)
        event.full_clean(exclude=["slug"])
        event.save()
        Session.objects.bulk_create(
            Session(event=event, starts=s, ends=e) for s, e in sessions
        )
        bump("events")
        _set_dates(event)
    return event
