"""Real-browser journeys: Playwright driving Debian's Chromium against a live server.

The harness (see docs/quality.md):
- `live_server` (pytest-django) with the demo data loaded by `seed_demo` in a
  transactional database, emptied after each test. The live server serves `static/`
  (including `static/dist`, built by `make assets`) through Django's
  StaticFilesHandler, so pages look and behave as in production.
- `page` (pytest-playwright) in Chromium from `/usr/bin/chromium`, never a download;
  a test fails if the browser reports a JavaScript error, a CSP violation or a 5xx.
- helpers in `tests/browser/helpers.py`: `login(page, email)`, `axe_check(page)`,
  `screenshot(page, name)`, `visit(page, path)` (goto + status + axe), `live_url`.

Every test in this folder is marked `browser` (`make e2e` runs them).
"""

import os
from pathlib import Path

import pytest

from tests.browser import helpers
from tests.browser.helpers import axe_check, login, screenshot, visit  # noqa: F401

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


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_live_server():
    """Uploads are never served from a URL, so settings.MEDIA_URL is None; Django's
    live server wraps the site in a media handler that needs a string. Give it a
    prefix no page links to (session-scoped: set before the live server starts)."""
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = "/__uploads-are-never-served-by-url__/"
    yield
    settings.MEDIA_URL = previous


@pytest.fixture
def demo_data(transactional_db, live_server):
    """The demo partnership, its schools and the known logins, seen by the server."""
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
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
