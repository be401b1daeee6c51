"""The money ledger (insert-only) and the audit trail of budget actions."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from .claims import Claim
from .funds import MONEY, ZERO, Allocation, AllocationAdjustment, Fund


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
        db_table = "partnership_ledgerentry"
        ordering = ["pk"]
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(
                fields=["allocation", "account"], name="partnership_allocat_c565d1_idx"
            ),
            models.Index(
                fields=["fund", "account"], name="partnership_fund_id_58db48_idx"
            ),
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
        db_table = "partnership_budgetevent"
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["fund", "-created"], name="partnership_fund_id_9d0575_idx"
            )
        ]

    def __str__(self):
        return f"{self.actor} {self.action}"
