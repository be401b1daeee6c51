"""A database from before budgets were an app of their own migrates forward with
nothing lost: rows, balances, content types and the ledger's append-only trigger."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from partnership.budgets import selectors
from partnership.budgets.models import (
    Allocation,
    Approval,
    BudgetEvent,
    Claim,
    Fund,
    LedgerEntry,
)
from tests.factories import PartnershipFactory, UserFactory, member_school
from tests.fixtures_services import _missing_service

pytestmark = pytest.mark.django_db(transaction=True)

OLD = [("partnership", "0004_ledger_append_only")]
D = Decimal


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _seed_old_layout(apps, *, officer, head, partnership, school) -> dict:
    """A fund, an approved allocation, an approved claim and their ledger rows,
    written with the models as they were inside the partnership app."""
    OldFund = apps.get_model("partnership", "Fund")
    OldAllocation = apps.get_model("partnership", "Allocation")
    OldClaim = apps.get_model("partnership", "Claim")
    OldApproval = apps.get_model("partnership", "Approval")
    OldEntry = apps.get_model("partnership", "LedgerEntry")
    OldEvent = apps.get_model("partnership", "BudgetEvent")
    fund = OldFund.objects.create(
        partnership_id=partnership.pk,
        name="Old fund",
        total=D("5000.00"),
        starts=date(2024, 4, 1),
        ends=date(2027, 3, 31),
        approval_threshold=D("1000.00"),
        created_by_id=officer.pk,
    )
    allocation = OldAllocation.objects.create(
        fund=fund,
        school_id=school.pk,
        amount=D("1200.00"),
        status="approved",
        proposed_by_id=officer.pk,
    )
    claim = OldClaim.objects.create(
        allocation=allocation,
        amount=D("250.00"),
        spent_on=date(2025, 1, 10),
        category="cover",
        description="Supply cover",
        receipt="receipts/old.pdf",
        receipt_kind="pdf",
        receipt_name="old.pdf",
        status="approved",
        claimant_id=head.pk,
    )
    OldApproval.objects.create(claim=claim, approver_id=officer.pk)
    common = {"fund": fund, "allocation": allocation, "created_by_id": officer.pk}
    OldEntry.objects.create(
        **common,
        kind="allocation",
        account="allocated",
        amount=D("1200.00"),
        effective_on=date(2024, 5, 1),
    )
    OldEntry.objects.create(
        **common,
        claim=claim,
        kind="claim",
        account="spent",
        amount=D("250.00"),
        effective_on=date(2025, 1, 10),
    )
    OldEvent.objects.create(
        fund=fund, claim=claim, actor_id=officer.pk, action="approved a claim"
    )
    return {"fund": fund.pk, "allocation": allocation.pk, "claim": claim.pk}


def test_old_layout_migrates_forward_with_every_row_and_balance():
    if connection.vendor != "postgresql":
        _missing_service("the ledger trigger needs PostgreSQL (set DATABASE_URL)")
    partnership = PartnershipFactory()
    school = member_school(partnership)
    officer, head = UserFactory(), UserFactory()
    try:
        executor = _migrate(OLD)
        old_apps = executor.loader.project_state(OLD).apps
        fund_type = ContentType.objects.get(app_label="partnership", model="fund")
        ids = _seed_old_layout(
            old_apps, officer=officer, head=head, partnership=partnership, school=school
        )
    finally:
        _migrate(_latest())

    fund = Fund.objects.get(pk=ids["fund"])
    allocation = Allocation.objects.get(pk=ids["allocation"])
    claim = Claim.objects.get(pk=ids["claim"])
    assert (fund.name, fund.total, fund.partnership) == (
        "Old fund",
        D("5000"),
        partnership,
    )
    assert (allocation.school, allocation.status) == (school, "approved")
    assert (claim.status, claim.amount, claim.receipt.name) == (
        "approved",
        D("250.00"),
        "receipts/old.pdf",
    )
    assert Approval.objects.get(claim=claim).approver == officer
    assert BudgetEvent.objects.get(fund=fund).action == "approved a claim"
    assert LedgerEntry.objects.filter(fund=fund).count() == 2
    balance = selectors.allocation_balance(allocation=allocation)
    assert (balance.allocated, balance.spent, balance.remaining) == (
        D("1200.00"),
        D("250.00"),
        D("950.00"),
    )
    assert selectors.fund_unallocated(fund=fund) == D("3800.00")

    # The content type moved with its id, so permissions and admin history follow.
    moved = ContentType.objects.get_for_model(Fund)
    assert (moved.pk, moved.app_label) == (fund_type.pk, "budgets")
    assert not ContentType.objects.filter(app_label="partnership", model="fund")
    assert Permission.objects.filter(content_type=moved, codename="change_fund")

    # The database still refuses to change or delete a ledger entry.
    for sql in (
        "UPDATE partnership_ledgerentry SET memo = 'changed'",
        "DELETE FROM partnership_ledgerentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert list(
        LedgerEntry.objects.filter(fund=fund).values_list("memo", flat=True)
    ) == [
        "",
        "",
    ]
