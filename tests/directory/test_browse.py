"""Public browsing of the directory: search, filters, near a school, pages, open data."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from schools.directory.models import Organisation, Recommendation, SupportOffer
from schools.gias import distance_miles
from schools.models import School
from tests.directory.factories import (
    OfferFactory,
    OrganisationFactory,
    RecommendationFactory,
)
from tests.factories import SchoolFactory, StaffFactory, SubjectFactory, UserFactory

URL = reverse("directory:index")


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">([^<]+)</a>',
        html,
    )


def facet_count(response, name, value) -> int | None:
    for option in response.context["results"].facets[name]:
        if option.value == value:
            return option.count
    return None


@pytest.fixture
def world(db):
    """A small directory with one recommendation differing on each filter."""
    history = SubjectFactory(name="History", slug="history")
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    ha = OrganisationFactory(
        name="The Historical Association", kind=Organisation.Kind.SUBJECT_ASSOCIATION
    )
    ofsted = OrganisationFactory(name="Ofsted", kind=Organisation.Kind.INSPECTORATE)
    primary = SchoolFactory(
        name="Brook Primary", phase=School.Phase.PRIMARY, local_authority="Riverside"
    )
    secondary = SchoolFactory(
        name="Hill Academy", phase=School.Phase.SECONDARY, local_authority="Lambeth"
    )
    a = RecommendationFactory(
        title="Enquiry questions in history",
        subject=history,
        organisation=ha,
        school=secondary,
    )
    OfferFactory(recommendation=a, kind=SupportOffer.Kind.JOINT_PLANNING, cost=0)
    b = RecommendationFactory(
        title="Mastery mathematics", subject=maths, organisation=ofsted, school=primary
    )
    OfferFactory(recommendation=b, kind=SupportOffer.Kind.TRAINING, cost=350)
    c = RecommendationFactory(
        title="Local history fieldwork",
        subject=history,
        organisation=ofsted,
        school=primary,
    )
    OfferFactory(recommendation=c, kind=SupportOffer.Kind.TRAINING, cost=0)
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "subject=history",
            {"Enquiry questions in history", "Local history fieldwork"},
        ),
        ("subject=mathematics", {"Mastery mathematics"}),
        ("phase=secondary", {"Enquiry questions in history"}),
        ("phase=primary", {"Mastery mathematics", "Local history fieldwork"}),
        (
            "organisation=inspectorate",
            {"Mastery mathematics", "Local history fieldwork"},
        ),
        ("organisation=subject-association", {"Enquiry questions in history"}),
        ("support=training", {"Mastery mathematics", "Local history fieldwork"}),
        ("support=joint-planning", {"Enquiry questions in history"}),
        ("cost=free", {"Enquiry questions in history", "Local history fieldwork"}),
        ("cost=paid", {"Mastery mathematics"}),
        ("la=Lambeth", {"Enquiry questions in history"}),
        ("la=Riverside", {"Mastery mathematics", "Local history fieldwork"}),
    ],
)
def test_each_filter_keeps_only_matching_recommendations(
    client, world, query, expected
):
    response = client.get(f"{URL}?near=&{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=history&phase=primary", {"Local history fieldwork"}),
        (
            "subject=history&cost=free&organisation=inspectorate",
            {"Local history fieldwork"},
        ),
        ("support=training&cost=paid&la=Riverside", {"Mastery mathematics"}),
        (
            "subject=history&subject=mathematics&phase=primary",
            {"Mastery mathematics", "Local history fieldwork"},
        ),
        ("subject=mathematics&phase=secondary", set()),
        (
            "phase=primary&phase=secondary&support=training&support=joint-planning&cost=free",
            {"Enquiry questions in history", "Local history fieldwork"},
        ),
    ],
)
def test_filters_combine(client, world, query, expected):
    response = client.get(f"{URL}?near=&{query}")
    assert set(titles(response)) == expected


def test_facet_counts_count_each_option_with_the_other_filters_applied(client, world):
    response = client.get(f"{URL}?near=&subject=history")
    # Subject counts ignore the subject filter itself, so a person can widen it.
    assert facet_count(response, "subject", "history") == 2
    assert facet_count(response, "subject", "mathematics") == 1
    # Every other facet counts within History only.
    assert facet_count(response, "phase", "primary") == 1
    assert facet_count(response, "phase", "secondary") == 1
    assert facet_count(response, "cost", "free") == 2
    assert facet_count(response, "cost", "paid") == 0
    assert facet_count(response, "support", "training") == 1
    assert 'History <span class="portal-meta">(2)</span>' in response.content.decode()


def test_search_finds_words_in_title_summary_and_school(client, world):
    assert set(titles(client.get(f"{URL}?near=&q=fieldwork"))) == {
        "Local history fieldwork"
    }
    assert set(titles(client.get(f"{URL}?near=&q=Hill+Academy"))) == {
        "Enquiry questions in history"
    }
    assert titles(client.get(f"{URL}?near=&q=zebra")) == []


RENAMES = {
    # what is renamed: (how to reach it from `world`, field, new value, old word)
    "school": (lambda w: w["a"].school, "name", "Summit College", "Hill"),
    "school's town": (lambda w: w["a"].school, "town", "Kestrelby", None),
    "organisation": (
        lambda w: w["a"].organisation,
        "name",
        "The Heritage Teachers' Guild",
        "Historical",
    ),
    "subject": (lambda w: w["a"].subject, "name", "Humanities", None),
}


def rename(world, what, django_capture_on_commit_callbacks):
    reach, field, value, _ = RENAMES[what]
    row = reach(world)
    setattr(row, field, value)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        row.save()
    return queued


@pytest.mark.parametrize("what", RENAMES)
def test_a_renamed_school_organisation_or_subject_is_found_by_its_new_name(
    client, world, what, django_capture_on_commit_callbacks
):
    """A recommendation's search text names its school, organisation and subject:
    after an officer renames one (a GIAS import, the admin), a search for the new
    name finds its recommendations, and one for the old name no longer does."""
    _, _, value, old_word = RENAMES[what]
    new_word = value.split()[-1]
    before = set(titles(client.get(URL, {"near": "", "q": new_word})))
    assert "Enquiry questions in history" not in before

    rename(world, what, django_capture_on_commit_callbacks)

    found = set(titles(client.get(URL, {"near": "", "q": new_word})))
    assert "Enquiry questions in history" in found
    if what == "subject":  # a subject names two of the three recommendations
        assert found == {"Enquiry questions in history", "Local history fieldwork"}
    if old_word:
        assert titles(client.get(URL, {"near": "", "q": old_word})) == []


def test_a_save_that_renames_nothing_rewrites_no_search_text(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """A GIAS import re-saves every school: a school saved unchanged, or with only
    its website changed, queues no rewrite of its recommendations' search text."""
    from schools.directory.tasks import recommendations_reindex_task

    queued = []
    monkeypatch.setattr(
        recommendations_reindex_task, "delay", lambda **kw: queued.append(kw)
    )
    school = world["a"].school
    school.website = "https://hill.example"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
        world["a"].organisation.save()
        world["a"].subject.save()
    assert queued == []
    school.name = "Summit College"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    assert queued == [{"grouping": "school", "pk": school.pk}]


