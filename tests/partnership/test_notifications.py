"""The notification outbox and what people see of it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from partnership.models import EmailPreference, Notification
from partnership.services import (
    email_preferences_update,
    notification_send,
    notifications_requeue_pending,
    notify,
    notify_many,
)
from partnership.tasks import requeue_pending_notifications

pytestmark = pytest.mark.django_db


def _notify(person, **extra):
    return notify(
        recipient=person,
        kind=Notification.Kind.RESEARCH,
        subject="New feedback on your project",
        body="Ms Patel commented on your project.",
        url="/research/reading-aloud/",
        **extra,
    )


def test_an_event_writes_a_notification_and_emails_it_once_after_commit(
    teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _notify(teacher)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email]
    assert "New feedback on your project" in message.subject
    assert "http://127.0.0.1:8000/research/reading-aloud/" in message.body
    notification.refresh_from_db()
    assert notification.email_status == "sent"
    assert notification.emailed_at is not None


def test_a_rolled_back_event_leaves_no_notification_and_sends_nothing(
    teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _notify(teacher)
                raise RuntimeError("the event failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_sending_the_same_notification_twice_emails_once(teacher):
    notification = _notify(teacher)
    assert notification_send(notification_id=notification.pk) is True
    assert notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_the_same_event_never_notifies_a_person_twice(teacher):
    first = _notify(teacher, event_key="feedback:1")
    second = _notify(teacher, event_key="feedback:1")
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1


def test_people_who_opted_out_see_it_in_the_portal_but_get_no_email(
    teacher, headteacher, django_capture_on_commit_callbacks
):
    email_preferences_update(
        user=teacher,
        wanted_kinds=[k for k in Notification.Kind.values if k != "research"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(
            recipients=[teacher, headteacher],
            kind=Notification.Kind.RESEARCH,
            subject="A project was shared",
            body="…",
        )
    assert [m.to for m in mail.outbox] == [[headteacher.email]]
    assert Notification.objects.get(recipient=teacher).email_status == "skipped"


def test_emails_left_pending_are_queued_again_and_sent_once(teacher):
    # The broker was down at commit: the row is pending and nothing was sent.
    notification = _notify(teacher)
    Notification.objects.filter(pk=notification.pk).update(
        created=timezone.now() - timedelta(minutes=5)
    )
    assert mail.outbox == []
    assert requeue_pending_notifications() == 1
    assert len(mail.outbox) == 1
    assert notifications_requeue_pending() == 0  # nothing pending any more
    assert len(mail.outbox) == 1


def test_a_second_requeue_while_one_runs_does_nothing(teacher):
    notification = _notify(teacher)
    Notification.objects.filter(pk=notification.pk).update(
        created=timezone.now() - timedelta(minutes=5)
    )
    cache.add("lock:requeue-pending-notifications", 1, timeout=55)
    assert requeue_pending_notifications() == 0
    assert mail.outbox == []
    cache.delete("lock:requeue-pending-notifications")
    assert requeue_pending_notifications() == 1
    assert len(mail.outbox) == 1


def test_notification_page_lists_and_marks_read(client, teacher):
    note = _notify(teacher)
    client.force_login(teacher)
    page = client.get("/notifications/").content.decode()
    assert "New feedback on your project" in page
    assert '1<span class="govuk-visually-hidden"> unread' in page
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response["Location"] == "/research/reading-aloud/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_can_open_another_persons_notification(client, teacher, headteacher):
    note = _notify(teacher)
    client.force_login(headteacher)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_person_chooses_which_emails_they_get(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/notifications/preferences/", {"kinds": ["account", "journal"]}
    )
    assert response.status_code == 302
    off = set(
        EmailPreference.objects.filter(user=teacher, send_email=False).values_list(
            "kind", flat=True
        )
    )
    assert "research" in off
    assert "journal" not in off
    page = client.get("/notifications/preferences/").content.decode()
    assert 'value="journal" checked' in page
    assert 'value="research" checked' not in page


def test_healthz_reports_the_database(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_fails_when_the_broker_is_unreachable(client, db, settings):
    from tests.fixtures_services import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
