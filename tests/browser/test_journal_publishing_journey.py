"""Publishing safely, in the browser (issue 14): a decision without a review needs a
reason; the officer publishes with notification off (no email), withdraws an article
with a notice, and publishes the next edition with notification on (one email per
member who wants them)."""

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, login, screenshot, visit

OFFICER = "officer@riverside.gov.example"


def _decide(page, submission, *, reason: str = "") -> None:
    visit(page, submission.get_manage_url())
    page.get_by_role("link", name="Make a decision").click()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Message to the authors").fill("Accepted with thanks.")
    if reason:
        page.get_by_label("Why are you deciding without a completed review?").fill(
            reason
        )
    page.get_by_role("button", name="Send the decision").click()


def _compile_and_open_publish(page, edition) -> None:
    visit(page, edition.get_manage_url())
    page.get_by_role("button", name="Compile the edition").click()
    expect(page.locator("main")).to_contain_text("Finished", timeout=90_000)
    visit(page, edition.get_manage_url())
    page.get_by_role("link", name="Publish the latest compile").click()
    expect(page.locator("h1")).to_contain_text("Publish")
    axe_check(page)


def _next_edition(edition, officer):
    """Next year's edition with one accepted report (made directly: not the journey)."""
    from datetime import timedelta

    from journal import services
    from journal.models import Submission
    from research.models import Project

    nxt = services.edition_create(
        partnership=edition.partnership,
        year=edition.year + 1,
        title=f"Next journal {edition.year + 1}",
        call_opens=edition.call_opens + timedelta(days=365),
        call_closes=edition.call_closes + timedelta(days=365),
        by=officer,
    )
    used = Submission.objects.values_list("project_id", flat=True)
    project = (
        Project.objects.filter(
            status=Project.Status.COMPLETED,
            school__memberships__partnership=edition.partnership,
        )
        .exclude(pk__in=used)
        .order_by("pk")
        .first()
    )
    from tests.journal.factories import make_submission

    make_submission(nxt, project, status=Submission.Status.ACCEPTED)
    return nxt


def test_the_officer_publishes_withdraws_and_announces_safely(page):
    from django.utils import timezone

    from journal.models import Edition, Submission
    from journal.selectors import partnership_members
    from partnership.models import EmailPreference, Notification
    from schools.models import User

    year = timezone.localdate().year
    edition = Edition.objects.get(year=year)
    officer = User.objects.get(email=OFFICER)
    S = Submission.Status
    waiting = edition.submissions.filter(status=S.UNDER_REVIEW)
    unreviewed = next(s for s in waiting if not s.reviews.filter(status="submitted"))
    reviewed = next(s for s in waiting if s.reviews.filter(status="submitted"))
    main = page.locator("main")

    # Given the officer decides on a report nobody has reviewed yet
    login(page, OFFICER)
    _decide(page, unreviewed)
    # Then she is asked why, and nothing is decided
    expect(main).to_contain_text("No reviewer has completed a review")
    expect(page.locator(".govuk-error-summary")).to_contain_text("say why")
    axe_check(page)
    unreviewed.refresh_from_db()
    assert unreviewed.status == S.UNDER_REVIEW
    # When she gives a reason, the decision is made and the reason is in the history
    _decide(page, unreviewed, reason="Two editors read it; the reviewer is away.")
    expect(main).to_contain_text("the reviewer is away")
    _decide(page, reviewed)  # a review is complete: no reason asked
    expect(page.get_by_role("alert")).to_contain_text("sent to the authors")

    # When she compiles and publishes with notification off
    _compile_and_open_publish(page, edition)
    expect(main).to_contain_text("2 articles")
    expect(main).to_contain_text("still in review")
    screenshot(page, "journal-publish-confirm")
    page.get_by_label("No, publish without emailing anyone").check()
    page.get_by_role("button", name="Publish the edition").click()
    expect(page.get_by_role("alert")).to_contain_text("is published")
    # Then nobody is emailed
    assert not Notification.objects.filter(
        event_key=f"journal-published:{edition.pk}"
    ).exists()

    # When she withdraws an article with a notice
    visit(page, unreviewed.get_manage_url())
    page.get_by_role("link", name="Withdraw this published article").click()
    axe_check(page)
    page.get_by_label("Notice for readers").fill("Withdrawn at the authors' request.")
    page.get_by_label("Reason for withdrawal").fill("Consent for one quotation lapsed.")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Withdraw it").click()
    expect(page.get_by_role("alert")).to_contain_text("has been withdrawn")
    # Then the article's page stays, marked withdrawn with the notice
    edition.refresh_from_db()
    unreviewed.refresh_from_db()
    visit(page, edition.article_url(unreviewed.slug))
    expect(main).to_contain_text("This article was withdrawn")
    expect(main).to_contain_text("Withdrawn at the authors' request.")
    visit(page, edition.get_absolute_url())
    expect(main).to_contain_text("Withdrawn")

    # When she publishes the next edition with notification on
    nxt = _next_edition(edition, officer)
    _compile_and_open_publish(page, nxt)
    page.get_by_label("Yes, email every member").check()
    page.get_by_role("button", name="Publish the edition").click()
    expect(page.get_by_role("alert")).to_contain_text("is published")
    # Then each member who wants these emails gets exactly one
    members = set(partnership_members(nxt.partnership).values_list("pk", flat=True))
    opted_out = set(
        EmailPreference.objects.filter(
            user_id__in=members,
            kind=Notification.Kind.JOURNAL_PUBLISHED,
            send_email=False,
        ).values_list("user_id", flat=True)
    )
    emails = Notification.objects.filter(
        event_key=f"journal-published:{nxt.pk}"
    ).exclude(email_status=Notification.EmailStatus.SKIPPED)
    recipients = list(emails.values_list("recipient_id", flat=True))
    assert sorted(recipients) == sorted(members - opted_out)