def test_rewriting_search_text_twice_changes_nothing_the_second_time(
    world, django_capture_on_commit_callbacks
):
    from schools.directory.tasks import recommendations_reindex_task

    school = world["b"].school
    School.objects.filter(pk=school.pk).update(name="Willow Primary")
    first = recommendations_reindex_task.delay(grouping="school", pk=school.pk)
    assert first.get() == 2  # Brook Primary has two recommendations
    again = recommendations_reindex_task.delay(grouping="school", pk=school.pk)
    assert again.get() == 0
    assert (
        "Willow Primary" in Recommendation.objects.get(pk=world["b"].pk).search_document
    )


def test_search_combines_with_filters(client, world):
    response = client.get(f"{URL}?near=&q=history&phase=primary")
    assert set(titles(response)) == {"Local history fieldwork"}


def test_search_index_follows_new_offers(client, world):
    from schools.directory.services import recommendation_reindex

    OfferFactory(recommendation=world["b"], title="Bar modelling masterclass")
    recommendation_reindex(recommendation=world["b"])
    assert set(titles(client.get(f"{URL}?near=&q=masterclass"))) == {
        "Mastery mathematics"
    }


def test_support_and_cost_follow_an_offer_that_changes(client, world):
    """The row keeps a summary of its active offers: a change to an offer through
    the service shows in the filters and their counts at once."""
    from schools.directory.services import offer_update

    officer = UserFactory(is_superuser=True)
    offer = world["b"].offers.get()
    offer_update(offer=offer, updated_by=officer, data={"is_active": False})
    response = client.get(f"{URL}?near=&support=training")
    assert set(titles(response)) == {"Local history fieldwork"}
    assert facet_count(response, "support", "training") == 1
    assert facet_count(client.get(f"{URL}?near="), "cost", "paid") == 0
    offer_update(offer=offer, updated_by=officer, data={"is_active": True, "cost": 0})
    response = client.get(f"{URL}?near=&cost=free&support=training")
    assert set(titles(response)) == {"Mastery mathematics", "Local history fieldwork"}
    assert facet_count(response, "cost", "paid") == 0
    assert facet_count(response, "cost", "free") == 2


