"""The signed-in person is read from the cache (USER_CACHE), and every change to
their account shows on the next request: a new name, a deactivated account, a
changed password, a new notification."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.models import Notification
from partnership.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _user_cache_on(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "user-cache-tests",
        }
    }
    settings.USER_CACHE = True
    cache.clear()
    yield
    cache.clear()


def user_queries(client, url="/dashboard/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    reads = [
        q["sql"] for q in ctx.captured_queries if 'FROM "schools_user"' in q["sql"]
    ]
    return len(reads), response.content.decode()


def test_the_second_page_reads_the_person_from_the_cache(client, teacher):
    client.force_login(teacher)
    user_queries(client)
    reads, page = user_queries(client)
    assert reads == 0
    assert "Signed in as Amira Khan" in page


def test_a_new_name_shows_on_the_next_request(client, teacher):
    client.force_login(teacher)
    user_queries(client)
    teacher.full_name = "Amira Khan-Patel"
    teacher.save()
    _, page = user_queries(client)
    assert "Signed in as Amira Khan-Patel" in page


def test_a_deactivated_account_is_signed_out_on_the_next_request(client, teacher):
    client.force_login(teacher)
    user_queries(client)
    teacher.is_active = False
    teacher.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_changed_password_signs_the_old_session_out(client, teacher):
    client.force_login(teacher)
    user_queries(client)
    teacher.set_password("a-new-long-passphrase-2026")
    teacher.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302


def test_a_deleted_account_is_signed_out(client, teacher):
    client.force_login(teacher)
    user_queries(client)
    teacher.delete()
    assert client.get("/dashboard/").status_code == 302


def test_the_unread_count_comes_with_the_person_and_follows_notify(client, teacher):
    client.force_login(teacher)
    _, page = user_queries(client)
    assert "unread</span>" not in page
    notify(recipient=teacher, kind=Notification.Kind.ACCOUNT, subject="Hi", body="")
    user_queries(client)  # the count is cached again
    reads, page = user_queries(client)
    assert reads == 0
    assert (
        '<strong class="govuk-tag govuk-tag--red">1<span class="govuk-visually-hidden">'
        " unread</span>" in page
    )


def test_one_persons_cached_row_is_not_anothers(client, teacher, headteacher):
    client.force_login(teacher)
    user_queries(client)
    client.force_login(headteacher)
    _, page = user_queries(client)
    assert f"Signed in as {headteacher.full_name}" in page
    assert "Amira Khan" not in page
