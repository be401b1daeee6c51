"""Who may do what in the journal: editors, officers, authors, reviewers."""

from journal import selectors
from journal.models import SUBMISSION_MOVES, Edition, Review, Submission
from journal.selectors import editors_of
from schools.models import School


def is_editor(*, user, edition: Edition) -> bool:
    """The partnership's officers and the members made editors of this edition."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or editors_of(edition).filter(pk=user.pk).exists()


def is_officer(*, user, partnership) -> bool:
    """Officers start editions and choose their editors."""
    return user.is_superuser or partnership.officers.filter(pk=user.pk).exists()


def is_author(*, user, submission: Submission) -> bool:
    return submission.authors.filter(user=user).exists()


def may_move(*, role: str, source: str, target: str) -> bool:
    """Whether someone acting as `role` may move a submission from source to target."""
    return role in SUBMISSION_MOVES.get((source, target), frozenset())


def is_own_review(*, user, review: Review) -> bool:
    return review.reviewer_id == user.pk


def reviewer_conflict(*, submission: Submission, reviewer) -> str:
    """Why this person should not review this submission, or '' when they may.

    Authors never review their own work; by default nobody reviews work from a school
    where they work: the project's school or any current school of any author.
    """
    if reviewer.pk in selectors.author_ids(submission):
        return "An author cannot review their own submission."
    author_schools = selectors.author_school_ids(submission)
    current = School.objects.served_by(reviewer, "teacher", "headteacher")
    if current.filter(pk__in=author_schools).exists() or (
        submission.school_urn and current.filter(urn=submission.school_urn).exists()
    ):
        return "This reviewer works at the authors' school."
    return ""
