"""The research search ranks a bounded set of candidates, whatever the word."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research.models import Project
from tests.factories import SubjectFactory
from tests.research.test_list import make, requires_postgres, titles  # noqa: F401


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_a_common_word_ranks_at_most_the_configured_number_of_matches(
    client, school, teacher, settings
):
    settings.RESEARCH_SEARCH_CANDIDATES = 3
    for n in range(5):
        make(teacher, school, title=f"Flashcards trial {n}", findings="Flashcards.")
    make(teacher, school, title="Outdoor maths", findings="Nothing relevant.")

    response = client.get(reverse("research:index"), {"q": "flashcards"})

    found = titles(response)
    assert len(found) == 3
    assert all(title.startswith("Flashcards trial") for title in found)


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_the_bound_never_shows_a_project_the_visitor_may_not_see(
    client, school, teacher, settings
):
    settings.RESEARCH_SEARCH_CANDIDATES = 2
    make(teacher, school, title="Flashcards in the team", visibility="team")
    make(teacher, school, title="Flashcards for all", findings="Flashcards.")

    response = client.get(reverse("research:index"), {"q": "flashcards"})

    assert titles(response) == ["Flashcards for all"]


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_more_matches_than_are_ranked_is_said_not_miscounted(
    client, school, teacher, settings
):
    settings.RESEARCH_SEARCH_CANDIDATES = 3
    for n in range(5):
        make(teacher, school, title=f"Flashcards trial {n}")

    response = client.get(reverse("research:index"), {"q": "flashcards"})

    assert "More than 3 projects matching your search" in response.content.decode()
    assert len(titles(response)) == 3


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_the_filters_narrow_the_matches_before_the_bound(
    client, school, teacher, settings
):
    settings.RESEARCH_SEARCH_CANDIDATES = 2
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    for n in range(4):
        make(teacher, school, title=f"Flashcards in English {n}")
    make(teacher, school, title="Flashcards in maths", subjects=[maths])

    response = client.get(
        reverse("research:index"), {"q": "flashcards", "subject": "mathematics"}
    )

    assert titles(response) == ["Flashcards in maths"]
    assert "1 project matching your search" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
@pytest.mark.parametrize("who", ["visitor", "teacher"])
def test_a_search_costs_the_same_queries_for_one_match_and_for_many(
    client, school, teacher, who
):
    subjects = [SubjectFactory(), SubjectFactory()]
    if who == "teacher":
        client.force_login(teacher)
    client.get(reverse("research:index"))  # the unread count, the filter column

    def count_queries(total: int) -> int:
        while Project.objects.count() < total:
            make(teacher, school, title="Retrieval practice", subjects=subjects)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("research:index"), {"q": "retrieval"})
        assert len(titles(response)) == min(total, 20)
        return len(queries)

    one, many = count_queries(1), count_queries(25)
    assert one == many
    assert many <= 6


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_a_search_shows_each_person_only_what_they_may_read(
    client, school, teacher, outsider, member, headteacher, officer
):
    make(teacher, school, title="Flashcards for members", visibility="partnership")
    make(teacher, school, title="Flashcards for the team", visibility="team")
    make(teacher, school, title="Flashcards for all")
    everything = [
        "Flashcards for all",
        "Flashcards for members",
        "Flashcards for the team",
    ]
    expected = {
        outsider: ["Flashcards for all"],
        member: ["Flashcards for all", "Flashcards for members"],
        headteacher: everything,
        officer: everything,
        teacher: everything,
    }
    for person, titles_seen in expected.items():
        client.force_login(person)
        response = client.get(reverse("research:index"), {"q": "flashcards"})
        assert sorted(titles(response)) == titles_seen, person.email
    client.logout()
    assert titles(client.get(reverse("research:index"), {"q": "flashcards"})) == [
        "Flashcards for all"
    ]
