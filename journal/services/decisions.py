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


def submission_decide(
    *, submission: Submission, by, outcome: str, letter: str
) -> Decision:
    """Editors accept, ask for revisions or decline; the authors are emailed."""
    require_editor(submission.edition, by)
    if outcome not in _OUTCOME_STATE:
        raise DomainError("Choose a decision.")
    if not letter.strip():
        raise DomainError("Write a message to the authors.")
    with transaction.atomic(durable=True):
        submission = locked(submission)
        target = _OUTCOME_STATE[outcome]
        if target == S.REVISIONS_REQUESTED:
            submission.revisions_due = timezone.localdate() + timedelta(
                days=submission.edition.revision_days
            )
        submission_move(
            submission=submission, to=target, by=by, role=EDITOR, note=letter
        )
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
