"""(a) The broker stops while a headteacher invites a teacher; nothing is lost.

The invitation and its email record are saved even though the email task cannot be
queued; when the broker is back, the periodic requeue sends the email, exactly once.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from partnership.models import Notification
from schools.models import Invitation
from tests.faults.conftest import celery_broker

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

NEW_TEACHER = "tom.price@riverside-primary.example"


def test_an_invitation_made_while_the_broker_is_down_is_emailed_once_later(
    client, headteacher, school, own_redis, start_worker, smtp_server
):
    # Given a real worker consuming from our own Redis broker
    worker = start_worker(REDIS_URL=own_redis.url)
    with celery_broker(own_redis.url):
        client.force_login(headteacher)

        # When the broker dies just before the headteacher sends an invitation
        own_redis.kill()
        started = time.monotonic()
        response = client.post(
            f"/schools/{school.urn}/staff/invite/",
            {"full_name": "Tom Price", "email": NEW_TEACHER, "role": "teacher"},
        )
        took = time.monotonic() - started

        # Then the request still succeeds promptly and the records are saved
        assert response.status_code == 302, response.content.decode()[:2000]
        assert took < 10, f"the request hung for {took:.1f}s on the dead broker"
        assert Invitation.objects.filter(school=school, email=NEW_TEACHER).exists()
        notification = Notification.objects.get(to_email=NEW_TEACHER)
        assert notification.email_status == Notification.EmailStatus.PENDING
        assert smtp_server.messages == []

        # When the broker comes back (empty: the lost task is gone) and, a minute
        # later, beat runs the requeue task
        own_redis.start()
        Notification.objects.filter(pk=notification.pk).update(
            created=timezone.now() - timedelta(minutes=2)
        )
        from partnership.tasks import requeue_pending_notifications

        requeue_pending_notifications.delay()

        # Then exactly one email reaches the mail server, through the real worker
        messages = smtp_server.wait_for(1, timeout=60)
        assert len(messages) == 1, worker.log()[-3000:]
        assert messages[0]["to"] == [NEW_TEACHER]
        assert school.name in messages[0]["subject"] + messages[0]["body"]
        smtp_server.wait_for(2, timeout=3)
        assert len(smtp_server.messages) == 1

        # And the outbox records it as sent; a second requeue finds nothing to do
        notification.refresh_from_db()
        assert notification.email_status == Notification.EmailStatus.SENT
        requeue_pending_notifications.delay()
        smtp_server.wait_for(2, timeout=3)
        assert len(smtp_server.messages) == 1
