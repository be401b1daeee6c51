"""What the journal's services share: the one move of a submission, locks, emails."""

from journal import permissions, selectors
from journal.models import (
    SUBMISSION_STATES,
    Edition,
    Submission,
    SubmissionEvent,
)
from partnership.kernel.errors import DomainError, IllegalTransition, NotAllowed
from partnership.models import Notification
from partnership.services import notify_many

S = Submission.Status


class ReviewerConflict(DomainError):
    """This reviewer should not review this submission (shown on the reviewer field)."""

    def __init__(self, message: str, *, field: str | None = "reviewer", code=""):
        super().__init__(message, field=field, code=code)


def require_editor(edition: Edition, user) -> None:
    if not permissions.is_editor(user=user, edition=edition):
        raise NotAllowed("Only the edition's editors can do that.")


def author_users(submission: Submission):
    return [a.user for a in submission.authors.select_related("user")]


def submission_move(
    *, submission: Submission, to: str, by, role: str, note: str = ""
) -> None:
    """Move a submission along SUBMISSION_STATES, if `role` may make that move."""
    if not permissions.may_move(role=role, source=submission.status, target=to):
        SUBMISSION_STATES.check(submission, to)  # words for a move not in the table
        raise IllegalTransition(
            f"The submission cannot be moved to {SUBMISSION_STATES.label(to).lower()} "
            "by you."
        )
    SUBMISSION_STATES.move(
        submission,
        to=to,
        by=by,
        history=SubmissionEvent,
        note=note,
        update_fields=["revisions_due", "updated"],
    )


def locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def notify_editors(
    edition: Edition, *, subject: str, body: str, url: str, event_key: str
) -> None:
    notify_many(
        recipients=list(selectors.editors_of(edition)),
        kind=Notification.Kind.JOURNAL,
        subject=subject,
        body=body,
        url=url,
        event_key=event_key,
    )


def notify_authors(
    submission: Submission, *, subject: str, body: str, event_key: str
) -> None:
    notify_many(
        recipients=author_users(submission),
        kind=Notification.Kind.JOURNAL,
        subject=subject,
        body=body,
        url=submission.get_absolute_url(),
        event_key=event_key,
    )
