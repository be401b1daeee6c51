"""The research demo data: a few dozen projects, realistic, and idempotent."""

import io

import pytest

from partnership import demo as partnership_demo
from research import demo
from research.models import Project, StatusChange


@pytest.mark.django_db(transaction=True)
def test_the_demo_seeds_a_few_dozen_projects_once():
    partnership_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    counts = (Project.objects.count(), StatusChange.objects.count())

    demo.seed(stdout=io.StringIO())

    assert (Project.objects.count(), StatusChange.objects.count()) == counts
    assert Project.objects.count() >= 30
    assert Project.objects.values("school").distinct().count() >= 20
    assert set(Project.objects.values_list("status", flat=True)) == set(
        Project.Status.values
    )
    public = Project.objects.filter(visibility=Project.Visibility.PUBLIC)
    assert public.exclude(findings="").count() >= 10
    teacher_projects = Project.objects.filter(
        lead__email="teacher@riverside-primary.example"
    )
    assert teacher_projects.count() >= 2
    completed = Project.objects.filter(status=Project.Status.COMPLETED).first()
    assert list(completed.status_changes.values_list("to_status", flat=True)) == [
        "draft",
        "in-progress",
        "completed",
    ]
