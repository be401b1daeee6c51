"""Journey: a teacher runs an action-research project and a visitor finds it.

Self-contained until the shared browser harness lands: it launches Debian's
Chromium, serves the portal with `live_server` and runs axe on every page it visits.
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.browser

# Playwright's sync API runs an event loop in the test thread; Django's ORM (the
# test database set-up included) refuses to run beside one unless told it is safe.
# Test processes only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
AXE_RULES = "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (make chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="module")
def portal(request):
    """The live server. Django's test server wraps a media handler built from
    MEDIA_URL, which the portal leaves unset (uploads are only served by checking
    views); give it a path nothing links to while the server starts."""
    from django.conf import settings as django_settings

    previous = django_settings.MEDIA_URL
    django_settings.MEDIA_URL = "/media-is-never-served/"
    try:
        return request.getfixturevalue("live_server")
    finally:
        django_settings.MEDIA_URL = previous


def new_page(browser):
    # axe is injected as a script, which the portal's CSP would (rightly) refuse.
    return browser.new_context(bypass_csp=True).new_page()


def assert_accessible(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"() => axe.run(document, {{runOnly: {AXE_RULES}}})")
    problems = [(v["id"], v["nodes"][0]["html"][:120]) for v in result["violations"]]
    assert problems == [], f"{page.url}: {problems}"


def visit(page, url):
    page.goto(url)
    assert_accessible(page)


def submit(page, button_text):
    page.get_by_role("button", name=button_text, exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)


def sign_in(page, portal, email):
    page.goto(f"{portal.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button").first.click()
    page.wait_for_load_state()


def test_a_teacher_shares_a_project_that_a_visitor_then_finds(
    portal, browser, school, other_school, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    from tests.factories import SubjectFactory

    SubjectFactory(name="Mathematics", slug="mathematics")
    teacher = StaffFactory(
        school=school,
        user=UserFactory(
            email="amira@riverside-primary.example", full_name="Amira Khan"
        ),
    ).user
    colleague = StaffFactory(
        school=other_school,
        user=UserFactory(email="ben@oakfield.example", full_name="Ben Clarke"),
    ).user
    lead = new_page(browser)

    # Given a teacher who has signed in
    sign_in(lead, portal, teacher.email)

    # When she starts a project and previews her writing
    visit(lead, f"{portal.url}/research/new/")
    lead.fill("#id_title", "Worked examples in Year 5 fractions")
    lead.fill(
        "#id_research_question",
        "Do faded worked examples help Year 5 pupils add fractions?",
    )
    lead.get_by_label("Mathematics").check()
    lead.select_option("#id_phase", "primary")
    lead.fill(
        "#id_findings",
        "Pupils made fewer *denominator* errors; a zygomorphic improvement.",
    )
    submit(lead, "Preview the writing")
    assert lead.locator("#preview em", has_text="denominator").is_visible()
    submit(lead, "Start the project")
    project_url = lead.url
    assert lead.get_by_role("heading", level=1).inner_text() == (
        "Worked examples in Year 5 fractions"
    )

    # And invites a colleague from another member school
    lead.get_by_role("link", name="Team and invitations").click()
    assert_accessible(lead)
    lead.fill("#id_email", colleague.email)
    submit(lead, "Send the invitation")
    assert lead.get_by_text("Ben Clarke has been invited").is_visible()

    # And starts the enquiry and logs a cycle with an evidence file
    lead.goto(project_url)
    submit(lead, "Start the enquiry")
    lead.get_by_role("link", name="Add a log entry").click()
    lead.get_by_label("Plan").check()
    lead.fill("#id_date", "2026-03-02")
    lead.fill("#id_body", "Planned three lessons with faded examples.")
    lead.set_input_files(
        "#id_file",
        files=[
            {"name": "evil.pdf", "mimeType": "application/pdf", "buffer": b"#!/bin/sh"}
        ],
    )
    submit(lead, "Add the entry")
    assert lead.get_by_text("There is a problem").is_visible()
    assert lead.input_value("#id_body") == "Planned three lessons with faded examples."
    lead.set_input_files(
        "#id_file",
        files=[
            {
                "name": "plan.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ],
    )
    submit(lead, "Add the entry")
    assert lead.get_by_role("link", name="plan.pdf").first.is_visible()

    # And the colleague accepts the invitation
    partner = new_page(browser)
    sign_in(partner, portal, colleague.email)
    visit(partner, project_url)
    submit(partner, "Accept the invitation")
    assert partner.get_by_role("link", name="Edit the project").is_visible()

    # And the lead completes the project and shares it publicly
    lead.goto(project_url)
    submit(lead, "Mark as completed")
    lead.get_by_role("link", name="Edit the project").click()
    lead.get_by_label("Everyone (public)").check()
    submit(lead, "Save changes")
    assert lead.get_by_text("Amira Khan (lead), Ben Clarke").is_visible()

    # Then a visitor finds it by a word from its findings and reads it
    visitor = new_page(browser)
    visit(visitor, f"{portal.url}/research/")
    visitor.fill("#id_q", "zygomorphic")
    submit(visitor, "Search")
    assert re.search(r"[?&]q=zygomorphic", visitor.url)
    visitor.get_by_role("link", name="Worked examples in Year 5 fractions").click()
    assert_accessible(visitor)
    assert visitor.get_by_text("Pupils made fewer").is_visible()
    assert visitor.get_by_role("link", name="Edit the project").count() == 0
