"""A partnership officer imports staff from a CSV file with one bad row."""

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, login, screenshot

OFFICER = "officer@riverside.gov.example"


def test_officer_imports_staff_and_sees_the_bad_row(page, tmp_path):
    from schools.models import Invitation, School

    school = School.objects.get(name="Oakfield Primary School")
    csv_file = tmp_path / "staff.csv"
    csv_file.write_text(
        "email,full_name,school_urn,role\n"
        f"nia.jones@oakfield.example,Nia Jones,{school.urn},teacher\n"
        "lost@nowhere.example,Lost Person,123,teacher\n",
        encoding="utf-8",
    )

    # Given the officer is signed in
    login(page, OFFICER)
    main = page.locator("main")
    expect(main).to_contain_text("Partnerships you run")

    # When they open the staff import and upload a file with one bad row
    page.get_by_role("link", name="Import staff from a CSV file").click()
    expect(page.locator("h1")).to_have_text("Import staff from a CSV file")
    axe_check(page)
    page.get_by_label("Staff CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Import and send invitations").click()

    # Then the report says one invitation was sent and shows the rejected line
    expect(main).to_contain_text("1 invitation sent; 1 row rejected.")
    rejected = page.get_by_role("table", name="Rejected rows")
    expect(rejected).to_contain_text("3")
    expect(rejected).to_contain_text("no school with URN '123'")
    axe_check(page)
    assert Invitation.objects.filter(email="nia.jones@oakfield.example").exists()
    assert not Invitation.objects.filter(email="lost@nowhere.example").exists()
    screenshot(page, "officer-staff-import-report")
