"""Twenty people booking the last place at once: one gets it, nineteen wait."""

import threading

import pytest
from django.db import connection

from partnership.events import services
from partnership.events.models import Booking
from tests.events.factories import booking, make_event, staff
from tests.fixtures_services import _missing_service

THREADS = 20

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        _missing_service("row-lock tests need PostgreSQL (set DATABASE_URL)")


def test_twenty_people_booking_the_last_place_give_one_booking_and_nineteen_waiting(
    officer, school, teacher
):
    event = make_event(school=school, organiser=officer, capacity=2)
    booking(event, teacher)  # one place left
    people = [staff(school) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def book(person):
        try:
            barrier.wait(timeout=30)
            services.booking_create(event=event, person=person, booked_by=person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    racers = Booking.objects.filter(person__in=people)
    assert racers.filter(status=Booking.Status.BOOKED).count() == 1
    assert racers.filter(status=Booking.Status.WAITING).count() == THREADS - 1
    assert event.bookings.filter(status=Booking.Status.BOOKED).count() == 2
    positions = list(racers.values_list("position", flat=True))
    assert len(set(positions)) == THREADS
