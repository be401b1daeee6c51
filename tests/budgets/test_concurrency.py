"""Concurrent approvals on PostgreSQL: row locks keep every balance at or above zero."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

import threading
from decimal import Decimal

import pytest
from django.db import connection

from partnership.budgets import selectors, services
from partnership.budgets.models import Allocation, Claim, LedgerEntry
from partnership.kernel.errors import DomainError
from tests.budgets.factories import (  # noqa: F401 - fixtures
    FundFactory,
    approved_allocation,
    legacy_claim,
    make_officer,
    media_root,
    submit_claim,
)
from tests.fixtures_services import _missing_service

D = Decimal
THREADS = 8

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        _missing_service("row-lock tests need PostgreSQL (set DATABASE_URL)")


def _race(work, items):
    """Run `work(item)` for every item in its own thread, all released at once."""
    barrier = threading.Barrier(len(items))
    results: list = [None] * len(items)

    def run(i, item):
        try:
            barrier.wait(timeout=30)
            work(item)
            results[i] = "ok"
        except DomainError as error:
            results[i] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_concurrent_claim_approvals_never_overspend_an_allocation(
    partnership, school, officer, headteacher, media_root
):
    approvers = [make_officer(partnership) for _ in range(THREADS)]
    fund = FundFactory(partnership=partnership, created_by=officer)
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=D("100.00"),
        proposer=officer,
        approvers=[approvers[0]],
    )
    claims = [
        legacy_claim(allocation=allocation, claimant=headteacher, amount=D("60.00"))
        for _ in range(THREADS)
    ]
    pairs = list(zip(claims, approvers, strict=True))

    results = _race(
        lambda pair: services.claim_approve(claim=pair[0], approved_by=pair[1]), pairs
    )

    assert results.count("ok") == 1, results
    assert all(isinstance(r, services.NotEnoughMoney) for r in results if r != "ok"), (
        results
    )
    balance = selectors.allocation_balance(allocation=allocation)
    assert balance.spent == D("60.00")
    assert balance.remaining == D("40.00")
    assert Claim.objects.filter(status=Claim.Status.APPROVED).count() == 1
    assert LedgerEntry.objects.filter(kind="claim").count() == 1


def test_concurrent_allocation_approvals_never_exceed_the_fund(
    partnership, school, officer, media_root
):
    approvers = [make_officer(partnership) for _ in range(THREADS)]
    fund = FundFactory(
        partnership=partnership,
        created_by=officer,
        total=D("1000.00"),
        approval_threshold=D("1000.00"),
    )
    proposals = [
        services.allocation_propose(
            fund=fund, theme=f"Theme {i}", amount=D("400.00"), proposed_by=officer
        )
        for i in range(THREADS)
    ]

    results = _race(
        lambda pair: services.allocation_approve(
            allocation=pair[0], approved_by=pair[1]
        ),
        list(zip(proposals, approvers, strict=True)),
    )

    assert results.count("ok") == 2, results
    assert selectors.fund_balance(fund=fund).allocated == D("800.00")
    assert selectors.fund_unallocated(fund=fund) == D("200.00")
    assert Allocation.objects.filter(status="approved").count() == 2


def test_concurrent_approvals_of_the_same_claim_post_it_once(
    partnership, school, officer, headteacher, media_root
):
    approvers = [make_officer(partnership) for _ in range(THREADS)]
    fund = FundFactory(partnership=partnership, created_by=officer)
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=D("100.00"),
        proposer=officer,
        approvers=[approvers[0]],
    )
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("10.00"))

    results = _race(
        lambda approver: services.claim_approve(claim=claim, approved_by=approver),
        approvers,
    )

    assert results.count("ok") == 1, results
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    assert selectors.allocation_balance(allocation=allocation).spent == D("10.00")


def test_twenty_simultaneous_claims_never_reserve_more_than_the_allocation(
    partnership, school, officer, headteacher, media_root
):
    from tests.budgets.factories import receipt_pdf

    fund = FundFactory(partnership=partnership, created_by=officer)
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=D("100.00"),
        proposer=officer,
        approvers=[make_officer(partnership)],
    )
    receipts = [receipt_pdf(f"receipt-{i}.pdf") for i in range(20)]

    results = _race(
        lambda receipt: services.claim_submit(
            allocation=allocation,
            amount=D("30.00"),
            spent_on=fund.starts,
            category="training",
            description="Course fees",
            receipt=receipt,
            claimant=headteacher,
        ),
        receipts,
    )

    assert results.count("ok") == 3, results
    refused = [r for r in results if r != "ok"]
    assert all(isinstance(r, services.NotEnoughMoney) for r in refused), results
    assert all("£10.00 of this allocation is available" in r.message for r in refused)
    balance = selectors.allocation_balance(allocation=allocation)
    assert balance.waiting == D("90.00")
    assert balance.available == D("10.00")
    assert Claim.objects.filter(allocation=allocation).count() == 3
