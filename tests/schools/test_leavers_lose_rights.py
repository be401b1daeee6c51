"""Rights follow the present: who has left a school, or whose school has left the
partnership, manages nothing there any more (all through School.objects.served_by)."""

import pytest
from django.utils import timezone

from partnership.kernel.errors import NotAllowed
from partnership.models import Membership
from schools import permissions, services
from schools.models import Invitation, School, Staff

pytestmark = pytest.mark.django_db


def _leave_school(user, school):
    Staff.objects.filter(user=user, school=school).update(left=timezone.localdate())


def _leave_partnership(school):
    Membership.objects.filter(school=school).update(left=timezone.localdate())


def test_a_headteacher_who_left_gets_no_management_page(client, headteacher, school):
    _leave_school(headteacher, school)
    client.force_login(headteacher)
    for page in ("edit/", "staff/"):
        assert client.get(f"/schools/{school.urn}/{page}").status_code == 404
    assert "Manage staff" not in client.get(f"/schools/{school.urn}/").content.decode()


def test_a_headteacher_who_left_cannot_edit_the_profile_or_invite(headteacher, school):
    _leave_school(headteacher, school)
    assert not permissions.may_edit_profile(headteacher, school)
    with pytest.raises(NotAllowed):
        services.school_profile_update(
            school=school, updated_by=headteacher, data={"telephone": "0"}
        )
    with pytest.raises(NotAllowed):
        services.invitation_create(
            school=school,
            email="new@riverside-primary.example",
            role="teacher",
            invited_by=headteacher,
        )
    school.refresh_from_db()
    assert school.telephone == ""
    assert not Invitation.objects.exists()


def test_an_officer_loses_a_school_that_left_the_partnership(client, officer, school):
    assert permissions.may_manage_school(officer, school)
    _leave_partnership(school)
    assert not permissions.may_manage_school(officer, school)
    assert not permissions.is_officer_for(officer, school)
    client.force_login(officer)
    assert client.get(f"/schools/{school.urn}/staff/").status_code == 404


def test_a_leaver_has_no_school_ids_and_is_no_longer_headteacher(
    headteacher, school, other_school
):
    Staff.objects.create(user=headteacher, school=other_school, role="teacher")
    _leave_school(headteacher, school)
    assert headteacher.school_ids() == {other_school.pk}
    assert headteacher.headteacher_school_ids() == set()
    assert not headteacher.is_headteacher


def test_a_headteacher_who_left_cannot_remove_staff(headteacher, teacher, school):
    staff = Staff.objects.get(user=teacher, school=school)
    _leave_school(headteacher, school)
    with pytest.raises(NotAllowed):
        services.staff_remove(staff=staff, removed_by=headteacher)
    staff.refresh_from_db()
    assert staff.left is None


def test_manageable_schools_are_those_headed_or_run_now(
    headteacher, officer, school, other_school
):
    assert set(School.objects.manageable_by(headteacher)) == {school}
    assert set(School.objects.manageable_by(officer)) == {school, other_school}
    _leave_partnership(other_school)
    assert set(School.objects.manageable_by(officer)) == {school}


def test_sign_up_by_domain_stops_when_the_school_leaves_the_partnership(client, school):
    from schools.selectors import member_school_for_email

    assert member_school_for_email("new@riverside-primary.example") == school
    _leave_partnership(school)
    assert member_school_for_email("new@riverside-primary.example") is None
