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


def test_two_people_charging_the_same_place_at_once_make_one_claim(
    officer, school, teacher, headteacher, partnership, settings, tmp_path
):
    """The place is locked and the claim linked in one transaction: the second
    charge is refused and no claim is left without its place."""
    from datetime import date
    from decimal import Decimal

    from partnership.budgets.models import Claim
    from partnership.kernel.errors import DomainError
    from tests.budgets.factories import (
        FundFactory,
        approved_allocation,
        make_officer,
    )

    settings.MEDIA_ROOT = tmp_path
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
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def charge():
        try:
            barrier.wait(timeout=30)
            services.booking_charge(
                booking=place, allocation=allocation, charged_by=headteacher
            )
        except DomainError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=charge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(refused) == 1
    assert "already been charged" in str(refused[0])
    assert Claim.objects.count() == 1
    place.refresh_from_db()
    assert place.claim == Claim.objects.get()
