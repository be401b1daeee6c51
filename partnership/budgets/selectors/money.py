"""Balances and overviews, summed from the ledger (and the waiting claims)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..charts import BarChart
from ..models import (
    ZERO,
    Allocation,
    BudgetEvent,
    Claim,
    Fund,
    LedgerEntry,
    financial_year,
    financial_year_label,
)

Account = LedgerEntry.Account


# ---------------------------------------------------------------------------
# Balances (always from the ledger)


@dataclass(frozen=True)
class Balance:
    allocated: Decimal
    spent: Decimal
    paid: Decimal
    waiting: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """Allocated less spent: what approvals may still commit."""
        return self.allocated - self.spent

    @property
    def available(self) -> Decimal:
        """Allocated less spent less waiting for approval: what a new claim may ask."""
        return self.allocated - self.spent - self.waiting


def _sums(entries, waiting=ZERO) -> Balance:
    rows = dict(entries.order_by().values_list("account").annotate(total=Sum("amount")))
    return Balance(
        allocated=rows.get(Account.ALLOCATED) or ZERO,
        spent=rows.get(Account.SPENT) or ZERO,
        paid=rows.get(Account.PAID) or ZERO,
        waiting=waiting,
    )


def _waiting(claims, exclude_pk=None) -> Decimal:
    claims = claims.filter(status=Claim.Status.SUBMITTED)
    if exclude_pk is not None:
        claims = claims.exclude(pk=exclude_pk)
    return claims.order_by().aggregate(total=Sum("amount"))["total"] or ZERO


def allocation_balance(*, allocation: Allocation, excluding=None) -> Balance:
    """An allocation's money: allocated, spent and paid, summed from its ledger,
    and the claims waiting for approval (leaving out `excluding`, a claim being
    corrected)."""
    waiting = _waiting(
        Claim.objects.filter(allocation_id=allocation.pk),
        getattr(excluding, "pk", None),
    )
    return _sums(LedgerEntry.objects.filter(allocation_id=allocation.pk), waiting)


def fund_balance(*, fund: Fund) -> Balance:
    """A fund's money over all its allocations, summed from the ledger."""
    return _sums(LedgerEntry.objects.filter(fund_id=fund.pk))


def fund_unallocated(*, fund: Fund) -> Decimal:
    """What of a fund's total is not yet allocated."""
    return fund.total - fund_balance(fund=fund).allocated


# ---------------------------------------------------------------------------
# Overviews


@dataclass
class Row:
    """One line of an overview: a school, theme, financial year or category."""

    label: str
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    paid: Decimal = ZERO
    url: str = ""
    pending: Decimal = ZERO
    waiting: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def available(self) -> Decimal:
        return self.allocated - self.spent - self.waiting


@dataclass
class FundOverview:
    fund: Fund
    total: Row
    by_recipient: list[Row]
    by_year: list[Row]
    by_category: list[Row]
    unallocated: Decimal
    proposed: Decimal
    waiting_claims: int
    charts: list = field(default_factory=list)


def _add(row: Row, account: str, amount: Decimal) -> None:
    if account == Account.ALLOCATED:
        row.allocated += amount
    elif account == Account.SPENT:
        row.spent += amount
    else:
        row.paid += amount


def _by_recipient(fund: Fund, entries) -> list[Row]:
    recipients: dict[int, Row] = {}
    allocations = (
        Allocation.objects.filter(fund=fund)
        .exclude(status=Allocation.Status.REJECTED)
        .select_related("school")
        .order_by("school__name", "theme", "pk")
    )
    for allocation in allocations:
        recipients[allocation.pk] = Row(
            label=allocation.recipient, url=allocation.get_absolute_url()
        )
        if allocation.status == Allocation.Status.PROPOSED:
            recipients[allocation.pk].pending = allocation.amount
    for allocation_id, account, amount in entries.values_list(
        "allocation_id", "account"
    ).annotate(Sum("amount")):
        _add(recipients[allocation_id], account, amount)
    for allocation_id, amount in _waiting_by(fund.pk, "allocation_id"):
        if allocation_id in recipients:
            recipients[allocation_id].waiting = amount
    return list(recipients.values())


def _waiting_by(fund_id: int, key: str):
    return (
        Claim.objects.filter(allocation__fund_id=fund_id, status=Claim.Status.SUBMITTED)
        .order_by()
        .values_list(key)
        .annotate(Sum("amount"))
    )


