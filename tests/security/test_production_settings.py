"""Production settings: `check --deploy` is clean and every response is hardened."""

import pytest

from tests.security.production import fetch, manage, production_env


@pytest.fixture(scope="module")
def prod_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(tmp, STATIC_NO_MANIFEST="1")
    migrated = manage(env, "migrate", "--noinput", timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_check_deploy_prints_no_warnings(tmp_path):
    # Given the environment the README gives for production
    env = production_env(tmp_path)
    # When Django's deployment checklist runs
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    # Then it finds nothing at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_seed_demo_logins(tmp_path):
    result = manage(production_env(tmp_path), "seed_demo")
    assert result.returncode != 0
    assert "never created with production settings" in result.stderr


def test_plain_http_is_redirected_to_https(prod_env):
    [response] = fetch(prod_env, [("/accounts/login/", False)])
    assert response["status"] == 301
    assert response["headers"]["Location"].startswith("https://portal.example/")


def test_secure_responses_carry_hsts_and_the_hardening_headers(prod_env):
    # Given production settings, when a page is fetched over HTTPS
    responses = fetch(prod_env, [("/accounts/login/", True), ("/", True)])
    for response in responses:
        assert response["status"] == 200, response
        headers = response["headers"]
        # Then HSTS covers a year, subdomains, and allows preloading
        hsts = headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts
        assert "includeSubDomains" in hsts
        assert "preload" in hsts
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


def test_cookies_are_secure_and_http_only_in_production(prod_env):
    [response] = fetch(prod_env, [("/accounts/login/", True)])
    cookies = response["cookies"]
    assert "csrftoken" in cookies, cookies
    for name, flags in cookies.items():
        assert flags["secure"], f"{name} cookie is not Secure"
        assert flags["samesite"] in {"Lax", "Strict"}, f"{name}: {flags['samesite']}"
    # The session cookie is set at sign-in; its flags come from the same settings.
    check = manage(
        prod_env,
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE)",
    )
    assert check.stdout.splitlines()[-1].split() == ["True", "True", "True"], (
        check.stderr
    )


_COLLECT = """
import sys
import django
django.setup()
from django.conf import settings
settings.STATIC_ROOT = sys.argv[1]
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
print("COLLECTED")
"""


def test_static_files_collect_with_the_production_manifest_storage(tmp_path):
    # Given production settings (compressed manifest storage), when the static files
    # are collected as the Dockerfile does, then every file the CSS refers to exists
    import subprocess
    import sys

    from tests.security.production import ROOT

    result = subprocess.run(
        [sys.executable, "-c", _COLLECT, str(tmp_path / "static")],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "COLLECTED" in result.stdout, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
