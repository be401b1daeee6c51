"""Partnership budgets: funds, allocations, spend claims and the money ledger.

Every movement of money is a `LedgerEntry`, written only by
`partnership.services.budget` and never changed or deleted afterwards; balances are
sums over the ledger. See docs/adr/0002-money-ledger.md.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from partnership.uploads import RandomUploadPath

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


def financial_year(day: date) -> int:
    """The UK financial year a day falls in, named by the year it starts (April)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}–{str(year + 1)[-2:]}"


def _officer_q(prefix: str, user) -> Q:
    return Q(**{f"{prefix}partnership__officers": user})


def _board_head_q(prefix: str, user) -> Q:
    """Headteachers of schools that sit on the partnership's board."""
    return Q(
        **{
            f"{prefix}partnership__memberships__is_board_member": True,
            f"{prefix}partnership__memberships__left__isnull": True,
            f"{prefix}partnership__memberships__school__staff__user": user,
            f"{prefix}partnership__memberships__school__staff__role": "headteacher",
            f"{prefix}partnership__memberships__school__staff__left__isnull": True,
        }
    )


def _school_q(prefix: str, user) -> Q:
    """The school's own headteachers and the teachers they delegated claiming to."""
    head = Q(
        **{
            f"{prefix}school__staff__user": user,
            f"{prefix}school__staff__role": "headteacher",
            f"{prefix}school__staff__left__isnull": True,
        }
    )
    delegate = Q(
        **{
            f"{prefix}school__claim_delegations__delegate": user,
            f"{prefix}school__claim_delegations__revoked__isnull": True,
        }
    )
    return head | delegate


class FundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Funds a person may know about: officers, and staff who hold a budget in it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        ids = self.filter(
            _officer_q("", user)
            | _board_head_q("", user)
            | _school_q("allocations__", user)
        ).values("pk")
        return self.filter(pk__in=ids)

    def overview_visible_to(self, user):
        """Funds whose whole picture a person may see: officers and the board."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        ids = self.filter(_officer_q("", user) | _board_head_q("", user)).values("pk")
        return self.filter(pk__in=ids)

    def managed_by(self, user):
        """Funds a person runs: the officers of the partnership."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(partnership__officers=user).distinct()


class Fund(models.Model):
    """A sum of money a partnership devolves to its schools over a period."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="funds"
    )
    name = models.CharField(max_length=200)
    total = models.DecimalField("total (£)", **MONEY)
    starts = models.DateField()
    ends = models.DateField()
    approval_threshold = models.DecimalField(
        "second approval above (£)",
        **MONEY,
        help_text="Claims and allocations above this amount need two approvals "
        "by two different people.",
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gt=0), name="fund_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(approval_threshold__gte=0),
                name="fund_threshold_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="fund_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"], name="one_fund_name_per_partnership"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("budget:fund", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": "The end date must be after the start."})

    @property
    def financial_years(self) -> list[int]:
        return list(range(financial_year(self.starts), financial_year(self.ends) + 1))


class AllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Allocations a person may see: officers and the board see all of their
        partnership's; a school's headteachers and delegates see their school's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        ids = self.filter(
            _officer_q("fund__", user)
            | _board_head_q("fund__", user)
            | _school_q("", user)
        ).values("pk")
        return self.filter(pk__in=ids)


class Allocation(models.Model):
    """A share of a fund for one school or one theme (e.g. journal printing).

    `amount` is what was proposed; once approved, the allocation's size is what
    the ledger says (the proposal plus recorded adjustments).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations")
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        null=True,
        blank=True,
    )
    theme = models.CharField(
        max_length=120,
        blank=True,
        help_text="For money not given to one school, e.g. research release time.",
    )
    amount = models.DecimalField("amount (£)", **MONEY)
    purpose = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "school__name", "theme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="allocation_amount_positive"
            ),
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(theme=""))
                | (Q(school__isnull=True) & ~Q(theme="")),
                name="allocation_for_a_school_or_a_theme",
            ),
        ]

    def __str__(self):
        return f"{self.recipient} from {self.fund}"

    def get_absolute_url(self):
        return reverse("budget:allocation", kwargs={"pk": self.pk})

    @property
    def recipient(self) -> str:
        return self.school.name if self.school_id else self.theme


class AllocationAdjustment(models.Model):
    """A recorded change to an approved allocation: the only way to revise one."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="adjustments"
    )
    amount = models.DecimalField("change (£)", **MONEY)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="adjustment_changes_something"
            ),
        ]

    def __str__(self):
        return f"{self.amount} to {self.allocation}"


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
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "allocation"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="claim_amount_positive"
            ),
        ]

    def __str__(self):
        return f"Claim {self.pk}: {self.amount} for {self.allocation.recipient}"

    def get_absolute_url(self):
        return reverse("budget:claim", kwargs={"pk": self.pk})


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


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The ledger is append-only: add a reversing entry instead.")

    def delete(self):
        raise TypeError("The ledger is append-only: add a reversing entry instead.")

    def balance(self, account: str) -> Decimal:
        total = self.filter(account=account).aggregate(total=models.Sum("amount"))
        return total["total"] or ZERO


class LedgerEntry(models.Model):
    """One movement of money. Insert-only: a mistake is put right by a reversal.

    `account` says which balance the entry moves: money given to an allocation
    (`allocated`), committed by an approved claim (`spent`), or paid out (`paid`).
    An allocation's remaining money is allocated minus spent; a fund's unallocated
    money is its total minus everything allocated from it.
    """

    class Account(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        SPENT = "spent", "Spent"
        PAID = "paid", "Paid"

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", "Allocation approved"
        ADJUSTMENT = "adjustment", "Allocation adjusted"
        CLAIM = "claim", "Claim approved"
        PAYMENT = "payment", "Claim paid"
        REVERSAL = "reversal", "Reversal"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="ledger")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="ledger"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="ledger", null=True, blank=True
    )
    adjustment = models.OneToOneField(
        AllocationAdjustment,
        on_delete=models.PROTECT,
        related_name="ledger_entry",
        null=True,
        blank=True,
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="reversed_by",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    account = models.CharField(max_length=10, choices=Account.choices)
    amount = models.DecimalField(**MONEY)
    effective_on = models.DateField(
        help_text="The day the money moved: the approval day, or the day of spending."
    )
    memo = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(fields=["allocation", "account"]),
            models.Index(fields=["fund", "account"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="ledger_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["adjustment", "reversal"]) | Q(amount__gt=0),
                name="ledger_movement_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="ledger_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=Q(account="allocated") | Q(claim__isnull=False),
                name="ledger_spending_names_its_claim",
            ),
            models.CheckConstraint(
                condition=Q(kind="adjustment", adjustment__isnull=False)
                | (~Q(kind="adjustment") & Q(adjustment__isnull=True)),
                name="ledger_adjustment_is_recorded",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The ledger is append-only: add a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The ledger is append-only: add a reversing entry instead.")


class BudgetEvent(models.Model):
    """The audit trail: who did what to a fund, written explicitly by each service."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="events")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="events", null=True
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="events", null=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["fund", "-created"])]

    def __str__(self):
        return f"{self.actor} {self.action}"
