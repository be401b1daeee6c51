"""The annual journal: editions, submissions (frozen snapshots), reviews, compile
runs, the published web edition (articles), corrections and the award.

Every change of state goes through `journal.services`; the allowed moves between
submission states live in `journal.transitions`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.uploads import RandomUploadPath

RESERVED_SLUGS = {"award", "feed", "edition", "manage", "submit", "reviews"}


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_run__isnull=False)

    def editable_by(self, user):
        """Editions this person edits: the partnership's officers and named editors."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        ids = self.filter(Q(partnership__officers=user) | Q(editors=user)).values("pk")
        return self.filter(pk__in=ids)

    def open_for_submissions(self, today=None):
        today = today or timezone.localdate()
        return self.filter(call_opens__lte=today, call_closes__gte=today)


class Edition(models.Model):
    """One year's journal of one partnership, from its call for reports to publication."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="journal_editions_edited",
        help_text="Members made editors. The partnership's officers are always editors.",
    )
    call_guidance = models.TextField(
        "guidance for authors",
        blank=True,
        help_text="What the editors are looking for, length, and how reports are chosen.",
    )
    call_opens = models.DateField("call opens")
    call_closes = models.DateField("call closes")
    review_days = models.PositiveSmallIntegerField("days a reviewer has", default=21)
    revision_days = models.PositiveSmallIntegerField(
        "days authors have for revisions", default=28
    )
    foreword = models.TextField(blank=True)
    cover_image = models.FileField(
        upload_to=RandomUploadPath("journal-covers"), blank=True
    )
    issn = models.CharField("ISSN", max_length=9, blank=True)
    # The compile run whose PDF and web edition the public sees; null until published.
    published_run = models.OneToOneField(
        "CompileRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_as",
    )
    version = models.PositiveSmallIntegerField(default=0)
    first_published = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "partnership__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="one_edition_per_partnership_year"
            ),
            models.CheckConstraint(
                condition=Q(call_closes__gte=models.F("call_opens")),
                name="edition_call_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journal:edition", kwargs={"year": self.year})

    def get_manage_url(self):
        return reverse("journal:manage_edition", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_run_id is not None

    def call_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.call_opens <= today <= self.call_closes

    def pdf_url(self) -> str:
        return reverse("journal:edition_pdf", kwargs={"year": self.year})


class Section(models.Model):
    """A part of an edition (by phase or theme); articles are ordered within it."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "title"], name="section_titles_unique_in_edition"
            )
        ]

    def __str__(self):
        return self.title


class SubmissionQuerySet(models.QuerySet):
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
    school_urn = models.PositiveIntegerField(null=True, blank=True)
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
        return ", ".join(a["name"] for a in self.snapshot.get("authors", []))


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


class SubmissionEvent(models.Model):
    """One move of a submission between states: who, when, from what to what."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


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


class ReviewQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status=Review.Status.INVITED)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.outstanding().filter(due__lt=today)


class Review(models.Model):
    """A reviewer's invitation and, once submitted, their recommendation."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        DECLINED = "declined", "Declined"
        SUBMITTED = "submitted", "Submitted"
        CANCELLED = "cancelled", "Cancelled"

    class Recommendation(models.TextChoices):
        ACCEPT = "accept", "Accept"
        MINOR = "minor", "Minor changes"
        MAJOR = "major", "Major changes"
        DECLINE = "decline", "Decline"

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="journal_reviews",
    )
    version = models.PositiveSmallIntegerField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited = models.DateTimeField(default=timezone.now)
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.INVITED
    )
    conflict_override = models.TextField(
        "why a reviewer from the authors' school is acceptable", blank=True
    )
    recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, blank=True
    )
    comments_for_authors = models.TextField(blank=True)
    comments_for_editors = models.TextField(
        "confidential comments for the editors", blank=True
    )
    declined_reason = models.TextField(blank=True)
    responded = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["invited", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer", "version"],
                name="one_invitation_per_reviewer_per_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | ~Q(recommendation=""),
                name="submitted_review_has_recommendation",
            ),
        ]

    def __str__(self):
        return f"Review of {self.submission} by {self.reviewer}"

    def get_absolute_url(self):
        return reverse("journal:review", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.INVITED and self.due < timezone.localdate()


class CompileRun(models.Model):
    """One attempt to build an edition's PDF and web edition, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="compile_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=200, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField("PDF size in bytes", null=True, blank=True)
    pdf = models.FileField(upload_to="journal/editions/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="succeeded") | ~Q(pdf=""),
                name="finished_run_has_a_pdf",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="progress_is_a_percentage"
            ),
        ]

    def __str__(self):
        return f"Compile {self.pk} of {self.edition}"

    def get_absolute_url(self):
        return reverse(
            "journal:manage_run", kwargs={"pk": self.edition_id, "run_pk": self.pk}
        )

    @property
    def duration(self):
        if self.started and self.finished:
            return self.finished - self.started
        return None


class Article(models.Model):
    """One article of a compiled edition: the web edition's page and its PDF pages.

    Written with the run's PDF in one transaction, so a run either has its whole
    web edition or none of it; the public sees the articles of the published run.
    """

    run = models.ForeignKey(
        CompileRun, on_delete=models.CASCADE, related_name="articles"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="articles"
    )
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=200)
    section_title = models.CharField(max_length=120, blank=True)
    position = models.PositiveIntegerField()
    snapshot = models.JSONField()
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "slug"], name="article_slug_unique_in_run"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "journal:article",
            kwargs={"year": self.run.edition.year, "slug": self.slug},
        )

    @property
    def authors(self) -> list[dict]:
        return self.snapshot.get("authors", [])

    @property
    def author_names(self) -> str:
        return ", ".join(a["name"] for a in self.authors)


class Correction(models.Model):
    """A visible notice that a published article was corrected in a new version."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="corrections"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="corrections"
    )
    notice = models.TextField(
        help_text="Shown on the article page: what was corrected and why."
    )
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The edition version that carries the correction; null until it is published.
    published_in_version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"Correction to {self.submission_id}"


class Award(models.Model):
    """The year's award: the editors' choice of the best article."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="award"
    )
    name = models.CharField(max_length=200, default="Teacher Research Award")
    winner = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    citation = models.TextField("why it won", blank=True)
    announced = models.DateTimeField(null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self):
        return f"{self.name} {self.edition.year}"
