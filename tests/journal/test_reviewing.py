import pytest
from django.core import mail
from django.utils.html import escape

from journal import permissions, services
from journal.models import Decision, Review, Submission
from partnership.kernel.errors import DomainError
from tests.factories import PASSWORD, StaffFactory, UserFactory

S = Submission.Status


def test_a_reviewer_from_the_authors_school_is_refused_without_an_override(
    submitted, headteacher, officer
):
    # The headteacher works at the authors' school.
    with pytest.raises(services.ReviewerConflict, match="authors' school"):
        services.review_invite(submission=submitted, reviewer=headteacher, by=officer)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert not Review.objects.exists()


def test_an_explicit_override_allows_a_same_school_reviewer_and_is_recorded(
    submitted, headteacher, officer
):
    review = services.review_invite(
        submission=submitted,
        reviewer=headteacher,
        by=officer,
        override_reason="Only specialist in early reading",
    )
    assert review.conflict_override == "Only specialist in early reading"


def test_an_author_can_never_review_their_own_submission(submitted, teacher, officer):
    with pytest.raises(services.ReviewerConflict, match="own"):
        services.review_invite(
            submission=submitted, reviewer=teacher, by=officer, override_reason="please"
        )
    assert not Review.objects.exists()


def test_a_staff_member_of_several_schools_conflicts_if_one_is_the_authors(
    submitted, school, reviewer, officer
):
    StaffFactory(school=school, user=reviewer)
    assert "authors' school" in permissions.reviewer_conflict(
        submission=submitted, reviewer=reviewer
    )


def test_only_editors_invite_reviewers(submitted, reviewer, other_headteacher):
    with pytest.raises(DomainError, match="editors"):
        services.review_invite(
            submission=submitted, reviewer=reviewer, by=other_headteacher
        )
    assert not Review.objects.exists()


def test_a_member_made_editor_can_invite(
    submitted, reviewer, other_headteacher, edition
):
    edition.editors.add(other_headteacher)
    services.review_invite(
        submission=submitted, reviewer=reviewer, by=other_headteacher
    )
    assert Review.objects.count() == 1


def test_inviting_moves_to_review_and_emails_the_reviewer(
    submitted, reviewer, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_invite(
            submission=submitted, reviewer=reviewer, by=officer
        )
    submitted.refresh_from_db()
    assert submitted.status == S.UNDER_REVIEW
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert f"/journal/reviews/{review.pk}/" in mail.outbox[0].body


def test_a_reviewer_may_decline_with_a_reason(under_review, reviewer):
    _, review = under_review
    with pytest.raises(DomainError):
        services.review_decline(review=review, by=reviewer, reason="  ")
    services.review_decline(review=review, by=reviewer, reason="On leave this term")
    review.refresh_from_db()
    assert review.status == Review.Status.DECLINED
    assert review.declined_reason == "On leave this term"


def test_recommendation_and_decision_reach_the_authors_without_confidential_comments(
    client, under_review, reviewer, officer, teacher, django_capture_on_commit_callbacks
):
    sub, review = under_review
    services.review_submit(
        review=review,
        by=reviewer,
        recommendation="minor",
        comments_for_authors="Clear and useful; tidy the references.",
        comments_for_editors="Secret: borderline.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(
            submission=sub, by=officer, outcome="accept", letter="Delighted to accept."
        )
    sub.refresh_from_db()
    assert sub.status == S.ACCEPTED
    assert Decision.objects.get().decided_by == officer
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    client.login(email=teacher.email, password=PASSWORD)
    page = client.get(sub.get_absolute_url()).content.decode()
    assert "tidy the references" in page
    assert "Delighted to accept" in page
    assert "Secret" not in page


def test_someone_else_cannot_open_or_answer_a_review(
    client, under_review, other_headteacher
):
    _, review = under_review
    client.login(email=other_headteacher.email, password=PASSWORD)
    assert client.get(review.get_absolute_url()).status_code == 404
    response = client.post(
        review.get_absolute_url(),
        {"recommendation": "accept", "comments_for_authors": "x"},
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == Review.Status.INVITED


def test_reviewer_submits_through_the_page(client, under_review, reviewer):
    _, review = under_review
    client.login(email=reviewer.email, password=PASSWORD)
    page = client.get(review.get_absolute_url())
    assert "Talking before writing" in page.content.decode()
    client.post(
        review.get_absolute_url(),
        {"recommendation": "accept", "comments_for_authors": "Lovely work."},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED
    assert review.recommendation == "accept"


def test_editor_pages_are_404_for_non_editors(
    client, submitted, edition, other_headteacher
):
    client.login(email=other_headteacher.email, password=PASSWORD)
    for url in [
        edition.get_manage_url(),
        submitted.get_manage_url(),
        f"/journal/manage/{edition.pk}/assembly/",
        f"/journal/manage/{edition.pk}/preview/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/journal/manage/{edition.pk}/compile/").status_code == 404
    assert not edition.compile_runs.exists()


def test_editor_board_shows_who_owes_what(
    client, edition, officer, under_review, submitted
):
    from datetime import timedelta

    from django.utils import timezone

    sub, review = under_review
    Review.objects.filter(pk=review.pk).update(
        due=timezone.localdate() - timedelta(days=2)
    )
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(edition.get_manage_url()).content.decode()
    assert "Reviews overdue (1)" in page
    assert review.reviewer.full_name in page


def test_the_picker_neither_offers_nor_accepts_someone_from_the_authors_school(
    client, submitted, headteacher, officer, reviewer
):
    client.login(email=officer.email, password=PASSWORD)
    url = f"{submitted.get_manage_url()}invite/"
    page = client.get(url).content.decode()
    assert escape(reviewer.full_name) in page
    assert escape(headteacher.full_name) not in page
    response = client.post(url, {"reviewer": headteacher.pk})
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.exists()


def test_non_member_made_editor_cannot_be_chosen_as_reviewer(
    client, submitted, officer
):
    outsider = UserFactory()
    client.login(email=officer.email, password=PASSWORD)
    client.post(f"{submitted.get_manage_url()}invite/", {"reviewer": outsider.pk})
    assert not Review.objects.exists()


def test_a_reviewer_from_a_co_authors_school_is_refused_too(
    edition, project_with_coauthor, teacher, coauthor, other_headteacher, officer
):
    sub = services.submission_create(
        edition=edition, project=project_with_coauthor, by=teacher
    )
    services.submission_confirm_authorship(submission=sub, by=coauthor)
    # The other headteacher works at the co-author's school (Oakfield).
    with pytest.raises(services.ReviewerConflict, match="authors' school"):
        services.review_invite(submission=sub, reviewer=other_headteacher, by=officer)
    assert not Review.objects.exists()
