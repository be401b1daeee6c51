"""The map beside the results: off unless a tile server is configured, data passed
through json_script (no inline script), the list stays the complete view."""

import json
import re

import pytest

from partnership.settings import _tile_origin
from schools.models import Postcode
from tests.directory.factories import RecommendationFactory
from tests.factories import SchoolFactory

URL = "/directory/"
TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def nearby(db):
    Postcode.objects.create(
        postcode="SE1 7PB", outward_code="SE1", latitude=51.5, longitude=-0.1
    )
    for name, lat in (("Far School", 51.52), ("Near School", 51.505)):
        RecommendationFactory(
            title=f"At {name}",
            school=SchoolFactory(name=name, latitude=lat, longitude=-0.1),
        )


def test_there_is_no_map_without_a_tile_server(client, nearby):
    html = client.get(f"{URL}?near=SE1+7PB").content.decode()
    assert "directory-map" not in html
    assert "leaflet" not in html
    assert "At Near School" in html


def test_the_map_marks_the_same_results_as_the_list_in_order(client, nearby, settings):
    settings.MAP_TILE_URL = TILES
    html = client.get(f"{URL}?near=SE1+7PB").content.decode()
    found = re.search(
        r'<script id="directory-map-data" type="application/json">(.*?)</script>',
        html,
    )
    data = json.loads(found.group(1))
    assert [m["school"] for m in data["markers"]] == ["Near School", "Far School"]
    assert data["markers"][0]["distance"] == 0.3
    assert data["origin"] == {"label": "SE1 7PB", "lat": 51.5, "lon": -0.1}
    assert data["tiles"] == TILES
    assert re.findall(r'data-school="([^"]+)"', html) == ["Near School", "Far School"]
    # Scripts are files; none is inline.
    assert not re.search(
        r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html
    )


def test_the_tile_host_joins_img_src_only_when_configured():
    assert _tile_origin("") == []
    assert _tile_origin(TILES) == ["https://*.tiles.example.org"]
    assert _tile_origin("http://127.0.0.1:8000/tiles/{z}/{x}/{y}.png") == [
        "http://127.0.0.1:8000"
    ]
