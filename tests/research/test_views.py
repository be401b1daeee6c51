"""Pages a teacher uses: start, preview, edit, log, team, status, share, print."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from research import services
from research.models import Collaborator, Feedback, LogEntry, Project, StatusChange
from tests.factories import SubjectFactory
from tests.research.factories import (
    CollaboratorFactory,
    LogEntryFactory,
    ProjectFactory,
)

FORM = {
    "title": "Sentence stems in Year 4",
    "research_question": "Do sentence stems help pupils explain their reasoning?",
    "phase": "primary",
    "key_stages": "KS2",
    "year_groups": "Year 4",
    "tags": "oracy, reasoning",
    "starts": "2026-01-05",
    "ends": "2026-04-01",
    "context": "Pupils struggled to **explain** answers.",
    "findings": "Explanations got longer.<script>alert(1)</script>",
    "visibility": "team",
}


@pytest.fixture
def lead_client(client, teacher):
    client.force_login(teacher)
    return client


def test_a_teacher_starts_a_project_at_their_school(lead_client, school, teacher):
    maths = SubjectFactory(name="Mathematics", slug="mathematics")

    response = lead_client.post(
        reverse("research:create"),
        {**FORM, "school": school.pk, "subjects": [maths.pk]},
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/research/{project.slug}/"
    assert (project.lead, project.school, project.status) == (teacher, school, "draft")
    assert list(project.subjects.all()) == [maths]
    page = lead_client.get(response["Location"]).content.decode()
    assert "Sentence stems in Year 4" in page
    assert "<strong>explain</strong>" in page
    assert "alert(1)" not in page


def test_the_start_page_offers_only_the_teachers_own_schools(
    lead_client, school, other_school
):
    response = lead_client.post(
        reverse("research:create"), {**FORM, "school": other_school.pk}
    )

    assert "Select a valid choice" in response.content.decode()
    assert Project.objects.count() == 0


def test_someone_with_no_school_cannot_start_a_project(client, officer):
    client.force_login(officer)
    assert client.get(reverse("research:create")).status_code == 404


def test_preview_shows_the_writing_without_saving(lead_client, school):
    response = lead_client.post(
        reverse("research:create_preview"), {**FORM, "school": school.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview of your writing" in page
    assert "Pupils struggled to <strong>explain</strong> answers." in page
    assert "<script>alert(1)" not in page
    assert 'value="Sentence stems in Year 4"' in page
    assert Project.objects.count() == 0


def test_edit_preview_does_not_change_the_project(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher, findings="Old findings")

    response = lead_client.post(
        reverse("research:edit_preview", args=[project.slug]),
        {**FORM, "findings": "New *findings*"},
    )

    assert "New <em>findings</em>" in response.content.decode()
    assert Project.objects.get(pk=project.pk).findings == "Old findings"


def test_the_edit_form_has_a_preview_button_that_works_without_javascript(
    lead_client, school, teacher
):
    project = ProjectFactory(school=school, lead=teacher)
    page = lead_client.get(
        reverse("research:edit", args=[project.slug])
    ).content.decode()
    assert f'formaction="/research/{project.slug}/edit/preview/#preview"' in page


def test_an_invalid_edit_shows_errors_and_changes_nothing(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher, title="Kept title")

    response = lead_client.post(
        reverse("research:edit", args=[project.slug]),
        {**FORM, "title": "", "starts": "2026-05-01", "ends": "2026-01-01"},
    )

    page = response.content.decode()
    assert "There is a problem" in page
    assert Project.objects.get(pk=project.pk).title == "Kept title"


def test_the_whole_enquiry_from_draft_to_public(client, lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher, title="Quizzing")
    status_url = reverse("research:status", args=[project.slug])

    lead_client.post(status_url, {"to_status": "in-progress"})
    lead_client.post(
        reverse("research:log_add", args=[project.slug]),
        {"kind": "plan", "date": "2026-02-01", "body": "Plan a *daily* quiz."},
    )
    lead_client.post(status_url, {"to_status": "completed"})
    lead_client.post(
        reverse("research:edit", args=[project.slug]), {**FORM, "visibility": "public"}
    )

    project.refresh_from_db()
    assert (project.status, project.visibility) == ("completed", "public")
    assert list(
        StatusChange.objects.filter(project=project).values_list("to_status", flat=True)
    ) == ["in-progress", "completed"]
    client.logout()
    page = client.get(project.get_absolute_url()).content.decode()  # a visitor
    assert "Plan a <em>daily</em> quiz." in page
    assert "Completed" in page
    history = lead_client.get(project.get_absolute_url()).content.decode()
    assert "Draft to in progress" in history
    assert "In progress to completed" in history
    assert "in-progress" not in history.replace('value="in-progress"', "")
    assert "Edit the project" not in page


def test_an_illegal_status_move_shows_a_message(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher)

    response = lead_client.post(
        reverse("research:status", args=[project.slug]),
        {"to_status": "completed"},
        follow=True,
    )

    assert "cannot be moved to completed" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == "draft"


def test_the_cycle_log_is_a_dated_timeline(client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher, visibility="public")
    LogEntryFactory(
        project=project, kind="reflect", date="2026-03-01", body_html="<p>R</p>"
    )
    LogEntryFactory(
        project=project, kind="plan", date="2026-01-10", body_html="<p>P</p>"
    )

    page = client.get(project.get_absolute_url()).content.decode()

    assert 'class="portal-timeline"' in page
    assert page.index("10 January 2026") < page.index("1 March 2026")
    assert page.index(">Plan<") < page.index(">Reflect<")


def test_inviting_and_accepting_through_the_pages(
    client, lead_client, school, teacher, member
):
    project = ProjectFactory(school=school, lead=teacher)

    response = lead_client.post(
        reverse("research:team", args=[project.slug]), {"email": member.email}
    )
    assert response.status_code == 302
    client.force_login(member)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Invitations waiting for you" in dashboard
    assert project.title in dashboard
    assert (
        "Accept the invitation"
        in client.get(project.get_absolute_url()).content.decode()
    )

    client.post(reverse("research:accept", args=[project.slug]))

    assert Collaborator.objects.get(project=project, user=member).accepted is not None
    assert client.get(reverse("research:edit", args=[project.slug])).status_code == 200


def test_declining_removes_the_invitation(client, school, teacher, member):
    project = ProjectFactory(school=school, lead=teacher)
    CollaboratorFactory(project=project, user=member)
    client.force_login(member)

    client.post(reverse("research:decline", args=[project.slug]))

    assert not Collaborator.objects.filter(project=project).exists()
    assert client.get(project.get_absolute_url()).status_code == 404  # team only


def test_an_invitation_to_an_unknown_address_says_what_happens(
    lead_client, school, teacher
):
    project = ProjectFactory(school=school, lead=teacher)

    response = lead_client.post(
        reverse("research:team", args=[project.slug]),
        {"email": "who@nowhere.example"},
        follow=True,
    )

    assert "If who@nowhere.example belongs to a colleague at a member school" in (
        response.content.decode()
    )
    assert not Collaborator.objects.exists()


def test_feedback_is_posted_and_an_empty_one_is_refused(client, school, headteacher):
    project = ProjectFactory(school=school)
    client.force_login(headteacher)
    url = reverse("research:feedback", args=[project.slug])

    empty = client.post(url, {"body": "  "})
    client.post(url, {"body": "Try **interleaving**."})

    assert "Enter your feedback" in empty.content.decode()
    assert Feedback.objects.get().author == headteacher
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>interleaving</strong>" in page


def test_a_visitor_sees_no_feedback_section(client, school):
    project = ProjectFactory(school=school, visibility="public")
    assert (
        'id="feedback"' not in client.get(project.get_absolute_url()).content.decode()
    )


def test_the_pdf_download_holds_the_project(client, school, teacher):
    project = ProjectFactory(
        school=school,
        lead=teacher,
        visibility="public",
        title="Retrieval grids",
        rendered={"findings": "<p>Scores rose by a third.</p>"},
    )
    LogEntryFactory(project=project, body_html="<p>First cycle planned.</p>")

    response = client.get(reverse("research:pdf", args=[project.slug]))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Retrieval grids" in text
    assert "Scores rose by a third." in text
    assert "First cycle planned." in text
    assert "Amira Khan" in text


def test_the_public_page_hides_actions_when_printed(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher, visibility="public")
    page = lead_client.get(project.get_absolute_url()).content.decode()
    assert page.count('class="portal-no-print"') >= 2
    assert 'style="' not in page
    assert "<script>" not in page


def test_the_school_page_lists_the_projects_a_person_may_see(client, school, teacher):
    ProjectFactory(school=school, lead=teacher, visibility="public", title="Open one")
    ProjectFactory(school=school, lead=teacher, title="Closed one")

    anonymous = client.get(school.get_absolute_url()).content.decode()
    client.force_login(teacher)
    as_lead = client.get(school.get_absolute_url()).content.decode()

    assert "Open one" in anonymous
    assert "Closed one" not in anonymous
    assert "Closed one" in as_lead


def test_the_dashboard_lists_your_projects(lead_client, school, teacher):
    ProjectFactory(school=school, lead=teacher, title="My enquiry")
    ProjectFactory(school=school, title="Someone else's enquiry")

    page = lead_client.get(reverse("dashboard")).content.decode()

    assert "My enquiry" in page
    assert "Someone else" not in page


def test_log_entries_need_a_date_and_text(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher)

    response = lead_client.post(
        reverse("research:log_add", args=[project.slug]), {"kind": "plan"}
    )

    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter date" in page
    assert "Enter what happened." in page
    assert LogEntry.objects.count() == 0


def test_the_cached_pdf_follows_changes_to_the_project(client, school, teacher, member):
    project = ProjectFactory(school=school, lead=teacher, visibility="public")
    url = reverse("research:pdf", args=[project.slug])

    def pdf_text():
        response = client.get(url)
        return "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
        )

    assert "Riverside Learning Partnership" in pdf_text()
    services.project_update(
        project=project, updated_by=teacher, data={"findings": "Attendance improved."}
    )
    assert "Attendance improved." in pdf_text()
    invitation = services.collaborator_invite(
        project=project, email=member.email, invited_by=teacher
    )
    services.collaborator_accept(collaborator=invitation, user=member)
    assert "Ben Clarke" in pdf_text()


def test_the_log_form_offers_the_four_stages_and_no_empty_choice(
    lead_client, school, teacher
):
    project = ProjectFactory(school=school, lead=teacher)
    page = lead_client.get(reverse("research:log_add", args=[project.slug])).content
    values = re.findall(rb'name="kind" type="radio" value="([^"]*)"', page)
    assert values == [b"plan", b"act", b"observe", b"reflect"]


def test_the_lead_removes_a_collaborator_and_a_collaborator_cannot(
    client, school, teacher, member, colleague
):
    project = ProjectFactory(school=school, lead=teacher)
    partner = CollaboratorFactory(
        project=project, user=member, accepted="2026-01-01T00:00Z"
    )
    other = CollaboratorFactory(
        project=project, user=colleague, accepted="2026-01-01T00:00Z"
    )

    client.force_login(member)
    refused = client.post(
        reverse("research:collaborator_remove", args=[project.slug, other.pk])
    )
    client.force_login(teacher)
    client.post(
        reverse("research:collaborator_remove", args=[project.slug, partner.pk])
    )

    assert refused.status_code == 404
    assert list(project.collaborators.values_list("user", flat=True)) == [colleague.pk]
    client.force_login(member)
    assert client.get(reverse("research:edit", args=[project.slug])).status_code == 404


def test_a_headteacher_sees_every_project_of_their_school_from_the_dashboard(
    client, school, teacher, headteacher
):
    ProjectFactory(school=school, lead=teacher, title="Private draft")
    ProjectFactory(school=school, lead=teacher, visibility="partnership")
    client.force_login(headteacher)

    dashboard = client.get(reverse("dashboard")).content.decode()
    listing = client.get(reverse("research:index"), {"school": school.urn})

    assert "Riverside Primary School</a>: 2 projects" in dashboard
    assert listing.context["page"].paginator.count == 2
    assert "Private draft" in listing.content.decode()


def test_a_visitor_is_offered_a_way_to_sign_in_to_give_feedback(client, school):
    project = ProjectFactory(school=school, visibility="public")
    page = client.get(project.get_absolute_url()).content.decode()
    assert f"/accounts/login/?next=/research/{project.slug}/" in page


def test_dates_are_typed_as_day_month_and_year_boxes(lead_client, school, teacher):
    page = lead_client.get(reverse("research:create")).content.decode()
    for part in ("starts_day", "starts_month", "starts_year", "ends_year"):
        assert f'name="{part}"' in page
    assert 'type="date"' not in page

    lead_client.post(
        reverse("research:create"),
        {
            **{k: v for k, v in FORM.items() if k not in ("starts", "ends")},
            "school": school.pk,
            "starts_day": "5",
            "starts_month": "1",
            "starts_year": "2026",
        },
    )

    project = Project.objects.get()
    assert (str(project.starts), project.ends) == ("2026-01-05", None)


def test_a_log_entry_date_that_is_not_real_is_refused(lead_client, school, teacher):
    project = ProjectFactory(school=school, lead=teacher)

    response = lead_client.post(
        reverse("research:log_add", args=[project.slug]),
        {
            "kind": "plan",
            "date_day": "31",
            "date_month": "2",
            "date_year": "2026",
            "body": "Plan",
        },
    )

    assert "Date must be a real date" in response.content.decode()
    assert LogEntry.objects.count() == 0
