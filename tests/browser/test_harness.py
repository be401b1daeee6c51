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


def _rows_per_model() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_each_journey_starts_from_the_freshly_seeded_demo(seeded_demo, demo_data):
    from django.contrib.auth import get_user_model

    from schools.models import School
    from tests.factories import UserFactory

    demo, _media = seeded_demo
    seeded = _rows_per_model()
    schools = list(School.objects.order_by("pk").values_list("pk", "name"))
    last_user = get_user_model().objects.order_by("pk").last().pk
    assert seeded["schools.School"] > 0

    # Given a journey that renames a school and adds a user
    School.objects.filter(pk=schools[0][0]).update(name="Renamed by a journey")
    UserFactory(email="someone.new@example.org")

    # When the harness restores the demo for the next journey
    demo.restore()

    # Then every table holds exactly the seeded rows again
    assert _rows_per_model() == seeded
    assert list(School.objects.order_by("pk").values_list("pk", "name")) == schools
    # And new rows get ids after the seeded ones
    assert UserFactory(email="another.new@example.org").pk > last_user
