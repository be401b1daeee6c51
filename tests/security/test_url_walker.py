"""Every URL that names an object refuses the people who may not see it.

The routes come from Django's resolver, so a new part's URLs are walked as soon as
they are mounted; each must be described in the registry (`url_registry.py`, or a
part's own `tests/<part>/private_urls.py`).
"""

import pytest
from django.urls import reverse

from tests.security import url_registry
from tests.security.url_registry import World
from tests.security.walker import admin_object_routes, object_routes, plain_routes

pytestmark = pytest.mark.django_db

PRIVATE, PUBLIC, SECRET = url_registry.load()
OBJECT_ROUTES = object_routes(url_registry.IGNORED_PREFIXES)
REFUSED = {403, 404}


@pytest.fixture
def world(
    partnership,
    school,
    other_school,
    teacher,
    headteacher,
    other_headteacher,
    officer,
    site_admin,
):
    return World(
        partnership=partnership,
        school=school,
        other_school=other_school,
        teacher=teacher,
        headteacher=headteacher,
        other_headteacher=other_headteacher,
        officer=officer,
        site_admin=site_admin,
    )


def test_every_object_url_is_described_in_the_registry():
    # Given every route with an object in its path, when compared with the
    # registry, then none is missing (a new part adds tests/<part>/private_urls.py)
    described = set(PRIVATE) | set(PUBLIC) | set(SECRET)
    missing = [
        f"{r.name} ({r.route})" for r in OBJECT_ROUTES if r.name not in described
    ]
    assert not missing, (
        "These URLs take an object id but the URL walker does not know how to make "
        "a private object for them; add them to PRIVATE, PUBLIC or SECRET in "
        "tests/<part>/private_urls.py (see tests/security/url_registry.py):\n  "
        + "\n  ".join(missing)
    )
    stale = sorted(described - {r.name for r in OBJECT_ROUTES})
    assert not stale, f"The registry names URLs that no longer exist: {stale}"


def _request(client, method: str, url: str):
    return getattr(client, method)(url, follow=False)


@pytest.mark.parametrize(
    "name", sorted(name for name in PRIVATE if name in {r.name for r in OBJECT_ROUTES})
)
def test_a_private_object_url_refuses_the_wrong_people(name, world, client):
    entry = PRIVATE[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    before = entry.state(world) if entry.state else None

    for method in entry.methods:
        # Given someone who is not signed in, then they are sent to sign in or refused
        client.logout()
        response = _request(client, method, url)
        assert response.status_code in REFUSED | {302, 405}, (
            f"anonymous {method.upper()} {url} answered {response.status_code}"
        )
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]

        # Given each signed-in person who may not see it, then it is 404 (or 403)
        for person_name in entry.refused:
            client.force_login(getattr(world, person_name))
            response = _request(client, method, url)
            assert response.status_code in REFUSED | (
                {405} if method == "get" else set()
            ), f"{person_name} {method.upper()} {url} answered {response.status_code}"

    # And nothing they sent changed the database
    if entry.state:
        assert entry.state(world) == before, f"a refused request changed {name}"


@pytest.mark.parametrize(
    "name", sorted(name for name in PRIVATE if name in {r.name for r in OBJECT_ROUTES})
)
def test_the_registry_object_is_reachable_by_its_owner_side(name, world, client):
    """The walker's objects are real: someone allowed gets past the permission check.

    Without this, a registry entry pointing at a missing object would pass the
    refusal test for the wrong reason (everyone gets 404).
    """
    entry = PRIVATE[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    allowed = [
        p
        for p in ("headteacher", "teacher", "officer", "site_admin")
        if p not in entry.refused
    ]
    codes = {}
    for person_name in allowed:
        client.force_login(getattr(world, person_name))
        method = "get" if "get" in entry.methods else "post"
        codes[person_name] = _request(client, method, url).status_code
    assert any(code not in REFUSED for code in codes.values()), (
        f"nobody could reach {url}: {codes}"
    )


@pytest.mark.parametrize("name", sorted(SECRET))
def test_a_secret_link_with_an_unknown_token_is_not_found(name, client, teacher):
    route = next(r for r in OBJECT_ROUTES if r.name == name)
    kwargs = dict.fromkeys(route.kwargs, "not-a-real-token-0123456789")
    for who in (None, teacher):
        if who:
            client.force_login(who)
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_a_public_object_page_with_an_unknown_id_is_not_found(name, client):
    route = next(r for r in OBJECT_ROUTES if r.name == name)
    values = {"urn": 999999999, "pk": 999999999, "slug": "no-such-thing", "year": 1900}
    kwargs = {k: values.get(k, "no-such-thing") for k in route.kwargs}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize(
    "route",
    plain_routes(url_registry.IGNORED_PREFIXES),
    ids=str,
)
def test_no_page_fails_for_a_visitor(route, client, school):
    # Given a visitor with no account, when they open any page without an object
    # in its path, then it answers without a server error or a leak of a page
    # that needs a sign-in
    response = client.get("/" + route.route)
    assert response.status_code in {200, 301, 302, 403, 404, 405}, (
        f"/{route.route} answered {response.status_code}"
    )
    if response.status_code == 302:
        assert response["Location"].startswith(("/accounts/login/", "/")), response[
            "Location"
        ]


@pytest.mark.parametrize(
    "route", [r for r in admin_object_routes() if r.name.startswith("admin:")], ids=str
)
def test_the_admin_object_pages_are_closed_to_a_headteacher(route, client, headteacher):
    client.force_login(headteacher)
    kwargs = dict.fromkeys(route.kwargs, "1")
    if "app_label" in route.kwargs:
        kwargs["app_label"] = "schools"
    response = client.get(reverse(route.name, kwargs=kwargs))
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
