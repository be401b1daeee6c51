"""A notification reaches a real SMTP listener through Redis and a real Celery worker."""

import pytest
from django.db import transaction

from partnership.models import Notification
from partnership.services import notify
from partnership.tasks import send_notification_emails

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]


def test_a_notification_email_is_delivered_by_the_worker_exactly_once(
    celery_worker, smtp_server
):
    from tests.factories import UserFactory

    person = UserFactory(email="reader@riverside-primary.example")
    with transaction.atomic():
        notification = notify(
            recipient=person,
            kind=Notification.Kind.ACCOUNT,
            subject="Welcome to the partnership portal",
            body="Your account is ready.",
        )
    messages = smtp_server.wait_for(1)
    assert [m["to"] for m in messages] == [["reader@riverside-primary.example"]]
    assert "Welcome to the partnership portal" in messages[0]["subject"]
    assert "Your account is ready." in messages[0]["body"]

    # A retry of the same task (as after a lost acknowledgement) sends nothing more.
    send_notification_emails.delay([notification.pk])
    smtp_server.wait_for(2, timeout=3)
    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert notification.email_status == "sent"
