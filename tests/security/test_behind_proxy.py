"""Behind the proxy every request comes from the proxy's address: the client's own
address is read from X-Forwarded-For (counted from the right, as many entries as
there are trusted proxies), so one client's failures never lock out another."""

import subprocess
import sys

import pytest

from tests.security.production import ROOT, production_env
from tests.security.test_login_rate_limit import LIMIT_MESSAGE, RIGHT, _person

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    # What BEHIND_PROXY=1 gives (see test_the_proxy_settings_follow_the_environment)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _fail_from(client, address, n):
    for attempt in range(n):
        client.post(
            LOGIN,
            {"login": f"made-up-{attempt}@nowhere.example", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )


def test_ten_failures_from_one_client_do_not_lock_out_another(client, behind_one_proxy):
    # Given a person, and one client that fails to sign in ten times via the proxy
    person = _person("amira@riverside-primary.example")
    _fail_from(client, "203.0.113.5", 10)
    # When another client, through the same proxy, signs in with the right password
    response = client.post(
        LOGIN,
        {"login": person.email, "password": RIGHT},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    # Then it is let in
    assert LIMIT_MESSAGE not in response.content.decode()
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_failing_client_itself_is_still_stopped(client, behind_one_proxy):
    person = _person("amira@riverside-primary.example")
    _fail_from(client, "203.0.113.5", 10)
    response = client.post(
        LOGIN,
        {"login": person.email, "password": RIGHT},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert LIMIT_MESSAGE in response.content.decode() or response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_client_cannot_dodge_the_limit_by_sending_its_own_forwarded_header(
    client, behind_one_proxy
):
    # Given a client that puts a new made-up address in front on every attempt
    for attempt in range(10):
        client.post(
            LOGIN,
            {"login": f"made-up-{attempt}@nowhere.example", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            # the proxy appends the address it saw to whatever the client sent
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.5",
        )
    person = _person("amira@riverside-primary.example")
    response = client.post(
        LOGIN,
        {"login": person.email, "password": RIGHT},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5",
    )
    # Then it is still stopped: only the entry our proxy appended counts
    assert LIMIT_MESSAGE in response.content.decode() or response.status_code == 429


_READ = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print('RESULT', s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "0 None"),
        ({"BEHIND_PROXY": "1"}, "1 None"),
        ({"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, "2 None"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "0 None"),
        ({"BEHIND_PROXY": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "1 X-Real-IP"),
    ],
)
def test_the_proxy_settings_follow_the_environment(tmp_path, overrides, expected):
    env = production_env(tmp_path, **overrides)
    result = subprocess.run(
        [sys.executable, "-c", _READ], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert f"RESULT {expected}" in result.stdout, result.stderr


def test_no_app_code_reads_the_peer_address_itself():
    # Behind the proxy REMOTE_ADDR is the proxy's: the client's address comes only
    # from allauth's get_client_ip (allauth.core.internal.httpkit), which the proxy
    # settings configure. A part that needs it must call that, not read the header.
    readers = [
        str(path.relative_to(ROOT))
        for folder in ("partnership", "schools", "research", "journal")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "settings.py"
        and ("REMOTE_ADDR" in path.read_text() or "X_FORWARDED_FOR" in path.read_text())
    ]
    assert readers == []
