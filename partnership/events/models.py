"""Events, their sessions, bookings (with a waiting list), feedback, certificates
and the personal calendar feed token."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.states import StateMachine, TransitionRecord
from research.models import PHASES


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible_to(self, user):
        """Published and cancelled events are public (a cancelled one is shown as
        cancelled, so those who booked can see what happened)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def editable_by(self, user):
        """Events this person organises: the organiser, the partnership's officers."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(organiser=user)
            | Q(
                partnership__officers=user,
            )
        ).distinct()


class Event(models.Model):
    """A course, conference, network meeting or training that people book."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        CONFERENCE = "conference", "Conference"
        NETWORK = "network-meeting", "Network meeting"
        TRAINING = "training", "Training"

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    class OpenTo(models.TextChoices):
        PARTNERSHIP = "partnership", "Staff of every member school"
        SCHOOL = "school", "Staff of the host school only"

    slug = models.SlugField(max_length=220, unique=True)
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="events"
    )
    host_school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_hosted",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    phase = models.CharField(max_length=20, choices=PHASES, blank=True)
    subject = models.ForeignKey(
        "schools.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    venue = models.CharField("venue address", max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField()
    booking_opens = models.DateField()
    booking_closes = models.DateField()
    cancel_by = models.DateField("cancellation deadline")
    cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    open_to = models.CharField(
        max_length=12, choices=OpenTo.choices, default=OpenTo.PARTNERSHIP
    )
    offer = models.ForeignKey(
        "directory.SupportOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    project = models.ForeignKey(
        "research.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    # The first session's start, kept by the services for listing and filters.
    starts = models.DateTimeField(null=True, blank=True, db_index=True)
    ends = models.DateTimeField(null=True, blank=True)
    # How many times the time, venue or online link changed: part of the change
    # notice's event_key, so each change is announced once.
    changes = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="event_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(booking_closes__gte=models.F("booking_opens")),
                name="event_booking_window_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_free(self) -> bool:
        return self.cost == 0

    def is_open_for_booking(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.booking_opens <= today <= self.booking_closes
        )

    def has_ended(self, now=None) -> bool:
        return self.ends is not None and self.ends <= (now or timezone.now())


class Session(models.Model):
    """One dated sitting of an event; a course has several, booked as one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts = models.DateTimeField()
    ends = models.DateTimeField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="session_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title or f"{self.event.title}, {self.starts:%-d %B %Y}"


class Booking(models.Model):
    """A person's place (or place in the queue) on an event."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # Order on the waiting list: lower goes first (set when the booking is made).
    position = models.PositiveIntegerField(default=0)
    attended = models.BooleanField(null=True)
    # The budget claim that pays for a charged place (made by budgets' claim_submit).
    claim = models.OneToOneField(
        "budgets.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_booking",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_person_per_event",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self):
        return f"{self.person} on {self.event} ({self.get_status_display()})"


BOOKING_STATES = StateMachine(
    Booking.Status,
    {
        Booking.Status.BOOKED: {Booking.Status.CANCELLED},
        Booking.Status.WAITING: {Booking.Status.BOOKED, Booking.Status.CANCELLED},
    },
    noun="the booking",
)


class BookingTransition(TransitionRecord):
    """The history of a booking's status, written by the services."""

    subject_field = "booking"
    machine = BOOKING_STATES

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="history"
    )

    class Meta(TransitionRecord.Meta):
        pass


class Feedback(models.Model):
    """An attendee's short evaluation, with what difference it made."""

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(choices=RATINGS)
    comments = models.TextField(max_length=2000, blank=True)
    impact = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"Feedback on {self.booking}"


class Certificate(models.Model):
    """A certificate of attendance, made as a PDF by a worker."""

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="certificate"
    )
    file = models.FileField(upload_to="certificates/", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    made = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Certificate for {self.booking}"

    @property
    def is_ready(self) -> bool:
        return bool(self.file)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address; a new token revokes the old one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.person}"
