"""Helpers for browser journeys: sign in, accessibility check, screenshots.

Import them in a journey with `from tests.browser.helpers import ...`; the fixtures
(`page`, `url`, `demo_data`) live in `tests/browser/conftest.py`.
"""

import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Set by the `demo_data` fixture: the live server's address for this test.
LIVE = {"url": ""}


def live_url(path: str = "/") -> str:
    assert LIVE["url"], "No live server: use the `demo_data` (or `url`) fixture."
    return LIVE["url"] + path


def demo_password() -> str:
    from partnership.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def login(page, email: str, *, password: str | None = None) -> None:
    """Sign in through the real sign-in form as a demo login (partnership.demo)."""
    from partnership.demo import LOGINS

    known = {row[1] for row in LOGINS}
    assert password or email in known, f"{email} is not a demo login: {known}"
    page.goto(live_url("/accounts/login/"))
    axe_check(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or demo_password())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, (
        f"Signing in as {email} failed:\n{page.locator('main').inner_text()[:800]}"
    )


def logout(page) -> None:
    page.goto(live_url("/accounts/logout/"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found serious or critical problems on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:200]}")
    return "\n".join(lines)


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n;true"


def axe_check(page) -> list[dict]:
    """Run axe-core in the page; fail on serious or critical WCAG 2.2 AA violations.

    Returns every violation found (minor and moderate too) for a closer look.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci`.")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not a <script> tag: the page's
        # Content Security Policy stays enforced (and would refuse an inline tag).
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html})),
            }));
        }""",
        WCAG_TAGS,
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, _format_violations(page.url, blocking)
    return violations


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as test-results/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def visit(page, path: str, *, status: int = 200):
    """Open a page of the live server, check its status and run axe on it."""
    response = page.goto(live_url(path) if path.startswith("/") else path)
    assert response is not None, f"No response for {path}"
    assert response.status == status, f"{path} answered {response.status}"
    axe_check(page)
    return response
