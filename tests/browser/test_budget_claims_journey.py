"""Issue 15: a head makes a claim from the school page and sees the available
balance drop while it waits, corrects it and withdraws another; an officer
batch-approves three claims, one of which needs a second approver and is reported;
the public account's totals equal the ledger's."""

from decimal import Decimal

from django.db.models import Sum
from playwright.sync_api import expect

from tests.browser.helpers import axe_check, live_url, login, logout, screenshot

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


def _available(page) -> Decimal:
    return _pounds(
        page.locator('#school-totals [data-figure="available"]').inner_text()
    )


def _claim_from_school_page(page, school_url: str, amount: str, what: str) -> int:
    page.goto(school_url)
    page.get_by_role("link", name="Make a claim").click()
    expect(page.locator("h1")).to_have_text("Make a claim")
    page.get_by_label("Amount (£)").fill(amount)
    spent_on = page.get_by_role("group", name="Date of spending")
    spent_on.get_by_label("Day").fill("3")
    spent_on.get_by_label("Month").fill("11")
    spent_on.get_by_label("Year").fill("2026")
    page.get_by_label("Category").select_option(label="Training and courses")
    page.get_by_label("What the money was spent on").fill(what)
    page.get_by_label("Receipt").set_input_files(
        files=[{"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    return int(page.url.rstrip("/").split("/")[-1])


def test_reserve_correct_withdraw_batch_approve_and_public_account(
    page, settings, tmp_path
):
    from partnership.budgets.models import Claim, Fund, LedgerEntry

    settings.MEDIA_ROOT = tmp_path / "media"
    fund = Fund.objects.get(partnership__slug="riverside-learning-partnership")

    # Given the headteacher opens their school's budget page
    login(page, HEAD)
    page.get_by_role("link", name="Riverside Primary School: budget and claims").click()
    expect(page.locator("h1")).to_have_text("The school's budget")
    axe_check(page)
    school_url = page.url
    before = _available(page)

    # When they make a claim from the school page, above the two-person threshold
    big = _claim_from_school_page(
        page, school_url, "10,800.00", "Release time for the enquiry"
    )
    page.goto(school_url)
    # Then the available balance drops by it while it waits
    assert _available(page) == before - Decimal("10800.00")
    expect(page.locator('#school-totals [data-figure="waiting"]')).not_to_have_text(
        "£0.00"
    )

    # When they correct it
    page.goto(live_url(f"/budgets/claims/{big}/"))
    page.get_by_role("link", name="Correct the claim").click()
    axe_check(page)
    page.get_by_label("Amount (£)").fill("10,900.00")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("h1")).to_have_text("Claim of £10,900.00")
    page.goto(school_url)
    assert _available(page) == before - Decimal("10900.00")

    # And make two more, then withdraw one of them, asked first on its own page
    small = _claim_from_school_page(page, school_url, "120.00", "Course handouts")
    spare = _claim_from_school_page(page, school_url, "75.00", "Duplicate invoice")
    page.get_by_role("link", name="Withdraw the claim").click()
    expect(page.locator("h1")).to_have_text("Withdraw the claim of £75.00?")
    axe_check(page)
    assert Claim.objects.get(pk=spare).status == "submitted"
    page.get_by_role("button", name="Withdraw the claim").click()
    expect(page.locator("main")).to_contain_text("Withdrawn")
    page.goto(school_url)
    assert _available(page) == before - Decimal("11020.00")
    screenshot(page, "budget-claims-school-page")
    logout(page)

    # When the officer chooses three claims on the approvals page
    waiting = Claim.objects.filter(
        allocation__fund=fund, status="submitted", claimant__email=HEAD
    ).exclude(pk__in=[big, small])
    third = waiting.exclude(approvals__isnull=False).order_by("pk").first().pk
    login(page, OFFICER)
    page.goto(live_url("/budgets/approvals/"))
    axe_check(page)
    for pk in (big, small, third):
        page.locator(f"#claim-{pk}").check()
    page.get_by_role("button", name="Decide on the chosen claims").click()
    # Then a confirmation page shows the total and each claim's checks
    expect(page.locator("h1")).to_have_text("Decide on 3 claims together")
    total = Claim.objects.filter(pk__in=[big, small, third]).aggregate(t=Sum("amount"))
    expect(page.locator("#batch-total")).to_contain_text(f"£{total['t']:,.2f}")
    expect(page.locator(f'#batch-claims [data-claim="{big}"]')).to_contain_text(
        "first of two approvals"
    )
    axe_check(page)
    page.get_by_role("button", name="Confirm the decision").click()

    # And the claim that breaks the two-person rule is reported; the others approved
    expect(page.locator(f'#batch-outcomes [data-claim="{big}"]')).to_contain_text(
        "two-person rule"
    )
    axe_check(page)
    screenshot(page, "budget-claims-batch-outcome")
    assert Claim.objects.get(pk=big).status == "submitted"
    assert Claim.objects.get(pk=small).status == "approved"
    assert Claim.objects.get(pk=third).status == "approved"
    logout(page)

    # And the public account's totals equal the ledger's
    page.goto(live_url(f"/budgets/public/{fund.pk}/"))
    axe_check(page)
    ledger = dict(
        LedgerEntry.objects.filter(fund=fund)
        .order_by()
        .values_list("account")
        .annotate(t=Sum("amount"))
    )
    for account in ("allocated", "spent", "paid"):
        shown = _pounds(page.locator(f'[data-figure="{account}"]').inner_text())
        assert shown == ledger[account], account
    from schools.models import User

    expect(page.locator("main")).not_to_contain_text(
        User.objects.get(email=HEAD).full_name
    )
