"""National-scale events for benchmarking: `seed(scale=N)` adds N events (half past,
half coming) at the member schools already in the database, each with one to three
sessions and up to a dozen bookings, with bulk inserts. Idempotent by slug
(`bench-event-<n>`); run after the national schools and staff are seeded.

Pages to measure: /events/ (the calendar), /events/?month=<coming month>,
/events/?q=enquiry&kind=course, /events/<slug>/, /events/<slug>.ics,
/events/<slug>/manage/ (as the organiser), /events/record/<pk>/ (as the person).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from partnership.models import Membership
from schools.models import Staff

from .models import Booking, Event, Session

BATCH = 2000
TITLES = [
    "Action research: three twilight sessions",
    "Enquiry clinic",
    "Mathematics leads network meeting",
    "Reading for pleasure training",
    "Partnership conference",
    "Assessment and moderation network",
    "Coaching for enquiry leads",
]


def _hosts(limit: int) -> list[Membership]:
    return list(
        Membership.objects.filter(left__isnull=True)
        .select_related("partnership", "school")
        .order_by("pk")[:limit]
    )


def _staff_by_school(school_ids) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = Staff.objects.filter(school_id__in=school_ids, left__isnull=True)
    for school_id, user_id in rows.values_list("school_id", "user_id"):
        found.setdefault(school_id, []).append(user_id)
    return found


def _event(n: int, host: Membership, organiser_id: int, rng, today) -> Event:
    offset = rng.randint(-180, 180)
    first = today + datetime.timedelta(days=offset)
    tz = timezone.get_default_timezone()
    starts = timezone.make_aware(
        datetime.datetime.combine(first, datetime.time(16)), tz
    )
    kind = rng.choice(Event.Kind.values)
    return Event(
        slug=f"bench-event-{n}",
        partnership=host.partnership,
        host_school=host.school,
        organiser_id=organiser_id,
        title=f"{rng.choice(TITLES)} {n}",
        description="Bench event: enquiry, evidence and reflection.",
        kind=kind,
        capacity=rng.randint(8, 40),
        booking_opens=first - datetime.timedelta(days=60),
        booking_closes=first,
        cancel_by=first,
        starts=starts,
        ends=starts
        + datetime.timedelta(days=14 * (kind == "course"), hours=1, minutes=30),
    )


def seed(*, scale: int, rng_seed: int = 2026) -> int:
    """Add up to `scale` events with sessions and bookings; returns how many."""
    rng = random.Random(rng_seed)
    today = timezone.localdate()
    hosts = _hosts(max(1, scale // 4))
    if not hosts:
        return 0
    staff = _staff_by_school([h.school_id for h in hosts])
    hosts = [h for h in hosts if staff.get(h.school_id)]
    existing = set(
        Event.objects.filter(slug__startswith="bench-event-").values_list(
            "slug", flat=True
        )
    )
    made = 0
    for start in range(0, scale, BATCH):
        events = []
        for n in range(start, min(scale, start + BATCH)):
            if f"bench-event-{n}" in existing or not hosts:
                continue
            host = hosts[n % len(hosts)]
            events.append(_event(n, host, staff[host.school_id][0], rng, today))
        with transaction.atomic():
            Event.objects.bulk_create(events)
            _children(events, staff, rng)
        made += len(events)
    return made


def _children(events, staff, rng) -> None:
    sessions, bookings = [], []
    for event in events:
        count = 3 if event.kind == "course" else 1
        for i in range(count):
            starts = event.starts + datetime.timedelta(days=7 * i)
            sessions.append(
                Session(
                    event=event,
                    starts=starts,
                    ends=starts + datetime.timedelta(hours=1, minutes=30),
                )
            )
        people = staff[event.host_school_id][: rng.randint(0, 12)]
        past = event.ends < timezone.now()
        for position, user_id in enumerate(people, start=1):
            booked = position <= event.capacity
            bookings.append(
                Booking(
                    event=event,
                    person_id=user_id,
                    booked_by_id=user_id,
                    school_id=event.host_school_id,
                    status="booked" if booked else "waiting",
                    position=position,
                    attended=(rng.random() < 0.85) if past and booked else None,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
