"""Who may read, edit and download what: each role x each visibility."""

import pytest
from django.urls import reverse

from research.models import Project
from tests.factories import StaffFactory, UserFactory
from tests.research.factories import (
    CollaboratorFactory,
    EvidenceFactory,
    ProjectFactory,
)

ROLES = [
    "visitor",
    "outsider",
    "member",
    "colleague",
    "headteacher",
    "other_headteacher",
    "officer",
    "site_admin",
    "lead",
    "collaborator",
    "invitee",
]
TEAM = {"lead", "collaborator"}
# Who reads a project of each visibility (the team edits, whatever the visibility).
READERS = {
    Project.Visibility.TEAM: TEAM | {"headteacher", "officer", "site_admin", "invitee"},
    Project.Visibility.PARTNERSHIP: TEAM
    | {
        "headteacher",
        "officer",
        "site_admin",
        "member",
        "colleague",
        "other_headteacher",
        "invitee",
    },
    Project.Visibility.PUBLIC: set(ROLES),
}


@pytest.fixture
def world(
    request,
    school,
    other_school,
    teacher,
    headteacher,
    other_headteacher,
    officer,
    site_admin,
    colleague,
    member,
    outsider,
):
    def make(visibility):
        project = ProjectFactory(school=school, lead=teacher, visibility=visibility)
        collaborator = StaffFactory(school=other_school).user
        CollaboratorFactory(
            project=project,
            user=collaborator,
            school=other_school,
            accepted="2026-01-10T10:00:00Z",
        )
        invitee = StaffFactory(school=other_school).user
        CollaboratorFactory(project=project, user=invitee, school=other_school)
        evidence = EvidenceFactory(project=project)
        people = {
            "visitor": None,
            "outsider": outsider,
            "member": member,
            "colleague": colleague,
            "headteacher": headteacher,
            "other_headteacher": other_headteacher,
            "officer": officer,
            "site_admin": site_admin,
            "lead": teacher,
            "collaborator": collaborator,
            "invitee": invitee,
        }
        return project, evidence, people

    return make


@pytest.mark.parametrize("visibility", Project.Visibility.values)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_read_edit_download(client, world, role, visibility):
    project, evidence, people = world(visibility)
    if people[role] is not None:
        client.force_login(people[role])
    may_read = role in READERS[visibility]
    may_edit = role in TEAM

    detail = client.get(project.get_absolute_url())
    assert detail.status_code == (200 if may_read else 404)
    if may_read:
        assert project.title in detail.content.decode()

    download = client.get(evidence.get_absolute_url())
    assert download.status_code == (200 if may_read else 404)
    if may_read:
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    edit = client.get(reverse("research:edit", args=[project.slug]))
    if role == "visitor":
        assert edit.status_code == 302
        assert "/accounts/login/" in edit["Location"]
    else:
        assert edit.status_code == (200 if may_edit else 404)

    pdf = client.get(reverse("research:pdf", args=[project.slug]))
    assert pdf.status_code == (200 if may_read else 404)


@pytest.mark.parametrize("role", ["headteacher", "officer", "member", "invitee"])
def test_people_who_may_only_read_cannot_change_anything(client, world, role):
    project, evidence, people = world(Project.Visibility.PARTNERSHIP)
    client.force_login(people[role])
    before = Project.objects.get(pk=project.pk)

    responses = [
        client.post(
            reverse("research:edit", args=[project.slug]),
            {"title": "Hijacked", "research_question": "x", "visibility": "public"},
        ),
        client.post(
            reverse("research:status", args=[project.slug]),
            {"to_status": "in-progress"},
        ),
        client.post(
            reverse("research:evidence_delete", args=[project.slug, evidence.pk])
        ),
        client.post(
            reverse("research:log_add", args=[project.slug]),
            {"kind": "plan", "date": "2026-01-01", "body": "x"},
        ),
        client.post(
            reverse("research:team", args=[project.slug]), {"email": "x@example.org"}
        ),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    after = Project.objects.get(pk=project.pk)
    assert (after.title, after.status, after.visibility) == (
        before.title,
        before.status,
        before.visibility,
    )
    assert project.evidence.count() == 1
    assert project.log_entries.count() == 0


def test_evidence_of_another_project_is_not_reachable_through_a_visible_one(
    client, school, teacher
):
    public = ProjectFactory(school=school, visibility=Project.Visibility.PUBLIC)
    private = ProjectFactory(school=school, lead=UserFactory())
    secret = EvidenceFactory(project=private)

    response = client.get(
        reverse("research:evidence_download", args=[public.slug, secret.pk])
    )

    assert response.status_code == 404


def test_list_shows_only_what_each_person_may_see(client, school, teacher, member):
    ProjectFactory(school=school, lead=teacher, title="Team only enquiry")
    ProjectFactory(
        school=school,
        lead=teacher,
        title="Partnership enquiry",
        visibility=Project.Visibility.PARTNERSHIP,
    )
    ProjectFactory(
        school=school,
        lead=teacher,
        title="Public enquiry",
        visibility=Project.Visibility.PUBLIC,
    )

    anonymous = client.get(reverse("research:index")).content.decode()
    client.force_login(member)
    as_member = client.get(reverse("research:index")).content.decode()
    client.force_login(teacher)
    as_lead = client.get(reverse("research:index")).content.decode()

    assert "Public enquiry" in anonymous
    assert "Partnership enquiry" not in anonymous
    assert "Team only enquiry" not in anonymous
    assert "Partnership enquiry" in as_member
    assert "Team only enquiry" not in as_member
    for title in ["Team only enquiry", "Partnership enquiry", "Public enquiry"]:
        assert title in as_lead
