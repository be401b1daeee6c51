"""The dashboard's main column is kept per person and content version: whatever
changes in any part shows on the next request, and nobody sees another's."""

import pytest

from partnership.models import Notification
from partnership.services import notify
from schools.services import staff_remove
from tests.research.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def dashboard(client) -> str:
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_research_project_shows_on_the_next_request(client, teacher, school):
    client.force_login(teacher)
    assert "You are not on a research project yet." in dashboard(client)
    ProjectFactory(lead=teacher, school=school, title="Retrieval quizzes in Year 5")
    page = dashboard(client)
    assert "Retrieval quizzes in Year 5" in page
    assert "You are not on a research project yet." not in page


def test_a_role_that_ends_leaves_the_dashboard_at_once(
    client, headteacher, teacher, school
):
    client.force_login(teacher)
    assert school.name in dashboard(client)
    staff_remove(staff=teacher.staff_roles.get(school=school), removed_by=headteacher)
    page = dashboard(client)
    assert "You are not on the staff of a member school." in page


def test_an_officer_sees_a_partnership_given_to_them(client, teacher, partnership):
    client.force_login(teacher)
    assert "Partnerships you run" not in dashboard(client)
    partnership.officers.add(teacher)
    page = dashboard(client)
    assert "Partnerships you run" in page
    assert partnership.name in page


def test_a_new_notification_shows_on_the_next_request(client, teacher):
    client.force_login(teacher)
    assert "Nothing new." in dashboard(client)
    notify(
        recipient=teacher,
        kind=Notification.Kind.ACCOUNT,
        subject="Your claim was approved",
        body="",
    )
    page = dashboard(client)
    assert "<strong>Your claim was approved</strong>" in page


def test_one_persons_dashboard_is_not_anothers(client, teacher, headteacher, school):
    client.force_login(headteacher)
    assert f"/schools/{school.urn}/staff/" in dashboard(client)
    client.force_login(teacher)
    page = dashboard(client)
    assert f"/schools/{school.urn}/staff/" not in page
    assert f"Signed in as {teacher.full_name}" in page


def test_a_notification_of_this_minute_says_just_now(client, teacher):
    import datetime

    from django.utils import timezone

    notify(recipient=teacher, kind=Notification.Kind.ACCOUNT, subject="New", body="")
    client.force_login(teacher)
    assert "just now" in dashboard(client)
    Notification.objects.filter(recipient=teacher).update(
        created=timezone.now() - datetime.timedelta(hours=2)
    )
    from partnership.selectors import forget_unread

    forget_unread([teacher.pk])
    assert "2\xa0hours ago" in dashboard(client)
