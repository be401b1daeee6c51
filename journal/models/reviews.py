"""Reviewers' invitations and recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .submissions import Submission


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
    last_reminded = models.DateTimeField(null=True, blank=True)

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
