"""School-to-school support: engagements, their history, meetings and impact."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from partnership.kernel.states import StateMachine, TransitionRecord
from schools.models import School

from .recommendations import SupportOffer


class SupportEngagementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the two schools' staff, their partnerships' officers and admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        served = School.objects.served_by(user).values("pk")
        return self.filter(
            Q(requesting_school__in=served) | Q(supporting_school__in=served)
        )


class SupportEngagement(models.Model):
    """One school's request to another's offer, and the support that follows."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"

    offer = models.ForeignKey(
        SupportOffer, on_delete=models.PROTECT, related_name="engagements"
    )
    requesting_school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="support_received"
    )
    # The offer's school, copied so that permission and credit queries need no join.
    supporting_school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="support_given"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    decline_reason = models.TextField(blank=True)
    requesting_evaluation = models.TextField(
        "evaluation by the school that was supported", blank=True
    )
    supporting_evaluation = models.TextField(
        "evaluation by the supporting school", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    completed_on = models.DateField(null=True, blank=True)

    objects = SupportEngagementQuerySet.as_manager()

    class Meta:
        db_table = "schools_supportengagement"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["supporting_school", "status"]),
            models.Index(fields=["requesting_school", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requesting_school=models.F("supporting_school")),
                name="engagement_between_two_schools",
            ),
        ]

    def __str__(self):
        return f"{self.offer} for {self.requesting_school}"

    def get_absolute_url(self):
        return reverse("directory:engagement", kwargs={"pk": self.pk})


S = SupportEngagement.Status

# Which status an engagement may move to from each. Which side (supporting or
# requesting school) may make each move is `permissions.MOVE_SIDES`.
ENGAGEMENT_STATES = StateMachine(
    S,
    {
        S.REQUESTED: {S.AGREED, S.DECLINED},
        S.AGREED: {S.ACTIVE, S.DECLINED},
        S.ACTIVE: {S.COMPLETED},
    },
    noun="the engagement",
)


class EngagementTransition(TransitionRecord):
    """The audit trail of an engagement's status, written by the service."""

    subject_field = "engagement"
    machine = ENGAGEMENT_STATES

    engagement = models.ForeignKey(
        SupportEngagement, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        db_table = "schools_engagementtransition"


class Meeting(models.Model):
    """A meeting, visit or session held as part of an engagement."""

    engagement = models.ForeignKey(
        SupportEngagement, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "schools_meeting"
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"Meeting on {self.held_on}"


class ImpactMeasure(models.Model):
    """One measure of an engagement's impact: baseline, target and outcome."""

    engagement = models.ForeignKey(
        SupportEngagement, on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text="For example %.")
    baseline = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    outcome = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        db_table = "schools_impactmeasure"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(baseline__isnull=False),
                name="impact_target_needs_baseline",
            ),
        ]

    def __str__(self):
        return self.name