def _by_year(fund: Fund, entries) -> list[Row]:
    years = {
        year: Row(label=financial_year_label(year)) for year in fund.financial_years
    }
    for day, account, amount in entries.values_list("effective_on", "account").annotate(
        Sum("amount")
    ):
        year = financial_year(day)
        years.setdefault(year, Row(label=financial_year_label(year)))
        _add(years[year], account, amount)
    return [years[y] for y in sorted(years)]


def _by_category(entries) -> list[Row]:
    categories = {value: Row(label=label) for value, label in Claim.Category.choices}
    for category, account, amount in (
        entries.filter(claim__isnull=False)
        .values_list("claim__category", "account")
        .annotate(Sum("amount"))
    ):
        _add(categories[category], account, amount)
    return [r for r in categories.values() if r.spent or r.paid]


def _charts(overview: "FundOverview") -> list[BarChart]:
    return [
        BarChart.build(
            title="Spent and paid by financial year",
            description="For each financial year (April to March): the money "
            "spent from the fund (approved claims, by the date of spending) and "
            "the money paid out (by the date of payment).",
            rows=overview.by_year,
            series=[("Spent", "spent"), ("Paid", "paid")],
        ),
        BarChart.build(
            title="Spent by category",
            description="The money spent from the fund in each category of spending.",
            rows=overview.by_category,
            series=[("Spent", "spent")],
        ),
    ]


def fund_overview(*, fund: Fund) -> FundOverview:
    """A fund's allocated, spent and remaining money: by school or theme, by
    financial year (April to March) and by category of spending."""
    entries = LedgerEntry.objects.filter(fund=fund).order_by()
    total = Row(label="Total")
    for account, amount in entries.values_list("account").annotate(Sum("amount")):
        _add(total, account, amount)
    total.waiting = _waiting(Claim.objects.filter(allocation__fund=fund))
    proposed = Allocation.objects.filter(
        fund=fund, status=Allocation.Status.PROPOSED
    ).aggregate(total=Sum("amount"))["total"]
    overview = FundOverview(
        fund=fund,
        total=total,
        by_recipient=_by_recipient(fund, entries),
        by_year=_by_year(fund, entries),
        by_category=_by_category(entries),
        unallocated=fund.total - total.allocated,
        proposed=proposed or ZERO,
        waiting_claims=Claim.objects.filter(
            allocation__fund=fund, status=Claim.Status.SUBMITTED
        ).count(),
    )
    overview.charts = _charts(overview)
    return overview


def school_budget(*, school, user) -> list[dict]:
    """A school's allocations the person may see, each with its balance and claims."""
    allocations = (
        Allocation.objects.visible_to(user)
        .filter(school=school)
        .select_related("fund")
        .annotate(
            allocated=Sum(
                "ledger__amount", filter=Q(ledger__account=Account.ALLOCATED)
            ),
            spent=Sum("ledger__amount", filter=Q(ledger__account=Account.SPENT)),
            paid=Sum("ledger__amount", filter=Q(ledger__account=Account.PAID)),
        )
        .order_by("-fund__starts", "pk")
    )
    waiting = dict(
        Claim.objects.filter(
            allocation__in=allocations.values("pk"), status=Claim.Status.SUBMITTED
        )
        .order_by()
        .values_list("allocation_id")
        .annotate(Sum("amount"))
    )
    return [
        {
            "allocation": a,
            "row": Row(
                label=a.fund.name,
                allocated=a.allocated or ZERO,
                spent=a.spent or ZERO,
                paid=a.paid or ZERO,
                waiting=waiting.get(a.pk, ZERO),
                url=a.get_absolute_url(),
            ),
        }
        for a in allocations
    ]


def school_totals(*, school) -> Row:
    """All the money a school has been allocated, spent and has left, in every fund."""
    row = Row(label=school.name)
    for account, amount in (
        LedgerEntry.objects.filter(allocation__school=school)
        .order_by()
        .values_list("account")
        .annotate(Sum("amount"))
    ):
        _add(row, account, amount)
    row.waiting = _waiting(Claim.objects.filter(allocation__school=school))
    return row


def allocation_claims(*, allocation):
    return (
        Claim.objects.filter(allocation=allocation)
        .select_related("claimant")
        .annotate(approval_count=Count("approvals"))
        .order_by("-created", "-pk")
    )


def ledger_rows(*, fund: Fund):
    return (
        LedgerEntry.objects.filter(fund=fund)
        .select_related("allocation__school", "claim", "created_by")
        .order_by("pk")
    )


def audit_trail(*, fund: Fund):
    return (
        BudgetEvent.objects.filter(fund=fund)
        .select_related("actor", "allocation__school", "claim")
        .order_by("-created", "-pk")
    )
