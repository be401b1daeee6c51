"""The rules of research projects: statuses, team, log, feedback, snapshots."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from partnership.kernel.errors import IllegalTransition, NotAllowed
from partnership.models import Notification
from research import services
from research.models import Collaborator, Feedback, LogEntry, Project, StatusChange
from research.snapshots import project_snapshot
from tests.factories import StaffFactory, SubjectFactory
from tests.research.factories import CollaboratorFactory

S = Project.Status


@pytest.fixture
def project(school, teacher):
    return services.project_create(
        lead=teacher,
        school=school,
        data={
            "title": "Retrieval practice in Year 5",
            "research_question": "Does a daily quiz improve recall?",
            "tags": " Retrieval Practice,  memory;memory ",
            "findings": "Recall rose.",
        },
        subjects=[SubjectFactory(name="Mathematics", slug="mathematics")],
    )


def history(project):
    return list(
        StatusChange.objects.filter(project=project).values_list(
            "from_status", "to_status"
        )
    )


def test_a_new_project_is_a_draft_with_its_start_recorded(project, teacher):
    assert project.status == S.DRAFT
    assert project.slug == "retrieval-practice-in-year-5"
    assert project.tags == "retrieval practice, memory"
    assert project.rendered["findings"] == "<p>Recall rose.</p>"
    assert history(project) == [("", S.DRAFT)]


def test_a_second_project_with_the_same_title_gets_its_own_slug(
    project, school, teacher
):
    again = services.project_create(
        lead=teacher,
        school=school,
        data={"title": project.title, "research_question": "Again?"},
    )
    assert again.slug == "retrieval-practice-in-year-5-2"


def test_a_project_called_new_does_not_hide_the_start_page(school, teacher):
    project = services.project_create(
        lead=teacher, school=school, data={"title": "New", "research_question": "?"}
    )
    assert project.slug == "new-2"


def test_a_teacher_cannot_start_a_project_at_a_school_they_do_not_work_at(
    other_school, teacher
):
    with pytest.raises(NotAllowed):
        services.project_create(
            lead=teacher,
            school=other_school,
            data={"title": "x", "research_question": "y"},
        )
    assert Project.objects.count() == 0


def test_statuses_move_forward_and_back_with_a_history_row_each(project, teacher):
    for to in [S.IN_PROGRESS, S.DRAFT, S.IN_PROGRESS, S.COMPLETED, S.IN_PROGRESS]:
        project = services.project_set_status(project=project, to_status=to, by=teacher)
        assert Project.objects.get(pk=project.pk).status == to

    assert history(project) == [
        ("", S.DRAFT),
        (S.DRAFT, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.DRAFT),
        (S.DRAFT, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMPLETED),
        (S.COMPLETED, S.IN_PROGRESS),
    ]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.DRAFT, S.COMPLETED),
        (S.COMPLETED, S.DRAFT),
        (S.DRAFT, S.DRAFT),
        (S.DRAFT, "gone"),
    ],
)
def test_an_illegal_move_is_refused_and_nothing_changes(project, teacher, start, to):
    Project.objects.filter(pk=project.pk).update(status=start)
    rows = StatusChange.objects.count()

    with pytest.raises(IllegalTransition):
        services.project_set_status(project=project, to_status=to, by=teacher)

    assert Project.objects.get(pk=project.pk).status == start
    assert StatusChange.objects.count() == rows


def test_only_the_team_changes_the_status(project, headteacher):
    with pytest.raises(NotAllowed):
        services.project_set_status(
            project=project, to_status=S.IN_PROGRESS, by=headteacher
        )
    assert Project.objects.get(pk=project.pk).status == S.DRAFT


def test_a_colleague_from_another_member_school_is_invited_and_accepts(
    project, teacher, member
):
    invitation = services.collaborator_invite(
        project=project, email="BEN@oakfield.example", invited_by=teacher
    )

    assert not Project.objects.editable_by(member).filter(pk=project.pk).exists()
    assert Notification.objects.filter(
        recipient=member, kind=Notification.Kind.RESEARCH
    ).exists()

    services.collaborator_accept(collaborator=invitation, user=member)

    assert Project.objects.editable_by(member).filter(pk=project.pk).exists()
    assert member in Project.objects.get(pk=project.pk).team()
    assert Collaborator.objects.get(pk=invitation.pk).school.name == (
        "Oakfield Primary School"
    )


def test_an_invitation_is_accepted_only_by_the_person_invited(
    project, teacher, member, colleague
):
    invitation = services.collaborator_invite(
        project=project, email=member.email, invited_by=teacher
    )
    with pytest.raises(NotAllowed):
        services.collaborator_accept(collaborator=invitation, user=colleague)
    assert Collaborator.objects.get(pk=invitation.pk).accepted is None


@pytest.mark.parametrize(
    "email", ["olivia@elsewhere.example", "nobody@nowhere.example"]
)
def test_people_outside_the_member_schools_cannot_be_invited(
    project, teacher, outsider, email
):
    # Nothing is said either way (see test_invite_enumeration.py): no one is invited
    assert (
        services.collaborator_invite(project=project, email=email, invited_by=teacher)
        is None
    )
    assert project.collaborators.count() == 0


def test_the_same_person_is_not_invited_twice(project, teacher, member):
    services.collaborator_invite(
        project=project, email=member.email, invited_by=teacher
    )
    again = services.collaborator_invite(
        project=project, email=member.email, invited_by=teacher
    )
    lead = services.collaborator_invite(
        project=project, email=teacher.email, invited_by=teacher
    )
    assert (again, lead) == (None, None)
    assert project.collaborators.count() == 1


def test_feedback_emails_the_team_but_not_its_author(
    project, teacher, other_school, headteacher, django_capture_on_commit_callbacks
):
    partner = StaffFactory(school=other_school).user
    CollaboratorFactory(project=project, user=partner, accepted="2026-01-01T00:00Z")
    Project.objects.filter(pk=project.pk).update(
        visibility=Project.Visibility.PARTNERSHIP
    )

    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.feedback_add(
            project=project, author=headteacher, body="Have you tried *spacing*?"
        )

    assert feedback.body_html == "<p>Have you tried <em>spacing</em>?</p>"
    notified = Notification.objects.filter(event_key=f"research-feedback:{feedback.pk}")
    assert {n.recipient for n in notified} == {teacher, partner}
    assert sorted(m.to[0] for m in mail.outbox if "feedback" in m.subject) == sorted(
        [teacher.email, partner.email]
    )


def test_feedback_from_the_team_does_not_email_its_author(project, teacher):
    services.feedback_add(project=project, author=teacher, body="Note to self")
    assert not Notification.objects.filter(recipient=teacher).exists()


def test_people_who_cannot_see_a_project_cannot_comment(project, outsider):
    with pytest.raises(NotAllowed):
        services.feedback_add(project=project, author=outsider, body="Hello")
    assert Feedback.objects.count() == 0


def test_log_entries_need_a_valid_kind(project, teacher):
    with pytest.raises(ValidationError):
        services.log_entry_add(
            project=project, author=teacher, kind="dream", on="2026-01-01", body="x"
        )
    assert LogEntry.objects.count() == 0


def test_an_edit_keeps_the_slug_and_updates_the_rendered_html(project, teacher):
    services.project_update(
        project=project,
        updated_by=teacher,
        data={"title": "A new title", "findings": "Recall rose **a lot**."},
    )
    project.refresh_from_db()
    assert project.slug == "retrieval-practice-in-year-5"
    assert project.rendered["findings"] == "<p>Recall rose <strong>a lot</strong>.</p>"


def test_the_snapshot_keeps_its_keys_and_does_not_follow_later_edits(project, teacher):
    snapshot = project_snapshot(Project.objects.get(pk=project.pk))

    services.project_update(
        project=project, updated_by=teacher, data={"findings": "Changed later."}
    )

    for key in [
        "title",
        "research_question",
        "findings",
        "project_id",
        "slug",
        "school",
        "subjects",
        "authors",
        "starts",
        "ends",
    ]:
        assert key in snapshot
    assert snapshot["findings"] == "Recall rose."
    assert snapshot["html"]["findings"] == "<p>Recall rose.</p>"
    assert snapshot["subjects"] == ["Mathematics"]
    assert snapshot["authors"][0]["email"] == teacher.email
