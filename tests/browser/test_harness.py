"""The harness itself: axe really fails on a serious problem, and Chromium obeys CSP."""

import pytest

from tests.browser.helpers import axe_check, live_url


def test_axe_check_fails_on_an_image_without_alt_text(page):
    # Given a page with an unlabelled image and an unlabelled input (critical issues)
    page.goto(live_url("/"))
    page.set_content(
        "<html lang='en'><head><title>t</title></head><body><main>"
        "<img src='/static/dist/assets/images/favicon.png'><input type='text'>"
        "</main></body></html>"
    )
    # When axe runs, then the check fails and names the rules
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)


def test_the_live_server_serves_the_built_stylesheet(page):
    # Given the home page, when it loads, then its stylesheet arrived from static/dist
    stylesheets = []
    page.on(
        "response",
        lambda r: stylesheets.append(r.status) if r.url.endswith("portal.css") else 0,
    )
    page.goto(live_url("/"))
    page.wait_for_load_state("networkidle")
    assert stylesheets == [200]
