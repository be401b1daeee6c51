"""A teacher signs in, sees their dashboard and notifications, and chooses emails."""

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, login, screenshot, visit

TEACHER = "teacher@riverside-primary.example"


def test_teacher_reads_notifications_and_turns_off_reminder_emails(page):
    from partnership.models import EmailPreference, Notification
    from partnership.services import notify
    from schools.models import User

    # Given a teacher with an unread notification
    teacher = User.objects.get(email=TEACHER)
    notify(
        recipient=teacher,
        kind=Notification.Kind.REMINDER,
        subject="Your project summary is due on Friday",
        body="Add a summary so colleagues can find your project.",
        url="/dashboard/",
        event_key="journey:reminder",
    )

    # When they sign in
    login(page, TEACHER)

    # Then their dashboard greets them and shows their school and the notification
    expect(page.locator("h1")).to_have_text("Your dashboard")
    visit(page, "/dashboard/")
    main = page.locator("main")
    expect(main).to_contain_text("Amira Khan")
    expect(main).to_contain_text("Riverside Primary School")
    expect(main).to_contain_text("Your project summary is due on Friday")

    # When they open their notifications
    page.get_by_role("link", name="All notifications").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    axe_check(page)
    expect(main.get_by_text("New", exact=True)).to_be_visible()

    # And mark them all as read
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("alert")).to_contain_text("1 notifications marked as read")
    axe_check(page)
    expect(main.get_by_text("New", exact=True)).to_have_count(0)
    assert not Notification.objects.filter(recipient=teacher, read_at=None).exists()

    # When they untick reminder emails
    page.get_by_role("link", name="Choose which emails you get").click()
    expect(page.locator("h1")).to_have_text("Choose which emails you get")
    axe_check(page)
    page.get_by_label("Reminders of what is waiting on you").uncheck()
    page.get_by_role("button", name="Save your choices").click()

    # Then the choice is saved and shown unticked
    expect(main).to_contain_text("Your email choices have been saved.")
    axe_check(page)
    expect(page.get_by_label("Reminders of what is waiting on you")).not_to_be_checked()
    expect(page.get_by_label("Research projects and feedback")).to_be_checked()
    assert EmailPreference.objects.filter(
        user=teacher, kind=Notification.Kind.REMINDER, send_email=False
    ).exists()
    screenshot(page, "teacher-email-choices")
