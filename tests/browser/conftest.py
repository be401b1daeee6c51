"""Real-browser journeys: Playwright driving Debian's Chromium against a live server.

The harness (see docs/quality.md):
- `live_server` (pytest-django) with the demo data in a transactional database:
  `seed_demo` runs once per session, and every test starts from a fresh copy of
  what it made (`tests/browser/snapshot.py`); the database is emptied after each. The live server serves `static/`
  (including `static/dist`, built by `make assets`) through Django's
  StaticFilesHandler, so pages look and behave as in production.
- `page` (pytest-playwright) in Chromium from `/usr/bin/chromium`, never a download;
  a test fails if the browser reports a JavaScript error, a CSP violation or a 5xx.
- helpers in `tests/browser/helpers.py`: `login(page, email)`, `axe_check(page)`,
  `screenshot(page, name)`, `visit(page, path)` (goto + status + axe), `live_url`.

Every test in this folder is marked `browser` (`make e2e` runs them).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import helpers
from tests.browser.helpers import axe_check, login, screenshot, visit  # noqa: F401
from tests.browser.snapshot import DemoSnapshot

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM
# calls from such a thread unless told this is deliberate. Test processes only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a browser journey (`-m browser`)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium with its network chatter turned off (see TOOLING.md)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium`.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
    }


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a MEDIA_URL it can live with.

    Uploads are never served from a URL, so settings.MEDIA_URL is None; Django's live
    server wraps the site in a media handler that reads MEDIA_URL once, when the
    server starts, and needs a string. It gets a prefix no page links to, for that
    moment only: the setting is back to None before any test runs, so no test (in
    this folder or after it) sees a changed MEDIA_URL.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(MEDIA_URL="/__uploads-are-never-served-by-url__/"):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` run once for the whole browser session (journal compile and all).

    Its rows are copied aside and the database is emptied again, so the tests that
    follow still start from an empty database; its uploads stay in a media folder
    of the session, copied for each journey.
    """
    from django.core.management import call_command
    from django.test import override_settings

    from partnership.celery import app as celery_app

    media = tmp_path_factory.mktemp("demo-media")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media, CELERY_TASK_ALWAYS_EAGER=True),
        ):
            try:
                with open(os.devnull, "w") as devnull:
                    call_command("seed_demo", stdout=devnull)
                demo = DemoSnapshot().take()
            finally:
                # Empty again even when seeding failed: later tests expect it.
                call_command("flush", interactive=False, verbosity=0)
    finally:
        celery_app.conf.task_always_eager = eager
    yield demo, media
    with django_db_blocker.unblock():
        demo.drop()


@pytest.fixture
def demo_data(seeded_demo, transactional_db, live_server, settings, tmp_path):
    """The demo partnership, its schools and the known logins, seen by the server.

    Each journey gets the freshly seeded demo (restored from the session's copy,
    so it may change anything) and its own copy of the demo's uploads.
    """
    demo, media = seeded_demo
    demo.restore()
    settings.MEDIA_ROOT = shutil.copytree(media, tmp_path / "demo-media")
    helpers.LIVE["url"] = live_server.url
    yield live_server
    helpers.LIVE["url"] = ""


@pytest.fixture
def url(demo_data):
    """url("/schools/") -> the absolute URL on the live server."""
    return helpers.live_url


@pytest.fixture
def page(page, demo_data):
    """A fresh browser page with the demo data behind it.

    The test fails if the browser saw a JavaScript error, a Content Security Policy
    violation or a server error (5xx) on any request.
    """
    page.set_default_timeout(15_000)
    problems: list[str] = []

    def on_response(response):
        if response.status >= 500:
            problems.append(f"{response.status} from {response.url}")

    def on_console(message):
        if message.type == "error" and (
            "Content Security Policy" in message.text or "Refused to" in message.text
        ):
            problems.append(f"console: {message.text}")

    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
    page.on("response", on_response)
    page.on("console", on_console)
    yield page
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)
