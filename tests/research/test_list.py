"""The /research/ list: search, filters, shareable URLs, pagination, query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from research import services
from research.models import Project
from tests.factories import SubjectFactory
from tests.fixtures_services import _missing_service
from tests.research.factories import ProjectFactory

PUBLIC = Project.Visibility.PUBLIC


def make(lead, school, *, status=None, subjects=(), **data):
    data.setdefault("research_question", "What helps pupils learn?")
    data.setdefault("visibility", PUBLIC)
    project = services.project_create(
        lead=lead, school=school, data=data, subjects=subjects
    )
    if status:
        Project.objects.filter(pk=project.pk).update(status=status)
    return project


def titles(response) -> list[str]:
    return [row.title for row in response.context["rows"]]


@pytest.fixture
def requires_postgres(db):
    if connection.vendor != "postgresql":
        _missing_service("full-text search ranking needs PostgreSQL (set DATABASE_URL)")


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_search_ranks_title_matches_above_passing_mentions(client, school, teacher):
    make(
        teacher,
        school,
        title="Homework clubs",
        findings="One pupil mentioned flashcards, once.",
    )
    make(
        teacher,
        school,
        title="Flashcards for spelling",
        research_question="Do flashcards improve spelling?",
        findings="Flashcards used daily improved spelling scores.",
    )
    make(teacher, school, title="Outdoor maths", findings="Nothing relevant.")

    response = client.get(reverse("research:index"), {"q": "flashcard"})

    assert titles(response) == ["Flashcards for spelling", "Homework clubs"]
    assert "most relevant first" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_search_uses_the_stored_vector_and_its_gin_index(school, teacher):
    project = make(teacher, school, title="Talk partners", findings="Oracy improved.")
    assert Project.objects.filter(pk=project.pk, search_vector="oracy").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'project_search_gin'"
        )
        assert "USING gin (search_vector)" in cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_an_edit_updates_the_search_document(client, school, teacher):
    project = make(
        teacher, school, title="Reading for pleasure", findings="Early days."
    )
    services.project_update(
        project=project,
        updated_by=teacher,
        data={"findings": "Library visits doubled."},
    )

    response = client.get(reverse("research:index"), {"q": "library"})

    assert titles(response) == ["Reading for pleasure"]


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_a_project_is_found_by_its_subject_and_by_the_subject_s_new_name(
    client, school, teacher, django_capture_on_commit_callbacks
):
    """A project's search document names its subjects: renaming a subject (an
    officer in the admin) makes its projects found by the new name, not the old."""
    subject = SubjectFactory(name="Computing", slug="computing")
    make(teacher, school, title="Pair programming", subjects=[subject])
    make(teacher, school, title="Debating clubs")
    url = reverse("research:index")
    assert titles(client.get(url, {"q": "computing"})) == ["Pair programming"]

    subject.name = "Informatics"
    with django_capture_on_commit_callbacks(execute=True):
        subject.save()

    assert titles(client.get(url, {"q": "informatics"})) == ["Pair programming"]
    assert titles(client.get(url, {"q": "computing"})) == []


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
def test_saving_a_subject_unchanged_queues_no_reindex(
    school, teacher, monkeypatch, django_capture_on_commit_callbacks
):
    from research.tasks import projects_reindex_task

    queued = []
    monkeypatch.setattr(projects_reindex_task, "delay", lambda **kw: queued.append(kw))
    subject = SubjectFactory(name="Music", slug="music")
    make(teacher, school, title="Singing assemblies", subjects=[subject])
    with django_capture_on_commit_callbacks(execute=True):
        subject.save()
    assert queued == []
    subject.name = "Music and performance"
    with django_capture_on_commit_callbacks(execute=True):
        subject.save()
    assert queued == [{"subject_id": subject.pk}]


def test_a_visitor_finds_a_public_project_by_a_word_from_its_findings(
    client, school, teacher
):
    make(
        teacher,
        school,
        title="Visualisers in science",
        findings="Live modelling with a visualiser halved misconceptions.",
    )
    make(
        teacher,
        school,
        title="Private enquiry",
        findings="Live modelling too.",
        visibility=Project.Visibility.TEAM,
    )

    response = client.get(reverse("research:index"), {"q": "misconceptions"})

    assert titles(response) == ["Visualisers in science"]
    assert (
        client.get(reverse("research:index"), {"q": "modelling"})
        .context["page"]
        .paginator.count
        == 1
    )


def test_filters_narrow_the_list_and_the_url_can_be_shared(
    client, school, other_school, teacher, member
):
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    make(
        teacher,
        school,
        title="Bar models",
        subjects=[maths],
        phase="primary",
        tags="Problem solving, bar models",
        starts=date(2025, 9, 1),
        status=Project.Status.COMPLETED,
    )
    make(
        member,
        other_school,
        title="Fluency starters",
        subjects=[maths],
        phase="secondary",
        tags="fluency",
        starts=date(2024, 9, 1),
    )
    make(teacher, school, title="Phonics", phase="primary", tags="problem solving?")

    url = reverse("research:index")
    assert titles(client.get(url, {"subject": "mathematics"})) == [
        "Fluency starters",
        "Bar models",
    ]
    assert titles(client.get(url, {"phase": "secondary"})) == ["Fluency starters"]
    assert titles(client.get(url, {"school": other_school.urn})) == ["Fluency starters"]
    assert titles(client.get(url, {"year": "2025"})) == ["Bar models"]
    assert titles(client.get(url, {"tag": "Problem Solving"})) == ["Bar models"]
    assert titles(client.get(url, {"status": "completed"})) == ["Bar models"]
    assert titles(
        client.get(url, {"subject": "mathematics", "phase": "primary", "year": "2025"})
    ) == ["Bar models"]
    # The same query string gives the same list to someone else, signed in or not.
    client.force_login(member)
    assert titles(client.get(url, {"tag": "problem solving"})) == ["Bar models"]


def test_the_subject_filter_follows_every_way_subjects_change(client, school, teacher):
    """The list keeps each project's subjects on its row for the filter: an edit
    of the project, a subject given or taken from its own side (the admin) and a
    subject cleared of every project are each seen at once."""
    maths = SubjectFactory(name="Mathematics", slug="mathematics")
    art = SubjectFactory(name="Art", slug="art")
    bar = make(teacher, school, title="Bar models", subjects=[maths])
    clay = make(teacher, school, title="Clay", subjects=[art, maths])
    url = reverse("research:index")

    def listed(slug):
        return sorted(titles(client.get(url, {"subject": slug})))

    assert listed("mathematics") == ["Bar models", "Clay"]
    services.project_update(project=clay, updated_by=teacher, data={}, subjects=[art])
    assert listed("mathematics") == ["Bar models"]
    read_before = Project.objects.get(pk=bar.pk)
    art.projects.add(bar)
    assert listed("art") == ["Bar models", "Clay"]
    read_before.title = "Bar models again"
    read_before.save()  # a copy read before the change does not undo it
    assert listed("art") == ["Bar models again", "Clay"]
    maths.projects.remove(bar)
    assert listed("mathematics") == []
    assert Project.objects.get(pk=bar.pk).subject_ids == f",{art.pk},"
    art.projects.clear()
    assert listed("art") == []
    assert Project.objects.get(pk=clay.pk).subject_ids == ""
    clay.subjects.add(maths, art)
    assert listed("mathematics") == ["Clay"]
    assert listed("art") == ["Clay"]


def test_the_tag_filter_matches_whole_tags_only(client, school, teacher):
    make(teacher, school, title="Reading dogs", tags="reading, dogs")
    make(teacher, school, title="Shared reading", tags="shared reading")
    make(teacher, school, title="Reading ages", tags="assessment, reading ages")
    url = reverse("research:index")
    assert titles(client.get(url, {"tag": "reading"})) == ["Reading dogs"]
    assert titles(client.get(url, {"tag": "Reading  Ages"})) == ["Reading ages"]
    assert titles(client.get(url, {"tag": "dog"})) == []


def test_the_year_started_is_the_start_date_s_or_else_the_day_recorded(
    client, school, teacher
):
    """A project with no start date counts in the year it was recorded; giving it
    a start date moves it to that year."""
    undated = make(teacher, school, title="Undated")
    make(teacher, school, title="Dated", starts=date(2021, 9, 1))
    url = reverse("research:index")
    this_year = str(timezone.localdate().year)
    assert titles(client.get(url, {"year": this_year})) == ["Undated"]
    assert titles(client.get(url, {"year": "2021"})) == ["Dated"]
    services.project_update(
        project=undated, updated_by=teacher, data={"starts": date(2021, 1, 4)}
    )
    assert sorted(titles(client.get(url, {"year": "2021"}))) == ["Dated", "Undated"]
    assert titles(client.get(url, {"year": this_year})) == []


@pytest.mark.postgres
@pytest.mark.usefixtures("requires_postgres")
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"tag": "oracy"}, "project_tags_gin"),
        ({"subject": "music"}, "project_subject_ids_gin"),
        ({"year": "2024"}, "project_year_started_idx"),
    ],
)
def test_each_list_filter_can_be_answered_from_its_index(school, teacher, query, index):
    """At national scale the filters must not read every project: the query each
    one makes is the expression its index was built on (checked with sequential
    and plain index scans turned off, as the data here is small)."""

    from research.filters import ProjectFilter

    SubjectFactory(name="Music", slug="music")
    filters = ProjectFilter(query, queryset=Project.objects.order_by())
    assert filters.is_valid()
    sql, params = filters.qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


def test_an_unknown_filter_value_is_reported_not_a_crash(client, db):
    response = client.get(reverse("research:index"), {"status": "finished"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_pagination_keeps_the_search_and_filters(client, school, teacher):
    for n in range(25):
        ProjectFactory(
            school=school,
            lead=teacher,
            visibility=PUBLIC,
            phase="primary",
            title=f"Project {n:02}",
        )

    first = client.get(reverse("research:index"), {"phase": "primary"})
    second = client.get(reverse("research:index"), {"phase": "primary", "page": 2})

    assert first.context["page"].paginator.count == 25
    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert "?phase=primary&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("who", ["visitor", "officer", "teacher"])
def test_the_list_query_count_does_not_grow_with_projects(
    client, school, teacher, officer, who
):
    subjects = [SubjectFactory(), SubjectFactory()]
    if who != "visitor":
        client.force_login({"officer": officer, "teacher": teacher}[who])
        client.get(reverse("research:index"))  # the unread count is cached once

    def count_queries(total: int) -> int:
        while Project.objects.count() < total:
            project = ProjectFactory(
                school=school,
                visibility=PUBLIC,
                tags="feedback",
                phase="primary",
            )
            project.subjects.set(subjects)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("research:index"), {"tag": "feedback"})
        assert response.status_code == 200
        assert len(titles(response)) == total
        return len(queries)

    few, many = count_queries(2), count_queries(20)
    assert few == many
    assert many <= 8


def test_the_filter_column_follows_a_new_subject_and_shows_what_is_chosen(client, db):
    SubjectFactory(name="Mathematics", slug="mathematics")
    url = reverse("research:index")
    assert "Mathematics" in client.get(url, {"q": "fractions"}).content.decode()

    SubjectFactory(name="Geography", slug="geography")
    page = client.get(url, {"q": "rivers"}).content.decode()
    assert "Geography" in page

    chosen = client.get(url, {"q": "rivers", "subject": "geography"})
    assert '<option value="geography" selected>' in chosen.content.decode()