@pytest.mark.parametrize(
    "query",
    [
        "subject=underwater-basket-weaving",
        "phase=university",
        "organisation=guild",
        "support=telepathy",
        "cost=maybe",
        "la=Atlantis",
        "miles=500",
        "miles=abc",
        "page=999",
        "page=abc",
        "near=" + "x" * 300,
        "q=" + "y" * 300,
    ],
)
def test_unknown_filter_values_give_a_clear_message_not_an_error(client, world, query):
    response = client.get(
        f"{URL}?near=&{query}" if "near=" not in query else f"{URL}?{query}"
    )
    assert response.status_code == 200
    html = response.content.decode()
    if not query.startswith("page"):
        assert "There is a problem with this search" in html
        assert "the results are shown" in html
    # The bad value is ignored: every published recommendation is still listed.
    assert len(response.context["results"].page.object_list) == 3 or query.startswith(
        "page"
    )


def test_unknown_subject_message_names_the_value(client, world):
    html = client.get(f"{URL}?near=&subject=nope").content.decode()
    assert "There is no subject “nope”" in html


def test_drafts_and_withdrawn_recommendations_are_not_public(client, world):
    RecommendationFactory(title="Secret draft", status=Recommendation.Status.DRAFT)
    RecommendationFactory(
        title="Old withdrawn",
        status=Recommendation.Status.WITHDRAWN,
        published_on="2024-01-01",
    )
    response = client.get(f"{URL}?near=")
    assert "Secret draft" not in titles(response)
    assert "Old withdrawn" not in titles(response)
    assert response.context["results"].total == 3


