""" "Near" any postcode, outward code or school, with distances worked out in the
database."""

import datetime
import re

import pytest

from schools.models import OutwardCode, Postcode
from tests.directory.factories import RecommendationFactory
from tests.factories import SchoolFactory

URL = "/directory/"


def titles(response) -> list[str]:
    return [rec.title for rec in response.context["results"].page.object_list]


@pytest.fixture
def places(db):
    """Three postcodes north of a point; schools 0.7, 1.3 and 6.9 miles from it."""
    Postcode.objects.create(
        postcode="SE1 7PB", outward_code="SE1", latitude=51.5, longitude=-0.1
    )
    Postcode.objects.create(
        postcode="SE1 6ZZ",
        outward_code="SE1",
        latitude=51.49,
        longitude=-0.1,
        terminated=datetime.date(2012, 5, 1),
    )
    OutwardCode.objects.create(code="SE1", latitude=51.5, longitude=-0.1, postcodes=1)
    for name, lat, lon in (
        ("Near School", 51.51, -0.1),
        ("East School", 51.5, -0.07),
        ("Far School", 51.6, -0.1),
    ):
        RecommendationFactory(
            title=f"At {name}",
            school=SchoolFactory(name=name, latitude=lat, longitude=lon),
        )


def test_any_full_postcode_is_a_place_to_search_near(client, places):
    response = client.get(f"{URL}?near=se17pb&miles=5")
    assert titles(response) == ["At Near School", "At East School"]
    html = response.content.decode()
    assert re.findall(r"<strong>([\d.]+) miles away</strong>", html) == ["0.7", "1.3"]
    assert "Within 5 miles of <strong>SE1 7PB</strong>" in html


def test_an_outward_code_searches_near_its_centre(client, places):
    response = client.get(f"{URL}?near=SE1&miles=10")
    assert titles(response) == ["At Near School", "At East School", "At Far School"]
    assert "Within 10 miles of <strong>SE1</strong>" in response.content.decode()


def test_an_unknown_postcode_is_reported_and_nothing_is_filtered_by_distance(
    client, places
):
    response = client.get(f"{URL}?near=ZZ9+9ZZ")
    html = response.content.decode()
    assert "We do not know the postcode ZZ9 9ZZ" in html
    assert response.context["results"].origin is None
    assert len(titles(response)) == 3


def test_a_terminated_postcode_says_when_it_ended(client, places):
    html = client.get(f"{URL}?near=SE1+6ZZ").content.decode()
    assert (
        "The postcode SE1 6ZZ is no longer in use (the Royal Mail terminated it in "
        "May 2012)"
    ) in html


def test_a_school_by_name_still_works_beside_postcodes(client, places):
    response = client.get(f"{URL}?near=Near+School&miles=1")
    origin = response.context["results"].origin
    assert origin.school.name == "Near School"
    assert titles(response) == ["At Near School"]


def test_a_place_with_nothing_near_it_counts_no_facets(client, places):
    Postcode.objects.create(
        postcode="M1 1AE", outward_code="M1", latitude=53.48, longitude=-2.24
    )
    response = client.get(f"{URL}?near=M1+1AE&miles=5&subject=")
    assert response.status_code == 200
    assert titles(response) == []
    assert "No published recommendations match" in response.content.decode()


def test_near_a_place_each_facet_counts_with_the_other_filters_only(client, places):
    """Filtered to one phase, the phase facet still counts the other phases within
    the distance, so a person can widen the search; the far school is not counted."""
    from schools.models import School

    for name, phase in (
        ("East School", School.Phase.SECONDARY),
        ("Near School", School.Phase.PRIMARY),
        ("Far School", School.Phase.SECONDARY),
    ):
        school = School.objects.get(name=name)
        school.phase = phase
        school.save()
    response = client.get(f"{URL}?near=SE1+7PB&miles=5&phase=primary")
    assert titles(response) == ["At Near School"]
    counts = {o.value: o.count for o in response.context["results"].facets["phase"]}
    assert counts == {"primary": 1, "secondary": 1}
    assert response.context["results"].total == 1
