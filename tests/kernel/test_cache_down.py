"""With Redis down, pages are built from PostgreSQL: nothing fails, nothing is kept."""

import pytest
import redis
from django.core.cache.backends.base import BaseCache

from partnership.kernel.pagecache import HEADER
from partnership.models import Notification
from partnership.services import notify

pytestmark = pytest.mark.django_db


class DownCache(BaseCache):
    """A cache whose server cannot be reached."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    add = get = set = delete = touch = incr = has_key = _down
    get_many = set_many = delete_many = _down

    def clear(self):
        pass


@pytest.fixture(autouse=True)
def _redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DownCache"}}
    settings.SESSION_ENGINE = "partnership.sessions"
    settings.PAGE_CACHE = True


def test_visitors_get_every_cached_page_rendered(client, partnership, school):
    for url in ("/", partnership.get_absolute_url(), school.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert HEADER not in response
    assert school.name in client.get(partnership.get_absolute_url()).content.decode()


def test_a_signed_in_person_keeps_their_session_and_sees_their_unread_count(
    client, teacher
):
    notify(recipient=teacher, kind=Notification.Kind.ACCOUNT, subject="Hi", body="")
    client.force_login(teacher)
    page = client.get("/dashboard/").content.decode()
    assert "Sign out" in page
    assert '<strong class="govuk-tag govuk-tag--red">1<' in page
