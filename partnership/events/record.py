"""The professional learning record: what a person has done in the partnership.

Parts below the journal answer here directly (events, research, the directory).
The journal is never imported: it registers its own provider from its
`AppConfig.ready()` with `register(...)`, and the record asks every provider.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from research.models import Collaborator, Project
from schools.directory.models import SupportEngagement

from .models import Booking

EVENTS = "Events attended"
LED = "Enquiries led"
JOINED = "Enquiries joined"
PUBLICATIONS = "Journal publications"
AWARDS = "Awards"
GIVEN = "Support given"
RECEIVED = "Support received"
SECTIONS = (EVENTS, LED, JOINED, PUBLICATIONS, AWARDS, GIVEN, RECEIVED)


@dataclass(frozen=True)
class RecordItem:
    section: str
    title: str
    date: datetime.date | None
    detail: str = ""
    url: str = ""


Provider = Callable[[object], Iterable[RecordItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider of record items (a higher part calls this from ready())."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def events_attended(person) -> Iterable[RecordItem]:
    bookings = Booking.objects.filter(
        person=person, status=Booking.Status.BOOKED, attended=True
    ).select_related("event")
    for b in bookings:
        yield RecordItem(
            EVENTS,
            b.event.title,
            _day(b.event.starts),
            b.event.get_kind_display(),
            b.event.get_absolute_url(),
        )


def enquiries(person) -> Iterable[RecordItem]:
    for p in Project.objects.filter(lead=person).select_related("school"):
        yield RecordItem(
            LED,
            p.title,
            p.starts or _day(p.created),
            p.get_status_display(),
            p.get_absolute_url(),
        )
    joined = Collaborator.objects.filter(
        user=person, accepted__isnull=False
    ).select_related("project")
    for c in joined.exclude(project__lead=person):
        yield RecordItem(
            JOINED,
            c.project.title,
            _day(c.accepted),
            c.project.get_status_display(),
            c.project.get_absolute_url(),
        )


def support(person) -> Iterable[RecordItem]:
    received = SupportEngagement.objects.filter(requested_by=person)
    given = SupportEngagement.objects.filter(
        Q(offer__contact_email__iexact=person.email)
        | Q(offer__recommendation__practitioner=person)
    )
    for kind, engagements in ((RECEIVED, received), (GIVEN, given)):
        for e in engagements.select_related("offer", "requesting_school"):
            yield RecordItem(
                kind,
                e.offer.title,
                e.completed_on or _day(e.created),
                f"{e.get_status_display()}: {e.requesting_school.name}"
                if kind == GIVEN
                else e.get_status_display(),
            )


BUILT_IN: tuple[Provider, ...] = (events_attended, enquiries, support)


def learning_record(person) -> dict[str, list[RecordItem]]:
    """Every section, newest first (sections with nothing are empty lists)."""
    record: dict[str, list[RecordItem]] = {name: [] for name in SECTIONS}
    for provider in (*BUILT_IN, *_providers):
        for item in provider(person):
            record.setdefault(item.section, []).append(item)
    for items in record.values():
        items.sort(key=lambda i: i.date or datetime.date.min, reverse=True)
    return record


def record_rows(record: dict[str, list[RecordItem]]) -> list[list]:
    return [
        [
            item.section,
            item.title,
            item.date.isoformat() if item.date else "",
            item.detail,
        ]
        for items in record.values()
        for item in items
    ]
