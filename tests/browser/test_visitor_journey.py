"""A visitor with no account finds out about the partnership and its schools."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, screenshot, visit


def test_visitor_browses_schools_and_partnerships(page):
    # Given a visitor on the home page
    visit(page, "/")
    expect(page.locator("h1")).to_be_visible()

    # When they open the list of schools from the menu and search for one
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Schools"
    ).click()
    expect(page.locator("h1")).to_have_text("Member schools")
    axe_check(page)
    page.get_by_label("School name, town, postcode or URN").fill("Riverside Primary")
    page.get_by_role("button", name="Search schools").click()
    expect(page.get_by_label("School name, town, postcode or URN")).to_have_value(
        "Riverside Primary"
    )
    axe_check(page)

    # Then the school is listed, and its page opens
    page.get_by_role("link", name="Riverside Primary School").first.click()
    expect(page.locator("h1")).to_have_text("Riverside Primary School")
    axe_check(page)

    # And the partnerships page lists the partnership and its member schools
    visit(page, "/partnerships/")
    page.locator("main").get_by_role(
        "link", name="Riverside Learning Partnership"
    ).click()
    expect(page.locator("h1")).to_contain_text("Riverside Learning Partnership")
    axe_check(page)
    expect(page.locator("main")).to_contain_text("Oakfield Primary School")

    # But the dashboard asks them to sign in first
    page.goto(page.url.split("/partnerships/")[0] + "/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    axe_check(page)
    screenshot(page, "visitor-sign-in-asked")
