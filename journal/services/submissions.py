"""Submitting a project, confirming authorship, withdrawing and revising."""

from django.db import transaction
from django.utils import timezone

from journal import permissions
from journal.models import (
    AUTHOR,
    RESERVED_SLUGS,
    SYSTEM,
    Edition,
    Review,
    Submission,
    SubmissionAuthor,
    SubmissionEvent,
    SubmissionVersion,
)
from partnership.kernel.errors import DomainError, NotAllowed
from partnership.kernel.slugs import unique_slug
from research.models import Project
from research.snapshots import project_snapshot

from ._common import S, locked, notify_authors, notify_editors, submission_move


def _check_can_submit(edition: Edition, project: Project, by) -> None:
    if not edition.call_is_open():
        raise DomainError("The call for reports is not open.")
    if project.lead_id != by.pk:
        raise NotAllowed("Only the project's lead teacher can submit it.")
    if project.status != Project.Status.COMPLETED:
        raise DomainError("Only a completed project can be submitted.")
    if not edition.partnership.memberships.filter(
        school_id=project.school_id, left__isnull=True
    ).exists():
        raise DomainError("The project's school is not a member of this partnership.")


def _article_slug(edition: Edition, title: str) -> str:
    """An article's address in its year: unique, and never one of the journal's pages."""
    return unique_slug(
        Submission.objects.filter(edition__year=edition.year),
        title,
        reserved=RESERVED_SLUGS,
        max_length=108,
        fallback="article",
    )


def submission_create(*, edition: Edition, project: Project, by) -> Submission:
    """The project's lead submits a completed project while the call is open."""
    _check_can_submit(edition, project, by)
    with transaction.atomic(durable=True):
        if (
            edition.submissions.filter(project=project)
            .exclude(status__in=[S.WITHDRAWN, S.DECLINED])
            .exists()
        ):
            raise DomainError(
                "This project has already been submitted to this edition."
            )
        snapshot = project_snapshot(project)
        submission = Submission.objects.create(
            edition=edition,
            project=project,
            submitted_by=by,
            snapshot=snapshot,
            title=snapshot["title"],
            slug=_article_slug(edition, snapshot["title"]),
            school_urn=snapshot["school"]["urn"],
        )
        SubmissionVersion.objects.create(
            submission=submission, number=1, snapshot=snapshot, created_by=by
        )
        team = project.team()
        _add_authors(submission, team, lead_id=project.lead_id)
        SubmissionEvent.record(
            subject=submission,
            by=by,
            from_status="",
            to_status=submission.status,
            note="Submitted",
        )
        coauthors = [p for p in team if p.pk != by.pk]
        _tell_authors_it_was_submitted(submission, edition, coauthors=bool(coauthors))
        if not coauthors:
            _all_authors_confirmed(submission, by=by)
    return submission


def _add_authors(submission: Submission, team, *, lead_id: int) -> None:
    now = timezone.now()
    for person in team:
        SubmissionAuthor.objects.create(
            submission=submission,
            user=person,
            is_lead=person.pk == lead_id,
            confirmed=now if person.pk == lead_id else None,
        )


def _tell_authors_it_was_submitted(
    submission: Submission, edition: Edition, *, coauthors: bool
) -> None:
    notify_authors(
        submission,
        subject=f"Submitted to {edition.title}: {submission.title}",
        body=(
            f"“{submission.title}” has been submitted to {edition.title}. "
            "The editors will let you know their decision."
            + (
                " Each co-author is asked to confirm they are happy to be named."
                if coauthors
                else ""
            )
        ),
        event_key=f"journal-submitted:{submission.pk}",
    )


def _all_authors_confirmed(submission: Submission, *, by) -> None:
    submission_move(
        submission=submission,
        to=S.SUBMITTED,
        by=by,
        role=SYSTEM,
        note="All authors confirmed",
    )
    notify_editors(
        submission.edition,
        subject=f"New submission: {submission.title}",
        body=f"“{submission.title}” by {submission.author_names} is ready for reviewers.",
        url=submission.get_manage_url(),
        event_key=f"journal-ready:{submission.pk}",
    )


def submission_confirm_authorship(*, submission: Submission, by) -> None:
    """A co-author confirms they agree to be named; the last confirmation submits it."""
    with transaction.atomic(durable=True):
        submission = locked(submission)
        author = submission.authors.filter(user=by).first()
        if author is None:
            raise NotAllowed("You are not an author of this submission.")
        if submission.status != S.AWAITING_AUTHORS:
            raise DomainError("This submission is no longer waiting for co-authors.")
        if author.confirmed is None:
            author.confirmed = timezone.now()
            author.save(update_fields=["confirmed"])
        if not submission.authors.filter(confirmed__isnull=True).exists():
            _all_authors_confirmed(submission, by=by)


def submission_withdraw(*, submission: Submission, by, reason: str = "") -> None:
    """An author may withdraw until the editors' final decision."""
    with transaction.atomic(durable=True):
        submission = locked(submission)
        if not permissions.is_author(user=by, submission=submission):
            raise NotAllowed("Only an author can withdraw a submission.")
        submission_move(
            submission=submission, to=S.WITHDRAWN, by=by, role=AUTHOR, note=reason
        )
        submission.reviews.filter(status=Review.Status.INVITED).update(
            status=Review.Status.CANCELLED
        )
        notify_editors(
            submission.edition,
            subject=f"Withdrawn: {submission.title}",
            body=f"The authors withdrew “{submission.title}”."
            + (f"\n\n{reason}" if reason else ""),
            url=submission.get_manage_url(),
            event_key=f"journal-withdrawn:{submission.pk}",
        )


def submission_revise(
    *, submission: Submission, by, note: str = ""
) -> SubmissionVersion:
    """Authors answer a request for revisions with a new snapshot of the project."""
    with transaction.atomic(durable=True):
        submission = locked(submission)
        if not permissions.is_author(user=by, submission=submission):
            raise NotAllowed("Only an author can send a revision.")
        submission_move(
            submission=submission,
            to=S.UNDER_REVIEW,
            by=by,
            role=AUTHOR,
            note=note or "Revised",
        )
        version = new_version(submission, by=by, note=note)
        notify_editors(
            submission.edition,
            subject=f"Revised: {submission.title}",
            body=f"The authors sent version {version.number} of “{submission.title}”.",
            url=submission.get_manage_url(),
            event_key=f"journal-revised:{submission.pk}:{version.number}",
        )
    return version


def new_version(submission: Submission, *, by, note: str) -> SubmissionVersion:
    """A new frozen snapshot of the submission's project (a revision or correction)."""
    project = Project.objects.select_related("school", "lead").get(
        pk=submission.project_id
    )
    snapshot = project_snapshot(project)
    submission.version += 1
    submission.snapshot = snapshot
    submission.title = snapshot["title"]
    submission.revisions_due = None
    submission.save(
        update_fields=["version", "snapshot", "title", "revisions_due", "updated"]
    )
    return SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version,
        snapshot=snapshot,
        created_by=by,
        note=note,
    )
