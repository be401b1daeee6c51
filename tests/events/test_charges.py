"""A charged place is claimed from the school's budget allocation, once."""
# ruff: noqa: F811 - fixtures imported from tests.events.factories

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.budgets.models import Claim
from partnership.events import services
from partnership.events.models import Booking
from partnership.kernel.errors import DomainError
from tests.budgets.factories import FundFactory, approved_allocation, make_officer
from tests.events.factories import booking, make_event, media_root  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocation(partnership, school, officer, media_root):
    fund = FundFactory(
        partnership=partnership,
        created_by=officer,
        starts=date(2020, 4, 1),
        ends=date(2099, 3, 31),
    )
    return approved_allocation(
        fund=fund,
        school=school,
        amount=Decimal("500.00"),
        proposer=officer,
        approvers=[make_officer(partnership)],
    )


def test_a_headteacher_charges_a_place_as_a_claim_once(
    school, officer, headteacher, teacher, allocation
):
    event = make_event(school=school, organiser=officer, cost=Decimal("45.00"))
    place = booking(event, teacher)
    claim = services.booking_charge(
        booking=place, allocation=allocation, charged_by=headteacher
    )
    place.refresh_from_db()
    assert place.claim == claim
    assert claim.amount == Decimal("45.00")
    assert claim.category == Claim.Category.TRAINING
    assert claim.receipt_kind == "pdf"
    with pytest.raises(DomainError, match="already been charged"):
        services.booking_charge(
            booking=place, allocation=allocation, charged_by=headteacher
        )
    assert Claim.objects.count() == 1


def test_a_teacher_cannot_charge_the_budget(school, officer, teacher, allocation):
    event = make_event(school=school, organiser=officer, cost=Decimal("45.00"))
    place = booking(event, teacher)
    with pytest.raises(DomainError):
        services.booking_charge(
            booking=place, allocation=allocation, charged_by=teacher
        )
    assert not Claim.objects.exists()
    assert Booking.objects.get(pk=place.pk).claim is None


def test_a_free_event_is_not_charged(school, officer, headteacher, teacher, allocation):
    event = make_event(school=school, organiser=officer)
    place = booking(event, teacher)
    with pytest.raises(DomainError, match="free"):
        services.booking_charge(
            booking=place, allocation=allocation, charged_by=headteacher
        )
    assert not Claim.objects.exists()


def test_the_charge_page_makes_the_claim(
    client, school, officer, headteacher, teacher, allocation
):
    event = make_event(school=school, organiser=officer, cost=Decimal("45.00"))
    place = booking(event, teacher)
    client.force_login(headteacher)
    url = reverse("events:booking_charge", kwargs={"slug": event.slug, "pk": place.pk})
    assert "£45.00" in client.get(url).content.decode()
    client.post(url, {"allocation": allocation.pk})
    assert Booking.objects.get(pk=place.pk).claim is not None
    assert client.get(url).status_code == 404
