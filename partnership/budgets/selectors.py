"""Reads for the budget pages: balances and overviews summed from the ledger, what
waits on an approver, and which schools' budgets a person may see."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from schools.models import School

from .charts import BarChart
from .models import (
    ZERO,
    Allocation,
    BudgetEvent,
    Claim,
    ClaimDelegation,
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


# ---------------------------------------------------------------------------
# Who sees which school's budget, and what waits on an approver


def schools_with_budget_visible_to(user):
    """Schools whose budget a person may see: the school's headteachers and
    delegates, and the officers and board of a partnership it belongs to."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    heads = School.objects.served_by(user, "headteacher")
    partnership_people = Q(
        memberships__left__isnull=True,
        memberships__partnership__officers=user,
    ) | Q(
        memberships__left__isnull=True,
        memberships__partnership__memberships__is_board_member=True,
        memberships__partnership__memberships__left__isnull=True,
        memberships__partnership__memberships__school__in=heads,
    )
    own = Q(pk__in=heads.values("pk")) | Q(pk__in=delegated_school_ids(user))
    ids = School.objects.filter(partnership_people | own).values("pk")
    return School.objects.filter(pk__in=ids)


def delegated_school_ids(user) -> set[int]:
    """Schools whose headteacher let this person claim from the school's budget."""
    return set(
        ClaimDelegation.objects.filter(
            delegate=user,
            revoked__isnull=True,
            school__in=School.objects.served_by(user, "teacher", "headteacher").values(
                "pk"
            ),
        ).values_list("school_id", flat=True)
    )


def served_or_delegated(user) -> set[int]:
    """Schools the person works at now, or may claim for by delegation."""
    served = School.objects.served_by(user, "teacher", "headteacher")
    return set(served.values_list("pk", flat=True)) | delegated_school_ids(user)


def own_budget_schools(user):
    """Schools whose budget is the person's own: as headteacher or delegate."""
    own = School.objects.served_by(user, "headteacher").values("pk")
    return schools_with_budget_visible_to(user).filter(
        Q(pk__in=own) | Q(pk__in=delegated_school_ids(user))
    )


def school_heads(school) -> list:
    """A school's current headteachers (none for a theme's allocation)."""
    if school is None:
        return []
    return [
        s.user
        for s in school.staff.filter(role="headteacher", left__isnull=True)
        .select_related("user")
        .order_by("pk")
    ]


def _approver_funds(user):
    heads = School.objects.served_by(user, "headteacher")
    return Fund.objects.filter(
        Q(partnership__officers=user)
        | Q(
            partnership__memberships__is_board_member=True,
            partnership__memberships__left__isnull=True,
            partnership__memberships__school__in=heads,
        )
    ).values("pk")


def waiting_for(user) -> tuple[list[Allocation], list[Claim]]:
    """What waits on one approver: items they may approve and have not yet."""
    funds = _approver_funds(user)
    officer_funds = Fund.objects.filter(partnership__officers=user).values("pk")
    own = School.objects.served_by(user, "headteacher").values("pk")
    allocations = (
        Allocation.objects.filter(status=Allocation.Status.PROPOSED, fund__in=funds)
        .exclude(proposed_by=user)
        .exclude(approvals__approver=user)
        .exclude(Q(school_id__in=own) & ~Q(fund__in=officer_funds))
        .select_related("fund", "school")
        .order_by("created", "pk")
    )
    claims = (
        Claim.objects.filter(status=Claim.Status.SUBMITTED, allocation__fund__in=funds)
        .exclude(claimant=user)
        .exclude(approvals__approver=user)
        .exclude(
            Q(allocation__school_id__in=own) & ~Q(allocation__fund__in=officer_funds)
        )
        .select_related("allocation__fund", "allocation__school", "claimant")
        .order_by("created", "pk")
    )
    return list(allocations), list(claims)
