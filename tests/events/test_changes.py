"""Organisers change an event (places, times, venue) or cancel it as a whole."""
# ruff: noqa: F811 - fixtures imported from tests.events.factories

import datetime
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.budgets import services as budgets
from partnership.budgets.models import Claim
from partnership.events import services
from partnership.events.models import Booking, BookingTransition, Event, Session
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import Notification
from tests.budgets.factories import FundFactory, approved_allocation, make_officer
from tests.events.factories import at, booking, make_event, media_root, staff  # noqa: F401

pytestmark = pytest.mark.django_db

Status = Booking.Status
FIELDS = [
    "title", "description", "kind", "phase", "subject", "venue", "online_link",
    "capacity", "cost", "booking_opens", "booking_closes", "cancel_by", "open_to",
]  # fmt: skip


def _data(event, **over):
    data = {name: getattr(event, name) for name in FIELDS}
    data.update(over)
    return data


def _times(event, **shift):
    return {s.pk: (s.starts, s.ends) for s in event.sessions.all()}


def _snapshot(event):
    event.refresh_from_db()
    return (
        [getattr(event, n) for n in FIELDS] + [event.status, event.changes],
        sorted(Session.objects.filter(event=event).values_list("starts", "ends")),
        sorted(Booking.objects.filter(event=event).values_list("pk", "status")),
        Notification.objects.count(),
    )


def _full_event(school, officer, *, capacity=2, waiting=2):
    event = make_event(school=school, organiser=officer, capacity=capacity)
    booked = [booking(event, staff(school)) for _ in range(capacity)]
    queued = [
        booking(event, staff(school), status=Status.WAITING) for _ in range(waiting)
    ]
    return event, booked, queued


def test_capacity_cannot_go_below_the_places_booked_and_nothing_changes(
    school, officer
):
    event, _booked, _queued = _full_event(school, officer, capacity=3, waiting=0)
    before = _snapshot(event)
    with pytest.raises(DomainError, match="3 places are already booked") as error:
        services.event_update(
            event=event,
            data=_data(event, capacity=2, title="Changed", venue="Elsewhere"),
            sessions=_times(event),
            updated_by=officer,
        )
    assert "you entered 2" in error.value.message
    assert _snapshot(event) == before


def test_a_session_must_still_end_after_it_starts(school, officer):
    event = make_event(school=school, organiser=officer)
    session = event.sessions.get()
    before = _snapshot(event)
    with pytest.raises(DomainError, match="end after it starts"):
        services.event_update(
            event=event,
            data=_data(event),
            sessions={session.pk: (session.starts, session.starts)},
            updated_by=officer,
        )
    assert _snapshot(event) == before


def test_a_new_time_notifies_everyone_booked_once_per_change(school, officer):
    event, booked, queued = _full_event(school, officer)
    session = event.sessions.get()
    later = (session.starts + datetime.timedelta(hours=1), session.ends)
    services.event_update(
        event=event,
        data=_data(event),
        sessions={session.pk: later},
        updated_by=officer,
    )
    event.refresh_from_db()
    assert event.changes == 1
    assert event.starts == later[0]
    notes = Notification.objects.filter(event_key=f"event-changed:{event.pk}:1")
    assert sorted(n.recipient_id for n in notes) == sorted(b.person_id for b in booked)
    # Saving again without a change sends nothing more.
    services.event_update(
        event=event, data=_data(event), sessions=_times(event), updated_by=officer
    )
    event.refresh_from_db()
    assert event.changes == 1
    assert (
        Notification.objects.filter(event_key__startswith="event-changed").count() == 2
    )
    # A second change is a second notice for each.
    services.event_update(
        event=event,
        data=_data(event, venue="The Town Hall"),
        sessions=_times(event),
        updated_by=officer,
    )
    assert (
        Notification.objects.filter(event_key__startswith="event-changed").count() == 4
    )


def test_a_new_title_alone_notifies_nobody(school, officer):
    event, _booked, _queued = _full_event(school, officer)
    services.event_update(
        event=event,
        data=_data(event, title="A better title", capacity=2),
        sessions=_times(event),
        updated_by=officer,
    )
    event.refresh_from_db()
    assert event.title == "A better title"
    assert event.changes == 0
    assert Notification.objects.count() == 0


