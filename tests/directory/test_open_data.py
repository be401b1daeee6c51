"""Open data with proper types, a licence and a schema published beside the files."""

import csv
import io
import json

import jsonschema
import pytest
from django.urls import reverse

from schools.directory.models import Recommendation, SupportOffer
from tests.directory.factories import OfferFactory, RecommendationFactory
from tests.factories import SchoolFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def published(db):
    school = SchoolFactory(
        urn=100816, local_authority="Southwark", latitude=51.49, longitude=-0.06
    )
    rich = RecommendationFactory(
        title="Oracy across the curriculum",
        school=school,
        subject=SubjectFactory(name="English", slug="english"),
        level=Recommendation.Level.DEPARTMENT,
    )
    OfferFactory(recommendation=rich, kind=SupportOffer.Kind.TRAINING, cost=200)
    OfferFactory(recommendation=rich, kind=SupportOffer.Kind.JOINT_PLANNING, cost=0)
    plain = RecommendationFactory(
        title="Whole-school reading",
        school=SchoolFactory(
            local_authority="", phase="", latitude=None, longitude=None
        ),
    )
    RecommendationFactory(title="Not yet", status=Recommendation.Status.DRAFT)
    return rich, plain


def test_the_json_download_validates_against_its_published_schema(client, published):
    data = json.loads(_body(client.get(reverse("directory:data_json"))))
    schema_response = client.get(data["schema"])
    assert schema_response.status_code == 200
    schema = schema_response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert len(data["recommendations"]) == 2


def test_json_values_have_proper_types(client, published):
    data = json.loads(_body(client.get(reverse("directory:data_json"))))
    rows = {r["title"]: r for r in data["recommendations"]}
    rich, plain = rows["Oracy across the curriculum"], rows["Whole-school reading"]
    assert rich["support_kinds"] == ["joint-planning", "training"]
    assert rich["school_urn"] == 100816
    assert rich["latitude"] == 51.49
    assert rich["free_support"] is True
    assert rich["recommended_on"][4] == "-"
    assert plain["support_kinds"] == []
    assert plain["subject"] is None
    assert plain["latitude"] is None
    assert plain["local_authority"] is None
    assert data["licence"]["title"] == "Open Government Licence v3.0"


def test_csv_and_json_carry_the_same_rows(client, published):
    data = json.loads(_body(client.get(reverse("directory:data_json"))))
    text = _body(client.get(reverse("directory:data_csv"))).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["slug"] for r in rows] == [r["slug"] for r in data["recommendations"]]
    assert list(rows[0]) == list(data["recommendations"][0])
    for row, item in zip(rows, data["recommendations"], strict=True):
        assert row["support_kinds"] == "; ".join(item["support_kinds"])
        assert row["school_urn"] == str(item["school_urn"])
        assert row["free_support"] == ("true" if item["free_support"] else "false")
        assert row["review_on"] == (item["review_on"] or "")
        assert row["subject"] == (item["subject"] or "")


def test_the_data_package_describes_the_csv_columns_and_the_licence(client, published):
    package = client.get(reverse("directory:data_package")).json()
    csv_resource = package["resources"][0]
    header = _body(client.get(reverse("directory:data_csv"))).decode().splitlines()[0]
    assert [f["name"] for f in csv_resource["schema"]["fields"]] == header.split(",")
    types = {f["name"]: f["type"] for f in csv_resource["schema"]["fields"]}
    assert types["school_urn"] == "integer"
    assert types["recommended_on"] == "date"
    assert types["free_support"] == "boolean"
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert 'rel="describedby"' in client.get(reverse("directory:data_csv"))["Link"]
