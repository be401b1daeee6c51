"""iCalendar files: one event, or everything a person has booked (their feed).

Times are written in Europe/London with a VTIMEZONE, so a calendar shows 16:00 as
16:00 on both sides of the clock change.
"""

import zoneinfo
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Local education partnership portal//Events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _add_sessions(cal: Calendar, event, *, booked: bool) -> None:
    sessions = list(event.sessions.all())
    for number, session in enumerate(sessions, start=1):
        item = VEvent()
        item.add(
            "uid",
            f"event-{event.pk}-session-{session.pk}@{urlparse(settings.SITE_URL).hostname}",
        )
        title = event.title
        if len(sessions) > 1:
            title = f"{title} (session {number} of {len(sessions)})"
        item.add("summary", title)
        item.add("dtstart", session.starts.astimezone(LONDON))
        item.add("dtend", session.ends.astimezone(LONDON))
        item.add("dtstamp", timezone.now())
        item.add("url", settings.SITE_URL + event.get_absolute_url())
        if booked:
            where = event.venue or event.online_link
            if where:
                item.add("location", where)
        cal.add_component(item)


def _finish(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return cal.to_ical()


def event_ics(event, *, booked: bool) -> bytes:
    """One event's sessions; the venue or link only for those who booked."""
    cal = _calendar(event.title)
    _add_sessions(cal, event, booked=booked)
    return _finish(cal)


def feed_ics(bookings) -> bytes:
    """Every event a person has a place on."""
    cal = _calendar("My partnership events")
    for booking in bookings:
        _add_sessions(cal, booking.event, booked=True)
    return _finish(cal)
