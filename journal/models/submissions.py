"""Submissions: frozen snapshots of projects, their authors, versions, history
and the editors' decisions; the one table of moves between submission states."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import timezone

from partnership.kernel.states import StateMachine, TransitionRecord

from .editions import Edition, Section


def without_snapshot(queryset):
    """Rows (submissions, articles) for a list: their snapshot's authors read out
    in SQL, not the whole snapshot (an edition of 300 reports is megabytes of
    it). `snapshot_authors` reads either."""
    return queryset.defer("snapshot").annotate(
        listed_authors=KeyTransform("authors", "snapshot")
    )


def snapshot_authors(row) -> list[dict]:
    """The authors in a row's snapshot, as `without_snapshot` read them or from
    the whole snapshot."""
    if "listed_authors" in row.__dict__:
        return row.listed_authors or []
    return row.snapshot.get("authors", [])


class SubmissionQuerySet(models.QuerySet):
    def listed(self):
        """For lists of submissions: see `without_snapshot`."""
        return without_snapshot(self)

    def visible_to(self, user):
        """Authors, the edition's editors, and invited reviewers see a submission."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        ids = self.filter(
            Q(authors__user=user)
            | Q(edition__partnership__officers=user)
            | Q(edition__editors=user)
            | Q(reviews__reviewer=user)
        ).values("pk")
        return self.filter(pk__in=ids)

    def authored_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=self.filter(authors__user=user).values("pk"))

    def in_edition(self):
        return self.filter(
            status__in=[Submission.Status.ACCEPTED, Submission.Status.PUBLISHED]
        )


class Submission(models.Model):
    """A completed research project offered to an edition, as frozen snapshots."""

    class Status(models.TextChoices):
        AWAITING_AUTHORS = "awaiting-authors", "Waiting for co-authors to confirm"
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under-review", "Under review"
        REVISIONS_REQUESTED = "revisions-requested", "Revisions requested"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        PUBLISHED = "published", "Published"

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="submissions"
    )
    project = models.ForeignKey(
        "research.Project", on_delete=models.PROTECT, related_name="journal_submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_AUTHORS
    )
    # The current version's frozen project (title, authors, school, text...).
    snapshot = models.JSONField()
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    # The project's school, stored so the school page need not search snapshots.
    school_urn = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    position = models.PositiveIntegerField(default=0)
    revisions_due = models.DateField(null=True, blank=True)
    shortlisted = models.BooleanField("on the award shortlist", default=False)
    # A published article withdrawn by an officer: it stays, marked withdrawn.
    article_withdrawn_at = models.DateTimeField(null=True, blank=True)
    article_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    article_withdrawal_notice = models.TextField(blank=True)
    article_withdrawal_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "project"],
                condition=~Q(status__in=["withdrawn", "declined"]),
                name="one_live_submission_per_project_per_edition",
            ),
            models.UniqueConstraint(
                fields=["edition", "slug"], name="article_slug_unique_in_edition"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journal:submission", kwargs={"pk": self.pk})

    def get_manage_url(self):
        return reverse(
            "journal:manage_submission",
            kwargs={"pk": self.edition_id, "submission_pk": self.pk},
        )

    @property
    def author_names(self) -> str:
        return ", ".join(a["name"] for a in snapshot_authors(self))


class SubmissionAuthor(models.Model):
    """An author of a submission; co-authors confirm before it goes to the editors."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="authors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(default=False)
    confirmed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"], name="one_author_row_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.submission_id}"


class SubmissionVersion(models.Model):
    """Every snapshot ever submitted: the first and each revision. Never changed."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("what changed", blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="one_row_per_version"
            )
        ]

    def __str__(self):
        return f"Version {self.number} of {self.submission_id}"


S = Submission.Status
AUTHOR = "author"
EDITOR = "editor"
SYSTEM = "system"

# The one table of moves between submission states: (from, to) -> who may make it.
SUBMISSION_MOVES: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING_AUTHORS, S.SUBMITTED): frozenset({AUTHOR, SYSTEM}),
    (S.AWAITING_AUTHORS, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.SUBMITTED, S.UNDER_REVIEW): frozenset({EDITOR}),
    (S.SUBMITTED, S.DECLINED): frozenset({EDITOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.UNDER_REVIEW, S.ACCEPTED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.REVISIONS_REQUESTED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.DECLINED): frozenset({EDITOR}),
    (S.UNDER_REVIEW, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.REVISIONS_REQUESTED, S.UNDER_REVIEW): frozenset({AUTHOR}),
    (S.REVISIONS_REQUESTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.ACCEPTED, S.PUBLISHED): frozenset({EDITOR}),
}


def _targets(moves) -> dict[str, set[str]]:
    targets: dict[str, set[str]] = {}
    for source, target in moves:
        targets.setdefault(source, set()).add(target)
    return targets


SUBMISSION_STATES = StateMachine(
    Submission.Status, _targets(SUBMISSION_MOVES), noun="the submission"
)
# States in which the authors may still withdraw (before a final decision).
WITHDRAWABLE = frozenset(
    source for (source, target) in SUBMISSION_MOVES if target == S.WITHDRAWN
)
FINAL = frozenset({S.DECLINED, S.WITHDRAWN, S.PUBLISHED})


class SubmissionEvent(TransitionRecord):
    """One move of a submission between states: who, when, from what to what."""

    subject_field = "submission"
    machine = SUBMISSION_STATES

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TransitionRecord.Meta):
        pass

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"


class Decision(models.Model):
    """An editor's decision on a submission version, with the letter to the authors."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", "Accept"
        REVISIONS = "revisions", "Revisions requested"
        DECLINE = "decline", "Decline"

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="decisions"
    )
    version = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    letter = models.TextField("message to the authors")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided", "pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.submission_id})"
