"""Journey: a teacher runs an action-research project and a visitor finds it."""

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

TEACHER = "teacher@riverside-primary.example"
TITLE = "Worked examples in Year 5 fractions"


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")
    axe_check(page)


def test_a_teacher_runs_and_shares_a_project_that_a_visitor_finds(page):
    from research.models import Collaborator, Evidence, Project
    from schools.models import Staff

    colleague = (
        Staff.objects.filter(school__name="Oakfield Primary School", role="teacher")
        .select_related("user")
        .order_by("id")
        .first()
        .user
    )

    # Given the demo teacher has signed in
    login(page, TEACHER)

    # When she starts a project and previews her writing
    visit(page, "/research/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Research question").fill(
        "Do faded worked examples help Year 5 pupils add fractions?"
    )
    page.get_by_label("Mathematics").check()
    page.get_by_label("Phase").select_option("primary")
    page.get_by_label("Findings").fill(
        "Pupils made fewer *denominator* errors: a zygomorphic improvement."
    )
    submit(page, "Preview the writing")
    expect(page.locator("#preview em")).to_have_text("denominator")
    submit(page, "Start the project")
    expect(page.locator("h1")).to_have_text(TITLE)
    project_url = page.url

    # And invites a colleague from another member school
    page.get_by_role("link", name="Team and invitations").click()
    axe_check(page)
    page.get_by_label("Colleague's email address").fill(colleague.email)
    submit(page, "Send the invitation")
    expect(page.get_by_role("alert")).to_contain_text("emailed an invitation")

    # And starts the enquiry and logs a cycle; a script dressed as a PDF is refused
    page.goto(project_url)
    submit(page, "Start the enquiry")
    page.get_by_role("link", name="Add a log entry").click()
    axe_check(page)
    page.get_by_label("Plan", exact=True).check()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("What happened").fill(
        "Planned three lessons with faded examples."
    )
    page.get_by_label("Add an evidence file").set_input_files(
        files=[
            {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"#!/bin/sh"}
        ]
    )
    submit(page, "Add the entry")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a PDF")
    expect(page.get_by_label("What happened")).to_have_value(
        "Planned three lessons with faded examples."
    )
    page.get_by_label("Add an evidence file").set_input_files(
        files=[
            {
                "name": "plan.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    submit(page, "Add the entry")
    expect(page.locator("#cycle-log ~ ol")).to_contain_text("Planned three lessons")
    expect(page.get_by_role("link", name="plan.pdf").first).to_be_visible()

    # And completes it and shares it with everyone
    submit(page, "Mark as completed")
    page.get_by_role("link", name="Edit the project").click()
    page.get_by_label("Everyone (public)").check()
    submit(page, "Save changes")
    expect(page.get_by_role("alert")).to_contain_text("Your changes have been saved")
    screenshot(page, "research-project-completed")
    project = Project.objects.get(title=TITLE)
    assert (project.status, project.visibility) == ("completed", "public")
    assert Evidence.objects.filter(project=project).count() == 1
    logout(page)

    # Then the colleague accepts the invitation and joins the team
    login(page, colleague.email, password=demo_password())
    visit(page, "/dashboard/")
    expect(page.locator("main")).to_contain_text("Invitations waiting for you")
    page.get_by_role("link", name=TITLE).click()
    submit(page, "Accept the invitation")
    expect(page.get_by_role("link", name="Edit the project")).to_be_visible()
    assert Collaborator.objects.get(project=project, user=colleague).accepted
    logout(page)

    # And a visitor finds the project by a word from its findings and reads it
    visit(page, "/research/")
    page.get_by_label("Search research").fill("zygomorphic")
    submit(page, "Search")
    assert re.search(r"[?&]q=zygomorphic", page.url)
    expect(page.locator("main")).to_contain_text("1 project")
    page.get_by_role("link", name=TITLE).click()
    axe_check(page)
    expect(page.locator("main")).to_contain_text("Pupils made fewer denominator errors")
    expect(page.locator("main")).to_contain_text(
        f"Amira Khan (lead), {colleague.full_name}"
    )
    expect(page.get_by_role("link", name="Edit the project")).to_have_count(0)

    # And can download it as a PDF
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as PDF")).click()
    assert download.value.suggested_filename == f"{project.slug}.pdf"
