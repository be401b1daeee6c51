"""The budget pages: who may see what, the claim journey, bad input, query counts."""
# ruff: noqa: F811 - the fixtures imported from tests.budgets.factories are used as arguments

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.budgets import selectors, services
from partnership.budgets.models import Claim, LedgerEntry
from tests.budgets.factories import (  # noqa: F401 - fixtures
    PDF,
    allocation,
    approved_allocation,
    fund,
    media_root,
    receipt_docx_named_pdf,
    receipt_pdf,
    second_officer,
    submit_claim,
)
from tests.factories import StaffFactory, UserFactory

D = Decimal


@pytest.fixture
def delegate(school, headteacher):
    user = StaffFactory(school=school, role="teacher").user
    services.delegation_grant(school=school, delegate=user, granted_by=headteacher)
    return user


@pytest.fixture
def claim(allocation, headteacher):
    return submit_claim(allocation=allocation, claimant=headteacher, amount=D("100.00"))


PERSONAS = [
    "visitor",
    "teacher",
    "delegate",
    "headteacher",
    "other_headteacher",
    "officer",
    "site_admin",
]

# page -> the status each persona gets, in the order of PERSONAS.
MATRIX = {
    "list": (302, 200, 200, 200, 200, 200, 200),
    "fund": (302, 404, 404, 404, 404, 200, 200),
    "ledger_csv": (302, 404, 404, 404, 404, 200, 200),
    "audit": (302, 404, 404, 404, 404, 200, 200),
    "fund_create": (302, 404, 404, 404, 404, 200, 200),
    "allocation_create": (302, 404, 404, 200, 404, 200, 200),
    "allocation": (302, 404, 200, 200, 404, 200, 200),
    "allocation_adjust": (302, 404, 404, 404, 404, 200, 200),
    "claim_create": (302, 404, 200, 200, 404, 404, 404),
    "claim": (302, 404, 200, 200, 404, 200, 200),
    "claim_receipt": (302, 404, 200, 200, 404, 200, 200),
    "school": (302, 404, 200, 200, 404, 200, 200),
    "approvals": (302, 200, 200, 200, 200, 200, 200),
}


def _url(name, fund, allocation, claim, school):
    args = {
        "fund": [fund.pk],
        "ledger_csv": [fund.pk],
        "audit": [fund.pk],
        "allocation_create": [fund.pk],
        "allocation": [allocation.pk],
        "allocation_adjust": [allocation.pk],
        "claim_create": [allocation.pk],
        "claim": [claim.pk],
        "claim_receipt": [claim.pk],
        "school": [school.urn],
    }.get(name, [])
    return reverse(f"budget:{name}", args=args)


@pytest.mark.parametrize("page_name", list(MATRIX))
def test_permission_matrix(
    page_name, request, client, fund, allocation, claim, school, other_school, delegate
):
    for persona, expected in zip(PERSONAS, MATRIX[page_name], strict=True):
        client.logout()
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        response = client.get(_url(page_name, fund, allocation, claim, school))
        assert response.status_code == expected, (page_name, persona)


def test_teacher_without_delegation_sees_no_budget_at_all(client, teacher, claim, fund):
    client.force_login(teacher)
    page = client.get(reverse("budget:list")).content.decode()
    assert fund.name not in page
    assert "You have no budgets to see" in page
    school_page = client.get(
        claim.allocation.school.get_absolute_url()
    ).content.decode()
    assert "Partnership budget" not in school_page


def test_actions_refused_to_people_who_may_not_see_them(
    client, claim, other_headteacher, teacher
):
    for person in (other_headteacher, teacher):
        client.force_login(person)
        for name in ("claim_approve", "claim_pay"):
            assert (
                client.post(reverse(f"budget:{name}", args=[claim.pk])).status_code
                == 404
            )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_claimant_cannot_approve_through_the_page(client, claim, headteacher):
    client.force_login(headteacher)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Approve the claim" not in page
    response = client.post(
        reverse("budget:claim_approve", args=[claim.pk]), follow=True
    )
    assert "You cannot approve your own claim." in response.content.decode()
    assert not LedgerEntry.objects.filter(claim=claim).exists()


