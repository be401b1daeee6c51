"""Issue 15: batch decisions, the public account, and (issue 17) rights from a
role that end with the role."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

import csv
import inspect
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.budgets import permissions, selectors, services
from partnership.budgets.models import Claim, ClaimDelegation, LedgerEntry
from partnership.kernel.errors import NotAllowed
from schools import services as school_services
from schools.models import Staff
from tests.budgets.factories import (  # noqa: F401 - fixtures
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


# -- batch approval --------------------------------------------------------


@pytest.fixture
def three_claims(fund, school, headteacher, officer, second_officer):
    big = approved_allocation(
        fund=fund,
        school=school,
        amount=D("30000.00"),
        proposer=officer,
        approvers=[second_officer, make_officer(fund.partnership)],
    )
    return [
        submit_claim(allocation=big, claimant=headteacher, amount=amount)
        for amount in (D("100.00"), D("250.00"), D("12000.00"))
    ]


def test_batch_confirmation_shows_the_total_and_each_claims_checks(
    client, officer, three_claims
):
    client.force_login(officer)
    response = client.post(
        reverse("budget:claims_batch"), {"claims": [c.pk for c in three_claims]}
    )
    page = response.content.decode()
    assert "Total: <strong>£12,350.00</strong>" in page
    assert "Money available" in page
    assert "Separation of duties" in page
    assert "yours is the first of two approvals" in page
    assert not Claim.objects.exclude(status=Claim.Status.SUBMITTED).exists()


def test_batch_approval_decides_each_claim_and_reports_the_one_that_needs_two(
    client, officer, three_claims
):
    client.force_login(officer)
    response = client.post(
        reverse("budget:claims_batch"),
        {"claims": [c.pk for c in three_claims], "confirm": "1", "decision": "approve"},
    )
    page = response.content.decode()
    statuses = [Claim.objects.get(pk=c.pk).status for c in three_claims]
    assert statuses == ["approved", "approved", "submitted"]
    assert "a second person must approve it too (the two-person rule)" in page
    assert page.count('govuk-tag--green">Done') == 2
    assert LedgerEntry.objects.filter(kind="claim").count() == 2


def test_batch_failure_of_one_claim_does_not_stop_the_rest(
    officer, headteacher, three_claims
):
    services.claim_withdraw(claim=three_claims[0], withdrawn_by=headteacher)
    outcomes = services.claims_decide(
        claims=three_claims[:2], decided_by=officer, decision="approve"
    )
    assert [o.done for o in outcomes] == [False, True]
    assert "withdrawn" in outcomes[0].says.lower()


def test_batch_rejection_needs_a_reason_and_then_turns_them_all_down(
    client, officer, three_claims
):
    client.force_login(officer)
    ids = [c.pk for c in three_claims[:2]]
    url = reverse("budget:claims_batch")
    page = client.post(url, {"claims": ids, "confirm": "1", "decision": "reject"})
    assert "Give a reason for turning the claims down." in page.content.decode()
    assert not Claim.objects.filter(status="rejected").exists()
    client.post(
        url, {"claims": ids, "confirm": "1", "decision": "reject", "reason": "Dup"}
    )
    assert Claim.objects.filter(status="rejected").count() == 2


def test_batch_with_a_forged_or_foreign_claim_changes_nothing(
    client, officer, headteacher, three_claims, teacher
):
    client.force_login(officer)
    url = reverse("budget:claims_batch")
    response = client.post(
        url, {"claims": [three_claims[0].pk, "999999"], "confirm": "1"}
    )
    assert response.status_code == 302
    assert not Claim.objects.exclude(status="submitted").exists()
    client.force_login(teacher)
    assert client.post(url, {"claims": [three_claims[0].pk]}).status_code == 404
    client.force_login(headteacher)  # not a board head: the claims are their own
    assert client.post(url, {"claims": [three_claims[0].pk]}).status_code == 404


# -- public account ----------------------------------------------------------


def test_public_account_is_404_until_an_officer_publishes_it(
    client, fund, officer, allocation, headteacher
):
    url = reverse("budget:public", args=[fund.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(NotAllowed):
        services.fund_set_public(fund=fund, public=True, set_by=headteacher)
    client.force_login(officer)
    client.post(reverse("budget:fund_publish", args=[fund.pk]), {"public": "yes"})
    client.logout()
    assert client.get(url).status_code == 200


def test_public_account_totals_equal_the_ledger_with_no_names_or_receipts(
    client, fund, officer, allocation, headteacher
):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("75"))
    services.claim_approve(claim=claim, approved_by=officer)
    services.claim_mark_paid(claim=claim, paid_by=officer)
    services.fund_set_public(fund=fund, public=True, set_by=officer)
    page = client.get(reverse("budget:public", args=[fund.pk])).content.decode()
    ledger = selectors.fund_balance(fund=fund)
    assert f'data-figure="allocated">£{ledger.allocated:,.2f}' in page
    assert f'data-figure="spent">£{ledger.spent:,.2f}' in page
    assert f'data-figure="paid">£{ledger.paid:,.2f}' in page
    for private in (headteacher.full_name, officer.full_name, "/receipt/", ".pdf"):
        assert private not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("budget:public_csv", args=[fund.pk])
                ).content.decode()
            )
        )
    )
    total = next(r for r in rows if r[0] == "Total")
    assert [D(v) for v in total[2:]] == [ledger.allocated, ledger.spent, ledger.paid]
    years = [r for r in rows if r[0] == "Financial year"]
    assert sum(D(r[3]) for r in years) == ledger.spent
    flat = "\n".join(",".join(r) for r in rows)
    assert headteacher.full_name not in flat
    assert headteacher.email not in flat


# -- rights that come from a role end with the role (issue 17) -------------


@pytest.fixture
def delegate(school, headteacher):
    user = StaffFactory(school=school, role="teacher").user
    services.delegation_grant(school=school, delegate=user, granted_by=headteacher)
    return user


def _leave(user, school):
    staff = Staff.objects.get(user=user, school=school, left__isnull=True)
    staff.left = timezone.localdate()
    staff.save(update_fields=["left"])


def test_removing_a_delegate_from_the_staff_revokes_their_delegation(
    school, headteacher, delegate
):
    staff = Staff.objects.get(user=delegate, school=school)
    school_services.staff_remove(staff=staff, removed_by=headteacher)
    delegation = ClaimDelegation.objects.get(delegate=delegate)
    assert delegation.revoked is not None


def test_a_delegate_who_left_cannot_open_the_budget_or_download_receipts(
    client, school, allocation, headteacher, delegate
):
    claim = submit_claim(allocation=allocation, claimant=delegate, amount=D("10"))
    client.force_login(delegate)
    assert client.get(reverse("budget:school", args=[school.urn])).status_code == 200
    Staff.objects.filter(user=delegate).update(left=timezone.localdate())  # no signal
    assert ClaimDelegation.objects.filter(revoked__isnull=True).exists()
    for url in (
        reverse("budget:school", args=[school.urn]),
        reverse("budget:claim_receipt", args=[claim.pk]),
        reverse("budget:claim", args=[claim.pk]),
        reverse("budget:claim_create", args=[allocation.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_delegate_who_left_cannot_submit_a_claim(school, allocation, delegate):
    _leave(delegate, school)
    count = Claim.objects.count()
    with pytest.raises(NotAllowed):
        submit_claim(allocation=allocation, claimant=delegate, amount=D("10"))
    assert Claim.objects.count() == count


def test_every_budget_permission_refuses_a_person_whose_role_ended(
    fund, school, allocation, headteacher, delegate, officer
):
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("5"))
    dclaim = submit_claim(allocation=allocation, claimant=delegate, amount=D("5"))
    # the claim delegation must not outlive the role either
    ClaimDelegation.objects.filter(delegate=delegate).update(revoked=None)
    for person in (headteacher, delegate):
        Staff.objects.filter(user=person).update(left=timezone.localdate())
    partnership = fund.partnership
    calls = {
        "is_officer": lambda u: permissions.is_officer(u, partnership),
        "is_head": lambda u: permissions.is_head(u, school),
        "is_board_head": lambda u: permissions.is_board_head(u, partnership),
        "is_delegate": lambda u: permissions.is_delegate(u, school),
        "may_claim_for": lambda u: permissions.may_claim_for(u, allocation),
        "may_approve": lambda u: permissions.may_approve(u, fund=fund, school=school),
        "may_decide": lambda u: permissions.may_decide(u, claim),
        "may_change_claim": lambda u: (
            permissions.may_change_claim(u, dclaim)
            or permissions.may_change_claim(u, claim)
        ),
        "may_batch_decide": permissions.may_batch_decide,
        "may_propose": lambda u: permissions.may_propose(u, fund=fund, school=school),
        "may_delegate": lambda u: permissions.may_delegate(u, school),
        "may_open_fund": permissions.may_open_fund,
    }
    public = {
        name
        for name, f in inspect.getmembers(permissions, inspect.isfunction)
        if f.__module__ == permissions.__name__ and not name.startswith("_")
    }
    assert public - {"approvers"} == set(calls)  # a new rule must be walked here too
    for person in (headteacher, delegate):
        for name, check in calls.items():
            assert not check(person), (person, name)
        assert person not in permissions.approvers(fund)
    assert not selectors.schools_with_budget_visible_to(delegate).exists()
    assert not selectors.schools_with_budget_visible_to(headteacher).exists()


def test_a_receipt_storage_no_longer_holds_is_a_plain_not_found(
    client, allocation, headteacher, caplog
):
    """A claim's receipt lost from storage (a restore without the media): the
    head gets the not-found page, not a server error, and the log names the file."""
    claim = submit_claim(allocation=allocation, claimant=headteacher, amount=D("10"))
    url = reverse("budget:claim_receipt", args=[claim.pk])
    client.force_login(headteacher)
    assert client.get(url).status_code == 200
    claim.receipt.storage.delete(claim.receipt.name)
    response = client.get(url)
    assert response.status_code == 404
    assert claim.receipt.name in caplog.text
