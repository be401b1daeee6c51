"""Editions of the journal and their sections."""

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
    # Bumped on every publish, withdrawal and correction: the public pages' cache key.
    contents_version = models.PositiveIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_notice = models.TextField(
        blank=True, help_text="Shown on the edition's page: what readers should know."
    )
    withdrawal_reason = models.TextField(blank=True)
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
        return reverse(
            "journal:edition",
            kwargs={"partnership": self.partnership.slug, "year": self.year},
        )

    def get_manage_url(self):
        return reverse("journal:manage_edition", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_run_id is not None

    def call_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.call_opens <= today <= self.call_closes

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def pdf_url(self) -> str:
        return reverse(
            "journal:edition_pdf",
            kwargs={"partnership": self.partnership.slug, "year": self.year},
        )

    def award_url(self) -> str:
        return reverse(
            "journal:award",
            kwargs={"partnership": self.partnership.slug, "year": self.year},
        )

    def article_url(self, slug: str) -> str:
        """An article's address, built without `reverse` (the contents list has 300)."""
        return f"{self.get_absolute_url()}{slug}/"


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
