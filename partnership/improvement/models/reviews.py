"""Peer review between schools: rounds, reviews, reviewers, focus areas, findings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from schools.models import School

DEFAULT_SCALE = "Leading\nEffective\nWorking towards"


class ReviewRound(models.Model):
    """One year's round of peer reviews in a partnership, with its judgement scale."""

    partnership = models.ForeignKey(
        "partnership.Partnership",
        on_delete=models.CASCADE,
        related_name="review_rounds",
    )
    year = models.PositiveSmallIntegerField(help_text="The academic year it starts in.")
    scale = models.TextField(
        "judgement scale",
        max_length=500,
        default=DEFAULT_SCALE,
        help_text="One judgement a line, best first.",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="one_review_round_a_year"
            )
        ]

    def __str__(self):
        return f"Peer review {self.year} to {self.year + 1}"

    def get_absolute_url(self):
        return reverse("improvement:round", kwargs={"pk": self.pk})

    @property
    def judgements(self) -> list[str]:
        return [line.strip() for line in self.scale.splitlines() if line.strip()]


class PeerReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The round's officers, the host school's staff and the reviewers see the
        review; the partnership's heads when shared with them; everyone when public."""
        public = Q(visibility=PeerReview.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        served = School.objects.served_by(user).values("pk")
        heads = School.objects.served_by(user, "headteacher", "officer").values("pk")
        return self.filter(
            public
            | Q(round__partnership__officers=user)
            | Q(host__in=served)
            | Q(reviewers__user=user)
            | Q(
                visibility=PeerReview.Visibility.PARTNERSHIP,
                round__partnership__memberships__school__in=heads,
                round__partnership__memberships__left__isnull=True,
            )
        ).distinct()


class PeerReview(models.Model):
    """One host school's review in a round: the visit, the report and who reads it."""

    class Visibility(models.TextChoices):
        SCHOOL = "school", "The school and its reviewers only"
        PARTNERSHIP = "partnership", "The partnership's headteachers and officers"
        PUBLIC = "public", "Everyone (public)"

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="reviews"
    )
    host = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="peer_reviews"
    )
    visit_on = models.DateField("date of the visit")
    judgement = models.CharField("overall judgement", max_length=60, blank=True)
    summary = models.TextField(max_length=5000, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.SCHOOL
    )

    objects = PeerReviewQuerySet.as_manager()

    class Meta:
        ordering = ["round", "host__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "host"], name="one_review_per_host_per_round"
            )
        ]

    def __str__(self):
        return f"Peer review of {self.host.name}, {self.round.year}"

    def get_absolute_url(self):
        return reverse("improvement:review", kwargs={"pk": self.pk})

    @property
    def is_written(self) -> bool:
        return self.written_at is not None


class Reviewer(models.Model):
    """A person from another member school who reviews; a decline is replaced."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead reviewer"
        PEER = "peer", "Peer reviewer"

    review = models.ForeignKey(
        PeerReview, on_delete=models.CASCADE, related_name="reviewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The school the reviewer comes from.",
    )
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.PEER)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=Q(declined_at__isnull=True),
                name="reviewer_once_per_review",
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(declined_at__isnull=True, role="lead"),
                name="one_lead_reviewer",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.declined_at is None


class FocusArea(models.Model):
    """An area the host chose; the reviewers write notes and a judgement on it."""

    review = models.ForeignKey(
        PeerReview, on_delete=models.CASCADE, related_name="focus_areas"
    )
    title = models.CharField(max_length=200)
    notes = models.TextField(max_length=5000, blank=True)
    judgement = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Finding(models.Model):
    """An area of excellence or for development named in the report."""

    class Kind(models.TextChoices):
        EXCELLENCE = "excellence", "Area of excellence"
        DEVELOPMENT = "development", "Area for development"

    review = models.ForeignKey(
        PeerReview, on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    # Put forward to the directory (excellence); the priority links back (development).
    recommendation = models.OneToOneField(
        "directory.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.text
