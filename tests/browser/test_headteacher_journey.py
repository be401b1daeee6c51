"""A headteacher edits their school's profile and invites a teacher."""

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, login, screenshot, visit

HEAD = "head@riverside-primary.example"


def test_headteacher_edits_profile_and_invites_a_teacher(page):
    from schools.models import Invitation, School

    school = School.objects.get(name="Riverside Primary School")
    domains_before = school.email_domains

    # Given the headteacher is signed in
    login(page, HEAD)
    main = page.locator("main")

    # When they open the profile form from their dashboard
    page.get_by_role("link", name="Edit profile of Riverside Primary School").click()
    expect(page.locator("h1")).to_have_text("Edit the school profile")
    axe_check(page)

    # And save an email domain that is not one
    page.get_by_label("Email domains").fill("not a domain")
    page.get_by_role("button", name="Save the profile").click()

    # Then an error summary explains what to fix, and nothing is saved
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("is not an email domain")
    axe_check(page)
    school.refresh_from_db()
    assert school.email_domains == domains_before

    # When they correct it and add a description
    page.get_by_label("Email domains").fill("riverside-primary.example")
    page.get_by_label("About the school").fill("A two-form entry primary by the river.")
    page.get_by_role("button", name="Save the profile").click()

    # Then the school page shows the new description
    expect(page.locator("h1")).to_have_text("Riverside Primary School")
    expect(main).to_contain_text("The school profile has been updated.")
    expect(main).to_contain_text("A two-form entry primary by the river.")
    axe_check(page)

    # When they invite a new teacher from the staff page
    visit(page, f"/schools/{school.urn}/staff/")
    page.get_by_label("Full name").fill("Tom Price")
    page.get_by_label("Email address").fill("tom.price@riverside-primary.example")
    page.get_by_role("button", name="Send the invitation").click()

    # Then the invitation is listed as waiting, and recorded
    expect(main).to_contain_text(
        "An invitation has been emailed to tom.price@riverside-primary.example"
    )
    expect(main).to_contain_text("Invitations waiting")
    axe_check(page)
    assert Invitation.objects.filter(
        school=school, email="tom.price@riverside-primary.example"
    ).exists()
    screenshot(page, "headteacher-invited-teacher")
