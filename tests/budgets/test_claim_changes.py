"""Issue 15: reserved balances, withdrawing and correcting claims, making a claim
from the school page, the filtered claims list, and bad input that changes nothing."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.budgets import selectors, services
from partnership.budgets.models import BudgetEvent, Claim, ClaimTransition, LedgerEntry
from partnership.kernel.errors import NotAllowed
from partnership.models import Notification
from tests.budgets.factories import (  # noqa: F401 - fixtures
    FundFactory,
    allocation,
    approved_allocation,
    fund,
    make_officer,
    media_root,
    receipt_pdf,
    second_officer,
    submit_claim,
)
from tests.factories import StaffFactory

D = Decimal
pytestmark = pytest.mark.django_db


def _claims_state():
    return sorted(Claim.objects.values_list("pk", "status", "amount", "description"))


@pytest.fixture
def claim(allocation, headteacher):
    return submit_claim(allocation=allocation, claimant=headteacher, amount=D("100.00"))


# -- balances -------------------------------------------------------------


def test_a_waiting_claim_reserves_its_money_on_every_balance(
    client, allocation, headteacher, claim, school
):
    balance = selectors.allocation_balance(allocation=allocation)
    assert (balance.allocated, balance.spent, balance.waiting, balance.available) == (
        D("1000.00"),
        D("0.00"),
        D("100.00"),
        D("900.00"),
    )
    client.force_login(headteacher)
    page = client.get(reverse("budget:school", args=[school.urn])).content.decode()
    assert 'data-figure="waiting">£100.00' in page
    assert 'data-figure="available">£900.00' in page
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert 'data-figure="available">£900.00' in page


def test_three_claims_of_more_than_is_available_the_third_is_refused_with_figures(
    allocation, headteacher
):
    for _ in range(2):
        submit_claim(allocation=allocation, claimant=headteacher, amount=D("400.00"))
    before = _claims_state()
    with pytest.raises(services.NotEnoughMoney) as error:
        submit_claim(allocation=allocation, claimant=headteacher, amount=D("400.00"))
    assert error.value.message == (
        "Only £200.00 of this allocation is available (£1,000.00 allocated, £0.00 "
        "spent, £800.00 waiting for approval); the claim of £400.00 must not be "
        "more than that."
    )
    assert _claims_state() == before


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("-5.00", "The amount must be more than £0.00."),
        ("10.005", "Enter the amount in pounds and pence only."),
        ("900.01", "Only £900.00 of this allocation is available"),
    ],
)
def test_bad_claim_amounts_on_the_form_change_nothing_and_say_why(
    client, allocation, headteacher, claim, amount, says
):
    client.force_login(headteacher)
    before = _claims_state(), LedgerEntry.objects.count()
    response = client.post(
        reverse("budget:claim_create", args=[allocation.pk]),
        {
            "amount": amount,
            "spent_on": "2025-05-01",
            "category": "training",
            "description": "Course",
            "receipt": receipt_pdf(),
        },
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert (_claims_state(), LedgerEntry.objects.count()) == before


# -- withdrawing and correcting -------------------------------------------


def test_withdrawing_asks_first_then_frees_the_money_and_is_in_the_audit_trail(
    client, allocation, headteacher, claim
):
    client.force_login(headteacher)
    url = reverse("budget:claim_withdraw", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "Withdraw the claim of £100.00?" in page
    assert "This cannot be undone" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    response = client.post(url)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    assert ClaimTransition.objects.filter(
        claim=claim, from_status="submitted", to_status="withdrawn", by=headteacher
    ).exists()
    assert BudgetEvent.objects.filter(claim=claim, action="withdrew a claim").exists()
    assert selectors.allocation_balance(allocation=allocation).available == D("1000.00")


def test_correcting_changes_the_claim_records_it_and_asks_the_approvers_again(
    client, allocation, headteacher, officer, claim
):
    client.force_login(headteacher)
    response = client.post(
        reverse("budget:claim_correct", args=[claim.pk]),
        {"amount": "120.50", "description": "Course fees and handouts"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.amount, claim.description) == (
        D("120.50"),
        "Course fees and handouts",
    )
    event = BudgetEvent.objects.get(claim=claim, action="corrected a claim")
    assert "amount £100.00 to £120.50" in event.detail
    assert "description changed" in event.detail
    assert Notification.objects.filter(
        recipient=officer, event_key=f"claim:{claim.pk}:corrected:1"
    ).exists()
    assert selectors.allocation_balance(allocation=allocation).waiting == D("120.50")


def test_a_correction_larger_than_is_available_changes_nothing(
    allocation, headteacher, claim
):
    submit_claim(allocation=allocation, claimant=headteacher, amount=D("850.00"))
    before = _claims_state()
    with pytest.raises(services.NotEnoughMoney, match="Only £150.00"):
        services.claim_correct(
            claim=claim, corrected_by=headteacher, amount="200.00", description="x"
        )
    assert _claims_state() == before


def test_a_claim_someone_approved_can_no_longer_be_withdrawn_or_corrected(
    client, fund, school, headteacher, officer, second_officer, media_root
):
    big = approved_allocation(
        fund=fund,
        school=school,
        amount=D("50000.00"),
        proposer=officer,
        approvers=[second_officer, make_officer(fund.partnership)],
    )
    claim = submit_claim(allocation=big, claimant=headteacher, amount=D("20000.00"))
    services.claim_approve(claim=claim, approved_by=officer)  # first of two
    before = _claims_state()
    with pytest.raises(NotAllowed, match="nobody has approved"):
        services.claim_withdraw(claim=claim, withdrawn_by=headteacher)
    with pytest.raises(NotAllowed):
        services.claim_correct(
            claim=claim, corrected_by=headteacher, amount="1.00", description="x"
        )
    client.force_login(headteacher)
    assert (
        client.get(reverse("budget:claim_withdraw", args=[claim.pk])).status_code == 404
    )
    assert _claims_state() == before


def test_a_forged_claim_id_of_another_school_is_404_and_changes_nothing(
    client, fund, other_school, other_headteacher, headteacher, officer, second_officer
):
    theirs = approved_allocation(
        fund=fund,
        school=other_school,
        amount=D("500.00"),
        proposer=officer,
        approvers=[second_officer],
    )
    claim = submit_claim(allocation=theirs, claimant=other_headteacher, amount=D("5"))
    before = _claims_state()
    client.force_login(headteacher)
    for name in ("claim_withdraw", "claim_correct"):
        url = reverse(f"budget:{name}", args=[claim.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"amount": "1", "description": "x"}).status_code == 404
    assert _claims_state() == before


def test_the_head_may_change_a_delegates_claim_but_another_teacher_may_not(
    allocation, school, headteacher, teacher
):
    delegate = StaffFactory(school=school, role="teacher").user
    services.delegation_grant(school=school, delegate=delegate, granted_by=headteacher)
    claim = submit_claim(allocation=allocation, claimant=delegate, amount=D("10"))
    with pytest.raises(NotAllowed):
        services.claim_withdraw(claim=claim, withdrawn_by=teacher)
    services.claim_withdraw(claim=claim, withdrawn_by=headteacher)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


# -- making a claim from the school page, and the list --------------------


def test_make_a_claim_from_the_school_page_goes_to_the_one_allocation(
    client, allocation, headteacher, school
):
    client.force_login(headteacher)
    page = client.get(reverse("budget:school", args=[school.urn])).content.decode()
    assert reverse("budget:school_claim_create", args=[school.urn]) in page
    response = client.get(reverse("budget:school_claim_create", args=[school.urn]))
    assert response.url == reverse("budget:claim_create", args=[allocation.pk])


def test_with_several_allocations_the_head_chooses_one_and_bad_choices_are_refused(
    client, allocation, partnership, school, headteacher, officer, second_officer
):
    other_fund = FundFactory(partnership=partnership, created_by=officer)
    second = approved_allocation(
        fund=other_fund,
        school=school,
        amount=D("300.00"),
        proposer=officer,
        approvers=[second_officer],
    )
    client.force_login(headteacher)
    url = reverse("budget:school_claim_create", args=[school.urn])
    page = client.get(url).content.decode()
    assert other_fund.name in page
    assert allocation.fund.name in page
    response = client.get(url, {"allocation": second.pk})
    assert response.url == reverse("budget:claim_create", args=[second.pk])
    bad = client.get(url, {"allocation": "999999"})
    assert bad.status_code == 200
    assert "Choose one of the school&#x27;s allocations." in bad.content.decode()


def test_claims_are_listed_by_date_of_spending_and_filtered(
    client, allocation, headteacher, school
):
    late = submit_claim(
        allocation=allocation,
        claimant=headteacher,
        amount=D("1"),
        spent_on=date(2025, 9, 1),
    )
    early = submit_claim(
        allocation=allocation,
        claimant=headteacher,
        amount=D("2"),
        spent_on=date(2024, 6, 1),
    )
    middle = submit_claim(
        allocation=allocation,
        claimant=headteacher,
        amount=D("3"),
        spent_on=date(2025, 1, 1),
    )
    services.claim_withdraw(claim=middle, withdrawn_by=headteacher)
    client.force_login(headteacher)
    url = reverse("budget:school", args=[school.urn])
    response = client.get(url)
    assert [c.pk for c in response.context["claims"]] == [late.pk, middle.pk, early.pk]
    response = client.get(url, {"status": "withdrawn"})
    assert [c.pk for c in response.context["claims"]] == [middle.pk]
    response = client.get(
        url, {"spent_from": "2024-12-01", "spent_to": "2025-06-30", "sort": "amount"}
    )
    assert [c.pk for c in response.context["claims"]] == [middle.pk]
    response = client.get(url, {"sort": "amount"})
    assert [c.pk for c in response.context["claims"]] == [late.pk, early.pk, middle.pk]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"status": "lost"}, "There is no status “lost”"),
        ({"category": "<script>"}, "There is no category"),
        ({"claimant": "abc"}, "There is no such person"),
        (
            {
                "spent_from_day": "31",
                "spent_from_month": "2",
                "spent_from_year": "2025",
            },
            "must be a real date",
        ),
        (
            {"spent_from": "2025-06-01", "spent_to": "2025-01-01"},
            "must be after its start",
        ),
        ({"sort": "receipt"}, "There is no sort order"),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(
    client, claim, headteacher, school, params, says
):
    client.force_login(headteacher)
    response = client.get(reverse("budget:school", args=[school.urn]), params)
    assert response.status_code == 200
    assert says in response.content.decode()


def test_an_allocation_counts_in_the_financial_year_it_became_available(
    fund, school, officer, second_officer
):
    allocation = services.allocation_propose(
        fund=fund,
        school=school,
        amount=D("500.00"),
        proposed_by=officer,
        available_from=date(2024, 5, 1),
    )
    services.allocation_approve(allocation=allocation, approved_by=second_officer)
    years = {row.label: row for row in selectors.fund_overview(fund=fund).by_year}
    assert years["2024–25"].allocated == D("500.00")
    assert years["2025–26"].allocated == D("0.00")


def test_an_allocation_available_outside_the_fund_is_refused(fund, school, officer):
    with pytest.raises(services.BudgetError, match="within the fund's dates"):
        services.allocation_propose(
            fund=fund,
            school=school,
            amount=D("5.00"),
            proposed_by=officer,
            available_from=date(2030, 1, 1),
        )
    assert not fund.allocations.exists()