def _figure(html: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_claim_journey_moves_overview_chart_and_csv_by_exactly_the_amount(
    client, allocation, headteacher, officer
):
    fund = allocation.fund
    client.force_login(officer)
    before = client.get(fund.get_absolute_url()).content.decode()
    assert _figure(before, "spent") == "£0.00"
    assert _figure(before, "remaining") == "£1,000.00"

    client.force_login(headteacher)
    response = client.post(
        reverse("budget:claim_create", args=[allocation.pk]),
        {
            "amount": "£123.45",
            "spent_on": "2025-06-02",
            "category": "resources",
            "description": "Class sets of novels",
            "receipt": receipt_pdf("till-receipt.pdf"),
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.amount == D("123.45")

    client.force_login(officer)
    page = client.post(
        reverse("budget:claim_approve", args=[claim.pk]), follow=True
    ).content.decode()
    assert "Your approval is recorded." in page
    assert "Approved" in page

    after = client.get(fund.get_absolute_url()).content.decode()
    assert _figure(after, "spent") == "£123.45"
    assert _figure(after, "remaining") == "£876.55"
    # The chart's bars and the table carry the same figure.
    assert "Books and resources, spent: £123.45" in after
    assert "<svg" in after
    assert "<title id=" in after
    assert "<desc id=" in after
    assert " style=" not in after

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("budget:ledger_csv", args=[fund.pk])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][:6] == [
        "Entry",
        "Recorded at",
        "Effective date",
        "Kind",
        "Account",
        "Amount",
    ]
    claim_rows = [r for r in rows if r[3] == "Claim approved"]
    assert len(claim_rows) == 1
    assert claim_rows[0][2] == "2025-06-02"
    assert claim_rows[0][5] == "123.45"
    assert claim_rows[0][9] == officer.email


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "0"}, "The amount must be more than £0.00."),
        ({"amount": "-20"}, "The amount must be more than £0.00."),
        ({"amount": "abc"}, "Enter an amount in pounds, like 250.00."),
        ({"amount": "1000.01"}, "Only £1,000.00 of this allocation is available"),
        ({"spent_on": "2024-03-31"}, "between 1 April 2024 and 31 March 2027"),
        ({"receipt": "docx"}, "must be a JPG, PDF, PNG file"),
    ],
)
def test_bad_claim_through_the_page_changes_nothing(
    client, allocation, headteacher, data, message
):
    client.force_login(headteacher)
    form = {
        "amount": "10.00",
        "spent_on": "2025-06-02",
        "category": "resources",
        "description": "Books",
        "receipt": receipt_pdf(),
    }
    if data.get("receipt") == "docx":
        data = {"receipt": receipt_docx_named_pdf()}
    form.update(data)
    entries = LedgerEntry.objects.count()
    response = client.post(reverse("budget:claim_create", args=[allocation.pk]), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert LedgerEntry.objects.count() == entries
    assert not Claim.objects.exists()


def test_claim_over_threshold_shows_it_waits_for_a_second_person(
    client, fund, school, officer, second_officer, headteacher
):
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=D("20000.00"),
        proposer=officer,
        approvers=[second_officer, UserFactory(is_superuser=True)],
    )
    claim = submit_claim(
        allocation=allocation, claimant=headteacher, amount=D("15000.00")
    )
    client.force_login(officer)
    client.post(reverse("budget:claim_approve", args=[claim.pk]))
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Waiting for approval" in page
    assert "Two approvals by different people are needed" in page
    assert "Approve the claim" not in page  # the officer has given theirs
    client.force_login(second_officer)
    client.post(reverse("budget:claim_approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_receipt_is_served_as_an_attachment(client, claim, headteacher):
    client.force_login(headteacher)
    response = client.get(reverse("budget:claim_receipt", args=[claim.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_school_page_shows_budget_only_to_those_allowed(
    client, claim, officer, headteacher, other_headteacher, school
):
    services.claim_approve(claim=claim, approved_by=officer)
    url = school.get_absolute_url()
    assert "Partnership budget" not in client.get(url).content.decode()
    for person, sees in (
        (headteacher, True),
        (officer, True),
        (other_headteacher, False),
    ):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert ("Partnership budget" in page) is sees, person
        if sees:
            assert "£900.00" in page


def test_dashboard_tells_an_approver_what_waits(client, claim, officer, headteacher):
    client.force_login(officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "<strong>1</strong> budget item waiting for your approval" in page
    client.force_login(headteacher)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Riverside Primary School: budget and claims" in page


def test_headteacher_delegates_and_withdraws_through_the_page(
    client, allocation, headteacher, teacher
):
    client.force_login(headteacher)
    client.post(
        reverse("budget:delegation_create", args=[allocation.school.urn]),
        {"delegate": teacher.pk},
    )
    client.force_login(teacher)
    assert client.get(allocation.get_absolute_url()).status_code == 200
    delegation = teacher.claim_delegations.get()
    client.force_login(headteacher)
    client.post(reverse("budget:delegation_revoke", args=[delegation.pk]))
    client.force_login(teacher)
    assert client.get(allocation.get_absolute_url()).status_code == 404


def test_officer_opens_a_fund_and_bad_dates_are_explained(client, officer, partnership):
    client.force_login(officer)
    form = {
        "partnership": partnership.pk,
        "name": "New fund",
        "total": "50,000",
        "starts": "2026-04-01",
        "ends": "2026-03-31",
        "approval_threshold": "1000",
    }
    page = client.post(reverse("budget:fund_create"), form).content.decode()
    assert "The end date must be after the start date." in page
    form["ends"] = "2029-03-31"
    response = client.post(reverse("budget:fund_create"), form)
    fund = partnership.funds.get()
    assert response["Location"] == fund.get_absolute_url()
    assert fund.total == D("50000.00")


def test_adjustment_through_the_page(client, allocation, officer):
    client.force_login(officer)
    page = client.post(
        reverse("budget:allocation_adjust", args=[allocation.pk]),
        {"change": "-1000.01", "reason": "Too much"},
    ).content.decode()
    assert "cannot be reduced by more" in page
    client.post(
        reverse("budget:allocation_adjust", args=[allocation.pk]),
        {"change": "-100", "reason": "Fewer pupils"},
    )
    assert selectors.allocation_balance(allocation=allocation).allocated == D("900.00")


# ---------------------------------------------------------------------------
# Query counts: the same number of queries for 2 rows as for 20


def _claims(allocation, headteacher, officer, n):
    for i in range(n):
        claim = submit_claim(
            allocation=allocation,
            claimant=headteacher,
            amount=D("1.00"),
            spent_on=date(2024 + i % 3, 5, 1),
            category=Claim.Category.values[i % 7],
        )
        if i % 2:
            services.claim_approve(claim=claim, approved_by=officer)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page_name", ["fund", "school", "approvals", "allocation", "audit"]
)
def test_list_pages_query_count_does_not_grow(
    client,
    fund,
    school,
    officer,
    second_officer,
    headteacher,
    media_root,
    page_name,
    django_assert_max_num_queries,
):
    from tests.factories import member_school

    small = approved_allocation(
        fund=fund,
        school=school,
        amount=D("500"),
        proposer=officer,
        approvers=[second_officer],
    )
    _claims(small, headteacher, officer, 2)
    urls = {
        "fund": fund.get_absolute_url(),
        "school": reverse("budget:school", args=[school.urn]),
        "approvals": reverse("budget:approvals"),
        "allocation": small.get_absolute_url(),
        "audit": reverse("budget:audit", args=[fund.pk]),
    }
    client.force_login(officer)
    two = _count(client, urls[page_name])
    for _ in range(9):
        other = member_school(fund.partnership)
        approved_allocation(
            fund=fund,
            school=other,
            amount=D("10"),
            proposer=officer,
            approvers=[second_officer],
        )
    _claims(small, headteacher, officer, 18)
    with django_assert_max_num_queries(two):
        assert client.get(urls[page_name]).status_code == 200


def test_ledger_admin_is_read_only(client, site_admin, allocation):
    entry = LedgerEntry.objects.get()
    client.force_login(site_admin)
    assert (
        client.get(reverse("admin:budgets_ledgerentry_changelist")).status_code == 200
    )
    change = client.get(reverse("admin:budgets_ledgerentry_change", args=[entry.pk]))
    assert "Save" not in change.content.decode()
    delete = client.post(
        reverse("admin:budgets_ledgerentry_delete", args=[entry.pk]),
        {"post": "yes"},
    )
    assert delete.status_code == 403
    assert client.get(reverse("admin:budgets_ledgerentry_add")).status_code == 403
    assert LedgerEntry.objects.get().amount == D("1000.00")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, allocation, officer):
    services.allocation_adjust(
        allocation=allocation,
        change=D("-1.00"),
        reason='=HYPERLINK("http://evil.example")',
        adjusted_by=officer,
    )
    client.force_login(officer)
    body = client.get(
        reverse("budget:ledger_csv", args=[allocation.fund.pk])
    ).content.decode("utf-8-sig")
    row = [r for r in csv.reader(io.StringIO(body)) if r[3] == "Allocation adjusted"][0]
    assert row[10].startswith("'=HYPERLINK")
    assert row[5] == "-1.00"


def test_delegated_teacher_sees_the_school_budget_section(
    client, delegate, claim, school
):
    client.force_login(delegate)
    page = client.get(school.get_absolute_url()).content.decode()
    assert "Partnership budget" in page
    assert client.get(claim.get_absolute_url()).status_code == 200


def test_dates_are_typed_as_day_month_and_year(client, officer, partnership):
    client.force_login(officer)
    page = client.get(reverse("budget:fund_create")).content.decode()
    for name in ("starts_day", "starts_month", "starts_year", "ends_year"):
        assert f'name="{name}"' in page
    assert 'type="date"' not in page
    form = {
        "partnership": partnership.pk,
        "name": "Boxes fund",
        "total": "900",
        "starts_day": "1",
        "starts_month": "4",
        "starts_year": "2026",
        "ends_day": "31",
        "ends_month": "13",
        "ends_year": "2027",
        "approval_threshold": "100",
    }
    page = client.post(reverse("budget:fund_create"), form).content.decode()
    assert "Ends must be a real date" in page
    assert not partnership.funds.exists()
    form["ends_month"] = "3"
    client.post(reverse("budget:fund_create"), form)
    fund = partnership.funds.get()
    assert (fund.starts, fund.ends) == (date(2026, 4, 1), date(2027, 3, 31))


def test_claim_form_asks_for_the_date_of_spending_in_three_boxes(
    client, allocation, headteacher
):
    client.force_login(headteacher)
    page = client.get(
        reverse("budget:claim_create", args=[allocation.pk])
    ).content.decode()
    for name in ("spent_on_day", "spent_on_month", "spent_on_year"):
        assert f'name="{name}"' in page
