"""A sign-up whose address is not confirmed is nobody's staff: not on the head's
staff page, not a delegation candidate, no staff rights, until it is confirmed."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from schools.models import School, Staff, User
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "tom.walker@riverside-primary.example"


def _sign_up(client):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Tom Walker",
            "email": EMAIL,
            "password1": "a-long-pass-phrase-77",
            "password2": "a-long-pass-phrase-77",
        },
    )
    return User.objects.get(email=EMAIL)


def _confirm(client):
    [message] = [m for m in mail.outbox if EMAIL in m.to]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/", message.body)
    path = "/" + link[0].split("/", 3)[3]
    return client.post(path)


def test_an_unconfirmed_sign_up_is_not_on_the_staff(client, school, headteacher):
    # Given someone who signed up with the school's domain but never confirmed
    user = _sign_up(client)
    # Then they hold no role anywhere
    assert not Staff.objects.filter(user=user).exists()
    assert not School.objects.served_by(user).exists()
    # And the head's staff page does not list them
    client.force_login(headteacher)
    page = client.get(f"/schools/{school.urn}/staff/").content.decode()
    assert "Tom Walker" not in page


def test_confirming_the_address_makes_them_a_teacher_at_the_school(client, school):
    user = _sign_up(client)
    _confirm(client)
    assert EmailAddress.objects.get(user=user).verified
    staff = Staff.objects.get(user=user)
    assert (staff.school, staff.role, staff.left) == (school, "teacher", None)
    assert list(School.objects.served_by(user, "teacher")) == [school]


def test_confirming_again_after_being_removed_does_not_restore_the_role(school):
    from schools.services import signup_confirmed

    # Given a teacher whom the head removed from the staff
    user = UserFactory(email="former@riverside-primary.example")
    StaffFactory(user=user, school=school, role="teacher", left="2026-01-01")
    # When they confirm an address on the school's domain
    assert signup_confirmed(user=user, email=user.email) is None
    # Then they are still not on the staff
    assert not Staff.objects.filter(user=user, left__isnull=True).exists()


def test_the_school_domain_alone_gives_no_role_at_sign_up_anymore(client, school):
    _sign_up(client)
    assert Staff.objects.filter(school=school).count() == 0


def test_an_unconfirmed_sign_up_is_not_a_claim_delegation_candidate(client, school):
    from partnership.budgets.forms import DelegationForm

    user = _sign_up(client)
    candidates = DelegationForm(school=school).fields["delegate"].queryset
    assert user not in candidates
    _confirm(client)
    assert user in DelegationForm(school=school).fields["delegate"].queryset
