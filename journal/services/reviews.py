"""Reviewing: editors invite reviewers; reviewers decline or recommend."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from journal import permissions
from journal.models import EDITOR, Review, Submission
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.models import Notification
from partnership.services import notify

from ._common import (
    ReviewerConflict,
    S,
    locked,
    notify_editors,
    require_editor,
    submission_move,
)


def _check_conflict(submission: Submission, reviewer, override_reason: str) -> str:
    conflict = permissions.reviewer_conflict(submission=submission, reviewer=reviewer)
    if conflict.startswith("An author"):
        raise ReviewerConflict(conflict)
    if conflict and not override_reason.strip():
        raise ReviewerConflict(
            f"{conflict} Choose someone from another school, or give a reason to override."
        )
    return conflict


def review_invite(
    *,
    submission: Submission,
    reviewer,
    by,
    due: date | None = None,
    override_reason: str = "",
) -> Review:
    """Editors invite reviewers, by default not from the authors' school."""
    edition = submission.edition
    require_editor(edition, by)
    conflict = _check_conflict(submission, reviewer, override_reason)
    with transaction.atomic(durable=True):
        submission = locked(submission)
        if submission.status not in (S.SUBMITTED, S.UNDER_REVIEW):
            raise DomainError(
                "Reviewers can only be invited to a submission awaiting review."
            )
        if submission.reviews.filter(
            reviewer=reviewer, version=submission.version
        ).exists():
            raise DomainError(
                "That person has already been invited to review this version."
            )
        review = Review.objects.create(
            submission=submission,
            reviewer=reviewer,
            version=submission.version,
            invited_by=by,
            due=due or timezone.localdate() + timedelta(days=edition.review_days),
            conflict_override=override_reason.strip() if conflict else "",
        )
        if submission.status == S.SUBMITTED:
            submission_move(
                submission=submission,
                to=S.UNDER_REVIEW,
                by=by,
                role=EDITOR,
                note=f"Reviewer invited: {reviewer}",
            )
        _ask_reviewer(review, submission, edition)
    return review


def _ask_reviewer(review: Review, submission: Submission, edition) -> None:
    notify(
        recipient=review.reviewer,
        kind=Notification.Kind.JOURNAL,
        subject=f"Please review “{submission.title}” for {edition.title}",
        body=(
            f"The editors of {edition.title} ask you to review “{submission.title}” "
            f"by {review.due:%-d %B %Y}. You can accept and recommend, or decline with a reason."
        ),
        url=review.get_absolute_url(),
        event_key=f"journal-review-invite:{review.pk}",
    )


def _own_open_review(review: Review, by) -> Review:
    review = (
        Review.objects.select_for_update()
        .select_related("submission__edition")
        .get(pk=review.pk)
    )
    if not permissions.is_own_review(user=by, review=review):
        raise NotAllowed("This review was not asked of you.")
    if review.status != Review.Status.INVITED:
        raise DomainError("This review is already closed.")
    return review


def review_decline(*, review: Review, by, reason: str) -> Review:
    """A reviewer may decline an invitation, saying why."""
    if not reason.strip():
        raise DomainError(
            "Say why you are declining, so the editors can find someone else."
        )
    with transaction.atomic(durable=True):
        review = _own_open_review(review, by)
        review.status = Review.Status.DECLINED
        review.declined_reason = reason.strip()
        review.responded = timezone.now()
        review.save(update_fields=["status", "declined_reason", "responded"])
        sub = review.submission
        notify_editors(
            sub.edition,
            subject=f"Review declined: {sub.title}",
            body=f"{by} declined to review “{sub.title}”: {review.declined_reason}",
            url=sub.get_manage_url(),
            event_key=f"journal-review-declined:{review.pk}",
        )
    return review


def review_submit(
    *,
    review: Review,
    by,
    recommendation: str,
    comments_for_authors: str,
    comments_for_editors: str = "",
) -> Review:
    """The invited reviewer recommends, with comments for the authors."""
    if recommendation not in Review.Recommendation.values:
        raise DomainError("Choose a recommendation.")
    if not comments_for_authors.strip():
        raise DomainError("Write some comments for the authors.")
    with transaction.atomic(durable=True):
        review = _own_open_review(review, by)
        if (
            review.submission.status != S.UNDER_REVIEW
            or review.version != review.submission.version
        ):
            raise DomainError("This submission is no longer waiting for this review.")
        review.status = Review.Status.SUBMITTED
        review.recommendation = recommendation
        review.comments_for_authors = comments_for_authors.strip()
        review.comments_for_editors = comments_for_editors.strip()
        review.responded = timezone.now()
        review.save()
        sub = review.submission
        notify_editors(
            sub.edition,
            subject=f"Review received: {sub.title}",
            body=f"{by} recommends “{review.get_recommendation_display()}” for “{sub.title}”.",
            url=sub.get_manage_url(),
            event_key=f"journal-review-submitted:{review.pk}",
        )
    return review
