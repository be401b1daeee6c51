"""Filters people expect from GIAS, and every GET parameter is validated: odd
values give a message, never a 500, and never a new cache key."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from schools.models import School
from tests.directory.factories import RecommendationFactory
from tests.factories import SchoolFactory

URL = "/directory/"
pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return sorted(rec.title for rec in response.context["results"].page.object_list)


def options(response, name) -> dict[str, int]:
    return {o.value: o.count for o in response.context["results"].facets[name]}


@pytest.fixture
def gias(db):
    today = timezone.localdate()
    catholic = SchoolFactory(
        name="St Mary's",
        phase=School.Phase.PRIMARY,
        type="Voluntary aided school",
        religious_character="Roman Catholic",
        gender="Mixed",
        ofsted_rating="Outstanding",
        ofsted_date=today - datetime.timedelta(days=200),
        statutory_low_age=4,
        statutory_high_age=11,
    )
    girls = SchoolFactory(
        name="Hill Girls",
        phase=School.Phase.SECONDARY,
        type="Academy converter",
        religious_character="None",
        gender="Girls",
        ofsted_rating="Good",
        ofsted_date=today - datetime.timedelta(days=365 * 4),
        statutory_low_age=11,
        statutory_high_age=18,
    )
    RecommendationFactory(title="Catholic primary", school=catholic)
    RecommendationFactory(title="Girls secondary", school=girls)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=Academy+converter", ["Girls secondary"]),
        ("ofsted=Outstanding", ["Catholic primary"]),
        ("religion=Roman+Catholic", ["Catholic primary"]),
        ("gender=Girls", ["Girls secondary"]),
        ("age=5", ["Catholic primary"]),
        ("age=11", ["Catholic primary", "Girls secondary"]),
        ("inspected=1", ["Catholic primary"]),
        ("inspected=5", ["Catholic primary", "Girls secondary"]),
    ],
)
def test_each_gias_filter_keeps_only_matching_schools(client, gias, query, expected):
    response = client.get(f"{URL}?near=&{query}")
    assert titles(response) == expected
    assert not response.context["results"].messages


def test_gias_facets_count_what_the_data_holds(client, gias):
    response = client.get(f"{URL}?near=&gender=Girls")
    assert options(response, "gender") == {"Girls": 1, "Mixed": 1}
    assert options(response, "ofsted") == {"Good": 1}
    assert options(response, "religion") == {"None": 1}


def test_not_applicable_is_no_phase_option_unless_a_school_has_it(client, gias):
    assert "not-applicable" not in options(client.get(f"{URL}?near="), "phase")
    RecommendationFactory(
        school=SchoolFactory(phase=School.Phase.NOT_APPLICABLE), title="PRU"
    )
    assert options(client.get(f"{URL}?near="), "phase")["not-applicable"] == 1


PARAMETERS = [
    "q", "near", "miles", "subject", "phase", "organisation", "support", "cost",
    "la", "type", "ofsted", "religion", "gender", "inspected", "age", "page",
]  # fmt: skip
ODD_VALUES = ["%C2%B2", "%00", "x" * 5000, "-1", "1e309", "NaN", "%FF%FE", "' OR 1=1"]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_every_get_parameter_of_the_search_survives_odd_values(client, gias, value):
    for name in PARAMETERS:
        response = client.get(f"{URL}?{name}={value}")
        assert response.status_code == 200, (name, value)
        if name not in ("page", "q"):
            results = response.context["results"]
            shown = " ".join(message for _, message in results.messages)
            assert shown or results.total == 2, (name, value)


def test_made_up_parameters_make_no_new_cache_key(client, gias):
    cache.clear()
    client.get(f"{URL}?near=&phase=primary")
    client.get(f"{URL}?near=")  # an unknown value is dropped: the search without it
    keys_before = _keys()
    # The directory version, the two searches, and the subjects' names with the
    # content version of the schools part they are kept under.
    assert len(keys_before) == 5
    for n in range(5):
        client.get(f"{URL}?near=&phase=primary&utm_source={n}&made_up{n}=x")
        client.get(f"{URL}?near=&phase=primary&phase=nonsense{n}")
        client.get(f"{URL}?near=&age=%C2%B2&miles={n}x&inspected=7")
    assert _keys() == keys_before


def _keys() -> set:
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):
        return set(backend)
    client = cache._cache.get_client()
    return set(client.keys("*"))


def test_editing_a_draft_keeps_the_cached_counts_publishing_drops_them(
    client, gias, site_admin
):
    from schools.directory import services
    from schools.directory.cache import directory_version
    from schools.directory.models import Recommendation

    draft = RecommendationFactory(title="Draft", status=Recommendation.Status.DRAFT)
    client.get(f"{URL}?near=")
    version = directory_version()
    services.recommendation_update(
        recommendation=draft, updated_by=site_admin, data={"title": "Draft, edited"}
    )
    services.case_study_add(
        recommendation=draft, added_by=site_admin, title="Study", body="Text"
    )
    assert directory_version() == version
    services.recommendation_moderate(
        recommendation=draft, to_status="published", moderated_by=site_admin
    )
    assert directory_version() != version
    assert client.get(f"{URL}?near=").context["results"].total == 3


def test_a_new_local_authority_can_be_chosen_at_once_and_the_list_is_read_once(
    client, gias
):
    """The local authorities offered come from the schools, read once per change to
    them: a second search lists them from the cache, and a school in a new local
    authority is a valid choice on the next search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"{URL}?near=&la=Riverside")
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"{URL}?near=&la=Riverside")
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"]]
    assert "There is no local authority" in client.get(
        f"{URL}?near=&la=Northfield"
    ).content.decode("utf-8").replace("“Northfield”", "")
    RecommendationFactory(
        title="Northfield practice",
        school=SchoolFactory(name="North Academy", local_authority="Northfield"),
    )
    response = client.get(f"{URL}?near=&la=Northfield")
    assert "There is no local authority" not in response.content.decode()
    assert titles(response) == ["Northfield practice"]
