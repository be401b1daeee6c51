"""Reads for the budget pages: overviews summed from the ledger, and chart geometry."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from partnership.models import Allocation, BudgetEvent, Claim, Fund, LedgerEntry
from partnership.models.budget import ZERO, financial_year, financial_year_label

Account = LedgerEntry.Account


@dataclass
class Row:
    """One line of an overview: a school, theme, financial year or category."""

    label: str
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    paid: Decimal = ZERO
    url: str = ""
    pending: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent


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


def fund_overview(*, fund: Fund) -> FundOverview:
    """A fund's allocated, spent and remaining money: by school or theme, by
    financial year (April to March) and by category of spending."""
    entries = LedgerEntry.objects.filter(fund=fund).order_by()
    total = Row(label="Total")
    for account, amount in entries.values_list("account").annotate(Sum("amount")):
        _add(total, account, amount)

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

    years = {
        year: Row(label=financial_year_label(year)) for year in fund.financial_years
    }
    for day, account, amount in entries.values_list("effective_on", "account").annotate(
        Sum("amount")
    ):
        year = financial_year(day)
        years.setdefault(year, Row(label=financial_year_label(year)))
        _add(years[year], account, amount)

    categories = {value: Row(label=label) for value, label in Claim.Category.choices}
    for category, account, amount in (
        entries.filter(claim__isnull=False)
        .values_list("claim__category", "account")
        .annotate(Sum("amount"))
    ):
        _add(categories[category], account, amount)

    proposed = Allocation.objects.filter(
        fund=fund, status=Allocation.Status.PROPOSED
    ).aggregate(total=Sum("amount"))["total"]
    overview = FundOverview(
        fund=fund,
        total=total,
        by_recipient=list(recipients.values()),
        by_year=[years[y] for y in sorted(years)],
        by_category=[r for r in categories.values() if r.spent or r.paid],
        unallocated=fund.total - total.allocated,
        proposed=proposed or ZERO,
        waiting_claims=Claim.objects.filter(
            allocation__fund=fund, status=Claim.Status.SUBMITTED
        ).count(),
    )
    overview.charts = [
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
    return [
        {
            "allocation": a,
            "row": Row(
                label=a.fund.name,
                allocated=a.allocated or ZERO,
                spent=a.spent or ZERO,
                paid=a.paid or ZERO,
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
# Charts: server-rendered SVG, described for screen readers, with the same
# figures in a table beside it.


@dataclass
class Bar:
    series: str
    css: tuple[str, str]
    value: Decimal
    x: int
    y: int
    width: int
    height: int
    label_x: int


@dataclass
class BarGroup:
    label: str
    y: int
    label_y: int
    bars: list[Bar]


@dataclass
class BarChart:
    """A horizontal bar chart: one group of bars per row, one bar per series."""

    title: str
    description: str
    groups: list[BarGroup]
    width: int
    height: int
    legend: list[tuple[str, str]]
    slug: str

    LABEL_WIDTH = 230
    PLOT_WIDTH = 420
    BAR_HEIGHT = 22
    GAP = 18
    TOP = 36

    @classmethod
    def build(cls, *, title, description, rows, series) -> "BarChart":
        # Presentation attributes (not style attributes) keep to the CSP; both
        # colours contrast at least 3:1 with the white background.
        css = [("portal-chart__bar", "#1d70b8"), ("portal-chart__bar-alt", "#505a5f")]
        top = max((getattr(r, attr) for r in rows for _, attr in series), default=ZERO)
        scale = Decimal(cls.PLOT_WIDTH) / top if top > 0 else Decimal(0)
        groups = []
        y = cls.TOP
        for row in rows:
            bars = []
            for i, (name, attr) in enumerate(series):
                value = getattr(row, attr)
                width = max(int(max(value, ZERO) * scale), 1 if value > 0 else 0)
                bars.append(
                    Bar(
                        series=name,
                        css=css[i % 2],
                        value=value,
                        x=cls.LABEL_WIDTH,
                        y=y + i * cls.BAR_HEIGHT,
                        width=width,
                        height=cls.BAR_HEIGHT - 4,
                        label_x=cls.LABEL_WIDTH + width + 6,
                    )
                )
            group_height = cls.BAR_HEIGHT * len(series)
            groups.append(
                BarGroup(
                    label=row.label, y=y, label_y=y + group_height // 2 + 5, bars=bars
                )
            )
            y += group_height + cls.GAP
        slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())
        return cls(
            title=title,
            description=description,
            groups=groups,
            width=cls.LABEL_WIDTH + cls.PLOT_WIDTH + 120,
            height=y + 4,
            legend=[(name, css[i % 2]) for i, (name, _) in enumerate(series)],
            slug=slug,
        )


def schools_with_budget_visible_to(user):
    """Schools whose budget a person may see: the school's headteachers and
    delegates, and the officers and board of a partnership it belongs to."""
    from schools.models import School

    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    partnership_people = Q(
        memberships__left__isnull=True,
        memberships__partnership__officers=user,
    ) | Q(
        memberships__left__isnull=True,
        memberships__partnership__memberships__is_board_member=True,
        memberships__partnership__memberships__left__isnull=True,
        memberships__partnership__memberships__school__staff__user=user,
        memberships__partnership__memberships__school__staff__role="headteacher",
        memberships__partnership__memberships__school__staff__left__isnull=True,
    )
    own = Q(staff__user=user, staff__role="headteacher", staff__left__isnull=True) | Q(
        claim_delegations__delegate=user, claim_delegations__revoked__isnull=True
    )
    ids = School.objects.filter(partnership_people | own).values("pk")
    return School.objects.filter(pk__in=ids)
