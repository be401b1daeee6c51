"""Demo events, read from demo.toml: past courses with attendance and feedback,
coming ones with bookings and a waiting list. Idempotent: an event whose title is
already there is skipped. Coming events are published and booked through the
services; the past ones' bookings and register are written as they would stand
after the day (the services refuse to book a closed event, rightly)."""

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from partnership.models import Notification, Partnership
from schools.models import Staff, Subject, User

from . import services
from .models import Booking, BookingTransition, Event, Feedback

DATA = tomllib.loads(Path(__file__).with_name("demo.toml").read_text("utf-8"))
IMPACTS = [
    "I will plan my enquiry question with a colleague before half term.",
    "Exit tickets every lesson for three weeks, then look at them together.",
    "I will keep a short research log instead of trying to remember.",
    "Share the evidence with my year team rather than only my line manager.",
    "Start smaller: one class, one question, one term.",
    "Use pupil voice as evidence, not only test scores.",
]


def _aware(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)),
        timezone.get_default_timezone(),
    )


def _data(spec: dict, host, sessions) -> dict:
    first = sessions[0][0].date()
    today = timezone.localdate()
    closes = min(
        first, today + datetime.timedelta(days=max((first - today).days - 1, 0))
    )
    subject = Subject.objects.filter(name=spec.get("subject", "")).first()
    return {
        "title": spec["title"],
        "description": spec.get("description", "").strip(),
        "kind": spec["kind"],
        "host_school": host,
        "open_to": Event.OpenTo.PARTNERSHIP,
        "phase": spec.get("phase", ""),
        "subject": subject,
        "venue": spec.get("venue", ""),
        "online_link": spec.get("online_link", ""),
        "capacity": spec["capacity"],
        "cost": Decimal(spec.get("cost", "0")),
        "booking_opens": min(today, first) - datetime.timedelta(days=30),
        "booking_closes": closes,
        "cancel_by": None,
    }


def _people(partnership, spec, teacher) -> list:
    staff = (
        User.objects.filter(
            staff_roles__school__memberships__partnership=partnership,
            staff_roles__school__memberships__left__isnull=True,
            staff_roles__left__isnull=True,
            staff_roles__role=Staff.Role.TEACHER,
        )
        .exclude(pk=teacher.pk)
        .distinct()
        .order_by("pk")
    )
    wanted = spec["booked"] + spec.get("waiting", 0)
    people = list(staff[: wanted + len(spec["title"]) % 7])[-wanted:] if wanted else []
    if spec.get("teacher_booked"):
        people = [teacher, *people[:-1]] if people else [teacher]
    return people


def _past_bookings(event: Event, people, spec) -> None:
    now = timezone.now()
    for n, person in enumerate(people[: spec["booked"]], start=1):
        booking = Booking.objects.create(
            event=event,
            person=person,
            booked_by=person,
            school=person.staff_roles.filter(left__isnull=True).first().school,
            status=Booking.Status.BOOKED,
            position=n,
            attended=n <= spec.get("attended", 0),
            created=now - datetime.timedelta(days=60),
        )
        BookingTransition.record(
            subject=booking, by=person, from_status="", to_status=booking.status
        )
        if booking.attended and n <= spec.get("feedback", 0):
            Feedback.objects.create(
                booking=booking,
                rating=5 - n % 3,
                impact=IMPACTS[n % len(IMPACTS)],
            )


def _event(spec: dict, partnership, organiser, teacher) -> Event:
    today = timezone.localdate()
    sessions = [
        (
            _aware(today + datetime.timedelta(days=d), spec["start"]),
            _aware(today + datetime.timedelta(days=d), spec["end"]),
        )
        for d in spec["days"]
    ]
    host = partnership.current_schools().order_by("name").first()
    event = services.event_create(
        organiser=organiser, data=_data(spec, host, sessions), sessions=sessions
    )
    people = _people(partnership, spec, teacher)
    if event.has_ended() or sessions[0][0] < timezone.now():
        _past_bookings(event, people, spec)
    else:
        for person in people:
            services.booking_create(event=event, person=person, booked_by=person)
    return event


def seed(*, stdout) -> None:
    organiser = User.objects.filter(email=DATA["organiser"]).first()
    teacher = User.objects.filter(email=DATA["teacher"]).first()
    partnership = Partnership.objects.filter(officers=organiser).first()
    if organiser is None or teacher is None or partnership is None:
        stdout.write("  events: the demo partnership is missing; skipped\n")
        return
    first_new = (Notification.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    made = 0
    for spec in DATA["events"]:
        if not Event.objects.filter(title=spec["title"]).exists():
            _event(spec, partnership, organiser, teacher)
            made += 1
    Notification.objects.filter(pk__gte=first_new, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    stdout.write(
        f"  events: {made} new, {Event.objects.count()} in all, "
        f"{Booking.objects.filter(status=Booking.Status.WAITING).count()} waiting\n"
    )
