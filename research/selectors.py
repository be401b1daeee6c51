"""Reads of research projects that span models."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from research.models import Collaborator, Project
from schools.models import School, User


def project_list(*, user) -> QuerySet[Project]:
    """Projects a person may see, for the /research/ list: its filters, search and
    pages run on it, and a page's rows are read through it
    (`presenters.list_rows`), so the visibility rules hold at every step."""
    return Project.objects.visible_to(user)


def project_detail(*, user, slug: str) -> Project:
    """A project this person may see, or a 404 (missing and forbidden look alike)."""
    return get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("school", "lead")
        .prefetch_related(
            "subjects",
            Prefetch(
                "collaborators",
                queryset=Collaborator.objects.select_related("user", "school"),
            ),
        ),
        slug=slug,
    )


def projects_of(*, user: User) -> QuerySet[Project]:
    """The projects a person is on the team of (lead or accepted collaborator)."""
    return (
        Project.objects.editable_by(user)
        .select_related("school")
        .order_by("-updated", "-id")
    )


def invitations_waiting(*, user: User) -> QuerySet[Collaborator]:
    return Collaborator.objects.filter(user=user, accepted__isnull=True).select_related(
        "project", "invited_by", "project__school"
    )


def projects_for_school(*, school: School, user) -> QuerySet[Project]:
    """A school's projects that this person may see, newest first."""
    return (
        Project.objects.visible_to(user)
        .filter(school=school)
        .select_related("lead")
        .order_by("-updated", "-id")
    )


def schools_led_by(*, user: User) -> QuerySet[School]:
    """A headteacher's schools, each with how many research projects it has."""
    return (
        School.objects.served_by(user, "headteacher")
        .annotate(project_count=Count("research_projects", distinct=True))
        .order_by("name")
    )


def member_school_of(*, user: User) -> School | None:
    """The first member school where this person works now, if any."""
    return (
        School.objects.served_by(user, "teacher", "headteacher")
        .members()
        .order_by("name")
        .first()
    )
