"""(c) The same email task delivered twice (a redelivery after a lost ack, or a
requeue racing the original) sends one email.

Two real workers take the two copies at the same moment; the mail server is slow,
so without the row lock in `notification_send` both would send.
"""

import asyncio

import pytest
from django.db import transaction

from partnership.models import Notification
from partnership.services import notify
from tests.fixtures_services import SMTPCatcher, free_port

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]


class SlowSMTP(SMTPCatcher):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(1.5)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    catcher = SlowSMTP()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    catcher.port = controller.port
    yield catcher
    controller.stop()


def test_two_copies_of_one_send_task_send_one_email(teacher, start_worker, slow_smtp):
    from partnership.tasks import send_notification_emails

    # Given two real workers and a notification already in the outbox
    first = start_worker(EMAIL_PORT=str(slow_smtp.port))
    second = start_worker(EMAIL_PORT=str(slow_smtp.port))
    notification = Notification.objects.create(
        recipient=teacher,
        kind=Notification.Kind.RESEARCH,
        subject="New feedback on your project",
        body="Ms Patel commented on your project.",
    )

    # When the same send task is queued twice at once
    send_notification_emails.delay([notification.pk])
    send_notification_emails.delay([notification.pk])

    # Then exactly one email arrives, and the outbox says it was sent once
    messages = slow_smtp.wait_for(1, timeout=30)
    slow_smtp.wait_for(2, timeout=6)
    assert len(slow_smtp.messages) == 1, first.log()[-2000:] + second.log()[-2000:]
    assert messages[0]["to"] == [teacher.email]
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.email_attempts == 1
    # Both workers really took a copy (the test is about the race, not one worker)
    assert "send_notification_emails" in first.log()
    assert "send_notification_emails" in second.log()


def test_the_same_event_notified_twice_sends_one_email(
    teacher, start_worker, smtp_server
):
    # Given a real worker
    start_worker()
    # When the same event (one event key) is notified twice, e.g. a double submit
    for _ in range(2):
        with transaction.atomic():
            notify(
                recipient=teacher,
                kind=Notification.Kind.RESEARCH,
                subject="Your project was approved",
                body="Your project is now public.",
                event_key="project:42:approved",
            )
    # Then one notification is recorded and one email is sent
    smtp_server.wait_for(2, timeout=8)
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(event_key="project:42:approved").count() == 1
