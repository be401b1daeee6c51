"""Demo budget: £1,000,000 over three years for the demo partnership, allocated to
every demo school, with claims in every state. Idempotent: each step is skipped
when its records are already there. Everything goes through the budget services,
so the ledger, the audit trail and the notifications are what real use makes.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.budgets import selectors, services
from partnership.budgets.models import Allocation, Claim, Fund
from partnership.models import Membership, Partnership

from schools.models import School, User

FUND_NAME = "Partnership development fund 2024–27"
TOTAL = Decimal("1000000.00")
THRESHOLD = Decimal("10000.00")
STARTS, ENDS = date(2024, 4, 1), date(2027, 3, 31)
HEAD_EMAIL = "head@riverside-primary.example"
OFFICER_EMAIL = "officer@riverside.gov.example"
THEMES = [
    ("Research release time", Decimal("80000.00")),
    ("Journal printing and the annual award", Decimal("20000.00")),
]
DESCRIPTIONS = {
    Claim.Category.COVER: "Supply cover so two teachers could observe each other's lessons",
    Claim.Category.TRAINING: "Course fees for the action-research programme",
    Claim.Category.RESOURCES: "Books for the reading-for-pleasure enquiry",
    Claim.Category.TRAVEL: "Travel to the partner school's open classroom",
    Claim.Category.EVENTS: "Room hire for the termly research meeting",
    Claim.Category.PRINTING: "Printing the research posters",
    Claim.Category.OTHER: "Licence for the survey tool",
}
# A minimal, valid PDF: the receipt every demo claim carries.
RECEIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _receipt(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"receipt-{n}.pdf", RECEIPT, content_type="application/pdf"
    )


def _head(school: School) -> User | None:
    staff = (
        school.staff.filter(role="headteacher", left__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return staff.user if staff else None


def seed(*, stdout) -> None:
    partnership = Partnership.objects.filter(
        slug="riverside-learning-partnership"
    ).first()
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    head = User.objects.filter(email=HEAD_EMAIL).first()
    if partnership is None or officer is None or head is None:
        stdout.write("  budget: the demo partnership is missing; skipped\n")
        return
    fund = Fund.objects.filter(partnership=partnership, name=FUND_NAME).first()
    if fund is None:
        fund = services.fund_create(
            partnership=partnership,
            name=FUND_NAME,
            total=TOTAL,
            starts=STARTS,
            ends=ENDS,
            approval_threshold=THRESHOLD,
            created_by=officer,
            description="Devolved to the partnership's headteachers for teacher "
            "development and classroom research.",
        )
    board = [
        (m.school, _head(m.school))
        for m in Membership.objects.filter(
            partnership=partnership, is_board_member=True, left__isnull=True
        )
        .select_related("school")
        .order_by("school__name")
    ]
    board = [(school, user) for school, user in board if user is not None]
    _allocate(fund, partnership, officer, board)
    _claims(fund, officer, head, board)
    balance = selectors.fund_balance(fund=fund)
    stdout.write(
        f"  budget: {fund.name}: £{balance.allocated:,.2f} allocated, "
        f"£{balance.spent:,.2f} spent, "
        f"{Claim.objects.filter(allocation__fund=fund).count()} claims\n"
    )


def _approvers_for(school, board):
    """Two board headteachers who are not the school's own."""
    return [user for s, user in board if s != school][:2]


