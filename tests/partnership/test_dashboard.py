"""The dashboard lists the schools a person serves now, in their role."""

import pytest
from django.utils import timezone

from schools.models import Staff

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_current_schools_and_not_the_ones_left(
    client, teacher, school, other_school
):
    Staff.objects.create(
        user=teacher,
        school=other_school,
        role="headteacher",
        left=timezone.localdate(),
    )
    client.force_login(teacher)
    page = client.get("/dashboard/").content.decode()
    assert school.name in page
    assert other_school.name not in page
    assert "Manage staff" not in page


def test_the_dashboard_offers_a_headteacher_their_school_management(
    client, headteacher, school
):
    client.force_login(headteacher)
    page = client.get("/dashboard/").content.decode()
    assert f"/schools/{school.urn}/staff/" in page
