"""The unread count in the header is cached, and right after notify and mark read."""

import pytest

from partnership.models import Notification
from partnership.services import notification_mark_read, notify

pytestmark = pytest.mark.django_db


def badge(client) -> str:
    page = client.get("/dashboard/").content.decode()
    marker = '<strong class="govuk-tag govuk-tag--red">'
    if marker not in page:
        return "none"
    return page.split(marker, 1)[1].split("<", 1)[0]


def ping(person, n):
    notify(
        recipient=person, kind=Notification.Kind.ACCOUNT, subject=f"Hello {n}", body=""
    )


def test_the_unread_count_follows_notify_and_mark_read(client, teacher):
    client.force_login(teacher)
    assert badge(client) == "none"
    ping(teacher, 1)
    ping(teacher, 2)
    assert badge(client) == "2"
    first = Notification.objects.filter(recipient=teacher).first()
    notification_mark_read(user=teacher, notification_id=first.pk)
    assert badge(client) == "1"
    notification_mark_read(user=teacher)
    assert badge(client) == "none"
    assert not Notification.objects.filter(recipient=teacher, read_at=None).exists()


def test_one_persons_count_is_not_another_persons(client, teacher, headteacher):
    ping(teacher, 1)
    client.force_login(headteacher)
    assert badge(client) == "none"
    client.force_login(teacher)
    assert badge(client) == "1"
