"""A headteacher claims with a receipt; an officer approves it; the overview, its
chart and the CSV ledger move by exactly that amount."""

import csv
import io
from decimal import Decimal

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, live_url, login, logout, screenshot, visit

HEAD = "head@riverside-primary.example"
OFFICER = "officer@riverside.gov.example"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pounds(text: str) -> Decimal:
    return Decimal(text.strip().replace("£", "").replace(",", "").split()[0])


def _figure(page, name: str) -> Decimal:
    return _pounds(page.locator(f'[data-figure="{name}"]').inner_text())


def test_claim_approval_moves_overview_chart_and_csv(page, settings, tmp_path):
    from partnership.budgets.models import Claim, Fund, LedgerEntry

    settings.MEDIA_ROOT = tmp_path / "media"
    fund = Fund.objects.get(partnership__slug="riverside-learning-partnership")
    main = page.locator("main")

    # Given the headteacher is signed in and opens their school's budget
    login(page, HEAD)
    page.get_by_role("link", name="Riverside Primary School: budget and claims").click()
    expect(page.locator("h1")).to_have_text("The school's budget")
    axe_check(page)

    # When they open their allocation and start a claim
    page.locator("#allocations").get_by_role("link", name=fund.name).click()
    page.get_by_role("link", name="Make a claim").click()
    expect(page.locator("h1")).to_have_text("Make a claim")
    axe_check(page)

    # And send a receipt that is not a PDF, PNG or JPEG
    entries = LedgerEntry.objects.count()
    claims = Claim.objects.count()
    page.get_by_label("Amount (£)").fill("234.56")
    spent_on = page.get_by_role("group", name="Date of spending")
    spent_on.get_by_label("Day").fill("2")
    spent_on.get_by_label("Month").fill("6")
    spent_on.get_by_label("Year").fill("2025")
    page.get_by_label("Category").select_option(label="Books and resources")
    page.get_by_label("What the money was spent on").fill("Class sets of novels")
    page.get_by_label("Receipt").set_input_files(
        files=[
            {"name": "receipt.pdf", "mimeType": "application/pdf", "buffer": b"<html>"}
        ]
    )
    page.get_by_role("button", name="Submit the claim").click()

    # Then an error summary explains it, and nothing changed
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "must be a JPG, PDF, PNG file"
    )
    axe_check(page)
    assert (LedgerEntry.objects.count(), Claim.objects.count()) == (entries, claims)

    # When they attach a real PDF receipt and submit
    page.get_by_label("Receipt").set_input_files(
        files=[
            {"name": "till-receipt.pdf", "mimeType": "application/pdf", "buffer": PDF}
        ]
    )
    page.get_by_role("button", name="Submit the claim").click()

    # Then the claim waits for approval
    expect(main).to_contain_text("Your claim is submitted and waits for approval.")
    expect(main).to_contain_text("Waiting for approval")
    axe_check(page)
    claim = Claim.objects.get(description="Class sets of novels")
    assert claim.amount == Decimal("234.56")
    logout(page)

    # Given the officer is signed in and looks at the fund overview
    login(page, OFFICER)
    visit(page, fund.get_absolute_url())
    spent_before = _figure(page, "spent")
    remaining_before = _figure(page, "remaining")

    # When they approve the claim from their approvals list
    visit(page, "/budgets/approvals/")
    page.locator(f'#waiting-claims a[href="{claim.get_absolute_url()}"]').click()
    axe_check(page)
    page.get_by_role("button", name="Approve the claim").click()
    expect(main).to_contain_text("Your approval is recorded.")

    # Then the overview moves by exactly the amount, and the chart with it
    visit(page, fund.get_absolute_url())
    assert _figure(page, "spent") - spent_before == Decimal("234.56")
    assert remaining_before - _figure(page, "remaining") == Decimal("234.56")
    chart = page.locator("svg.portal-chart").nth(1)
    expect(chart.locator("title").first).to_have_text("Spent by category")
    expect(page.locator("#by-category")).to_contain_text("Books and resources")
    screenshot(page, "budget-overview-after-approval")

    # And the CSV export of the ledger shows the entry
    response = page.request.get(live_url(f"/budgets/{fund.pk}/ledger.csv"))
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))
    mine = [r for r in rows if r[7] == str(claim.pk) and r[3] == "Claim approved"]
    assert len(mine) == 1
    assert mine[0][5] == "234.56"
    assert mine[0][2] == "2025-06-02"
