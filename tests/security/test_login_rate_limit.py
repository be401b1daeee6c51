"""Guessing passwords is slowed down: after a few failures even the right one is refused."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LIMIT_MESSAGE = "Too many failed login attempts"
RIGHT = "the-right-password-2026"


def _person(email):
    from allauth.account.models import EmailAddress

    user = UserFactory(email=email)
    user.set_password(RIGHT)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_the_right_password_works_before_any_failure(client):
    _person("amira@riverside-primary.example")
    response = _sign_in(client, "amira@riverside-primary.example", RIGHT)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_a_while(client):
    # Given a person whose password is being guessed
    person = _person("amira@riverside-primary.example")
    for attempt in range(5):
        response = _sign_in(client, person.email, f"wrong-guess-{attempt}")
        assert response.status_code == 200
        assert LIMIT_MESSAGE not in response.content.decode()
    # When the right password is then tried
    response = _sign_in(client, person.email, RIGHT)
    # Then it is refused with the rate-limit message, and nobody is signed in
    assert response.status_code in {200, 429}
    assert LIMIT_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    # And another account is not locked by it
    _person("david@riverside-primary.example")
    response = _sign_in(client, "david@riverside-primary.example", RIGHT)
    assert response.status_code == 302


def test_one_address_guessing_many_accounts_is_stopped(client):
    # Given ten failures from one address across ten accounts (two each at most)
    for n in range(5):
        _person(f"staff{n}@riverside-primary.example")
    for n in range(10):
        _sign_in(client, f"staff{n % 5}@riverside-primary.example", "wrong")
    # When the right password for an account with only two failures is tried
    response = _sign_in(client, "staff0@riverside-primary.example", RIGHT)
    # Then the address is refused too
    assert LIMIT_MESSAGE in response.content.decode() or response.status_code == 429
    assert "_auth_user_id" not in client.session
