"""axe on every page a person can open without an object in its address, as each
kind of user, plus the object pages of the foundation.

The list of pages comes from Django's URL resolver (as the security URL walker's
does), so a part's new pages are checked as soon as they are mounted.
"""

import pytest

from tests.browser.helpers import axe_check, live_url, login, logout
from tests.security.walker import plain_routes

SKIP = {
    "healthz",  # JSON
    "bench_floor",  # off outside the benchmark
    "bench_floor_signed_in",  # off outside the benchmark
    "account_logout",  # signs the person out
    "mfa_download_recovery_codes",  # a text download
}
SKIP_PREFIXES = ("admin:",)


def _pages() -> list[str]:
    return [
        "/" + route.route
        for route in plain_routes()
        if route.name not in SKIP
        and not route.name.startswith(SKIP_PREFIXES)
        and "feed" not in route.name
    ]


def _sweep(page, extra: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for path in [*_pages(), *extra]:
        # Ask first (with the page's cookies): a 405 with no body is no page to check
        probe = page.request.get(live_url(path), max_redirects=0)
        status = probe.status
        seen[path] = status
        assert status < 500, f"{path} answered {status}"
        content_type = probe.headers.get("content-type") or ""
        if status == 200 and content_type.startswith("text/html"):
            response = page.goto(live_url(path))
            assert response is not None, path
            assert response.status == 200, path
            axe_check(page)
    return seen


@pytest.mark.parametrize(
    "email",
    [
        None,
        "teacher@riverside-primary.example",
        "head@riverside-primary.example",
        "officer@riverside.gov.example",
    ],
    ids=["visitor", "teacher", "headteacher", "officer"],
)
def test_every_page_passes_axe(page, email):
    from partnership.models import Partnership
    from schools.models import School

    school = School.objects.get(name="Riverside Primary School")
    partnership = Partnership.objects.get(name="Riverside Learning Partnership")
    extra = [school.get_absolute_url(), f"/partnerships/{partnership.slug}/"]
    if email:
        login(page, email)
    if email == "head@riverside-primary.example":
        extra += [f"/schools/{school.urn}/edit/", f"/schools/{school.urn}/staff/"]
    seen = _sweep(page, extra)
    assert sum(1 for status in seen.values() if status == 200) >= 8, seen
    if email:
        logout(page)
