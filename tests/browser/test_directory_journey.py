"""The best-practice directory: find practice near a school, ask for support, and see
the supporting school credited once the support is completed with its outcomes."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import (
    axe_check,
    demo_password,
    login,
    logout,
    screenshot,
    visit,
)

HEAD = "head@riverside-primary.example"


def _distances(page) -> list[float]:
    text = page.locator("main").inner_text()
    return [float(d) for d in re.findall(r"([\d.]+) miles away", text)]


def test_visitor_finds_history_near_a_school_and_reads_a_case_study(page):
    # Given a visitor on the directory
    visit(page, "/directory/")
    expect(page.locator("h1")).to_have_text("Best-practice directory")

    # When they filter for History near Riverside Academy within 5 miles
    page.get_by_label("History").check()
    page.get_by_label("Near", exact=True).fill("Riverside Academy")
    page.get_by_label("Within").select_option("5")
    page.get_by_role("button", name="Apply").click()

    # Then the results are History recommendations, nearest first, with distances
    expect(page.locator("main")).to_contain_text("Within 5 miles of Riverside Academy")
    axe_check(page)
    distances = _distances(page)
    assert len(distances) >= 2
    assert distances == sorted(distances)
    assert "subject=history" in page.url  # a URL to share
    screenshot(page, "directory-history-near-riverside-academy")

    # When they open a recommendation
    page.get_by_role(
        "link", name="Disciplinary thinking in Key Stage 3 history"
    ).click()

    # Then they see who recommended it, its case study and the support offered
    expect(page.locator("h1")).to_have_text(
        "Disciplinary thinking in Key Stage 3 history"
    )
    main = page.locator("main")
    expect(main).to_contain_text("The Historical Association")
    expect(
        page.get_by_role("heading", name="Case study: Disciplinary thinking")
    ).to_be_visible()
    expect(main).to_contain_text("Plan an enquiry sequence together")
    axe_check(page)

    # And an unknown filter value in a shared link is explained, not an error
    visit(page, "/directory/?subject=alchemy")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There is no subject “alchemy”"
    )


def test_headteacher_asks_for_support_and_the_supporting_school_is_credited(page):
    from schools.directory.models import SupportEngagement
    from schools.models import Staff

    westbrook_head = (
        Staff.objects.filter(school__name="Westbrook High School", role="headteacher")
        .select_related("user", "school")
        .first()
    )
    westbrook = westbrook_head.school

    # Given Riverside Primary's headteacher on a Westbrook recommendation
    login(page, HEAD)
    visit(page, "/directory/?near=&q=migration")
    page.get_by_role(
        "link", name="Teaching migration history with local sources"
    ).click()
    axe_check(page)

    # When they ask for its support, with goals
    page.get_by_role("link", name="Ask for this support").first.click()
    expect(page.locator("h1")).to_contain_text("Ask for support")
    axe_check(page)
    page.get_by_label("What do you want to achieve?").fill(
        "Year 6 pupils use local sources to explain why people moved here."
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("main")).to_contain_text("Your request is sent to Westbrook")
    expect(page.locator("main")).to_contain_text("Waiting for Westbrook High School")
    axe_check(page)
    engagement = SupportEngagement.objects.get(
        requesting_school__name="Riverside Primary School", supporting_school=westbrook
    )
    assert engagement.status == "requested"
    logout(page)

    # When Westbrook's headteacher accepts it from their dashboard
    login(page, westbrook_head.user.email, password=demo_password())
    page.get_by_role(
        "link", name=re.compile("Riverside Primary School asks for")
    ).click()
    page.get_by_role("button", name="Accept the request").click()
    expect(page.locator("main")).to_contain_text("The engagement is agreed.")
    axe_check(page)

    # And adds a measure with a target but no baseline
    page.get_by_label("Measure", exact=True).fill("Pupils explaining migration well")
    page.get_by_label("Target (optional)").fill("80")
    page.get_by_role("button", name="Add the measure").click()

    # Then they are told a baseline comes first, and nothing is saved
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a baseline before a target"
    )
    axe_check(page)
    assert not engagement.measures.exists()

    # When they give the baseline, start, record the outcome and complete
    page.get_by_label("Baseline (optional)").fill("35")
    page.get_by_role("button", name="Add the measure").click()
    page.get_by_role("button", name="Mark the support as started").click()
    page.get_by_text("Update “Pupils explaining migration well”").click()
    page.locator("details[open]").get_by_label("Outcome (optional)").fill("82")
    page.locator("details[open]").get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Mark the support as completed").click()
    expect(page.locator("main")).to_contain_text("The engagement is completed.")
    axe_check(page)
    screenshot(page, "directory-engagement-completed")

    # Then Westbrook's public profile credits the completed support and its outcome
    logout(page)
    visit(page, westbrook.get_absolute_url())
    credit = page.locator("main")
    expect(credit).to_contain_text("Support given to other schools")
    expect(credit).to_contain_text("Riverside Primary School")
    expect(credit).to_contain_text("Pupils explaining migration well: 35 → 82")
    screenshot(page, "directory-supporting-school-credited")
