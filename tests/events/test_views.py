"""Event pages: the calendar, publishing, booking, the register, the record."""
# ruff: noqa: F811 - fixtures imported from tests.events.factories

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.events.models import Booking, Event, Feedback
from tests.events.factories import (  # noqa: F401 - fixture
    booking,
    make_event,
    media_root,
    past_event,
    staff,
)
from tests.factories import SchoolFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def _form(school, **over):
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "title": "Action research: three twilights",
        "kind": "course",
        "host_school": school.pk,
        "open_to": "partnership",
        "capacity": "2",
        "cost": "0",
        "venue": "Riverside Teaching Centre",
        "booking_opens": timezone.localdate().isoformat(),
        "booking_closes": (day - datetime.timedelta(days=1)).isoformat(),
    }
    for n in (1, 2, 3):
        data[f"session_{n}_date"] = (
            day + datetime.timedelta(days=7 * (n - 1))
        ).isoformat()
        data[f"session_{n}_starts"] = "16:00"
        data[f"session_{n}_ends"] = "17:30"
    data.update(over)
    return data


def test_the_calendar_lists_coming_events_for_anyone(client, school, officer):
    make_event(school=school, organiser=officer, title="Coming course")
    past_event(school=school, organiser=officer, title="Last term's course")
    page = client.get(reverse("events:index")).content.decode()
    assert "Coming course" in page
    assert "Last term&#x27;s course" not in page


def test_the_calendar_filters_by_kind_subject_and_search(client, school, officer):
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    make_event(
        school=school,
        organiser=officer,
        title="Maths network",
        subject=maths,
        kind=Event.Kind.NETWORK,
    )
    make_event(school=school, organiser=officer, title="Reading course")
    page = client.get(
        reverse("events:index"), {"kind": "network-meeting", "subject": "mathematics"}
    ).content.decode()
    assert "Maths network" in page
    assert "Reading course" not in page
    page = client.get(reverse("events:index"), {"q": "reading"}).content.decode()
    assert "Reading course" in page
    assert "Maths network" not in page


def test_the_calendar_filters_by_month(client, school, officer):
    first = timezone.localdate() + datetime.timedelta(days=40)
    make_event(school=school, organiser=officer, title="Later course", first_day=first)
    page = client.get(
        reverse("events:index"), {"month": first.strftime("%Y-%m")}
    ).content.decode()
    assert "Later course" in page


@pytest.mark.parametrize(
    "params",
    [{"kind": "party"}, {"month": "2020-13"}, {"subject": "nope"}, {"q": "x" * 101}],
)
def test_bad_calendar_parameters_are_refused_with_a_message(client, params):
    response = client.get(reverse("events:index"), params)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_venue_is_shown_only_to_those_booked(client, school, officer, teacher):
    event = make_event(school=school, organiser=officer)
    assert event.venue not in client.get(event.get_absolute_url()).content.decode()
    booking(event, teacher)
    client.force_login(teacher)
    assert event.venue in client.get(event.get_absolute_url()).content.decode()