def _allocate(fund, partnership, officer, board) -> None:
    teaching = {s.pk for s, _ in board}
    for school in partnership.current_schools().order_by("name"):
        if Allocation.objects.filter(fund=fund, school=school).exists():
            continue
        amount = Decimal("40000.00") if school.pk in teaching else Decimal("12500.00")
        allocation = services.allocation_propose(
            fund=fund,
            school=school,
            amount=amount,
            purpose="The school's share for teacher development, 2024 to 2027.",
            proposed_by=officer,
        )
        for approver in _approvers_for(school, board):
            services.allocation_approve(allocation=allocation, approved_by=approver)
    for theme, amount in THEMES:
        if Allocation.objects.filter(fund=fund, theme=theme).exists():
            continue
        allocation = services.allocation_propose(
            fund=fund, theme=theme, amount=amount, proposed_by=officer
        )
        for approver in _approvers_for(None, board):
            services.allocation_approve(allocation=allocation, approved_by=approver)
    if not Allocation.objects.filter(
        fund=fund, theme="Mathematics hub network"
    ).exists():
        # Waits for its second approval.
        allocation = services.allocation_propose(
            fund=fund,
            theme="Mathematics hub network",
            amount=Decimal("25000.00"),
            purpose="Release time for the maths leads' network.",
            proposed_by=officer,
        )
        services.allocation_approve(allocation=allocation, approved_by=board[0][1])
    if not Allocation.objects.filter(fund=fund, theme="Conference travel").exists():
        allocation = services.allocation_propose(
            fund=fund,
            theme="Conference travel",
            amount=Decimal("15000.00"),
            proposed_by=officer,
        )
        services.allocation_reject(
            allocation=allocation,
            rejected_by=board[0][1],
            reason="Travel should come from each school's own allocation.",
        )


def _spent_on(rng: random.Random) -> date:
    latest = min(ENDS, timezone.localdate())
    return STARTS + timedelta(days=rng.randint(0, (latest - STARTS).days))


def _claim(allocation, claimant, rng, n, *, amount=None, category=None) -> Claim:
    category = category or rng.choice(Claim.Category.values)
    return services.claim_submit(
        allocation=allocation,
        amount=amount or Decimal(rng.randrange(150, 2400, 25)),
        spent_on=_spent_on(rng),
        category=category,
        description=DESCRIPTIONS[category],
        receipt=_receipt(n),
        claimant=claimant,
    )


def _claims(fund, officer, head, board) -> None:
    rng = random.Random(2027)
    riverside = Allocation.objects.get(
        fund=fund, school__name="Riverside Primary School"
    )
    if not riverside.claims.exists():
        other_board_head = _approvers_for(riverside.school, board)[0]
        paid = _claim(
            riverside, head, rng, 1, amount=Decimal("1850.00"), category="cover"
        )
        services.claim_approve(claim=paid, approved_by=officer)
        services.claim_mark_paid(claim=paid, paid_by=officer)
        approved = _claim(
            riverside, head, rng, 2, amount=Decimal("640.00"), category="resources"
        )
        services.claim_approve(claim=approved, approved_by=officer)
        _claim(riverside, head, rng, 3, amount=Decimal("425.50"), category="training")
        rejected = _claim(
            riverside, head, rng, 4, amount=Decimal("310.00"), category="travel"
        )
        services.claim_reject(
            claim=rejected,
            rejected_by=officer,
            reason="Taxi fares are not covered; please claim the train fare.",
        )
        reversed_ = _claim(
            riverside, head, rng, 5, amount=Decimal("980.00"), category="events"
        )
        services.claim_approve(claim=reversed_, approved_by=officer)
        services.claim_reverse(
            claim=reversed_,
            reversed_by=officer,
            reason="Approved twice by mistake: the same invoice is claim 1's.",
        )
        big = _claim(
            riverside, head, rng, 6, amount=Decimal("12000.00"), category="cover"
        )
        services.claim_approve(claim=big, approved_by=officer)  # waits for a second
        both = _claim(
            riverside, head, rng, 7, amount=Decimal("10500.00"), category="training"
        )
        services.claim_approve(claim=both, approved_by=officer)
        services.claim_approve(claim=both, approved_by=other_board_head)
    n = 100
    for allocation in (
        Allocation.objects.filter(fund=fund, status="approved", school__isnull=False)
        .exclude(pk=riverside.pk)
        .select_related("school", "fund")
        .order_by("school__name")
    ):
        if allocation.claims.exists():
            continue
        claimant = _head(allocation.school)
        if claimant is None:
            continue
        for i in range(rng.randint(1, 3)):
            n += 1
            claim = _claim(allocation, claimant, rng, n)
            roll = rng.random()
            if roll < 0.85:
                services.claim_approve(claim=claim, approved_by=officer)
                if roll < 0.65:
                    services.claim_mark_paid(claim=claim, paid_by=officer)
            elif roll < 0.92 and i:
                services.claim_reject(
                    claim=claim,
                    rejected_by=officer,
                    reason="The receipt does not show what was bought.",
                )
