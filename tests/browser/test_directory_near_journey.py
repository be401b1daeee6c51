"""Near any postcode or place, with a map; and a saved search that emails a head
when a matching recommendation is published (issue 16)."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import axe_check, demo_password, login, logout, visit

HEAD = "head@riverside-primary.example"
# Tiles from the live server itself (same origin, so the CSP needs nothing more):
# the markers must be drawn whatever the tiles are.
LOCAL_TILES = "/static/dist/leaflet/images/layers.png?{z}/{x}/{y}"


def _search(page, near: str, miles: str = "3") -> None:
    page.get_by_label("Near", exact=True).fill(near)
    page.get_by_label("Within").select_option(miles)
    page.get_by_role("button", name="Apply").click()


def _list_and_map(page) -> list[str]:
    """The schools in the list, checked to be the map's markers in the same order."""
    listed = page.locator("#directory-results > li").evaluate_all(
        "items => items.map(li => li.dataset.school)"
    )
    mapped = page.evaluate(
        "JSON.parse(document.getElementById('directory-map-data').textContent)"
        ".markers.map(m => m.school)"
    )
    assert listed
    assert mapped == listed
    expect(page.locator("#directory-map")).to_be_visible()
    expect(page.locator("path.portal-map-marker")).to_have_count(len(listed))
    expect(page.locator("path.portal-map-origin")).to_have_count(1)
    distances = [
        float(d)
        for d in re.findall(r"([\d.]+) miles away", page.locator("main").inner_text())
    ]
    assert len(distances) == len(listed)
    assert distances == sorted(distances)
    return listed


def test_visitor_searches_near_a_postcode_and_a_place_on_a_list_and_a_map(
    page, settings
):
    settings.MAP_TILE_URL = LOCAL_TILES
    visit(page, "/directory/")

    # An unknown postcode is reported, and the search is not narrowed
    _search(page, "ZZ9 9ZZ")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "We do not know the postcode ZZ9 9ZZ"
    )
    axe_check(page)

    # A terminated postcode says so
    _search(page, "SE1 6ZZ")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The postcode SE1 6ZZ is no longer in use"
    )

    # An outward code searches around its centre, nearest first, list and map alike
    _search(page, "SE1", "5")
    expect(page.locator("main")).to_contain_text("Within 5 miles of SE1")
    axe_check(page)
    by_area = _list_and_map(page)

    # A full postcode does the same from that postcode
    _search(page, "se1 7pb", "5")
    expect(page.locator("main")).to_contain_text("Within 5 miles of SE1 7PB")
    axe_check(page)
    by_postcode = _list_and_map(page)
    assert set(by_postcode) & set(by_area)


def test_a_head_saves_a_search_and_hears_when_a_match_is_published(page):
    from partnership.models import Notification
    from schools.directory.models import Recommendation
    from schools.models import User

    draft = Recommendation.objects.filter(status="draft").first()
    assert draft is not None, "the demo has a draft recommendation"
    head = User.objects.get(email=HEAD)

    # A signed-in head saves "everything within 10 miles of SE1 7PB"
    login(page, HEAD)
    visit(page, "/directory/?near=SE1+7PB&miles=10")
    page.get_by_label("Name this search (optional)").fill("Near the office")
    page.get_by_role("button", name="Save this search").click()
    expect(page.locator("main")).to_contain_text("Search saved: “Near the office”")
    expect(page.get_by_role("link", name="Near the office", exact=True)).to_be_visible()
    axe_check(page)
    logout(page)

    # An officer publishes the draft
    officer = (
        User.objects.filter(officer_of__slug="riverside-learning-partnership")
        .order_by("pk")
        .first()
    )
    login(page, officer.email, password=demo_password())
    visit(page, draft.get_absolute_url())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).not_to_contain_text("the public cannot see it")

    # The head is told, through the outbox, once
    told = Notification.objects.filter(
        recipient=head, event_key__startswith="saved-search:"
    )
    assert told.count() == 1
    assert draft.title in told.get().subject
