"""The project history becomes a kernel TransitionRecord without losing a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("research", "0002_evidence_log_feedback_search")]
AFTER = [("research", "0003_statuschange_transition_record")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_status_change_keeps_who_made_it_when_changed_by_becomes_by():
    old = _migrate(BEFORE)
    try:
        user = old.get_model("schools", "User").objects.create(
            email="lead@example.org", full_name="Lead Teacher", password="x"
        )
        # Schools are not rolled back with research: their table is today's.
        from schools.models import School

        school = School.objects.create(urn=991234, name="Migration School")
        project = old.get_model("research", "Project").objects.create(
            title="Quizzes",
            slug="quizzes",
            research_question="Q?",
            school_id=school.pk,
            lead=user,
            status="in-progress",
        )
        change = old.get_model("research", "StatusChange")
        change.objects.create(
            project=project, from_status="", to_status="draft", changed_by=user
        )
        change.objects.create(
            project=project,
            from_status="draft",
            to_status="in-progress",
            changed_by=user,
        )

        new = _migrate(AFTER)
        rows = list(
            new.get_model("research", "StatusChange")
            .objects.order_by("pk")
            .values_list("project_id", "from_status", "to_status", "by_id", "note")
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert rows == [
        (project.pk, "", "draft", user.pk, ""),
        (project.pk, "draft", "in-progress", user.pk, ""),
    ]
