"""School priorities for a year, their success measures and what they link to."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from schools.models import School

from .units import Unit


class PriorityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A school's staff and its partnerships' officers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(school__in=School.objects.served_by(user).values("pk"))

    def editable_by(self, user):
        """The school's headteacher and its partnerships' officers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            school__in=School.objects.served_by(user, "headteacher", "officer").values(
                "pk"
            )
        )


class Priority(models.Model):
    """One improvement priority of a school for a year."""

    class Source(models.TextChoices):
        PEER_REVIEW = "peer-review", "Peer review"
        SELF_EVALUATION = "self-evaluation", "The school's own evaluation"
        OFFICER_VISIT = "officer-visit", "An officer's visit"

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not-met", "Not met"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="priorities"
    )
    year = models.PositiveSmallIntegerField(help_text="The academic year it starts in.")
    title = models.CharField(max_length=300)
    theme = models.CharField(
        max_length=120, help_text="For example reading, attendance."
    )
    subject = models.ForeignKey(
        "schools.Subject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phase = models.CharField(max_length=20, choices=School.Phase.choices, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    finding = models.OneToOneField(
        "improvement.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority",
    )
    review_on = models.DateField("review date")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(max_length=2000, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    # The links live here, so the parts below know nothing of priorities.
    projects = models.ManyToManyField(
        "research.Project",
        blank=True,
        related_name="+",
        db_table="improvement_priority_projects",
    )
    engagements = models.ManyToManyField(
        "directory.SupportEngagement",
        blank=True,
        related_name="+",
        db_table="improvement_priority_engagements",
    )
    allocations = models.ManyToManyField(
        "budgets.Allocation",
        blank=True,
        related_name="+",
        db_table="improvement_priority_allocations",
    )

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "school__name", "pk"]
        verbose_name_plural = "priorities"
        indexes = [models.Index(fields=["school", "year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvement:priority", kwargs={"pk": self.pk})


class SuccessMeasure(models.Model):
    """How a priority's success is measured: from a baseline to a target."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_on = models.DateField("date of the baseline")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_on = models.DateField("when it is measured")
    value = models.DecimalField(
        "measured value", max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__gt=F("baseline_on")),
                name="success_target_after_baseline",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def reached(self) -> bool | None:
        if self.value is None:
            return None
        if self.target >= self.baseline:
            return self.value >= self.target
        return self.value <= self.target