def test_draft_detail_is_404_for_the_public_and_other_schools(
    client, world, other_headteacher
):
    draft = RecommendationFactory(
        title="Secret draft", status=Recommendation.Status.DRAFT
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(other_headteacher)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_detail_is_visible_to_officers_and_the_schools_staff(
    client, officer, school
):
    draft = RecommendationFactory(
        title="Secret draft", status=Recommendation.Status.DRAFT, school=school
    )
    client.force_login(officer)
    assert (
        "the public cannot see it"
        in client.get(draft.get_absolute_url()).content.decode()
    )
    staff = StaffFactory(school=draft.school).user
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_detail_shows_case_studies_and_offers(client, world):
    from schools.directory.models import CaseStudy

    CaseStudy.objects.create(
        recommendation=world["a"],
        title="How we did it",
        body="x",
        body_html="<p>We planned enquiries.</p>",
    )
    html = client.get(world["a"].get_absolute_url()).content.decode()
    assert "How we did it" in html
    assert "We planned enquiries." in html
    assert "Joint lesson planning" in html
    assert "The Historical Association" in html


# --- Near a school -----------------------------------------------------------------


@pytest.fixture
def geography(db):
    """An origin school and three recommended schools at known distances north of it."""
    origin = SchoolFactory(
        name="Origin Primary",
        urn=123456,
        postcode="RV1 2AB",
        latitude=51.5,
        longitude=-0.1,
    )
    near = SchoolFactory(
        name="Near School", latitude=51.51, longitude=-0.1
    )  # 0.69 miles
    middle = SchoolFactory(
        name="Middle School", latitude=51.53, longitude=-0.1
    )  # 2.07 miles
    far = SchoolFactory(name="Far School", latitude=51.6, longitude=-0.1)  # 6.9 miles
    east = SchoolFactory(
        name="East School", latitude=51.5, longitude=-0.07
    )  # 1.29 miles
    for school in (far, middle, east, near):
        RecommendationFactory(title=f"At {school.name}", school=school)
    return origin


def test_near_a_school_sorts_by_distance_and_shows_it(client, geography):
    response = client.get(f"{URL}?near=123456&miles=5")
    assert titles(response) == ["At Near School", "At East School", "At Middle School"]
    html = response.content.decode()
    shown = re.findall(r"<strong>([\d.]+) miles away</strong>", html)
    assert shown == ["0.7", "1.3", "2.1"]
    assert f"{distance_miles(51.5, -0.1, 51.51, -0.1):.1f}" == "0.7"
    assert "Within 5 miles of" in html


def test_the_radius_limits_the_results(client, geography):
    assert titles(client.get(f"{URL}?near=123456&miles=1")) == ["At Near School"]
    assert len(titles(client.get(f"{URL}?near=123456&miles=10"))) == 4


def test_a_school_is_found_by_name_or_postcode(client, geography):
    by_name = client.get(f"{URL}?near=Origin+Primary&miles=2")
    assert by_name.context["results"].origin.school.urn == 123456
    by_postcode = client.get(f"{URL}?near=rv12ab&miles=2")
    assert by_postcode.context["results"].origin.school.urn == 123456


def test_an_ambiguous_name_offers_the_candidates(client, geography):
    response = client.get(f"{URL}?near=School")
    assert response.context["results"].origin is None
    assert "Which did you mean?" in response.content.decode()


def test_an_unknown_school_says_so(client, geography):
    html = client.get(f"{URL}?near=Nowhere+Academy").content.decode()
    assert "Nothing matches “Nowhere Academy”" in html


def test_near_combines_with_filters(client, geography):
    history = SubjectFactory(name="History", slug="history")
    school = School.objects.get(name="Far School")
    RecommendationFactory(title="Far history", school=school, subject=history)
    middle = School.objects.get(name="Middle School")
    RecommendationFactory(title="Middle history", school=middle, subject=history)
    response = client.get(f"{URL}?near=123456&miles=10&subject=history")
    assert titles(response) == ["Middle history", "Far history"]
    assert facet_count(response, "subject", "history") == 2


def test_a_members_own_school_is_the_default_origin(client, geography):
    user = UserFactory()
    StaffFactory(user=user, school=geography)
    client.force_login(user)
    response = client.get(URL)
    origin = response.context["results"].origin
    assert origin.school == geography
    assert origin.is_default
    assert "(your school)" in response.content.decode()
    # An explicit empty "near" searches everywhere.
    assert client.get(f"{URL}?near=").context["results"].origin is None


# --- Pages, query counts, open data --------------------------------------------------


def test_pagination_keeps_the_filters(client, db):
    subject = SubjectFactory(name="History", slug="history")
    for _ in range(25):
        RecommendationFactory(subject=subject)
    response = client.get(f"{URL}?near=&subject=history")
    assert len(response.context["results"].page.object_list) == 20
    html = response.content.decode()
    assert "subject=history" in re.search(r'href="([^"]+)" rel="next"', html).group(
        1
    ).replace("&amp;", "&")
    second = client.get(f"{URL}?near=&subject=history&page=2")
    assert len(second.context["results"].page.object_list) == 5


def _make(n):
    history = SubjectFactory(name="History", slug="history")
    for i in range(n):
        rec = RecommendationFactory(
            subject=history,
            school=SchoolFactory(latitude=51.5 + i / 1000, longitude=-0.1),
        )
        OfferFactory(recommendation=rec, cost=0 if i % 2 == 0 else 100)


@pytest.mark.parametrize(
    "query",
    [
        "near=",
        "near=&subject=history&phase=primary&cost=free&support=visit-coaching&la=Riverside&organisation=subject-association",
        "near=&q=practice",
        "near=999999&miles=25",
    ],
)
def test_directory_page_query_count_does_not_grow_with_data(
    client, db, django_assert_max_num_queries, query
):
    SchoolFactory(urn=999999, latitude=51.5, longitude=-0.1)
    _make(2)
    with django_assert_max_num_queries(30) as small:
        client.get(f"{URL}?{query}")
    _make(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["results"].total > 1


def test_open_data_csv_lists_only_published(client, world):
    RecommendationFactory(title="Secret draft", status=Recommendation.Status.DRAFT)
    response = client.get(reverse("directory:data_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert {r["title"] for r in rows} == {
        "Enquiry questions in history",
        "Mastery mathematics",
        "Local history fieldwork",
    }
    maths = next(r for r in rows if r["title"] == "Mastery mathematics")
    assert maths["support_kinds"] == "training"
    assert maths["free_support"] == "false"
    assert maths["url"].endswith(f"/directory/{world['b'].slug}/")


def test_open_data_json(client, world):
    response = client.get(reverse("directory:data_json"))
    data = json.loads(b"".join(response.streaming_content))
    assert len(data["recommendations"]) == 3
    assert {r["subject"] for r in data["recommendations"]} == {"History", "Mathematics"}


def test_cached_counts_follow_a_publication_at_once(client, world, site_admin):
    from schools.directory.services import recommendation_moderate

    draft = RecommendationFactory(
        title="Brand new", status=Recommendation.Status.DRAFT, school=world["a"].school
    )
    first = client.get(f"{URL}?near=&phase=secondary")
    assert first.context["results"].total == 1
    recommendation_moderate(
        recommendation=draft, to_status="published", moderated_by=site_admin
    )
    again = client.get(f"{URL}?near=&phase=secondary")
    assert again.context["results"].total == 2
    assert "Brand new" in titles(again)
    assert facet_count(again, "phase", "secondary") == 2


def test_many_local_authorities_become_a_select_and_any_means_no_filter(client, db):
    for n in range(14):
        RecommendationFactory(school=SchoolFactory(local_authority=f"Authority {n:02}"))
    response = client.get(f"{URL}?near=")
    html = response.content.decode()
    assert '<select class="govuk-select" id="la" name="la">' in html
    assert "Authority 03 (1)" in html
    anything = client.get(f"{URL}?near=&la=")
    assert anything.context["results"].total == 14
    assert not anything.context["results"].messages
    one = client.get(f"{URL}?near=&la=Authority+03")
    assert one.context["results"].total == 1


def test_an_officer_of_another_partnership_cannot_see_a_draft(client, school):
    from tests.factories import member_school

    draft = RecommendationFactory(status=Recommendation.Status.DRAFT, school=school)
    elsewhere = UserFactory()
    member_school().partnerships.first().officers.add(elsewhere)
    client.force_login(elsewhere)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("directory:publish", args=[draft.slug])).status_code == 404
    )
    draft.refresh_from_db()
    assert draft.status == Recommendation.Status.DRAFT


def test_detail_page_query_count_does_not_grow_with_offers_and_case_studies(
    client, db, django_assert_max_num_queries
):
    from schools.directory.models import CaseStudy

    rec = RecommendationFactory()

    def add(n):
        for i in range(n):
            OfferFactory(recommendation=rec)
            CaseStudy.objects.create(recommendation=rec, title=f"Study {i}", body="b")

    add(2)
    with django_assert_max_num_queries(20) as small:
        client.get(rec.get_absolute_url())
    add(18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(rec.get_absolute_url())
    assert (
        response.content.decode().count('<h3 class="govuk-summary-card__title">') == 20
    )


@pytest.mark.postgres
def test_full_text_search_stems_words_and_ranks_titles_first(client, db):
    from django.conf import settings

    if not settings.IS_POSTGRES:
        from tests.fixtures_services import _missing_service

        _missing_service("full-text search needs PostgreSQL")
    RecommendationFactory(title="Reading at home", summary="Families and teachers.")
    RecommendationFactory(title="Family learning", summary="Reading together weekly.")
    response = client.get(f"{URL}?near=&q=read")
    assert titles(response) == ["Reading at home", "Family learning"]
    assert titles(client.get(f"{URL}?near=&q=families+-home")) == ["Family learning"]


def test_open_data_csv_never_carries_a_spreadsheet_formula(client, db):
    RecommendationFactory(title='=HYPERLINK("http://evil")')
    body = b"".join(client.get(reverse("directory:data_csv")).streaming_content)
    row = next(csv.DictReader(io.StringIO(body.decode())))
    assert row["title"].startswith("'=")


def test_any_whole_number_of_miles_from_1_to_25_works(client, geography):
    response = client.get(f"{URL}?near=123456&miles=7")
    assert response.context["results"].origin.miles == 7
    assert not response.context["results"].messages
    assert '<option value="7" selected>7 miles</option>' in response.content.decode()
    assert len(titles(response)) == 4
    refused = client.get(f"{URL}?near=123456&miles=0")
    assert "Choose a distance from 1 to 25 miles" in refused.content.decode()
    assert refused.context["results"].origin.miles == 10


def test_a_subject_may_be_given_by_its_id(client, world):
    from schools.models import Subject

    history = Subject.objects.get(slug="history")
    response = client.get(f"{URL}?near=&subject={history.pk}")
    assert set(titles(response)) == {
        "Enquiry questions in history",
        "Local history fieldwork",
    }
    assert not response.context["results"].messages


def test_a_shared_postcode_uses_the_first_school_there(client, geography):
    SchoolFactory(
        name="Another Origin", postcode="RV1 2AB", latitude=51.5, longitude=-0.1
    )
    response = client.get(f"{URL}?near=RV1+2AB&miles=1")
    assert response.context["results"].origin.school.name == "Another Origin"
    assert titles(response) == ["At Near School"]


def test_bench_seeder_makes_searchable_published_recommendations(
    client, db, django_assert_max_num_queries
):
    from bench.seed_directory import seed

    def schools(n):
        made = [SchoolFactory(latitude=51.5, longitude=-0.1) for _ in range(n)]
        return made, list(School.objects.filter(pk__in=[s.pk for s in made]).only("pk"))

    few, loaded = schools(3)
    School.objects.filter(pk=few[0].pk).update(name="Zebrafield Academy")
    assert seed(schools=loaded, count=30) == 30
    assert seed(schools=loaded, count=30) == 0  # idempotent
    # Queries do not grow with the number of schools (schools loaded with .only()).
    _, three = schools(3)
    with django_assert_max_num_queries(200) as small:
        assert seed(schools=three, count=30) == 30
    _, thirty = schools(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert seed(schools=thirty, count=30) == 30
    assert Recommendation.objects.published().count() == 90
    assert client.get(f"{URL}?near=").context["results"].total == 90
    assert client.get(f"{URL}?near=&q=Zebrafield").context["results"].total == 10


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["", "subject=history", "cost=free&phase=primary"])
def test_grouping_sets_count_the_same_as_one_group_by_per_facet(world, settings, query):
    from django.http import QueryDict

    from schools.directory.filters import RecommendationFilter
    from schools.directory.selectors import facets

    if not settings.IS_POSTGRES:
        from tests.fixtures_services import _missing_service

        _missing_service("GROUPING SETS are used on PostgreSQL only")
    filterset = RecommendationFilter(
        QueryDict(query), queryset=Recommendation.objects.published()
    )
    filterset.is_valid()
    base = Recommendation.objects.published()
    active = {
        n for n in RecommendationFilter.FACETS if filterset.form.cleaned_data.get(n)
    }
    grouped = facets._counts(filterset, base, active)
    settings.IS_POSTGRES = False
    simple = facets._counts(filterset, base, active)
    assert grouped == simple
    if not query:
        assert grouped["phase"] == {"primary": 2, "secondary": 1}
        assert grouped["cost"] == {"free": 2, "paid": 1}


# Searches whose every option is checked against choosing it (here and with the
# facet index, tests/directory/test_facet_index.py).
CHOICE_QUERIES = [
    "",
    "subject=history",
    "support=training&cost=paid",
    "phase=primary&subject=history&cost=free",
    "q=history&organisation=inspectorate&support=training",
]


def assert_each_option_counts_what_choosing_it_gives(client, query):
    """The number beside an option is what a person gets by choosing that option
    in its facet, with every other filter kept."""
    from urllib.parse import parse_qsl, urlencode

    kept = parse_qsl(query)
    facets = client.get(f"{URL}?near=&{query}").context["results"].facets
    for name, options in facets.items():
        for option in options:
            params = [(k, v) for k, v in kept if k != name] + [(name, option.value)]
            results = client.get(f"{URL}?near=&{urlencode(params)}").context["results"]
            assert results.total == option.count, (query, name, option.value)


@pytest.mark.parametrize("query", CHOICE_QUERIES)
def test_each_option_counts_the_results_that_choosing_it_alone_gives(
    client, world, query
):
    assert_each_option_counts_what_choosing_it_gives(client, query)


def test_a_school_that_changes_moves_in_the_filters_at_once(client, world):
    """Each recommendation keeps its school's searchable columns: a school saved
    with a new local authority and phase (a GIAS import, an edit) is found under
    them on the next search, and counted there."""
    first = client.get(f"{URL}?near=&la=Riverside")
    assert set(titles(first)) == {"Mastery mathematics", "Local history fieldwork"}
    school = world["a"].school
    school.local_authority = "Riverside"
    school.phase = School.Phase.PRIMARY
    school.save()
    response = client.get(f"{URL}?near=&la=Riverside&phase=primary")
    assert set(titles(response)) == {
        "Mastery mathematics",
        "Local history fieldwork",
        "Enquiry questions in history",
    }
    assert facet_count(response, "phase", "secondary") in (0, None)
    assert facet_count(response, "la", "Riverside") == 3


def test_a_common_word_ranks_the_newest_matches_and_counts_them_all(
    client, settings, world
):
    """More matches than five times DIRECTORY_SEARCH_CANDIDATES: the best of that
    many of the newest are ranked and paged, the heading still counts every match,
    and the page says so."""
    from datetime import date, timedelta

    settings.DIRECTORY_SEARCH_CANDIDATES = 2
    for n in range(12):
        RecommendationFactory(
            title=f"Phonics group {n}", published_on=date(2025, 1, 1) + timedelta(n)
        )
    response = client.get(f"{URL}?near=&q=phonics")
    results = response.context["results"]
    assert results.total == 12
    assert results.page.paginator.count == 2
    assert set(titles(response)) == {"Phonics group 11", "Phonics group 10"}
    assert "The best matches among the 2 most recent" in response.content.decode()
    settings.DIRECTORY_SEARCH_CANDIDATES = 1000
    response = client.get(f"{URL}?near=&q=phonics&page=2")
    assert "most recent are shown first" not in response.content.decode()


def test_each_result_says_who_is_recommended_by_whom_and_what_it_offers(client, world):
    """A result shows who (a named practitioner, a department or the school), the
    recommending organisation and its kind, the school's phase and local authority,
    and each offer taking requests with its cost; a stopped offer is not listed."""
    school = world["b"].school
    practitioner = RecommendationFactory(
        title="Questioning in science",
        school=school,
        level=Recommendation.Level.PRACTITIONER,
        practitioner_name="Ms Adebayo",
        practitioner_consent_on="2025-09-01",
    )
    OfferFactory(
        recommendation=practitioner, kind=SupportOffer.Kind.PEER_REVIEW, cost=0
    )
    OfferFactory(
        recommendation=practitioner, kind=SupportOffer.Kind.TRAINING, cost="1250.50"
    )
    OfferFactory(
        recommendation=practitioner,
        kind=SupportOffer.Kind.SECONDMENT,
        cost=90,
        is_active=False,
    )

    html = client.get(URL, {"q": "questioning"}).content.decode()
    item = re.search(r"<li[^>]*>.*?Questioning in science.*?</li>", html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", item).split())
    assert f"Ms Adebayo, {school.name}" in text
    assert "Primary · Riverside" in text
    assert "Offers: Peer review (free); Training programme (£1,250.50)" in text
    assert "Short secondment" not in text
    assert f'href="{practitioner.get_absolute_url()}"' in item

    html = client.get(URL, {"subject": "history"}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "History department, Hill Academy" in text
    assert "Recommended by The Historical Association (Subject association)" in text
    assert "Offers: Joint lesson planning (free)" in text
