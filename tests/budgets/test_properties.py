"""Property tests: whatever people do, in whatever order, the ledger adds up.

Hypothesis draws sequences of actions (propose, approve, adjust, claim, approve,
reject, pay, reverse) with amounts that include zero, negatives and too much. After
every step: each balance equals the sum of its ledger entries, no allocation goes
below zero, the fund never allocates more than it holds, and a refused action left
the ledger exactly as it was.
"""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

import itertools
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from partnership.budgets import selectors, services
from partnership.budgets.models import Allocation, Claim, LedgerEntry
from partnership.kernel.errors import DomainError
from tests.budgets.factories import (  # noqa: F401 - fixtures
    FundFactory,
    make_officer,
    media_root,
    receipt_pdf,
    second_officer,
)

D = Decimal
ZERO = D("0.00")
_names = itertools.count()

amounts = st.one_of(
    st.sampled_from([D("0.00"), D("-1.00"), D("150.00"), D("250.00"), D("300.01")]),
    st.decimals(
        min_value=D("-50.00"), max_value=D("700.00"), places=2, allow_nan=False
    ),
)
index = st.integers(min_value=0, max_value=2)
# Claims and their approvals are drawn more often: overspending needs several.
names = st.sampled_from(
    ["propose", "approve_allocation", "adjust", "reject_claim", "pay", "reverse"]
    + ["claim", "approve_claim"] * 4
)
actions = st.lists(st.tuples(names, index, amounts), min_size=1, max_size=15)


def _pick(rows, i):
    return rows[i % len(rows)] if rows else None


class World:
    def __init__(self, *, fund, school, officer, second_officer, headteacher, third):
        self.fund = fund
        self.school = school
        self.officer = officer
        self.second = second_officer
        self.head = headteacher
        self.third = third

    def allocations(self):
        return list(Allocation.objects.filter(fund=self.fund).order_by("pk"))

    def claims(self):
        return list(Claim.objects.filter(allocation__fund=self.fund).order_by("pk"))

    def do(self, name, *args):  # noqa: C901 - one branch per action
        s = services
        if name == "propose":
            s.allocation_propose(
                fund=self.fund,
                school=self.school,
                amount=args[1],
                proposed_by=self.officer,
            )
        elif name == "approve_allocation":
            allocation = _pick(self.allocations(), args[0])
            if allocation:
                # Two different approvers, as needed above the threshold.
                for approver in (self.second, self.third):
                    allocation.refresh_from_db()
                    if allocation.status != "proposed":
                        break
                    s.allocation_approve(allocation=allocation, approved_by=approver)
        elif name == "adjust":
            allocation = _pick(self.allocations(), args[0])
            if allocation:
                s.allocation_adjust(
                    allocation=allocation,
                    change=args[1] - D("300.00"),
                    reason="Property test",
                    adjusted_by=self.officer,
                )
        elif name == "claim":
            allocation = _pick(self.allocations(), args[0])
            if allocation:
                s.claim_submit(
                    allocation=allocation,
                    amount=args[1],
                    spent_on=date(2025, 5, 1),
                    category="other",
                    description="Property test",
                    receipt=receipt_pdf(),
                    claimant=self.head,
                )
        else:
            claim = _pick(self.claims(), args[0])
            if claim is None:
                return
            if name == "approve_claim":
                for approver in (self.officer, self.second):
                    claim.refresh_from_db()
                    if claim.status != "submitted":
                        break
                    s.claim_approve(claim=claim, approved_by=approver)
            elif name == "reject_claim":
                s.claim_reject(claim=claim, rejected_by=self.officer, reason="No")
            elif name == "pay":
                s.claim_mark_paid(claim=claim, paid_by=self.officer)
            elif name == "reverse":
                s.claim_reverse(claim=claim, reversed_by=self.officer, reason="Oops")


def _ledger(fund):
    return list(
        LedgerEntry.objects.filter(fund=fund)
        .order_by("pk")
        .values_list("pk", "account", "amount", "allocation_id", "claim_id")
    )


