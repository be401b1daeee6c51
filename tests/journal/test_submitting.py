from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from journal import services
from journal.models import Submission, SubmissionEvent, SubmissionVersion
from partnership.kernel.errors import DomainError, IllegalTransition
from research.models import Project
from tests.factories import PASSWORD

S = Submission.Status


def test_lead_submits_a_completed_project_and_the_team_is_emailed_once(
    edition, project, teacher, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.submission_create(edition=edition, project=project, by=teacher)
    assert sub.status == S.SUBMITTED  # no co-authors to wait for
    assert sub.snapshot["title"] == "Talking before writing"
    assert SubmissionVersion.objects.filter(submission=sub, number=1).exists()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["officer@riverside.gov.example", "teacher@riverside-primary.example"]
    # Running the outbox again sends nothing twice.
    from partnership.services import notifications_requeue_pending

    notifications_requeue_pending(older_than_seconds=0)
    assert len(mail.outbox) == 2


def test_the_snapshot_is_frozen_when_the_project_changes_later(
    edition, project, teacher
):
    sub = services.submission_create(edition=edition, project=project, by=teacher)
    Project.objects.filter(pk=project.pk).update(title="Renamed later", findings="new")
    sub.refresh_from_db()
    assert sub.snapshot["title"] == "Talking before writing"
    assert sub.versions.get().snapshot["findings"] != "new"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Project.Status.IN_PROGRESS}, "completed"),
    ],
)
def test_an_unfinished_project_is_refused(edition, project, teacher, change, message):
    Project.objects.filter(pk=project.pk).update(**change)
    project.refresh_from_db()
    with pytest.raises(DomainError, match=message):
        services.submission_create(edition=edition, project=project, by=teacher)
    assert not Submission.objects.exists()


def test_submitting_outside_the_call_is_refused(edition, project, teacher):
    edition.call_opens = timezone.localdate() - timedelta(days=60)
    edition.call_closes = timezone.localdate() - timedelta(days=1)
    edition.save()
    with pytest.raises(DomainError, match="not open"):
        services.submission_create(edition=edition, project=project, by=teacher)
    assert not Submission.objects.exists()


def test_only_the_lead_may_submit(edition, project_with_coauthor, coauthor):
    with pytest.raises(DomainError, match="lead"):
        services.submission_create(
            edition=edition, project=project_with_coauthor, by=coauthor
        )
    assert not Submission.objects.exists()


def test_a_project_cannot_be_submitted_twice(edition, project, teacher):
    services.submission_create(edition=edition, project=project, by=teacher)
    with pytest.raises(DomainError, match="already"):
        services.submission_create(edition=edition, project=project, by=teacher)
    assert Submission.objects.count() == 1


def test_co_authors_confirm_before_the_editors_see_it(
    edition, project_with_coauthor, teacher, coauthor
):
    sub = services.submission_create(
        edition=edition, project=project_with_coauthor, by=teacher
    )
    assert sub.status == S.AWAITING_AUTHORS
    assert [a["name"] for a in sub.snapshot["authors"]] == ["Amira Khan", "Ben Clarke"]
    services.submission_confirm_authorship(submission=sub, by=coauthor)
    sub.refresh_from_db()
    assert sub.status == S.SUBMITTED
    assert sub.events.last().by == coauthor


def test_authors_may_withdraw_until_a_decision_but_not_after(
    edition, project, teacher, officer
):
    sub = services.submission_create(edition=edition, project=project, by=teacher)
    services.submission_decide(
        submission=sub,
        by=officer,
        outcome="decline",
        letter="Not this year.",
        no_review_reason="Outside the call's scope.",
    )
    with pytest.raises(IllegalTransition):
        services.submission_withdraw(submission=sub, by=teacher)
    sub.refresh_from_db()
    assert sub.status == S.DECLINED


def test_withdrawing_records_who_and_cancels_open_reviews(under_review, teacher):
    sub, review = under_review
    services.submission_withdraw(submission=sub, by=teacher, reason="Changed school")
    sub.refresh_from_db()
    review.refresh_from_db()
    assert sub.status == S.WITHDRAWN
    assert review.status == "cancelled"
    assert SubmissionEvent.objects.filter(
        submission=sub, to_status=S.WITHDRAWN, by=teacher
    ).exists()


def test_a_revision_is_a_new_snapshot(under_review, officer, teacher, reviewer):
    sub, review = under_review
    services.review_submit(
        review=review,
        by=reviewer,
        recommendation="major",
        comments_for_authors="More data.",
    )
    services.submission_decide(
        submission=sub, by=officer, outcome="revisions", letter="Please add data."
    )
    sub.refresh_from_db()
    assert sub.status == S.REVISIONS_REQUESTED
    assert sub.revisions_due
    Project.objects.filter(pk=sub.project_id).update(findings="Now with more data.")
    services.submission_revise(submission=sub, by=teacher, note="Added data")
    sub.refresh_from_db()
    assert sub.status == S.UNDER_REVIEW
    assert sub.version == 2
    assert sub.snapshot["findings"] == "Now with more data."
    assert sub.versions.get(number=1).snapshot["findings"] != "Now with more data."


def test_teacher_submits_through_the_page(client, edition, project, teacher):
    client.login(email=teacher.email, password=PASSWORD)
    page = client.get("/journal/submit/")
    assert "Talking before writing" in page.content.decode()
    response = client.post(f"/journal/submit/{project.slug}/", {"edition": edition.pk})
    sub = Submission.objects.get()
    assert response.url == f"/journal/submissions/{sub.pk}/"
    page = client.get(response.url)
    assert "Submitted" in page.content.decode()


def test_someone_else_cannot_see_a_submission(client, submitted, other_headteacher):
    client.login(email=other_headteacher.email, password=PASSWORD)
    assert client.get(f"/journal/submissions/{submitted.pk}/").status_code == 404


def test_a_project_already_submitted_shows_as_submitted_not_as_a_button(
    client, edition, project, teacher
):
    services.submission_create(edition=edition, project=project, by=teacher)
    client.login(email=teacher.email, password=PASSWORD)
    page = client.get("/journal/submit/").content.decode()
    assert f"Submitted to {edition.title}" in page
    assert f"/journal/submit/{project.slug}/" not in page


def test_a_malformed_edition_is_refused_with_a_message(client, project, teacher):
    client.login(email=teacher.email, password=PASSWORD)
    response = client.post(
        f"/journal/submit/{project.slug}/", {"edition": "x"}, follow=True
    )
    assert "Choose a call for reports that is open." in response.content.decode()
    assert not Submission.objects.exists()
