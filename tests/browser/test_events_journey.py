"""Journey: an officer publishes a three-session course with two places; three
teachers book (the third waits); one cancels and the third gets the place and the
email; the organiser takes the register on a phone; the attendee gives feedback,
downloads the certificate and finds the course in their learning record. The .ics
opens in a calendar parser with the right London times across the clock change."""

import datetime
import zoneinfo

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.helpers import (
    axe_check,
    demo_password,
    live_url,
    login,
    logout,
    screenshot,
    visit,
)

OFFICER = "officer@riverside.gov.example"
TEACHER = "teacher@riverside-primary.example"
TITLE = "Action research for new enquirers"
LONDON = zoneinfo.ZoneInfo("Europe/London")
# The clocks go forward on Sunday 28 March 2027: 16:00 is 16:00 UTC before it and
# 15:00 UTC after it.
SESSIONS = [
    datetime.date(2027, 3, 24),
    datetime.date(2027, 3, 31),
    datetime.date(2027, 4, 7),
]


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")
    axe_check(page)


def _fill_date(page, group: str, day: datetime.date):
    boxes = page.get_by_role("group", name=group)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def _publish(page):
    visit(page, "/events/new/")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Course", exact=True).check()
    page.get_by_label("Host school", exact=True).select_option(
        label="Riverside Primary School"
    )
    for n, day in enumerate(SESSIONS, start=1):
        _fill_date(page, f"Session {n} date", day)
        page.get_by_label(f"Session {n} start time").fill("16:00")
        page.get_by_label(f"Session {n} end time").fill("17:30")
    page.get_by_label("Venue address").fill("Riverside Teaching Centre, 12 Mill Lane")
    page.get_by_label("Number of places").fill("0")
    _fill_date(page, "Booking opens", timezone.localdate())
    _fill_date(page, "Booking closes", datetime.date(2027, 3, 23))
    submit(page, "Publish the event")
    # Then capacity 0 is refused with a message
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The number of places must be 1 or more"
    )
    page.get_by_label("Number of places").fill("2")
    submit(page, "Publish the event")
    expect(page.locator("h1")).to_have_text(TITLE)
    return page.url


def _book(page, email, event_url, *, password=None):
    login(page, email, password=password)
    page.goto(event_url)
    page.get_by_role("button", name="Book a place").or_(
        page.get_by_role("button", name="Join the waiting list")
    ).click()
    page.wait_for_load_state("load")
    axe_check(page)


def _check_ics(page, event_url):
    body = page.request.get(event_url.rstrip("/") + ".ics").body()
    cal = Calendar.from_ical(body)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    starts = sorted(e.decoded("dtstart") for e in cal.walk("VEVENT"))
    assert [s.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") for s in starts] == [
        f"{d.isoformat()} 16:00" for d in SESSIONS
    ]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [16, 15, 15]


def _course_has_happened(event):
    """Time passes: the course's three sessions are moved into the past."""
    from partnership.events.models import Event

    now = datetime.datetime.now(datetime.UTC)
    for weeks, session in zip(
        (3, 2, 1), event.sessions.order_by("starts"), strict=True
    ):
        session.starts = now - datetime.timedelta(weeks=weeks)
        session.ends = session.starts + datetime.timedelta(hours=1, minutes=30)
        session.save()
    Event.objects.filter(pk=event.pk).update(
        starts=now - datetime.timedelta(weeks=3),
        ends=now
        - datetime.timedelta(weeks=1)
        + datetime.timedelta(hours=1, minutes=30),
    )


def test_a_course_from_publishing_to_certificate_and_learning_record(page):
    from partnership.events.models import Booking, Event
    from partnership.models import Notification
    from schools.models import Staff

    second, third = [
        s.user
        for s in Staff.objects.filter(
            role="teacher", left__isnull=True, school__name="Oakfield Primary School"
        )
        .select_related("user")
        .order_by("id")[:2]
    ]

    # Given the officer publishes a three-session course with two places
    login(page, OFFICER)
    event_url = _publish(page)
    event = Event.objects.get(title=TITLE)
    assert event.sessions.count() == 3
    logout(page)

    # When three teachers book, the first two get places and the third waits
    _book(page, TEACHER, event_url)
    expect(
        page.locator(".govuk-notification-banner, #your-booking").first
    ).to_contain_text("place")
    _check_ics(page, event_url)
    logout(page)
    _book(page, second.email, event_url, password=demo_password())
    logout(page)
    _book(page, third.email, event_url, password=demo_password())
    expect(page.locator("#your-booking")).to_contain_text("You are on the waiting list")
    logout(page)
    statuses = dict(event.bookings.values_list("person__email", "status"))
    assert statuses == {
        TEACHER: "booked",
        second.email: "booked",
        third.email: "waiting",
    }

    # When the first teacher cancels (on a page that asks first)
    login(page, TEACHER)
    page.goto(event_url)
    page.get_by_role("link", name="Cancel your place").click()
    axe_check(page)
    expect(page.locator("h1")).to_have_text("Cancel your place?")
    submit(page, "Cancel the booking")
    logout(page)

    # Then the third teacher has the place and an email about it
    assert event.bookings.get(person=third).status == Booking.Status.BOOKED
    note = Notification.objects.get(recipient=third, subject__contains=TITLE)
    assert note.event_key.startswith("event-place-offered:")
    login(page, third.email, password=demo_password())
    page.goto(event_url)
    expect(page.locator("#your-booking")).to_contain_text("You have a place")
    logout(page)

    # When the course has happened and the organiser takes the register on a phone
    _course_has_happened(event)
    login(page, OFFICER)
    page.set_viewport_size({"width": 375, "height": 812})
    visit(page, f"/events/{event.slug}/register/")
    page.get_by_role("group", name=third.full_name).get_by_label("Attended").check()
    page.get_by_role("group", name=second.full_name).get_by_label(
        "Did not attend"
    ).check()
    screenshot(page, "events-register-phone")
    submit(page, "Save the register")
    expect(page.locator("main")).to_contain_text("1 attended")
    page.set_viewport_size({"width": 1280, "height": 900})
    logout(page)

    # Then the attendee gives feedback, downloads the certificate and sees the
    # course in their learning record
    login(page, third.email, password=demo_password())
    visit(page, f"/events/{event.slug}/feedback/")
    page.get_by_label("5", exact=True).check()
    page.get_by_label("What will you do differently because of it?").fill(
        "Plan my enquiry question with a colleague."
    )
    submit(page, "Send feedback")
    expect(page.locator("main")).to_contain_text("your feedback has been sent")
    visit(page, f"/events/{event.slug}/certificate/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    visit(page, "/events/record/", status=200)
    expect(page.locator("main")).to_contain_text(TITLE)
    screenshot(page, "events-learning-record")
    assert live_url("/events/record/") != page.url  # redirected to the person's own
