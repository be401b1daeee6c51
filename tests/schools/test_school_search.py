"""The public schools search: name, town, postcode or URN, a phase, by name."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.models import School
from tests.factories import member_school


def names(response) -> list[str]:
    return [s.name for s in response.context["page"].object_list]


def test_a_search_matches_name_town_postcode_or_urn_listed_by_name(client, partnership):
    member_school(
        partnership, name="St Mary's Primary", town="Leeds", postcode="LS1 1AA"
    )
    member_school(partnership, name="Abbey Mead", town="Marylebone", postcode="W1 2BB")
    member_school(
        partnership,
        name="Hill Top",
        town="York",
        postcode="YO1 3CC",
        urn=123456,
        phase=School.Phase.SECONDARY,
    )
    member_school(
        partnership, name="Closed Mary", status=School.Status.CLOSED, town="Leeds"
    )

    assert names(client.get("/schools/", {"q": "mary"})) == [
        "Abbey Mead",
        "St Mary's Primary",
    ]
    assert names(client.get("/schools/", {"q": "ls1"})) == ["St Mary's Primary"]
    assert names(client.get("/schools/", {"q": "123456"})) == ["Hill Top"]
    assert names(client.get("/schools/", {"phase": "secondary"})) == ["Hill Top"]
    page = client.get("/schools/", {"q": "mary"}).content.decode()
    assert "2 schools" in page


def test_a_search_costs_the_same_queries_for_one_match_and_for_many(
    client, partnership
):
    client.get("/schools/")  # content versions and anything kept once

    def count_queries(total: int) -> int:
        while School.objects.filter(town="Bedford").count() < total:
            member_school(partnership, town="Bedford")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/schools/", {"q": "bedford", "phase": "primary"})
        assert response.context["page"].paginator.count == total
        assert len(names(response)) == min(total, 25)
        return len(queries)

    one, many = count_queries(1), count_queries(30)
    assert one == many
    assert many <= 3
