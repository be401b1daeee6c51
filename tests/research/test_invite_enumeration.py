"""The research invite form tells the team nothing about an address: the same words
whether or not it belongs to member-school staff, and no name until they accept."""

import pytest
from django.urls import reverse

from partnership.models import Notification
from research.models import Collaborator
from tests.research.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _invite(client, project, email):
    response = client.post(
        reverse("research:team", args=[project.slug]), {"email": email}, follow=True
    )
    return response.content.decode().replace(email, "ADDRESS")


def test_known_and_unknown_addresses_get_the_same_answer(
    client, school, teacher, member, outsider
):
    project = ProjectFactory(school=school, lead=teacher)
    client.force_login(teacher)
    # A colleague at a member school, someone at a non-member school, no one at all
    pages = [
        _invite(client, project, email)
        for email in (member.email, outsider.email, "nobody@nowhere.example")
    ]
    messages = [
        page.split('class="govuk-notification-banner__content"')[1][:400]
        for page in pages
    ]
    assert messages[0] == messages[1] == messages[2]
    assert "If ADDRESS belongs to a colleague at a member school" in messages[0]
    # Only the real colleague is invited, and emailed
    assert list(Collaborator.objects.values_list("user", flat=True)) == [member.pk]
    assert Notification.objects.filter(recipient=member).exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_pending_invitation_shows_the_address_not_the_name(
    client, school, teacher, member
):
    project = ProjectFactory(school=school, lead=teacher)
    client.force_login(teacher)
    page = _invite(client, project, member.email)
    assert member.full_name not in page
    assert member.email not in page  # replaced: the address the team typed is shown
    assert "ADDRESS" in page.split("The team")[1]
