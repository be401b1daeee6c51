"""The Django admin has no sign-in of its own: people sign in through the portal's
(allauth's) page, which is rate-limited and asks for the second factor."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.walker import all_routes

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-2026"
LOGIN = "/accounts/login/"


def _staff(email="admin@riverside-primary.example", **extra):
    user = UserFactory(email=email, is_staff=True, is_superuser=True, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def _credentials(user, password=PASSWORD):
    # Every field name a sign-in form might read.
    return {
        "username": user.email,
        "email": user.email,
        "login": user.email,
        "password": password,
        "next": "/admin/",
    }


def test_posting_email_and_password_to_the_admin_login_signs_nobody_in(client):
    admin_user = _staff()
    response = client.post("/admin/login/", _credentials(admin_user))
    # Sent to the portal's sign-in, coming back to the admin afterwards
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_page_sends_people_to_the_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/schools/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=/admin/schools/" in response["Location"].replace("%2F", "/")


def test_twenty_five_wrong_admin_passwords_are_throttled(client):
    # Given an admin whose password is guessed 25 times, wherever the guesses go
    admin_user = _staff()
    for attempt in range(25):
        client.post("/admin/login/", _credentials(admin_user, f"wrong-{attempt}"))
        client.post(LOGIN, {"login": admin_user.email, "password": f"wrong-{attempt}"})
    # When the right password is then tried at the admin's login and the portal's
    client.post("/admin/login/", _credentials(admin_user))
    assert "_auth_user_id" not in client.session
    response = client.post(LOGIN, {"login": admin_user.email, "password": PASSWORD})
    # Then it is refused, and nobody is signed in
    assert response.status_code in {200, 429}
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_with_totp_must_give_the_code(client):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # Given an admin with two-factor sign-in on
    admin_user = _staff()
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    # When they give their email and password to the admin's login
    client.post("/admin/login/", _credentials(admin_user))
    # Then they are not signed in
    assert "_auth_user_id" not in client.session
    # And the portal's sign-in asks for the code before letting them in
    response = client.post(LOGIN, {"login": admin_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(admin_user.pk)
    assert client.get("/admin/").status_code == 200


def _admin_paths():
    """Every admin URL, with a made-up value for each of its arguments."""
    import re

    paths = []
    for route in all_routes():
        if not route.route.startswith("admin/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", "1", route.route)
        path = re.sub(r"\(\?P<app_label>[^)]*\)", "schools", path)
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
        path = path.lstrip("^").rstrip("$")
        paths.append("/" + path)
    return sorted(set(paths))


def test_the_walk_covers_the_admin_login_and_every_model_page():
    paths = _admin_paths()
    assert "/admin/login/" in paths
    assert "/admin/schools/school/1/change/" in paths
    assert len(paths) > 30


@pytest.mark.parametrize("path", _admin_paths())
def test_no_admin_path_signs_anyone_in_without_allauth(client, path):
    # Given a staff account with a known password
    admin_user = _staff()
    # When its credentials are posted to an admin URL by someone not signed in
    response = client.post(path, _credentials(admin_user))
    # Then nobody is signed in, and the admin is still closed
    assert response.status_code != 500
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
