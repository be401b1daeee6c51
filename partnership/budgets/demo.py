"""Demo budget, read from demo.toml: a fund for the demo partnership, allocated to
every demo school, with claims in every state. Idempotent: each step is skipped when
its records are already there. Everything goes through the budget services, so the
ledger, the audit trail and the notifications are what real use makes; the
notifications it makes start read, so a demo login does not open on a pile of them.
"""

import random
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from partnership.models import Membership, Notification, Partnership
from schools.models import User

from . import selectors, services
from .models import Allocation, Claim, Fund

DATA = tomllib.loads((Path(__file__).with_name("demo.toml")).read_text("utf-8"))
FUND = DATA["fund"]
HEAD_EMAIL = FUND["head"]
OFFICER_EMAIL = FUND["officer"]
# A minimal, valid PDF: the receipt every demo claim carries.
RECEIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _head(school) -> User | None:
    heads = selectors.school_heads(school)
    return heads[0] if heads else None


def _fund(partnership, officer) -> Fund:
    fund = Fund.objects.filter(partnership=partnership, name=FUND["name"]).first()
    fund = fund or services.fund_create(
        partnership=partnership,
        name=FUND["name"],
        total=Decimal(FUND["total"]),
        starts=FUND["starts"],
        ends=FUND["ends"],
        approval_threshold=Decimal(FUND["approval_threshold"]),
        created_by=officer,
        description=FUND["description"],
    )
    if FUND.get("public"):
        fund = services.fund_set_public(fund=fund, public=True, set_by=officer)
    return fund


def seed(*, stdout) -> None:
    partnership = Partnership.objects.filter(slug=FUND["partnership"]).first()
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    head = User.objects.filter(email=HEAD_EMAIL).first()
    if partnership is None or officer is None or head is None:
        stdout.write("  budget: the demo partnership is missing; skipped\n")
        return
    first_new = (Notification.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    fund = _fund(partnership, officer)
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
    Notification.objects.filter(pk__gte=first_new, read_at__isnull=True).update(
        read_at=timezone.now()
    )
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
    shares = DATA["schools"]
    teaching = {s.pk for s, _ in board}
    for school in partnership.current_schools().order_by("name"):
        if Allocation.objects.filter(fund=fund, school=school).exists():
            continue
        share = "board_member" if school.pk in teaching else "other"
        allocation = services.allocation_propose(
            fund=fund,
            school=school,
            amount=Decimal(shares[share]),
            purpose=shares["purpose"],
            proposed_by=officer,
            available_from=shares["available_from"],
        )
        for approver in _approvers_for(school, board):
            services.allocation_approve(allocation=allocation, approved_by=approver)
    for theme in DATA["themes"]:
        if not Allocation.objects.filter(fund=fund, theme=theme["theme"]).exists():
            _theme(fund, officer, board, theme)


def _theme(fund, officer, board, theme: dict) -> None:
    allocation = services.allocation_propose(
        fund=fund,
        theme=theme["theme"],
        amount=Decimal(theme["amount"]),
        purpose=theme.get("purpose", ""),
        proposed_by=officer,
        available_from=theme["available_from"],
    )
    if theme["outcome"] == "rejected":
        services.allocation_reject(
            allocation=allocation, rejected_by=board[0][1], reason=theme["reason"]
        )
        return
    approvers = _approvers_for(None, board)
    if theme["outcome"] == "first-approval":
        approvers = approvers[:1]
    for approver in approvers:
        services.allocation_approve(allocation=allocation, approved_by=approver)


def _spent_on(rng: random.Random, earliest: date | None = None) -> date:
    earliest = earliest or FUND["starts"]
    latest = min(FUND["ends"], timezone.localdate())
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _claim(
    allocation, claimant, rng, n, *, amount=None, category=None, spent_on=None
) -> Claim:
    spec = DATA["other_claims"]
    category = category or rng.choice(Claim.Category.values)
    return services.claim_submit(
        allocation=allocation,
        amount=amount
        or Decimal(
            rng.randrange(
                spec["amount_from"], spec["amount_below"], spec["amount_step"]
            )
        ),
        spent_on=spent_on or _spent_on(rng),
        category=category,
        description=DATA["descriptions"][category],
        receipt=SimpleUploadedFile(
            f"receipt-{n}.pdf", RECEIPT, content_type="application/pdf"
        ),
        claimant=claimant,
    )


def _step(claim, step: str, *, officer, board_head, reason: str) -> None:
    if step == "approve":
        services.claim_approve(claim=claim, approved_by=officer)
    elif step == "approve-board":
        services.claim_approve(claim=claim, approved_by=board_head)
    elif step == "pay":
        services.claim_mark_paid(claim=claim, paid_by=officer)
    elif step == "reject":
        services.claim_reject(claim=claim, rejected_by=officer, reason=reason)
    elif step == "reverse":
        services.claim_reverse(claim=claim, reversed_by=officer, reason=reason)
    elif step == "withdraw":
        services.claim_withdraw(claim=claim, withdrawn_by=claim.claimant)
    else:
        raise ValueError(f"Unknown demo claim step: {step}")


def _claims(fund, officer, head, board) -> None:
    rng = random.Random(DATA["other_claims"]["seed"])
    own = DATA["head_claims"]
    mine = Allocation.objects.get(fund=fund, school__name=own["school"])
    if not mine.claims.exists():
        board_head = _approvers_for(mine.school, board)[0]
        for n, spec in enumerate(own["claims"], start=1):
            claim = _claim(
                mine,
                head,
                rng,
                n,
                amount=Decimal(spec["amount"]),
                category=spec["category"],
                spent_on=spec.get("spent_on"),
            )
            for step in spec["steps"]:
                _step(
                    claim,
                    step,
                    officer=officer,
                    board_head=board_head,
                    reason=spec.get("reason", ""),
                )
    _other_claims(fund, officer, mine, rng)


def _other_claims(fund, officer, mine, rng) -> None:
    spec = DATA["other_claims"]
    n = 100
    for allocation in (
        Allocation.objects.filter(fund=fund, status="approved", school__isnull=False)
        .exclude(pk=mine.pk)
        .select_related("school", "fund")
        .order_by("school__name")
    ):
        claimant = _head(allocation.school)
        if allocation.claims.exists() or claimant is None:
            continue
        for i in range(rng.randint(1, 3)):
            n += 1
            claim = _claim(allocation, claimant, rng, n)
            roll = rng.random()
            if roll < spec["approve_below"]:
                services.claim_approve(claim=claim, approved_by=officer)
                if roll < spec["pay_below"]:
                    services.claim_mark_paid(claim=claim, paid_by=officer)
            elif roll < spec["reject_below"] and i:
                services.claim_reject(
                    claim=claim, rejected_by=officer, reason=spec["reject_reason"]
                )