def test_an_officer_publishes_a_course_through_the_form(client, officer, school):
    client.force_login(officer)
    response = client.post(reverse("events:create"), _form(school))
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.sessions.count() == 3


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"capacity": "0"}, "The number of places must be 1 or more"),
        ({"capacity": "-2"}, "The number of places must be 1 or more"),
        ({"session_2_ends": "15:00"}, "A session must end after it starts"),
    ],
)
def test_bad_event_input_is_refused_with_a_message_and_nothing_made(
    client, officer, school, over, message
):
    client.force_login(officer)
    response = client.post(reverse("events:create"), _form(school, **over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_past_a_long_list_the_host_school_is_typed_as_its_urn(
    client, officer, school, other_school, monkeypatch
):
    """An officer of a national partnership serves thousands of schools: the form
    asks for the host school's URN instead of listing them all, and refuses a URN
    the officer may not publish for, with a message, making nothing."""
    from partnership.kernel import forms as kernel_forms

    monkeypatch.setattr(kernel_forms, "LONG_LIST", 1)
    client.force_login(officer)
    page = client.get(reverse("events:create")).content.decode()
    assert 'name="host_school"' in page
    assert "Enter the host school&#x27;s URN" in page
    assert f'<option value="{school.pk}"' not in page

    elsewhere = SchoolFactory()
    response = client.post(
        reverse("events:create"), _form(school, host_school=str(elsewhere.urn))
    )
    assert "Enter the URN of a school you may publish events for" in (
        response.content.decode()
    )
    assert not Event.objects.exists()

    response = client.post(
        reverse("events:create"), _form(school, host_school=str(other_school.urn))
    )
    assert response.status_code == 302
    assert Event.objects.get().host_school == other_school


def test_a_teacher_cannot_open_the_publish_page(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("events:create")).status_code == 404


def test_a_teacher_books_and_sees_the_waiting_list_message_when_full(
    client, school, officer, teacher
):
    event = make_event(school=school, organiser=officer, capacity=1)
    booking(event, staff(school))
    client.force_login(teacher)
    response = client.post(
        reverse("events:book", kwargs={"slug": event.slug}), follow=True
    )
    assert "waiting list" in response.content.decode()
    assert event.bookings.get(person=teacher).status == Booking.Status.WAITING


def test_booking_a_closed_event_shows_why_and_books_nothing(
    client, school, officer, teacher
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event = make_event(
        school=school,
        organiser=officer,
        booking_opens=yesterday - datetime.timedelta(days=3),
        booking_closes=yesterday,
    )
    client.force_login(teacher)
    response = client.post(
        reverse("events:book", kwargs={"slug": event.slug}), follow=True
    )
    assert "Booking closed on" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_forged_staff_booking_for_another_school_is_refused(
    client, school, other_school, officer, headteacher
):
    event = make_event(school=school, organiser=officer)
    outsider = staff(other_school)
    client.force_login(headteacher)
    response = client.post(
        reverse("events:book_staff", kwargs={"slug": event.slug}),
        {"person": outsider.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_headteacher_books_a_member_of_staff(
    client, school, officer, headteacher, teacher
):
    event = make_event(school=school, organiser=officer)
    client.force_login(headteacher)
    client.post(
        reverse("events:book_staff", kwargs={"slug": event.slug}),
        {"person": teacher.pk},
    )
    assert event.bookings.get().person == teacher


def test_cancelling_after_the_deadline_shows_the_reason(
    client, school, officer, teacher
):
    event = make_event(
        school=school,
        organiser=officer,
        cancel_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    made = booking(event, teacher)
    client.force_login(teacher)
    url = reverse("events:booking_cancel", kwargs={"slug": event.slug, "pk": made.pk})
    response = client.post(url)
    assert "the deadline has passed" in response.content.decode()
    made.refresh_from_db()
    assert made.status == Booking.Status.BOOKED


def test_the_register_saves_attendance_without_javascript(
    client, school, officer, teacher
):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher)
    client.force_login(officer)
    url = reverse("events:register", kwargs={"slug": event.slug})
    assert 'type="radio"' in client.get(url).content.decode()
    client.post(url, {f"b{made.pk}": "yes"})
    made.refresh_from_db()
    assert made.attended is True


def test_the_organiser_sees_bookings_and_downloads_csv(
    client, school, officer, teacher
):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=True)
    Feedback.objects.create(booking=made, rating=4, impact="=cmd| more questioning")
    client.force_login(officer)
    page = client.get(
        reverse("events:manage", kwargs={"slug": event.slug})
    ).content.decode()
    assert teacher.full_name in page
    csv = client.get(
        reverse("events:manage_csv", kwargs={"slug": event.slug})
    ).content.decode()
    assert teacher.email in csv
    assert "'=cmd| more questioning" in csv


def test_an_attendee_gives_feedback_through_the_form(client, school, officer, teacher):
    event = past_event(school=school, organiser=officer)
    made = booking(event, teacher, attended=True)
    client.force_login(teacher)
    url = reverse("events:feedback", kwargs={"slug": event.slug})
    response = client.post(url, {"rating": "", "impact": ""})
    assert "Choose a rating from 1 to 5" in response.content.decode()
    assert not Feedback.objects.exists()
    client.post(url, {"rating": "5", "impact": "I will use exit tickets."})
    assert Feedback.objects.get(booking=made).impact == "I will use exit tickets."


def test_the_attendee_downloads_their_certificate(
    client, school, officer, teacher, media_root, django_capture_on_commit_callbacks
):
    event = past_event(school=school, organiser=officer)
    booking(event, teacher, attended=True)
    client.force_login(teacher)
    url = reverse("events:certificate", kwargs={"slug": event.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert "Download your certificate" in client.get(url).content.decode()
    pdf = client.get(reverse("events:certificate_pdf", kwargs={"slug": event.slug}))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert pdf["Content-Disposition"].startswith("attachment")


def test_the_learning_record_shows_attended_events_to_the_person_and_their_head(
    client, school, officer, teacher, headteacher, other_headteacher
):
    event = past_event(school=school, organiser=officer, title="Enquiry course")
    booking(event, teacher, attended=True)
    url = reverse("events:record", kwargs={"pk": teacher.pk})
    for reader in (teacher, headteacher):
        client.force_login(reader)
        assert "Enquiry course" in client.get(url).content.decode()
    for outsider in (other_headteacher, officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_learning_record_exports_csv_and_pdf(client, school, officer, teacher):
    event = past_event(school=school, organiser=officer, title="Enquiry course")
    booking(event, teacher, attended=True)
    client.force_login(teacher)
    csv = client.get(reverse("events:record_csv", kwargs={"pk": teacher.pk}))
    assert "Events attended,Enquiry course" in csv.content.decode()
    pdf = client.get(reverse("events:record_pdf", kwargs={"pk": teacher.pk}))
    assert pdf.content.startswith(b"%PDF-")


def test_a_headteacher_loses_sight_of_a_record_when_the_teacher_leaves(
    client, school, teacher, headteacher
):
    teacher.staff_roles.update(left=timezone.localdate())
    client.force_login(headteacher)
    assert (
        client.get(reverse("events:record", kwargs={"pk": teacher.pk})).status_code
        == 404
    )


def test_the_calendar_page_makes_and_replaces_the_feed_address(client, teacher):
    client.force_login(teacher)
    client.post(reverse("events:calendar_reset"))
    first = teacher.event_feed.token
    page = client.get(reverse("events:calendar")).content.decode()
    assert first in page
    client.post(reverse("events:calendar_reset"))
    teacher.event_feed.refresh_from_db()
    assert teacher.event_feed.token != first


def test_the_calendar_list_page_query_count_does_not_grow_with_events(
    client, school, officer, django_assert_max_num_queries
):
    for n in range(8):
        make_event(school=school, organiser=officer, title=f"Course {n}")
    with django_assert_max_num_queries(12):
        client.get(reverse("events:index"))
