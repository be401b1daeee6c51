"""The directory's facet index: Redis bitmaps that count every filter of a search
and follow each change to one recommendation, so counts never wait on a recount."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.directory import facet_index
from schools.directory.filters import RecommendationFilter
from schools.directory.models import Recommendation, SupportOffer
from schools.directory.selectors import facets
from schools.directory.services import (
    offer_add,
    recommendation_moderate,
    recommendation_update,
)
from schools.directory.services.facet_index import facet_index_rebuild
from schools.models import School
from tests.directory.factories import OfferFactory, RecommendationFactory
from tests.directory.test_browse import (  # noqa: F401 - fixtures
    CHOICE_QUERIES,
    assert_each_option_counts_what_choosing_it_gives,
    facet_count,
    geography,
    titles,
    world,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.postgres

URL = reverse("directory:index")


@pytest.fixture
def indexed(settings, world):  # noqa: F811 - the fixture
    """The index on, keeping every word, built from the `world` directory."""
    from tests.fixtures_services import _missing_service

    if not settings.IS_POSTGRES:
        _missing_service("the facet index counts words on PostgreSQL")
    settings.DIRECTORY_FACET_INDEX = True
    settings.DIRECTORY_FACET_WORDS_MIN = 1
    if not facet_index.enabled():
        _missing_service("the facet index needs Redis as the cache (set REDIS_URL)")
    facet_index.forget()
    built = facet_index_rebuild()
    assert built["recommendations"] == 3
    yield world
    facet_index.forget()


def _generation():
    return facet_index._client().get(f"{facet_index.prefix()}:gen")


def _scans(queries) -> list[str]:
    return [q["sql"] for q in queries if "GROUPING SETS" in q["sql"]]


def _counts_both_ways(query: str):
    filterset = RecommendationFilter(
        QueryDict(query), queryset=Recommendation.objects.published()
    )
    filterset.is_valid()
    active = {
        n for n in RecommendationFilter.FACETS if filterset.form.cleaned_data.get(n)
    }
    from_index = facets.indexed_counts(filterset, active)
    if from_index is not None:
        matches = from_index.pop(facets.MATCHES)
        assert len(facet_index.highest_ids(matches, 100)) == from_index[facets.TOTAL]
    from_scan = facets._counts(filterset, Recommendation.objects.published(), active)
    # Rows without a value (no Ofsted rating yet) are never an option on the page.
    for counts in from_scan.values():
        if isinstance(counts, dict):
            counts.pop("", None)
            counts.pop(None, None)
    return from_index, from_scan


@pytest.mark.parametrize(
    "query",
    [
        "",
        "subject=history",
        "phase=primary&cost=free",
        "support=training&cost=paid",
        "q=history",
        "q=history mathematics",
        "q=history or mathematics",
        "q=history -fieldwork",
        "q=mastery&organisation=inspectorate&support=training",
        "q=nothingmatchesthis",
        "la=Riverside&phase=primary&subject=history",
    ],
)
def test_the_index_counts_what_postgresql_counts(indexed, query):
    from_index, from_scan = _counts_both_ways(query)
    if query == "q=nothingmatchesthis":
        # A word nobody uses is not in the index: PostgreSQL counts it.
        assert from_index is None
        assert from_scan[facets.TOTAL] == 0
        return
    assert from_index == from_scan


def test_the_page_counts_from_the_index_with_no_scan(client, indexed):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?near=&q=history&phase=primary")
    assert _scans(queries.captured_queries) == []
    results = response.context["results"]
    assert results.total == 1
    assert titles(response) == ["Local history fieldwork"]
    assert facet_count(response, "phase", "secondary") == 1  # widening the phase
    assert facet_count(response, "subject", "history") == 1


@pytest.mark.parametrize("query", CHOICE_QUERIES)
def test_each_indexed_option_counts_what_choosing_it_gives(client, indexed, query):
    assert_each_option_counts_what_choosing_it_gives(client, query)


def test_counts_follow_a_publication_without_a_recount(
    client, indexed, site_admin, django_capture_on_commit_callbacks
):
    draft = RecommendationFactory(
        title="Brand new history trail",
        status=Recommendation.Status.DRAFT,
        school=indexed["a"].school,
    )
    assert facet_count(client.get(f"{URL}?near=&q=history"), "phase", "secondary") == 1
    generation = _generation()
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_moderate(
            recommendation=draft, to_status="published", moderated_by=site_admin
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?near=&q=history")
    assert _scans(queries.captured_queries) == []
    assert _generation() == generation  # the one change, not a rebuild
    assert response.context["results"].total == 3
    assert facet_count(response, "phase", "secondary") == 2
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_moderate(
            recommendation=draft, to_status="withdrawn", moderated_by=site_admin
        )
    response = client.get(f"{URL}?near=&q=history")
    assert response.context["results"].total == 2
    assert facet_count(response, "phase", "secondary") == 1


def test_counts_follow_an_offer_a_new_title_a_school_and_a_deletion(
    client, indexed, site_admin, django_capture_on_commit_callbacks
):
    rec = indexed["a"]  # history, secondary, joint planning, free
    with django_capture_on_commit_callbacks(execute=True):
        offer_add(
            recommendation=rec,
            added_by=site_admin,
            kind=SupportOffer.Kind.TRAINING,
            title="Enquiry training",
            capacity=10,
            cost=Decimal("120.00"),
            format=SupportOffer.Format.IN_PERSON,
            contact_name="Ada",
            contact_email="ada@example.org",
        )
    response = client.get(f"{URL}?near=")
    assert facet_count(response, "support", "training") == 3
    assert facet_count(response, "cost", "paid") == 2

    with django_capture_on_commit_callbacks(execute=True):
        recommendation_update(
            recommendation=rec,
            updated_by=site_admin,
            data={"title": "Enquiry questions in geography"},
        )
    assert client.get(f"{URL}?near=&q=geography").context["results"].total == 1

    with django_capture_on_commit_callbacks(execute=True):
        school = rec.school
        school.phase = School.Phase.PRIMARY
        school.save()
    response = client.get(f"{URL}?near=&phase=primary")
    assert response.context["results"].total == 3
    assert facet_count(response, "phase", "secondary") in (None, 0)

    with django_capture_on_commit_callbacks(execute=True):
        indexed["b"].delete()
    response = client.get(f"{URL}?near=")
    assert response.context["results"].total == 2
    assert facet_count(response, "support", "training") == 2


def test_a_renamed_school_leaves_its_old_name_s_word_in_the_index(
    client, indexed, django_capture_on_commit_callbacks
):
    """The index keeps each recommendation's words: after a school is renamed, a
    search for its old name (a word the index keeps) is counted from the index,
    with no scan, and finds nothing; its new name (a word too rare to keep) is
    counted in PostgreSQL and finds it."""
    school = indexed["a"].school  # Hill Academy
    school.name = "Summit College"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?near=&q=hill")
    assert _scans(queries.captured_queries) == []
    assert response.context["results"].total == 0
    response = client.get(f"{URL}?near=&q=summit")
    assert titles(response) == ["Enquiry questions in history"]
    assert facet_count(response, "phase", "secondary") == 1


def test_a_missing_index_is_counted_in_postgresql_and_built_again(
    client, indexed, django_capture_on_commit_callbacks
):
    facet_index.forget()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(f"{URL}?near=&subject=history")
    assert len(_scans(queries.captured_queries)) == 1
    assert response.context["results"].total == 2
    # The rebuild was queued (tasks run in-process here): the next search uses it.
    assert facet_index.ready()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{URL}?near=&subject=mathematics")
    assert _scans(queries.captured_queries) == []
    assert again.context["results"].total == 1


def test_a_filter_the_index_does_not_keep_is_counted_in_postgresql(client, indexed):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?near=&age=7")
    assert len(_scans(queries.captured_queries)) == 1
    assert response.status_code == 200


def test_a_change_while_the_index_is_rebuilt_is_in_the_new_index(
    indexed, site_admin, monkeypatch, django_capture_on_commit_callbacks
):
    draft = RecommendationFactory(
        title="Published mid-build",
        status=Recommendation.Status.DRAFT,
        school=SchoolFactory(phase=School.Phase.NURSERY),
    )
    write = facet_index.write_generation

    def write_after_a_change(gen, **kwargs):
        # The snapshot is read; now someone publishes before the keys are written.
        with django_capture_on_commit_callbacks(execute=True):
            recommendation_moderate(
                recommendation=draft, to_status="published", moderated_by=site_admin
            )
        write(gen, **kwargs)

    monkeypatch.setattr(facet_index, "write_generation", write_after_a_change)
    facet_index_rebuild()
    from_index, from_scan = _counts_both_ways("phase=nursery")
    assert from_index[facets.TOTAL] == 1
    assert from_index == from_scan


@pytest.mark.parametrize(
    ("tsquery", "postfix"),
    [
        ("'histori'", ["w:histori"]),
        ("'histori' & 'field'", ["w:histori", "w:field", "&"]),
        (
            "'a' | 'b' & !'c'",
            ["w:a", "w:b", "w:c", "!", "&", "|"],
        ),
        ("( 'a' | 'b' ) & 'c'", ["w:a", "w:b", "|", "w:c", "&"]),
        ("'o''brien'", ["w:o'brien"]),
        ("'enquiri' <-> 'question'", None),  # a phrase: PostgreSQL counts it
        ("'read':*", None),
        ("", None),  # only stop words
        ("'a' &", None),
    ],
)
def test_the_words_become_set_operations(tsquery, postfix):
    assert facet_index.to_rpn(tsquery) == postfix


def test_offers_that_stop_taking_requests_leave_the_support_counts(
    client, indexed, site_admin, django_capture_on_commit_callbacks
):
    from schools.directory.services import offer_update

    offer = OfferFactory(
        recommendation=indexed["c"], kind=SupportOffer.Kind.VISIT_COACHING, cost=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        offer_update(offer=offer, updated_by=site_admin, data={"is_active": True})
    assert facet_count(client.get(f"{URL}?near="), "support", "visit-coaching") == 1
    with django_capture_on_commit_callbacks(execute=True):
        offer_update(offer=offer, updated_by=site_admin, data={"is_active": False})
    assert facet_count(client.get(f"{URL}?near="), "support", "visit-coaching") is None


def test_a_common_word_ranks_the_most_recently_added_matches(client, indexed, settings):
    """More matches than DIRECTORY_SEARCH_CANDIDATES: the index names that many of
    the most recently added, the best of them are shown first, the heading counts
    every match and the page says so."""
    settings.DIRECTORY_SEARCH_CANDIDATES = 2
    for n in range(12):
        RecommendationFactory(title=f"Phonics group {n}")
    facet_index_rebuild()
    response = client.get(f"{URL}?near=&q=phonics")
    results = response.context["results"]
    assert results.total == 12
    assert results.page.paginator.count == 2
    assert set(titles(response)) == {"Phonics group 11", "Phonics group 10"}
    assert "The best matches among the 2 most recent" in response.content.decode()


def test_with_redis_away_the_search_still_counts_in_postgresql(
    client, indexed, monkeypatch
):
    import redis

    from tests.fixtures_services import free_port

    nobody = redis.Redis(port=free_port(), socket_connect_timeout=0.2)
    with monkeypatch.context() as patch:
        patch.setattr(facet_index, "_client", lambda: nobody)
        response = client.get(f"{URL}?near=&q=history&phase=primary")
    assert response.status_code == 200
    assert response.context["results"].total == 1
    assert titles(response) == ["Local history fieldwork"]


@pytest.fixture
def places(settings, geography):  # noqa: F811 - the fixture
    """`geography` with the index on: two recommendations at one school (a tie in
    distance, broken by the newer first), one with a subject."""
    from datetime import date

    from tests.factories import SubjectFactory
    from tests.fixtures_services import _missing_service

    if not settings.IS_POSTGRES:
        _missing_service("the facet index counts words on PostgreSQL")
    middle = School.objects.get(name="Middle School")
    history = SubjectFactory(name="History", slug="history")
    RecommendationFactory(
        title="Middle history",
        school=middle,
        subject=history,
        published_on=date(2026, 1, 5),
    )
    RecommendationFactory(
        title="Middle older", school=middle, published_on=date(2020, 1, 1)
    )
    settings.DIRECTORY_FACET_INDEX = True
    settings.DIRECTORY_FACET_WORDS_MIN = 1
    if not facet_index.enabled():
        _missing_service("the facet index needs Redis as the cache (set REDIS_URL)")
    facet_index.forget()
    facet_index_rebuild()
    yield geography
    facet_index.forget()


def _shown(response):
    results = response.context["results"]
    return (
        titles(response),
        [round(rec.distance, 3) for rec in results.page.object_list],
        results.total,
        {n: [(o.value, o.count) for o in opts] for n, opts in results.facets.items()},
    )


@pytest.mark.parametrize(
    "query",
    [
        "near=123456&miles=5",
        "near=123456&miles=10",
        "near=123456&miles=1",
        "near=123456&miles=10&subject=history",
        "near=123456&miles=10&q=history",
        "near=123456&miles=10&q=middle&phase=primary",
    ],
)
def test_near_a_place_the_index_gives_the_page_postgresql_gives(
    client, places, settings, query
):
    with CaptureQueriesContext(connection) as queries:
        indexed = client.get(f"{URL}?{query}")
    assert _scans(queries.captured_queries) == []
    settings.DIRECTORY_FACET_INDEX = False
    scanned = client.get(f"{URL}?{query}")
    assert _shown(indexed) == _shown(scanned)
    if query == "near=123456&miles=10":
        # Middle School's three: distance ties, the newest first.
        assert titles(indexed)[2:5] == [
            "Middle history",
            "At Middle School",
            "Middle older",
        ]


def test_a_rebuild_drops_the_generation_it_replaces_and_any_left_behind(indexed):
    client = facet_index._client()
    before = _generation().decode()
    # A build whose process died before it could switch leaves its keys.
    client.set(f"{facet_index.prefix()}:999:f:phase:primary", b"\x80")
    facet_index_rebuild()
    live = _generation().decode()
    assert live != before
    generations = {
        key.decode().removeprefix(f"{facet_index.prefix()}:").split(":", 1)[0]
        for key in client.scan_iter(match=f"{facet_index.prefix()}:*")
    }
    assert {g for g in generations if g.isdigit()} == {live}
