"""Spend claims, approvals and claim delegations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from partnership.kernel.states import StateMachine
from partnership.uploads import RandomUploadPath

from .funds import MONEY, Allocation


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Claims a person may see: those on allocations they may see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            allocation__in=Allocation.objects.visible_to(user).values("pk")
        )


class Claim(models.Model):
    """Money a school spent and asks to be paid back from its allocation."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"
        REVERSED = "reversed", "Reversed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Category(models.TextChoices):
        COVER = "cover", "Supply cover and release time"
        TRAINING = "training", "Training and courses"
        RESOURCES = "resources", "Books and resources"
        TRAVEL = "travel", "Travel"
        EVENTS = "events", "Events and venues"
        PRINTING = "printing", "Printing and publishing"
        OTHER = "other", "Other"

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="claims"
    )
    amount = models.DecimalField("amount (£)", **MONEY)
    spent_on = models.DateField("date of spending")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField()
    receipt = models.FileField(upload_to=RandomUploadPath("receipts"), max_length=200)
    receipt_kind = models.CharField(max_length=10)
    receipt_name = models.CharField(max_length=255)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="budget_claims"
    )
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    paid = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        db_table = "partnership_claim"
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "allocation"], name="partnership_status_c1fe21_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="claim_amount_positive"
            ),
        ]

    def __str__(self):
        return f"Claim {self.pk}: {self.amount} for {self.allocation.recipient}"

    def get_absolute_url(self):
        return reverse("budget:claim", kwargs={"pk": self.pk})


# The one table of a claim's legal status changes.
CLAIM_STATES = StateMachine(
    Claim.Status,
    {
        Claim.Status.SUBMITTED: {
            Claim.Status.APPROVED,
            Claim.Status.REJECTED,
            Claim.Status.WITHDRAWN,
        },
        Claim.Status.APPROVED: {Claim.Status.PAID, Claim.Status.REVERSED},
        Claim.Status.PAID: {Claim.Status.REVERSED},
        Claim.Status.REJECTED: set(),
        Claim.Status.REVERSED: set(),
        Claim.Status.WITHDRAWN: set(),
    },
    noun="the claim",
)


class Approval(models.Model):
    """One person's approval of a claim or allocation (two are needed above the
    fund's threshold, by two different people)."""

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="approvals", null=True
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="approvals", null=True
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partnership_approval"
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=True) ^ Q(allocation__isnull=True),
                name="approval_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["claim", "approver"], name="one_approval_per_person_per_claim"
            ),
            models.UniqueConstraint(
                fields=["allocation", "approver"],
                name="one_approval_per_person_per_allocation",
            ),
        ]

    def __str__(self):
        return f"Approved by {self.approver}"


class ClaimDelegation(models.Model):
    """A headteacher lets a teacher of their school see its budget and claim from it."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="claim_delegations"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="claim_delegations",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        db_table = "partnership_claimdelegation"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "delegate"],
                condition=Q(revoked__isnull=True),
                name="one_live_delegation_per_person_per_school",
            )
        ]

    def __str__(self):
        return f"{self.delegate} may claim for {self.school}"