def test_more_places_go_to_the_waiting_list_in_order_with_an_email(school, officer):
    event, _booked, queued = _full_event(school, officer, capacity=2, waiting=3)
    services.event_update(
        event=event,
        data=_data(event, capacity=4),
        sessions=_times(event),
        updated_by=officer,
    )
    statuses = {b.pk: Booking.objects.get(pk=b.pk).status for b in queued}
    assert statuses == {
        queued[0].pk: Status.BOOKED,
        queued[1].pk: Status.BOOKED,
        queued[2].pk: Status.WAITING,
    }
    offered = Notification.objects.filter(event_key__startswith="event-place-offered")
    assert sorted(n.recipient_id for n in offered) == [
        queued[0].person_id,
        queued[1].person_id,
    ]


def test_only_the_organisers_may_change_or_cancel(
    school, officer, headteacher, teacher
):
    event = make_event(school=school, organiser=officer)
    before = _snapshot(event)
    for person in (teacher, headteacher):
        with pytest.raises(NotAllowed):
            services.event_update(
                event=event,
                data=_data(event, title="Mine"),
                sessions=_times(event),
                updated_by=person,
            )
        with pytest.raises(NotAllowed):
            services.event_cancel(event=event, cancelled_by=person)
    assert _snapshot(event) == before


def test_cancelling_cancels_every_booking_and_tells_each_person_once(school, officer):
    event, booked, queued = _full_event(school, officer, capacity=2, waiting=1)
    gone = booking(event, staff(school), status=Status.CANCELLED)
    services.event_cancel(event=event, cancelled_by=officer)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert set(event.bookings.values_list("status", flat=True)) == {Status.CANCELLED}
    notes = Notification.objects.filter(event_key=f"event-cancelled:{event.pk}")
    people = sorted(b.person_id for b in booked + queued)
    assert sorted(n.recipient_id for n in notes) == people
    assert not notes.filter(recipient=gone.person).exists()
    assert (
        BookingTransition.objects.filter(note="The event was cancelled.").count() == 3
    )
    with pytest.raises(DomainError, match="cancelled"):
        services.event_cancel(event=event, cancelled_by=officer)
    assert Notification.objects.count() == 3


def test_a_cancelled_event_takes_no_bookings_and_no_changes(school, officer, teacher):
    event = make_event(school=school, organiser=officer)
    services.event_cancel(event=event, cancelled_by=officer)
    with pytest.raises(DomainError, match="cancelled"):
        services.booking_create(event=event, person=teacher, booked_by=teacher)
    with pytest.raises(DomainError, match="cancelled"):
        services.event_update(
            event=event, data=_data(event), sessions=_times(event), updated_by=officer
        )
    assert not event.bookings.exists()


@pytest.fixture
def charged(partnership, school, officer, headteacher, teacher, media_root):
    """A paid place the headteacher has charged to the school's allocation."""
    fund = FundFactory(
        partnership=partnership,
        created_by=officer,
        starts=date(2020, 4, 1),
        ends=date(2099, 3, 31),
    )
    allocation = approved_allocation(
        fund=fund,
        school=school,
        amount=Decimal("500.00"),
        proposer=officer,
        approvers=[make_officer(partnership)],
    )
    event = make_event(school=school, organiser=officer, cost=Decimal("45.00"))
    place = booking(event, teacher)
    claim = services.booking_charge(
        booking=place, allocation=allocation, charged_by=headteacher
    )
    return event, claim


