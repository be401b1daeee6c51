"""The editors' decision on a submission: accept, ask for revisions, or decline."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from journal.models import EDITOR, Decision, Review, Submission
from partnership.kernel.errors import DomainError

from ._common import S, locked, notify_authors, require_editor, submission_move

_OUTCOME_STATE = {
    Decision.Outcome.ACCEPT: S.ACCEPTED,
    Decision.Outcome.REVISIONS: S.REVISIONS_REQUESTED,
    Decision.Outcome.DECLINE: S.DECLINED,
}


def has_completed_review(submission: Submission) -> bool:
    """Whether a reviewer has completed a review of the current version."""
    return submission.reviews.filter(
        status=Review.Status.SUBMITTED, version=submission.version
    ).exists()


def _history_note(submission: Submission, letter: str, no_review_reason: str) -> str:
    if has_completed_review(submission):
        return letter.strip()
    if not no_review_reason.strip():
        raise DomainError(
            "No review of this version is complete: say why you are deciding without one.",
            field="no_review_reason",
        )
    return (
        f"Decided without a completed review, because: {no_review_reason.strip()}"
        f"\n\n{letter.strip()}"
    )[:2000]


def submission_decide(
    *, submission: Submission, by, outcome: str, letter: str, no_review_reason: str = ""
) -> Decision:
    """Editors accept, ask for revisions or decline; the authors are emailed.

    Deciding before any review of this version is complete needs a reason, which is
    kept in the history.
    """
    require_editor(submission.edition, by)
    if outcome not in _OUTCOME_STATE:
        raise DomainError("Choose a decision.")
    if not letter.strip():
        raise DomainError("Write a message to the authors.")
    with transaction.atomic(durable=True):
        submission = locked(submission)
        note = _history_note(submission, letter, no_review_reason)
        target = _OUTCOME_STATE[outcome]
        if target == S.REVISIONS_REQUESTED:
            submission.revisions_due = timezone.localdate() + timedelta(
                days=submission.edition.revision_days
            )
        submission_move(submission=submission, to=target, by=by, role=EDITOR, note=note)
        submission.reviews.filter(
            status=Review.Status.INVITED, version=submission.version
        ).update(status=Review.Status.CANCELLED)
        decision = Decision.objects.create(
            submission=submission,
            version=submission.version,
            outcome=outcome,
            letter=letter.strip(),
            decided_by=by,
        )
        _tell_authors(submission, decision)
    return decision


def _tell_authors(submission: Submission, decision: Decision) -> None:
    label = Decision.Outcome(decision.outcome).label.lower()
    notify_authors(
        submission,
        subject=f"Decision on “{submission.title}”: {label}",
        body=decision.letter
        + (
            f"\n\nPlease send your revised report by {submission.revisions_due:%-d %B %Y}."
            if submission.revisions_due
            else ""
        ),
        event_key=f"journal-decision:{decision.pk}",
    )
