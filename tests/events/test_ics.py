"""The .ics files parse, in Europe/London, right on both sides of the clock change."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from partnership.events import services
from tests.events.factories import at, booking, make_event

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


def _across_the_clock_change(school, officer):
    # The clocks go back on Sunday 31 October 2027: 16:00 is 15:00 UTC before
    # and 16:00 UTC after.
    event = make_event(
        school=school,
        organiser=officer,
        sessions=2,
        first_day=datetime.date(2027, 10, 27),
    )
    return event


def _events(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_event_ics_times_are_london_times_across_the_october_clock_change(
    client, school, officer
):
    event = _across_the_clock_change(school, officer)
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    cal, items = _events(response.content)

    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    starts = [item.decoded("dtstart") for item in items]
    assert [s.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2027-10-27 16:00",
        "2027-11-03 16:00",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [15, 16]
    assert items[0]["DTSTART"].params["TZID"] == "Europe/London"
    assert [i.decoded("dtend").astimezone(LONDON).strftime("%H:%M") for i in items] == [
        "17:30",
        "17:30",
    ]


def test_the_venue_is_in_the_ics_only_for_those_booked(
    client, school, officer, teacher
):
    event = _across_the_clock_change(school, officer)
    url = reverse("events:ics", kwargs={"slug": event.slug})
    _cal, items = _events(client.get(url).content)
    assert "LOCATION" not in items[0]
    booking(event, teacher)
    client.force_login(teacher)
    _cal, items = _events(client.get(url).content)
    assert str(items[0]["LOCATION"]) == event.venue


def test_the_personal_feed_lists_booked_events_and_a_new_token_revokes_it(
    client, school, officer, teacher
):
    event = _across_the_clock_change(school, officer)
    other = make_event(school=school, organiser=officer, title="Not booked")
    booking(event, teacher)
    feed = services.calendar_feed_get(person=teacher)
    url = reverse("events:calendar_feed", kwargs={"token": feed.token})

    _cal, items = _events(client.get(url).content)
    assert len(items) == 2
    assert all(other.title not in str(i["SUMMARY"]) for i in items)
    assert items[0].decoded("dtstart") == at(datetime.date(2027, 10, 27), 16)

    services.calendar_feed_reset(person=teacher)
    assert client.get(url).status_code == 404
