"""The journal, end to end in the browser: a teacher submits a project to the open
call; the officer invites a reviewer; the reviewer recommends; the officer accepts,
compiles and publishes; a visitor reads the article and downloads the PDF, whose
contents page lists it."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.helpers import (
    axe_check,
    demo_password,
    live_url,
    login,
    logout,
    screenshot,
    visit,
)

TEACHER = "teacher@riverside-primary.example"
OFFICER = "officer@riverside.gov.example"
TITLE = "Better questions in Year 5 guided reading"


def test_a_report_goes_from_submission_to_the_published_journal(
    page, settings, tmp_path
):
    from django.utils import timezone

    from journal.models import Edition, Review, Submission
    from schools.models import User

    settings.MEDIA_ROOT = tmp_path / "media"
    year = timezone.localdate().year
    edition = Edition.objects.get(year=year)
    main = page.locator("main")

    # Given the teacher is signed in and the call is open
    login(page, TEACHER)
    visit(page, "/journal/")
    expect(main).to_contain_text("is open until")

    # When she submits her completed project
    page.get_by_role("link", name="Submit a completed project").first.click()
    expect(page.locator("h1")).to_have_text("Submit to the journal")
    axe_check(page)
    page.get_by_role("button", name=TITLE).click()

    # Then she sees it submitted
    expect(page.get_by_role("alert")).to_contain_text("has been submitted")
    expect(main).to_contain_text("Submitted")
    axe_check(page)
    submission = Submission.objects.get(title=TITLE)
    logout(page)

    # When the officer invites a reviewer from another school
    login(page, OFFICER)
    visit(page, "/journal/manage/")
    page.get_by_role("link", name=edition.title).click()
    expect(main).to_contain_text("Waiting for a reviewer")
    axe_check(page)
    page.get_by_role("link", name=TITLE).first.click()
    axe_check(page)
    page.get_by_role("link", name="Invite a reviewer").click()
    axe_check(page)
    reviewer = (
        User.objects.filter(staff_roles__school__name="Oakfield Primary School")
        .order_by("pk")
        .first()
    )
    page.get_by_label("Search reviewers").fill(reviewer.full_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_label(reviewer.full_name, exact=True).check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("alert")).to_contain_text("has been invited to review")
    logout(page)

    # And the reviewer recommends acceptance
    review = Review.objects.get(submission=submission)
    login(page, reviewer.email, password=demo_password())
    visit(page, review.get_absolute_url())
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Comments for the authors").fill(
        "A sharp question and honest evidence."
    )
    page.get_by_role("button", name="Send my review").click()
    expect(page.get_by_role("alert")).to_contain_text("your review has been sent")
    axe_check(page)
    logout(page)

    # And the officer accepts it, compiles the edition and publishes it
    login(page, OFFICER)
    visit(page, submission.get_manage_url())
    page.get_by_role("link", name="Make a decision").click()
    axe_check(page)
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Message to the authors").fill("Accepted with thanks.")
    page.get_by_role("button", name="Send the decision").click()
    expect(main).to_contain_text("Accepted")
    visit(page, edition.get_manage_url())
    page.get_by_role("button", name="Compile the edition").click()
    axe_check(page)  # while it is queued or running, with the progress region
    expect(main).to_contain_text("Finished", timeout=60_000)
    axe_check(page)
    # The progress script announces the end and offers the result (no reload).
    result = page.get_by_role("link", name="Show the result")
    if result.count():
        result.click()
        axe_check(page)
    screenshot(page, "journal-compile-finished")
    page.get_by_role("button", name="Publish this compile").click()
    expect(page.locator("h1")).to_contain_text("Publish")
    axe_check(page)
    page.get_by_label("No, publish without emailing anyone").check()
    page.get_by_role("button", name="Publish the edition").click()
    expect(page.get_by_role("alert")).to_contain_text("is published")
    logout(page)

    # Then a visitor reads the article online
    visit(page, f"/journal/{year}/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    axe_check(page)
    expect(page.locator('meta[name="citation_title"]')).to_have_attribute(
        "content", TITLE
    )
    screenshot(page, "journal-article")

    # And downloads the PDF, whose contents page lists the article
    pdf_link = page.get_by_role("link", name=f"{year} PDF")
    href = pdf_link.get_attribute("href")
    assert href.endswith(".pdf")
    response = page.request.get(live_url(href))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    contents = next(
        p.extract_text() for p in reader.pages if "Contents" in p.extract_text()
    )
    assert TITLE in contents
