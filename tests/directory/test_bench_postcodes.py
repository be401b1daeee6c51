"""The national-scale postcode seeder for `make bench`."""

import pytest

from schools.directory import bench
from schools.models import OutwardCode, Postcode
from tests.directory.factories import RecommendationFactory
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_seeder_makes_postcodes_at_schools_and_is_idempotent(client):
    RecommendationFactory(
        title="Found", school=SchoolFactory(latitude=52.2, longitude=-1.5)
    )
    first = bench.seed(scale=0.01)
    assert first["postcodes"] == 1200
    assert bench.seed(scale=0.01)["postcodes"] == 1200
    assert OutwardCode.objects.exists()
    place = Postcode.objects.get(postcode=first["sample_postcode"])
    assert (place.latitude, place.longitude) == (52.2, -1.5)
    name, url = first["pages"][0]
    assert name == "directory near a postcode"
    response = client.get(url)
    assert [r.title for r in response.context["results"].page.object_list] == ["Found"]
