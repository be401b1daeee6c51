"""The budget rules, through the services that hold them."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from partnership.budgets import selectors, services
from partnership.budgets.errors import (
    BudgetError,
    IllegalTransition,
    NotAllowed,
    NotEnoughMoney,
)
from partnership.budgets.models import (
    Allocation,
    AllocationAdjustment,
    AllocationTransition,
    BudgetEvent,
    Claim,
    ClaimTransition,
    LedgerEntry,
)
from partnership.models import Notification
from tests.budgets.factories import (  # noqa: F401 - fixtures
    FundFactory,
    allocation,
    approved_allocation,
    fund,
    html_named_pdf,
    legacy_claim,
    make_head,
    make_officer,
    media_root,
    receipt_docx_named_pdf,
    receipt_png,
    second_officer,
    submit_claim,
)
from tests.factories import StaffFactory, UserFactory
from tests.fixtures_services import _missing_service

D = Decimal


def ledger_snapshot():
    return list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount"))


# ---------------------------------------------------------------------------
# Allocations


def test_allocation_approval_posts_it_to_the_ledger(allocation):
    entry = LedgerEntry.objects.get(allocation=allocation)
    assert (entry.kind, entry.account, entry.amount) == (
        "allocation",
        "allocated",
        D("1000.00"),
    )
    assert selectors.allocation_balance(allocation=allocation).remaining == D("1000.00")
    assert selectors.fund_unallocated(fund=allocation.fund) == D("99000.00")


def test_nobody_approves_an_allocation_they_proposed(fund, school, officer):
    proposed = services.allocation_propose(
        fund=fund, school=school, amount=D("500.00"), proposed_by=officer
    )
    with pytest.raises(NotAllowed, match="you proposed"):
        services.allocation_approve(allocation=proposed, approved_by=officer)
    proposed.refresh_from_db()
    assert proposed.status == Allocation.Status.PROPOSED
    assert not LedgerEntry.objects.exists()


def test_headteacher_proposes_only_for_own_school(fund, headteacher, other_school):
    with pytest.raises(NotAllowed):
        services.allocation_propose(
            fund=fund, school=other_school, amount=D("10.00"), proposed_by=headteacher
        )
    assert not Allocation.objects.exists()


def test_board_head_may_approve_other_schools_but_not_their_own(
    fund, school, other_school, headteacher, other_headteacher, officer
):
    fund.partnership.memberships.filter(school=school).update(is_board_member=True)
    own = services.allocation_propose(
        fund=fund, school=school, amount=D("100.00"), proposed_by=officer
    )
    theirs = services.allocation_propose(
        fund=fund, school=other_school, amount=D("100.00"), proposed_by=officer
    )
    with pytest.raises(NotAllowed):
        services.allocation_approve(allocation=own, approved_by=headteacher)
    services.allocation_approve(allocation=theirs, approved_by=headteacher)
    theirs.refresh_from_db()
    assert theirs.status == Allocation.Status.APPROVED
    # A headteacher who is not on the board approves nothing.
    with pytest.raises(NotAllowed):
        services.allocation_approve(allocation=own, approved_by=other_headteacher)


def test_allocation_above_threshold_needs_two_different_approvers(
    fund, school, officer, second_officer, headteacher
):
    fund.partnership.memberships.update(is_board_member=True)
    third = UserFactory()
    fund.partnership.officers.add(third)
    big = services.allocation_propose(
        fund=fund, school=school, amount=D("10000.01"), proposed_by=officer
    )
    services.allocation_approve(allocation=big, approved_by=second_officer)
    big.refresh_from_db()
    assert big.status == Allocation.Status.PROPOSED
    assert not LedgerEntry.objects.exists()
    with pytest.raises(NotAllowed, match="already approved"):
        services.allocation_approve(allocation=big, approved_by=second_officer)
    services.allocation_approve(allocation=big, approved_by=third)
    big.refresh_from_db()
    assert big.status == Allocation.Status.APPROVED
    assert LedgerEntry.objects.get().amount == D("10000.01")


def test_allocations_never_exceed_the_fund(
    fund, school, other_school, officer, second_officer
):
    approved_allocation(
        fund=fund,
        school=school,
        amount=D("9000.00"),
        proposer=officer,
        approvers=[second_officer],
    )
    type(fund).objects.filter(pk=fund.pk).update(total=D("10000.00"))
    fund.refresh_from_db()
    with pytest.raises(NotEnoughMoney, match="£1,000.00"):
        services.allocation_propose(
            fund=fund, school=other_school, amount=D("1000.01"), proposed_by=officer
        )
    # Two proposals that each fit, but not together: the second approval is refused.
    a = services.allocation_propose(
        fund=fund, school=other_school, amount=D("600.00"), proposed_by=officer
    )
    b = services.allocation_propose(
        fund=fund, theme="Printing", amount=D("600.00"), proposed_by=officer
    )
    services.allocation_approve(allocation=a, approved_by=second_officer)
    before = ledger_snapshot()
    with pytest.raises(NotEnoughMoney, match="£400.00 left"):
        services.allocation_approve(allocation=b, approved_by=second_officer)
    assert ledger_snapshot() == before
    assert selectors.fund_unallocated(fund=fund) == D("400.00")


def test_rejecting_an_allocation_needs_a_reason_and_moves_no_money(
    fund, school, officer, second_officer
):
    proposed = services.allocation_propose(
        fund=fund, school=school, amount=D("100.00"), proposed_by=officer
    )
    with pytest.raises(BudgetError, match="reason"):
        services.allocation_reject(
            allocation=proposed, rejected_by=second_officer, reason=" "
        )
    services.allocation_reject(
        allocation=proposed, rejected_by=second_officer, reason="Not this year"
    )
    proposed.refresh_from_db()
    assert proposed.status == "rejected"
    assert not LedgerEntry.objects.exists()
    with pytest.raises(IllegalTransition):
        services.allocation_approve(allocation=proposed, approved_by=second_officer)


def test_adjustment_is_recorded_and_bounded(allocation, officer, headteacher):
    adjustment = services.allocation_adjust(
        allocation=allocation,
        change=D("-250.00"),
        reason="Fewer pupils",
        adjusted_by=officer,
    )
    assert AllocationAdjustment.objects.get() == adjustment
    assert selectors.allocation_balance(allocation=allocation).allocated == D("750.00")
    submit_claim(allocation=allocation, claimant=headteacher, amount=D("700.00"))
    claim = Claim.objects.get()
    services.claim_approve(claim=claim, approved_by=officer)
    before = ledger_snapshot()
    with pytest.raises(NotEnoughMoney, match="£50.00 of this allocation is unspent"):
        services.allocation_adjust(
            allocation=allocation, change=D("-50.01"), reason="x", adjusted_by=officer
        )
    with pytest.raises(BudgetError, match="other than £0.00"):
        services.allocation_adjust(
            allocation=allocation, change=D("0"), reason="x", adjusted_by=officer
        )
    with pytest.raises(NotAllowed):
        services.allocation_adjust(
            allocation=allocation, change=D("5"), reason="x", adjusted_by=headteacher
        )
    assert ledger_snapshot() == before
    assert AllocationAdjustment.objects.count() == 1


# ---------------------------------------------------------------------------
# Claims


def test_claim_moves_money_only_when_approved(allocation, headteacher, officer):
    claim = submit_claim(
        allocation=allocation, claimant=headteacher, amount=D("120.50")
    )
    assert selectors.allocation_balance(allocation=allocation).spent == D("0.00")
    services.claim_approve(claim=claim, approved_by=officer)
    balance = selectors.allocation_balance(allocation=allocation)
    assert (balance.spent, balance.remaining) == (D("120.50"), D("879.50"))
    services.claim_mark_paid(claim=claim, paid_by=officer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert selectors.allocation_balance(allocation=allocation).paid == D("120.50")


def test_nobody_approves_their_own_claim(allocation, headteacher, officer):
    # An officer who is also the school's headteacher claims, then tries to approve.
    StaffFactory(school=allocation.school, role="headteacher", user=officer)
    claim = submit_claim(allocation=allocation, claimant=officer, amount=D("10.00"))
    with pytest.raises(NotAllowed, match="your own claim"):
        services.claim_approve(claim=claim, approved_by=officer)
    with pytest.raises(NotAllowed):
        services.claim_reject(claim=claim, rejected_by=officer, reason="no")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert not claim.approvals.exists()
    assert not LedgerEntry.objects.filter(claim=claim).exists()


def test_claim_over_threshold_waits_for_a_second_different_person(
    fund, school, officer, second_officer, headteacher
):
    big = approved_allocation(
        fund=fund,
        school=school,
        amount=D("9000.00"),
        proposer=officer,
        approvers=[second_officer],
    )
    type(fund).objects.filter(pk=fund.pk).update(approval_threshold=D("500.00"))
    fund.refresh_from_db()
    claim = submit_claim(allocation=big, claimant=headteacher, amount=D("500.01"))
    services.claim_approve(claim=claim, approved_by=officer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert selectors.allocation_balance(allocation=big).spent == D("0.00")
    with pytest.raises(NotAllowed, match="already approved"):
        services.claim_approve(claim=claim, approved_by=officer)
    assert claim.approvals.count() == 1
    services.claim_approve(claim=claim, approved_by=second_officer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert selectors.allocation_balance(allocation=big).spent == D("500.01")
    # At the threshold exactly, one approval is enough.
    small = submit_claim(allocation=big, claimant=headteacher, amount=D("500.00"))
    services.claim_approve(claim=small, approved_by=officer)
    small.refresh_from_db()
    assert small.status == Claim.Status.APPROVED


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"amount": D("0")}, "more than £0.00", "amount"),
        ({"amount": D("-5.00")}, "more than £0.00", "amount"),
        ({"amount": D("1.005")}, "pounds and pence", "amount"),
        (
            {"amount": D("1000.01")},
            "Only £1,000.00 of this allocation is available",
            "amount",
        ),
        (
            {"spent_on": date(2024, 3, 31)},
            "between 1 April 2024 and 31 March 2027",
            "spent_on",
        ),
        (
            {"spent_on": date(2027, 4, 1)},
            "between 1 April 2024 and 31 March 2027",
            "spent_on",
        ),
        ({"receipt": "docx"}, "must be a JPG, PDF, PNG file", "receipt"),
        ({"receipt": "html"}, "must be a JPG, PDF, PNG file", "receipt"),
        ({"category": "yachts"}, "Choose a category", "category"),
    ],
)
def test_bad_claim_changes_nothing_and_says_why(
    allocation, headteacher, changes, message, field
):
    receipts = {"docx": receipt_docx_named_pdf, "html": html_named_pdf}
    if "receipt" in changes:
        changes = {"receipt": receipts[changes["receipt"]]()}
    before = ledger_snapshot()
    with pytest.raises(BudgetError, match=message) as error:
        submit_claim(
            allocation=allocation,
            claimant=headteacher,
            **{"amount": D("10.00"), **changes},
        )
    assert error.value.field == field
    assert ledger_snapshot() == before
    assert not Claim.objects.exists()


def test_png_receipt_is_accepted(allocation, headteacher):
    claim = submit_claim(
        allocation=allocation,
        claimant=headteacher,
        amount=D("5"),
        receipt=receipt_png(),
    )
    assert claim.receipt_kind == "png"
    assert claim.receipt.name.startswith("receipts/")
    assert "receipt" not in claim.receipt.name.removeprefix("receipts/")


def test_claim_approval_refused_when_allocation_is_used_up(
    allocation, headteacher, officer
):
    first = submit_claim(
        allocation=allocation, claimant=headteacher, amount=D("600.00")
    )
    second = legacy_claim(
        allocation=allocation, claimant=headteacher, amount=D("600.00")
    )
    services.claim_approve(claim=first, approved_by=officer)
    before = ledger_snapshot()
    with pytest.raises(NotEnoughMoney, match="Only £400.00"):
        services.claim_approve(claim=second, approved_by=officer)
    second.refresh_from_db()
    assert second.status == Claim.Status.SUBMITTED
    assert not second.approvals.exists()
    assert ledger_snapshot() == before


def test_status_table_refuses_illegal_moves(allocation, headteacher, officer):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("5"))
    with pytest.raises(
        IllegalTransition, match="waiting for approval: it cannot be moved to paid"
    ):
        services.claim_mark_paid(claim=claim, paid_by=officer)
    services.claim_reject(claim=claim, rejected_by=officer, reason="Duplicate")
    with pytest.raises(IllegalTransition):
        services.claim_approve(claim=claim, approved_by=officer)
    with pytest.raises(IllegalTransition):
        services.claim_reverse(claim=claim, reversed_by=officer, reason="x")
    assert not LedgerEntry.objects.filter(claim=claim).exists()
    history = list(ClaimTransition.objects.filter(claim=claim))
    assert [(h.from_label, h.to_label, h.by, h.note) for h in history] == [
        ("new", "Waiting for approval", headteacher, ""),
        ("Waiting for approval", "Rejected", officer, "Duplicate"),
    ]


def test_every_status_change_of_a_claim_is_in_its_history(
    allocation, headteacher, officer
):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("20"))
    services.claim_approve(claim=claim, approved_by=officer)
    services.claim_mark_paid(claim=claim, paid_by=officer)
    services.claim_reverse(claim=claim, reversed_by=officer, reason="Paid twice")
    rows = ClaimTransition.objects.filter(claim=claim).values_list(
        "from_status", "to_status", "by", "note"
    )
    assert list(rows) == [
        ("", "submitted", headteacher.pk, ""),
        ("submitted", "approved", officer.pk, ""),
        ("approved", "paid", officer.pk, ""),
        ("paid", "reversed", officer.pk, "Paid twice"),
    ]


def test_allocation_history_records_the_final_approval_only(fund, officer):
    second = make_officer(fund.partnership)
    third = make_officer(fund.partnership)
    big = services.allocation_propose(
        fund=fund, theme="Release time", amount=D("12000"), proposed_by=officer
    )
    services.allocation_approve(allocation=big, approved_by=second)
    assert not AllocationTransition.objects.filter(allocation=big).exists()
    services.allocation_approve(allocation=big, approved_by=third)
    (row,) = AllocationTransition.objects.filter(allocation=big)
    assert (row.from_status, row.to_status, row.by) == ("proposed", "approved", third)


def test_reversal_adds_entries_and_changes_none(allocation, headteacher, officer):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("300"))
    services.claim_approve(claim=claim, approved_by=officer)
    services.claim_mark_paid(claim=claim, paid_by=officer)
    before = ledger_snapshot()
    services.claim_reverse(claim=claim, reversed_by=officer, reason="Duplicate invoice")
    after = ledger_snapshot()
    assert after[: len(before)] == before
    reversals = LedgerEntry.objects.filter(kind="reversal").order_by("pk")
    assert [e.amount for e in reversals] == [D("-300.00"), D("-300.00")]
    assert {e.reverses.kind for e in reversals} == {"claim", "payment"}
    balance = selectors.allocation_balance(allocation=allocation)
    assert (balance.spent, balance.paid, balance.remaining) == (
        D("0"),
        D("0"),
        D("1000"),
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVERSED


def test_teacher_claims_only_with_a_delegation(allocation, teacher, headteacher):
    with pytest.raises(NotAllowed):
        submit_claim(allocation=allocation, claimant=teacher, amount=D("5"))
    delegation = services.delegation_grant(
        school=allocation.school, delegate=teacher, granted_by=headteacher
    )
    claim = submit_claim(allocation=allocation, claimant=teacher, amount=D("5"))
    assert claim.claimant == teacher
    services.delegation_revoke(delegation=delegation, revoked_by=headteacher)
    with pytest.raises(NotAllowed):
        submit_claim(allocation=allocation, claimant=teacher, amount=D("5"))


def test_only_the_head_of_the_school_delegates(allocation, teacher, other_headteacher):
    with pytest.raises(NotAllowed):
        services.delegation_grant(
            school=allocation.school, delegate=teacher, granted_by=other_headteacher
        )


# ---------------------------------------------------------------------------
# The ledger is append-only


def test_ledger_entries_cannot_be_changed_or_deleted(allocation):
    entry = LedgerEntry.objects.get()
    entry.amount = D("1.00")
    with pytest.raises(TypeError, match="append-only"):
        entry.save()
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()
    with pytest.raises(TypeError, match="append-only"):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=D("1.00"))
    with pytest.raises(TypeError, match="append-only"):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get().amount == D("1000.00")


@pytest.mark.postgres
def test_database_refuses_raw_updates_of_the_ledger(allocation):
    if connection.vendor != "postgresql":
        _missing_service("the ledger trigger needs PostgreSQL (set DATABASE_URL)")
    entry = LedgerEntry.objects.get()
    for sql in (
        "UPDATE partnership_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM partnership_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get().amount == D("1000.00")


def test_database_constraints_back_the_rules(allocation, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            fund=allocation.fund,
            allocation=allocation,
            kind="allocation",
            account="allocated",
            amount=D("-5.00"),
            effective_on=date(2025, 1, 1),
            created_by=officer,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            allocation=allocation,
            amount=D("0.00"),
            spent_on=date(2025, 1, 1),
            category="other",
            description="x",
            receipt_kind="pdf",
            receipt_name="x.pdf",
            claimant=officer,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundFactory(total=D("0.00"))


# ---------------------------------------------------------------------------
# Notifications, audit and reminders


def test_each_step_notifies_and_is_audited(allocation, headteacher, officer):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("50"))
    assert Notification.objects.filter(
        recipient=officer, event_key=f"claim:{claim.pk}:submitted"
    ).exists()
    services.claim_approve(claim=claim, approved_by=officer)
    services.claim_mark_paid(claim=claim, paid_by=officer)
    keys = set(
        Notification.objects.filter(recipient=headteacher).values_list(
            "event_key", flat=True
        )
    )
    assert {f"claim:{claim.pk}:approved", f"claim:{claim.pk}:paid"} <= keys
    actions = list(
        BudgetEvent.objects.filter(claim=claim)
        .order_by("pk")
        .values_list("actor", "action")
    )
    assert actions == [
        (headteacher.pk, "submitted a claim"),
        (officer.pk, "approved a claim"),
        (officer.pk, "recorded a payment"),
    ]


def test_weekly_reminder_goes_once_a_week_to_approvers(
    allocation, headteacher, officer
):
    submit_claim(allocation=allocation, claimant=headteacher, amount=D("50"))
    assert services.budget_reminders_send(today=date(2026, 11, 23)) >= 1
    assert services.budget_reminders_send(today=date(2026, 11, 25)) == 0
    reminders = Notification.objects.filter(recipient=officer, kind="reminder")
    assert reminders.count() == 1
    assert "Claim of £50.00" in reminders.get().body
    assert not Notification.objects.filter(
        recipient=headteacher, kind="reminder"
    ).exists()
    services.budget_reminders_send(today=date(2026, 11, 30))
    assert reminders.count() == 2


def test_reminder_task_runs_the_service(allocation, headteacher, officer):
    from partnership.budgets.tasks import send_budget_approver_reminders

    submit_claim(allocation=allocation, claimant=headteacher, amount=D("50"))
    assert send_budget_approver_reminders.delay().get() >= 1
    assert Notification.objects.filter(recipient=officer, kind="reminder").count() == 1


def test_reminder_is_scheduled_weekly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["budget-approver-reminders"]
    assert entry["task"] == "partnership.tasks.send_budget_approver_reminders"
    assert entry["schedule"].day_of_week == {1}


def test_nobody_else_sees_a_head_who_left(allocation, headteacher):
    headteacher.staff_roles.update(left=date(2025, 1, 1))
    with pytest.raises(NotAllowed):
        submit_claim(allocation=allocation, claimant=headteacher, amount=D("5"))
    assert not Allocation.objects.visible_to(headteacher).exists()


def test_make_head_helper_gives_a_head(school):
    head = make_head(school)
    assert school.pk in head.headteacher_school_ids()


def test_board_head_is_reminded_of_other_schools_only(
    fund, school, other_school, officer, second_officer, headteacher, other_headteacher
):
    fund.partnership.memberships.filter(school=school).update(is_board_member=True)
    own = approved_allocation(
        fund=fund,
        school=school,
        amount=D("100"),
        proposer=officer,
        approvers=[second_officer],
    )
    theirs = approved_allocation(
        fund=fund,
        school=other_school,
        amount=D("100"),
        proposer=officer,
        approvers=[second_officer],
    )
    own_claim = submit_claim(allocation=own, claimant=headteacher, amount=D("5"))
    their_claim = submit_claim(
        allocation=theirs, claimant=other_headteacher, amount=D("7")
    )
    allocations, claims = selectors.waiting_for(headteacher)
    assert claims == [their_claim]
    assert own_claim not in claims
    services.budget_reminders_send(today=date(2026, 11, 23))
    body = Notification.objects.get(recipient=headteacher, kind="reminder").body
    assert "£7.00" in body
    assert "£5.00" not in body
    # The other school's head is not on the board: no reminder for them.
    assert not Notification.objects.filter(
        recipient=other_headteacher, kind="reminder"
    ).exists()
