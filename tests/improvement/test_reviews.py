"""Peer review: the conflict rule, declines and replacements, the report."""

from datetime import date

import pytest

from partnership.improvement import services
from partnership.improvement.models import Finding, PeerReview, Reviewer, ReviewRound
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import Notification
from tests.factories import StaffFactory, UserFactory

from .factories import open_review, reviewer_from, written_review

pytestmark = pytest.mark.django_db


def test_only_an_officer_opens_a_round_and_one_a_year(
    partnership, officer, headteacher
):
    with pytest.raises(NotAllowed):
        services.round_open(
            partnership=partnership, year=2024, scale="A\nB", opened_by=headteacher
        )
    services.round_open(
        partnership=partnership, year=2024, scale="A\nB", opened_by=officer
    )
    with pytest.raises(DomainError, match="already a round"):
        services.round_open(
            partnership=partnership, year=2024, scale="A\nB", opened_by=officer
        )
    assert ReviewRound.objects.count() == 1


def test_a_reviewer_from_the_host_school_is_refused_and_nothing_is_saved(
    partnership, officer, school, teacher, other_school
):
    review = open_review(partnership=partnership, officer=officer, host=school)
    with pytest.raises(DomainError, match="cannot come from the host school"):
        services.reviewer_assign(
            review=review, user=teacher, school=school, role="lead", by=officer
        )
    assert not Reviewer.objects.exists()


def test_someone_on_the_host_staff_is_refused_even_from_another_school(
    partnership, officer, school, teacher, other_school
):
    StaffFactory(school=other_school, user=teacher, role="teacher")
    review = open_review(partnership=partnership, officer=officer, host=school)
    with pytest.raises(DomainError, match="reviewers never come from the host school"):
        services.reviewer_assign(
            review=review, user=teacher, school=other_school, role="peer", by=officer
        )
    assert not Reviewer.objects.exists()


def test_a_reviewer_must_work_at_the_school_they_come_from(
    partnership, officer, school, other_school
):
    review = open_review(partnership=partnership, officer=officer, host=school)
    stranger = UserFactory()
    with pytest.raises(DomainError, match="not on the staff"):
        services.reviewer_assign(
            review=review, user=stranger, school=other_school, role="peer", by=officer
        )
    assert not Reviewer.objects.exists()


def test_only_officers_assign_reviewers(partnership, officer, school, headteacher):
    review = open_review(partnership=partnership, officer=officer, host=school)
    user, from_school = reviewer_from(partnership)
    with pytest.raises(NotAllowed):
        services.reviewer_assign(
            review=review, user=user, school=from_school, role="peer", by=headteacher
        )
    assert not Reviewer.objects.exists()


def test_a_review_has_one_lead(partnership, officer, school):
    review = open_review(partnership=partnership, officer=officer, host=school)
    first, first_school = reviewer_from(partnership)
    second, second_school = reviewer_from(partnership)
    services.reviewer_assign(
        review=review, user=first, school=first_school, role="lead", by=officer
    )
    with pytest.raises(DomainError, match="already has a lead"):
        services.reviewer_assign(
            review=review, user=second, school=second_school, role="lead", by=officer
        )
    assert review.reviewers.count() == 1


def test_a_reviewer_who_declines_is_replaced_in_the_same_role(
    partnership, officer, school
):
    review = open_review(partnership=partnership, officer=officer, host=school)
    first, first_school = reviewer_from(partnership)
    second, second_school = reviewer_from(partnership)
    lead = services.reviewer_assign(
        review=review, user=first, school=first_school, role="lead", by=officer
    )
    services.reviewer_decline(reviewer=lead, by=first, reason="Ofsted is due")
    assert Notification.objects.filter(
        recipient=officer, subject__startswith="A reviewer declined"
    ).exists()
    lead.refresh_from_db()
    replacement = services.reviewer_replace(
        declined=lead, user=second, school=second_school, by=officer
    )
    assert replacement.role == "lead"
    assert replacement.replaces == lead
    with pytest.raises(DomainError, match="already been replaced"):
        services.reviewer_replace(
            declined=Reviewer.objects.get(pk=lead.pk),
            user=second,
            school=second_school,
            by=officer,
        )


def test_only_the_reviewer_declines(partnership, officer, school, headteacher):
    review = open_review(partnership=partnership, officer=officer, host=school)
    user, from_school = reviewer_from(partnership)
    reviewer = services.reviewer_assign(
        review=review, user=user, school=from_school, role="peer", by=officer
    )
    with pytest.raises(NotAllowed):
        services.reviewer_decline(reviewer=reviewer, by=headteacher, reason="No")
    reviewer.refresh_from_db()
    assert reviewer.declined_at is None


def test_the_report_is_written_by_a_reviewer_on_the_round_scale(
    partnership, officer, school, headteacher
):
    user, from_school = reviewer_from(partnership)
    review = written_review(
        partnership=partnership,
        officer=officer,
        host=school,
        head=headteacher,
        reviewer=user,
        reviewer_school=from_school,
    )
    assert review.judgement == "Effective"
    assert review.is_written
    assert review.focus_areas.get().judgement == "Leading"
    assert set(review.findings.values_list("kind", "text")) == {
        ("excellence", "Phonics teaching"),
        ("development", "Reading for pleasure in KS2"),
    }
    assert Notification.objects.filter(
        recipient=headteacher, subject__startswith="Your peer review report"
    ).exists()


def test_a_judgement_off_the_scale_is_refused_and_nothing_changes(
    partnership, officer, school, headteacher
):
    review = open_review(partnership=partnership, officer=officer, host=school)
    user, from_school = reviewer_from(partnership)
    services.reviewer_assign(
        review=review, user=user, school=from_school, role="lead", by=officer
    )
    with pytest.raises(DomainError, match="scale"):
        services.report_write(
            review=review,
            by=user,
            judgement="Outstanding",
            summary="",
            notes={},
            excellence="x",
            development="y",
        )
    review.refresh_from_db()
    assert not review.is_written
    assert not Finding.objects.exists()


def test_the_host_head_alone_shares_the_report(
    partnership, officer, school, headteacher, teacher
):
    user, from_school = reviewer_from(partnership)
    review = written_review(
        partnership=partnership,
        officer=officer,
        host=school,
        head=headteacher,
        reviewer=user,
        reviewer_school=from_school,
    )
    for person in (teacher, officer, user):
        with pytest.raises(NotAllowed):
            services.review_share(review=review, visibility="public", by=person)
    assert PeerReview.objects.get(pk=review.pk).visibility == "school"
    services.review_share(review=review, visibility="partnership", by=headteacher)
    assert PeerReview.objects.get(pk=review.pk).visibility == "partnership"


def test_an_unwritten_report_cannot_be_shared(
    partnership, officer, school, headteacher
):
    review = open_review(
        partnership=partnership, officer=officer, host=school, visit_on=date(2024, 1, 9)
    )
    with pytest.raises(DomainError, match="once it is written"):
        services.review_share(review=review, visibility="public", by=headteacher)
    assert PeerReview.objects.get(pk=review.pk).visibility == "school"
