"""Compile runs, the published web edition (articles), corrections and the award."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from .editions import Edition
from .submissions import Submission, snapshot_authors


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
    # What the contents list shows, so it never loads the snapshot (filled on publish).
    authors_text = models.CharField(max_length=500, blank=True)
    school_name = models.CharField(max_length=200, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The article's own PDF (its galley): its pages of the edition, tagged.
    pdf = models.FileField(upload_to="journal/galleys/", max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        indexes = [
            GinIndex(fields=["search_vector"], name="journal_article_search_gin")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "slug"], name="article_slug_unique_in_run"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.run.edition.article_url(self.slug)

    def get_pdf_url(self):
        """The article's own PDF, beside its page: its `citation_pdf_url`."""
        return self.get_absolute_url().rstrip("/") + ".pdf"

    @property
    def pages_label(self) -> str:
        """ "p. 3" or "pp. 3–7", as a citation prints them."""
        if self.first_page == self.last_page:
            return f"p. {self.first_page}"
        return f"pp. {self.first_page}\u2013{self.last_page}"

    @property
    def authors(self) -> list[dict]:
        return snapshot_authors(self)

    @property
    def author_names_from_snapshot(self) -> str:
        return ", ".join(a["name"] for a in self.authors)

    @property
    def author_names(self) -> str:
        return self.authors_text or ", ".join(a["name"] for a in self.authors)


# The stored search text of an article: title and question first, then findings.
ARTICLE_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector(KT("snapshot__research_question"), weight="A", config="english")
    + SearchVector("authors_text", weight="B", config="english")
    + SearchVector("school_name", weight="B", config="english")
    + SearchVector("section_title", weight="B", config="english")
    + SearchVector(KT("snapshot__findings"), weight="B", config="english")
    + SearchVector(
        Cast("snapshot__tags", models.TextField()), weight="C", config="english"
    )
)


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
