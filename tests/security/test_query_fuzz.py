"""Every GET parameter of every public page goes through a form or filter field:
odd values (Unicode digits, NUL, over-long, malformed) never give a 500.

The parameters come from the page itself (every field of its GET forms) plus a fixed
set of common names, so a new list or a new filter is fuzzed without listing it."""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from tests.security.walker import plain_routes

pytestmark = pytest.mark.django_db

COMMON = (
    "q", "page", "school", "subject", "phase", "near", "year", "tag", "status",
    "sort", "order", "kind", "type", "region", "edition", "section", "cost", "la",
    "urn", "partnership", "author", "distance", "format", "next",
)  # fmt: skip
ODD_VALUES = (
    "\u00b2",  # superscript two: str.isdigit() is true, int() refuses it
    "\u0663",  # Arabic-Indic three
    "\x00",
    "a\x00b",
    "x" * 5000,
    "9" * 40,
    "-1",
    "0",
    "1e308",
    "NaN",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    " ",
    "[]",
)
RAW_VALUES = ("%C2", "%FF%FE", "%ED%A0%80", "%00%00")  # malformed UTF-8 and NULs


class _GetFormFields(HTMLParser):
    """Names of the fields of every <form method="get"> on a page."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif (
            self._in_get_form
            and tag in {"input", "select", "textarea"}
            and attrs.get("name")
            and attrs.get("type") not in {"submit", "hidden"}
        ):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _public_pages(client) -> list[str]:
    """Every page without arguments that a visitor may open (200 when not signed in)."""
    pages = []
    for route in plain_routes(ignored_prefixes=("account_", "mfa_")):
        path = "/" + route.route
        if path.startswith("/accounts/") or "<" in path or "(" in path:
            continue
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            pages.append(path)
    return pages


def _parameters(client, path) -> list[str]:
    parser = _GetFormFields()
    parser.feed(client.get(path).content.decode())
    return sorted(parser.names | set(COMMON))


@pytest.fixture
def world(school, other_school, teacher, headteacher):
    return school


def test_the_fuzz_finds_the_public_lists_and_their_filters(client, world):
    pages = _public_pages(client)
    for expected in ("/schools/", "/research/", "/journal/", "/directory/"):
        assert expected in pages
    assert {"q", "phase"} <= set(_parameters(client, "/schools/"))
    assert {"q", "school", "subject", "tag"} <= set(_parameters(client, "/research/"))


def _fuzz(client, path):
    client.raise_request_exception = False  # collect every failure, not the first
    failures = []
    for name in _parameters(client, path):
        queries = [f"{name}={quote(value)}" for value in ODD_VALUES]
        queries += [f"{name}={raw}" for raw in RAW_VALUES]
        queries.append(f"{name}=1&{name}=2&{name}=%C2%B2")
        for query in queries:
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append(f"{path}?{query[:60]} -> {response.status_code}")
    return failures


@pytest.mark.parametrize(
    "path", ["/schools/", "/research/", "/journal/", "/directory/", "/partnerships/"]
)
def test_odd_values_in_every_parameter_of_a_public_list_give_no_500(
    client, world, path
):
    assert _fuzz(client, path) == []


def test_every_other_public_page_survives_odd_parameters_too(client, world):
    named = {"/schools/", "/research/", "/journal/", "/directory/", "/partnerships/"}
    failures = []
    for path in _public_pages(client):
        if path not in named:
            failures += _fuzz(client, path)
    assert failures == []


def test_a_nul_in_the_school_search_is_refused_with_a_message(client, world):
    response = client.get("/schools/?q=%00")
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_unicode_digits_in_the_school_search_are_words_not_urns(client, world):
    response = client.get("/schools/?q=%C2%B2")
    assert response.status_code == 200
    assert re.search(r"0 schools", response.content.decode())
    response = client.get(f"/schools/?q={world.urn}")
    assert world.name in response.content.decode()


def test_unicode_digits_in_the_research_school_filter_give_the_list(client, world):
    response = client.get("/research/?school=%C2%B2")
    assert response.status_code == 200
