from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message to one person, and the outbox row for its email.

    It is written in the same transaction as the event it reports. The email is
    sent by a task queued on commit; a periodic task re-queues rows still pending,
    so a broker outage delays mail but loses none, and `emailed` makes a second
    run send nothing.
    """

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account and invitations"
        RESEARCH = "research", "Research projects and feedback"
        JOURNAL = "journal", "The journal: submissions and reviews"
        JOURNAL_PUBLISHED = "journal-published", "New journal editions"
        BUDGET = "budget", "Budgets, allocations and claims"
        SUPPORT = "support", "Support requests and engagements"
        REMINDER = "reminder", "Reminders of what is waiting on you"
        EVENTS = "events", "Events and training: places, changes and cancellations"
        SAVED_SEARCH = (
            "saved-search",
            "New recommendations matching your saved searches",
        )

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not emailed (the person opted out)"
        FAILED = "failed", "Failed after retries"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # Set instead of a recipient for people with no account yet (invitations).
    to_email = models.EmailField(blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    # Identifies the event, so the same event never notifies the same person twice.
    event_key = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(
                fields=["email_status", "created"], name="notification_outbox_idx"
            ),
            models.Index(fields=["recipient", "read_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="one_notification_per_event_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(to_email=""),
                name="notification_has_an_addressee",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient or self.to_email}"

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.to_email


class EmailPreference(models.Model):
    """A person's choice not to receive emails of one kind (the default is yes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    kind = models.CharField(max_length=30, choices=Notification.Kind.choices)
    send_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.send_email else 'off'}"
