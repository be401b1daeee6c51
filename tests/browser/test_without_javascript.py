"""The portal works with JavaScript switched off (GOV.UK's progressive enhancement).

(axe is not run here: it is JavaScript itself; the same pages are checked with
JavaScript on by the other journeys and the sweep.)"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import live_url, screenshot


@pytest.fixture
def no_js_page(browser, demo_data):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_headteacher_signs_in_and_invites_without_javascript(no_js_page):
    page = no_js_page
    from schools.models import Invitation, School

    school = School.objects.get(name="Riverside Primary School")

    # Given a browser with JavaScript off, when a visitor searches for a school
    page.goto(live_url("/schools/"))
    page.get_by_label("School name, town, postcode or URN").fill("Oakfield")
    page.get_by_role("button", name="Search schools").click()
    # Then the results come back from the server
    expect(page.get_by_role("link", name="Oakfield Primary School")).to_be_visible()

    # When the headteacher signs in and sends an invitation
    page.goto(live_url("/accounts/login/"))
    page.get_by_label("Email").fill("head@riverside-primary.example")
    from partnership.demo import DEMO_PASSWORD

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button").first.click()
    expect(page.locator("h1")).to_have_text("Your dashboard")
    page.goto(live_url(f"/schools/{school.urn}/staff/"))
    page.get_by_label("Email address").fill("no.js@riverside-primary.example")
    page.get_by_role("button", name="Send the invitation").click()

    # Then it is sent, the confirmation is shown, and the page is still accessible
    expect(page.locator("main")).to_contain_text(
        "An invitation has been emailed to no.js@riverside-primary.example"
    )
    assert Invitation.objects.filter(email="no.js@riverside-primary.example").exists()
    screenshot(page, "headteacher-invited-without-javascript")
