"""The research search ranks a bounded set of candidates, whatever the word."""

import pytest
from django.urls import reverse

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