def test_cancelling_withdraws_a_claim_nobody_has_approved(officer, charged):
    event, claim = charged
    assert services.cancel_summary(event) == {"booked": 1, "waiting": 0, "claims": 1}
    services.event_cancel(event=event, cancelled_by=officer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_cancelling_leaves_a_claim_someone_has_approved(officer, charged):
    event, claim = charged
    budgets.claim_approve(claim=claim, approved_by=officer)
    claim.refresh_from_db()
    status = claim.status
    assert services.cancel_summary(event)["claims"] == 0
    services.event_cancel(event=event, cancelled_by=officer)
    claim.refresh_from_db()
    assert claim.status == status != Claim.Status.WITHDRAWN
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED


# Pages


def _post(event, **over):
    session = event.sessions.get()
    start = timezone.localtime(session.starts)
    data = {
        "title": event.title,
        "kind": event.kind,
        "open_to": event.open_to,
        "venue": event.venue,
        "capacity": str(event.capacity),
        "cost": "0",
        "booking_opens": event.booking_opens.isoformat(),
        "booking_closes": event.booking_closes.isoformat(),
        "cancel_by": event.cancel_by.isoformat(),
        f"s{session.pk}_date": start.date().isoformat(),
        f"s{session.pk}_starts": "16:00",
        f"s{session.pk}_ends": "17:30",
    }
    data.update(over)
    return data


def test_the_change_page_refuses_too_few_places_with_the_figures(
    client, school, officer
):
    event, _booked, _queued = _full_event(school, officer, capacity=2, waiting=0)
    client.force_login(officer)
    url = reverse("events:edit", kwargs={"slug": event.slug})
    assert "Change the event" in client.get(url).content.decode()
    before = _snapshot(event)
    page = client.post(url, _post(event, capacity="1", title="New")).content.decode()
    assert "2 places are already booked" in page
    assert _snapshot(event) == before


def test_the_change_page_saves_a_new_venue(client, school, officer):
    event, booked, _queued = _full_event(school, officer, capacity=2, waiting=0)
    client.force_login(officer)
    url = reverse("events:edit", kwargs={"slug": event.slug})
    response = client.post(url, _post(event, venue="The Town Hall"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.venue == "The Town Hall"
    assert Notification.objects.count() == len(booked)


def test_the_cancel_page_says_what_will_happen_then_cancels(client, school, officer):
    event, _booked, _queued = _full_event(school, officer, capacity=2, waiting=1)
    client.force_login(officer)
    url = reverse("events:cancel", kwargs={"slug": event.slug})
    page = client.get(url).content.decode()
    assert "2 people with a place and 1 on the waiting list" in page
    assert "This cannot be undone." in page
    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED
    response = client.post(url)
    assert response.status_code == 302
    client.logout()
    public = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in public


@pytest.mark.parametrize("who", ["teacher", "other_headteacher"])
def test_others_get_404_on_the_change_and_cancel_pages(
    client, school, officer, who, request
):
    event = make_event(school=school, organiser=officer)
    client.force_login(request.getfixturevalue(who))
    before = _snapshot(event)
    for name in ("events:edit", "events:cancel"):
        url = reverse(name, kwargs={"slug": event.slug})
        assert client.get(url).status_code == 404
        assert client.post(url, _post(event, title="Mine")).status_code == 404
    assert _snapshot(event) == before


def test_removing_a_session_asks_first_then_tells_everyone_booked_once(
    client, school, officer, teacher
):
    event = make_event(school=school, organiser=officer, sessions=3)
    booking(event, teacher)
    first, second, third = event.sessions.all()
    client.force_login(officer)
    url = reverse("events:session_remove", kwargs={"slug": event.slug, "pk": third.pk})
    page = client.get(url).content.decode()
    assert "1 person with a place is" in page
    assert "This cannot be undone." in page
    assert event.sessions.count() == 3
    response = client.post(url, follow=True)
    assert "1 person booked was emailed" in response.content.decode()
    assert list(event.sessions.all()) == [first, second]
    event.refresh_from_db()
    assert event.ends == second.ends
    note = Notification.objects.get(recipient=teacher, kind=Notification.Kind.EVENTS)
    assert note.subject == f"{event.title} has changed"


def test_the_last_session_cannot_be_removed(client, school, officer):
    event = make_event(school=school, organiser=officer, sessions=1)
    only = event.sessions.get()
    with pytest.raises(DomainError, match="at least one session"):
        services.session_remove(event=event, session=only, removed_by=officer)
    client.force_login(officer)
    url = reverse("events:session_remove", kwargs={"slug": event.slug, "pk": only.pk})
    assert "cancel the event" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    assert event.sessions.count() == 1


def test_a_session_of_another_event_or_a_cancelled_one_is_not_removed(
    client, school, officer
):
    event = make_event(school=school, organiser=officer, sessions=2)
    other = make_event(school=school, organiser=officer, sessions=2, title="Other")
    client.force_login(officer)
    stranger = other.sessions.first()
    url = reverse(
        "events:session_remove", kwargs={"slug": event.slug, "pk": stranger.pk}
    )
    assert client.post(url).status_code == 404
    services.event_cancel(event=other, cancelled_by=officer)
    url = reverse(
        "events:session_remove", kwargs={"slug": other.slug, "pk": stranger.pk}
    )
    assert client.post(url).status_code == 404
    assert Session.objects.count() == 4


def test_a_new_session_tells_everyone_booked(school, officer, teacher):
    event = make_event(school=school, organiser=officer)
    booking(event, teacher)
    day = event.starts.date() + datetime.timedelta(days=7)
    services.session_add(
        event=event, starts=at(day, 16), ends=at(day, 17), added_by=officer
    )
    assert Notification.objects.filter(
        recipient=teacher, subject=f"{event.title} has changed"
    ).exists()
