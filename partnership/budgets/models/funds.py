"""Funds and allocations: the money a partnership devolves, and each school's share."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from partnership.kernel.states import StateMachine
from schools.models import School

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


def financial_year(day: date) -> int:
    """The UK financial year a day falls in, named by the year it starts (April)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}–{str(year + 1)[-2:]}"


def _officer_q(prefix: str, user) -> Q:
    return Q(**{f"{prefix}partnership__officers": user})


def _headed_by(user):
    return School.objects.served_by(user, "headteacher").values("pk")


def _board_head_q(prefix: str, user) -> Q:
    """Headteachers of schools that sit on the partnership's board."""
    return Q(
        **{
            f"{prefix}partnership__memberships__is_board_member": True,
            f"{prefix}partnership__memberships__left__isnull": True,
            f"{prefix}partnership__memberships__school__in": _headed_by(user),
        }
    )


def _school_q(prefix: str, user) -> Q:
    """The school's own headteachers and the teachers they delegated claiming to."""
    head = Q(**{f"{prefix}school__in": _headed_by(user)})
    delegate = Q(
        **{
            f"{prefix}school__claim_delegations__delegate": user,
            f"{prefix}school__claim_delegations__revoked__isnull": True,
            f"{prefix}school__in": School.objects.served_by(
                user, "teacher", "headteacher"
            ).values("pk"),
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
    public = models.BooleanField(
        "public account",
        default=False,
        help_text="Publish the fund's totals by school, category and year "
        "(no names of people, no receipts).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        db_table = "partnership_fund"
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
    available_from = models.DateField(
        null=True,
        blank=True,
        help_text="The day the money is the school's to spend: the date of its "
        "entry on the ledger (empty: the day it is approved).",
    )
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
        db_table = "partnership_allocation"
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
        db_table = "partnership_allocationadjustment"
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="adjustment_changes_something"
            ),
        ]

    def __str__(self):
        return f"{self.amount} to {self.allocation}"


# The one table of an allocation's legal status changes.
ALLOCATION_STATES = StateMachine(
    Allocation.Status,
    {
        Allocation.Status.PROPOSED: {
            Allocation.Status.APPROVED,
            Allocation.Status.REJECTED,
        },
        Allocation.Status.APPROVED: set(),
        Allocation.Status.REJECTED: set(),
    },
    noun="the allocation",
)
