"""Every page is sent with a Content Security Policy and the browser hardening headers."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/schools/", "/partnerships/", "/accounts/login/", "/dashboard/"]
SIGNED_IN = {"/dashboard/"}


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_csp_without_inline_script_and_the_hardening_headers(
    path, client, teacher
):
    # Given a visitor (or a signed-in teacher for their pages), when they open a page
    if path in SIGNED_IN:
        client.force_login(teacher)
    response = client.get(path)
    assert response.status_code == 200
    # Then the CSP allows scripts and styles from the site only
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] or (
        "'unsafe-inline'" not in csp["script-src"]
        and "'unsafe-eval'" not in csp["script-src"]
        and "*" not in csp["script-src"]
    ), csp["script-src"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PAGES[:4])
def test_pages_have_no_inline_script_or_style_attribute(path, client, school):
    # The CSP would block them in the browser; catch them before it does.
    html = client.get(path).content.decode()
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag
    ]
    assert not inline_scripts, inline_scripts
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=\s*['\"]", html), "inline event handler"