def _check_invariants(world):
    fund = world.fund
    entries = _ledger(fund)
    allocated_total = ZERO
    for allocation in world.allocations():
        mine = [e for e in entries if e[3] == allocation.pk]
        sums = {
            account: sum((e[2] for e in mine if e[1] == account), ZERO)
            for account in ("allocated", "spent", "paid")
        }
        balance = selectors.allocation_balance(allocation=allocation)
        assert (balance.allocated, balance.spent, balance.paid) == (
            sums["allocated"],
            sums["spent"],
            sums["paid"],
        )
        assert balance.remaining >= ZERO
        assert ZERO <= balance.paid <= balance.spent
        if allocation.status != "approved":
            assert not mine
        allocated_total += balance.allocated
    assert allocated_total == selectors.fund_balance(fund=fund).allocated
    assert selectors.fund_unallocated(fund=fund) >= ZERO
    for claim in world.claims():
        committed = sum(
            (e[2] for e in entries if e[4] == claim.pk and e[1] == "spent"), ZERO
        )
        expected = claim.amount if claim.status in {"approved", "paid"} else ZERO
        assert committed == expected, claim.status


@settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_balances_always_equal_the_ledger_and_never_go_below_zero(
    steps, partnership, school, officer, second_officer, headteacher, media_root
):
    third = make_officer(partnership)
    fund = FundFactory(
        partnership=partnership,
        created_by=officer,
        name=f"Property fund {next(_names)}",
        total=D("1000.00"),
        approval_threshold=D("300.00"),
    )
    world = World(
        fund=fund,
        school=school,
        officer=officer,
        second_officer=second_officer,
        headteacher=headteacher,
        third=third,
    )
    # Every run starts with one approved allocation, so claims have money to use.
    world.do("propose", 0, D("500.00"))
    world.do("approve_allocation", 0, None)
    for step in steps:
        before = _ledger(fund)
        refusal = None
        try:
            world.do(*step)
        except DomainError as error:
            refusal = error
        event(f"{step[0]}: {type(refusal).__name__ if refusal else 'ok'}")
        if refusal is not None:
            assert refusal.message  # every refusal says why
            # A refusal inside a two-approval step may follow a recorded first
            # approval, which moves no money: the ledger is unchanged either way.
            assert _ledger(fund) == before
        _check_invariants(world)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    claim_amounts=st.lists(
        st.decimals(min_value=D("0.01"), max_value=D("400.00"), places=2),
        min_size=1,
        max_size=6,
    ),
    order=st.randoms(use_true_random=False),
)
def test_approving_claims_in_any_order_never_overspends(
    claim_amounts,
    order,
    partnership,
    school,
    officer,
    second_officer,
    headteacher,
    media_root,
):
    fund = FundFactory(
        partnership=partnership,
        created_by=officer,
        name=f"Order fund {next(_names)}",
        total=D("1000.00"),
        approval_threshold=D("1000.00"),
    )
    allocation = services.allocation_propose(
        fund=fund, school=school, amount=D("400.00"), proposed_by=officer
    )
    services.allocation_approve(allocation=allocation, approved_by=second_officer)
    claims, reserved = [], ZERO
    for amount in claim_amounts:
        try:
            claims.append(
                services.claim_submit(
                    allocation=allocation,
                    amount=amount,
                    spent_on=date(2025, 5, 1),
                    category="other",
                    description="Property test",
                    receipt=receipt_pdf(),
                    claimant=headteacher,
                )
            )
        except services.NotEnoughMoney:
            # refused at submission: waiting claims already reserve the money
            assert reserved + amount > D("400.00")
        else:
            reserved += amount
    assert reserved <= D("400.00")
    order.shuffle(claims)
    approved = ZERO
    for claim in claims:
        before = _ledger(fund)
        try:
            services.claim_approve(claim=claim, approved_by=officer)
        except services.NotEnoughMoney:
            assert _ledger(fund) == before
            assert approved + claim.amount > D("400.00")
        else:
            approved += claim.amount
        balance = selectors.allocation_balance(allocation=allocation)
        assert balance.spent == approved
        assert balance.remaining >= ZERO
    # every claim accepted at submission had its money reserved, so each is approved
    assert approved == reserved
