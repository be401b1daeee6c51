"""The benchmark's floor page is off unless BENCH_FLOOR is set, and costs no query."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_floor_page_is_not_found_by_default(client):
    assert client.get("/bench/floor").status_code == 404


def test_the_floor_page_renders_the_base_template_without_queries(
    client, settings, django_assert_num_queries
):
    settings.BENCH_FLOOR = True
    with django_assert_num_queries(0):
        response = client.get("/bench/floor")
    assert response.status_code == 200
    assert b"govuk-template" in response.content
    assert "Content-Security-Policy" in response


def test_the_signed_in_floor_is_not_found_by_default(client, teacher):
    client.force_login(teacher)
    assert client.get("/bench/floor-signed-in").status_code == 404


def test_the_signed_in_floor_is_not_found_for_a_visitor(client, settings):
    settings.BENCH_FLOOR = True
    assert client.get("/bench/floor-signed-in").status_code == 404


def test_the_signed_in_floor_renders_the_base_template_for_a_signed_in_person(
    client, settings, teacher
):
    settings.BENCH_FLOOR = True
    client.force_login(teacher)
    response = client.get("/bench/floor-signed-in")
    assert response.status_code == 200
    assert "Sign out" in response.content.decode()
