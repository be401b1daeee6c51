"""Event services: publishing, booking, the waiting list, cancelling, the register."""
# ruff: noqa: F811 - fixtures imported from tests.events.factories

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partnership.events import services
from partnership.events.models import Booking, BookingTransition, Event, Session
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import Notification
from tests.events.factories import (  # noqa: F401 - fixture
    at,
    booking,
    make_event,
    media_root,
    past_event,
    staff,
)

pytestmark = pytest.mark.django_db

B = Booking.Status


def _data(school, **over):
    today = timezone.localdate()
    data = {
        "title": "Action research: three twilights",
        "description": "Plan, act, **observe**, reflect.",
        "kind": Event.Kind.COURSE,
        "host_school": school,
        "open_to": Event.OpenTo.PARTNERSHIP,
        "phase": "",
        "subject": None,
        "venue": "Riverside Teaching Centre",
        "online_link": "",
        "capacity": 2,
        "cost": Decimal("0"),
        "booking_opens": today,
        "booking_closes": today + datetime.timedelta(days=9),
        "cancel_by": None,
        "offer": None,
        "project": None,
    }
    data.update(over)
    return data


def _three_sessions():
    first = timezone.localdate() + datetime.timedelta(days=10)
    return [
        (
            at(first + datetime.timedelta(days=7 * n), 16),
            at(first + datetime.timedelta(days=7 * n), 17, 30),
        )
        for n in range(3)
    ]


def test_an_officer_publishes_a_three_session_course(officer, school):
    event = services.event_create(
        organiser=officer, data=_data(school), sessions=_three_sessions()
    )
    assert event.sessions.count() == 3
    assert event.partnership == school.memberships.first().partnership
    assert event.cancel_by == event.booking_closes
    assert "<strong>observe</strong>" in event.description_html
    assert event.starts == event.sessions.first().starts


@pytest.mark.parametrize("capacity", [0, -3])
def test_capacity_of_zero_or_less_is_refused_and_nothing_is_made(
    officer, school, capacity
):
    with pytest.raises(DomainError, match="1 or more"):
        services.event_create(
            organiser=officer,
            data=_data(school, capacity=capacity),
            sessions=_three_sessions(),
        )
    assert not Event.objects.exists()
    assert not Session.objects.exists()


def test_a_session_ending_before_it_starts_is_refused_and_nothing_is_made(
    officer, school
):
    day = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(DomainError, match="end after it starts"):
        services.event_create(
            organiser=officer,
            data=_data(school),
            sessions=[(at(day, 17), at(day, 16))],
        )
    assert not Event.objects.exists()


def test_a_teacher_cannot_publish_an_event(teacher, school):
    with pytest.raises(NotAllowed):
        services.event_create(
            organiser=teacher, data=_data(school), sessions=_three_sessions()
        )
    assert not Event.objects.exists()


def test_a_headteacher_publishes_only_for_their_own_school(
    headteacher, school, other_school
):
    services.event_create(
        organiser=headteacher, data=_data(school), sessions=_three_sessions()
    )
    with pytest.raises(NotAllowed):
        services.event_create(
            organiser=headteacher, data=_data(other_school), sessions=_three_sessions()
        )
    assert Event.objects.count() == 1


def test_booking_fills_places_then_the_waiting_list(officer, school, teacher):
    event = make_event(school=school, organiser=officer, capacity=2)
    people = [teacher, staff(school), staff(school)]
    made = [services.booking_create(event=event, person=p, booked_by=p) for p in people]
    assert [b.status for b in made] == [B.BOOKED, B.BOOKED, B.WAITING]
    assert BookingTransition.objects.filter(to_status=B.WAITING).count() == 1


def test_booking_twice_is_refused(officer, school, teacher):
    event = make_event(school=school, organiser=officer)
    services.booking_create(event=event, person=teacher, booked_by=teacher)
    with pytest.raises(DomainError, match="already"):
        services.booking_create(event=event, person=teacher, booked_by=teacher)
    assert event.bookings.count() == 1


def test_booking_a_closed_event_is_refused_and_nothing_changes(
    officer, school, teacher
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event = make_event(
        school=school,
        organiser=officer,
        booking_opens=yesterday - datetime.timedelta(days=9),
        booking_closes=yesterday,
    )
    with pytest.raises(DomainError, match="Booking closed on"):
        services.booking_create(event=event, person=teacher, booked_by=teacher)
    assert not Booking.objects.exists()


def test_a_headteacher_books_their_own_staff(officer, school, headteacher, teacher):
    event = make_event(school=school, organiser=officer)
    made = services.booking_create(event=event, person=teacher, booked_by=headteacher)
    assert made.person == teacher
    assert made.booked_by == headteacher
    assert made.school == school


def test_a_forged_booking_for_another_schools_staff_is_refused(
    officer, school, other_school, headteacher
):
    event = make_event(school=school, organiser=officer)
    outsider = staff(other_school)
    with pytest.raises(NotAllowed, match="current staff of a school you lead"):
        services.booking_create(event=event, person=outsider, booked_by=headteacher)
    assert not Booking.objects.exists()


def test_staff_who_left_cannot_be_booked_by_their_old_head(
    officer, school, headteacher, teacher
):
    event = make_event(school=school, organiser=officer)
    teacher.staff_roles.update(left=timezone.localdate())
    with pytest.raises(NotAllowed):
        services.booking_create(event=event, person=teacher, booked_by=headteacher)
    assert not Booking.objects.exists()


def test_an_event_for_one_school_refuses_staff_of_another(
    officer, school, other_school
):
    event = make_event(school=school, organiser=officer, open_to=Event.OpenTo.SCHOOL)
    outsider = staff(other_school)
    with pytest.raises(NotAllowed, match="open only to current staff of"):
        services.booking_create(event=event, person=outsider, booked_by=outsider)


def test_cancelling_gives_the_place_to_the_first_waiting_and_emails_them(
    officer, school, teacher
):
    event = make_event(school=school, organiser=officer, capacity=1)
    second, third = staff(school), staff(school)
    first = services.booking_create(event=event, person=teacher, booked_by=teacher)
    services.booking_create(event=event, person=second, booked_by=second)
    services.booking_create(event=event, person=third, booked_by=third)

    services.booking_cancel(booking=first, cancelled_by=teacher)

    statuses = dict(event.bookings.values_list("person_id", "status"))
    assert statuses == {
        teacher.pk: B.CANCELLED,
        second.pk: B.BOOKED,
        third.pk: B.WAITING,
    }
    note = Notification.objects.get(recipient=second)
    assert event.title in note.subject
    assert not Notification.objects.filter(recipient=third).exists()


def test_cancelling_after_the_deadline_is_refused_with_the_reason(
    officer, school, teacher
):
    event = make_event(
        school=school,
        organiser=officer,
        cancel_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    made = booking(event, teacher)
    with pytest.raises(DomainError, match="the deadline has passed"):
        services.booking_cancel(booking=made, cancelled_by=teacher)
    made.refresh_from_db()
    assert made.status == B.BOOKED


def test_cancelling_a_waiting_place_promotes_no_one(officer, school, teacher):
    event = make_event(school=school, organiser=officer, capacity=1)
    booking(event, teacher)
    waiting = booking(event, staff(school), status=B.WAITING)
    later = booking(event, staff(school), status=B.WAITING)
    services.booking_cancel(booking=waiting, cancelled_by=waiting.person)
    later.refresh_from_db()
    assert later.status == B.WAITING


def test_someone_else_cannot_cancel_a_booking(
    officer, school, other_headteacher, teacher
):
    event = make_event(school=school, organiser=officer)
    made = booking(event, teacher)
    with pytest.raises(NotAllowed):
        services.booking_cancel(booking=made, cancelled_by=other_headteacher)
    made.refresh_from_db()
    assert made.status == B.BOOKED


def test_the_register_records_attendance_and_makes_certificates_after_the_event(
    officer, school, teacher, media_root, django_capture_on_commit_callbacks
):
    event = past_event(school=school, organiser=officer)
    came, absent = booking(event, teacher), booking(event, staff(school))
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            event=event, marks={came.pk: True, absent.pk: False}, recorded_by=officer
        )
    came = Booking.objects.get(pk=came.pk)
    absent = Booking.objects.get(pk=absent.pk)
    assert (came.attended, absent.attended) == (True, False)
    assert came.certificate.file.read(5) == b"%PDF-"
    assert not hasattr(absent, "certificate")


def test_only_the_organiser_takes_the_register(officer, school, teacher, headteacher):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher)
    with pytest.raises(NotAllowed):
        services.attendance_record(
            event=event, marks={made.pk: True}, recorded_by=headteacher
        )
    made.refresh_from_db()
    assert made.attended is None


def test_the_register_waits_for_the_first_session(officer, school, teacher):
    event = make_event(school=school, organiser=officer)
    made = booking(event, teacher)
    with pytest.raises(DomainError, match="day of the first session"):
        services.attendance_record(
            event=event, marks={made.pk: True}, recorded_by=officer
        )


def test_feedback_is_given_once_by_an_attendee(officer, school, teacher):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=True)
    services.feedback_give(
        booking=made, given_by=teacher, rating=5, impact="More wait time."
    )
    with pytest.raises(DomainError, match="already"):
        services.feedback_give(booking=made, given_by=teacher, rating=1, impact="x")
    assert made.feedback.rating == 5


def test_feedback_needs_the_impact_answer(officer, school, teacher):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=True)
    with pytest.raises(DomainError) as error:
        services.feedback_give(booking=made, given_by=teacher, rating=4, impact="  ")
    assert error.value.field == "impact"


def test_certificate_is_made_once(
    officer, school, teacher, media_root, django_capture_on_commit_callbacks
):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=True)
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.certificate_request(booking=made, requested_by=teacher)
    cert.refresh_from_db()
    assert cert.file
    name = cert.file.name
    again = services.certificate_make(certificate_id=cert.pk)
    assert again.file.name == name


def test_no_certificate_for_someone_who_did_not_attend(officer, school, teacher):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=False)
    with pytest.raises(DomainError, match="certificate"):
        services.certificate_request(booking=made, requested_by=teacher)


def test_session_reminders_go_once_the_day_before(officer, school, teacher):
    event = make_event(
        school=school,
        organiser=officer,
        first_day=timezone.localdate() + datetime.timedelta(days=1),
    )
    booking(event, teacher)
    booking(event, staff(school), status=B.WAITING)
    assert services.session_reminders_send() == 1
    assert services.session_reminders_send() == 0
    assert (
        Notification.objects.filter(
            recipient=teacher, subject__startswith="Tomorrow"
        ).count()
        == 1
    )


def test_feedback_reminders_go_once_to_attendees_without_feedback(
    officer, school, teacher
):
    event = past_event(school=school, organiser=officer)
    booking(event, teacher, attended=True)
    booking(event, staff(school), attended=False)
    assert services.feedback_reminders_send() == 1
    assert services.feedback_reminders_send() == 0


def test_a_new_calendar_token_revokes_the_old(teacher):
    old = services.calendar_feed_get(person=teacher).token
    new = services.calendar_feed_reset(person=teacher).token
    assert old != new
