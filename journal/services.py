"""Every change of state in the journal. Views, admin, tasks and demo call these."""

from __future__ import annotations

import logging
import os
import traceback
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from kombu.exceptions import OperationalError as BrokerError

from journal import selectors, transitions
from journal.models import (
    RESERVED_SLUGS,
    Article,
    Award,
    CompileRun,
    Correction,
    Decision,
    Edition,
    Review,
    Section,
    Submission,
    SubmissionAuthor,
    SubmissionEvent,
    SubmissionVersion,
)
from partnership.models import Notification
from partnership.services import notify, notify_many
from research.models import Project
from research.snapshots import project_snapshot

logger = logging.getLogger(__name__)
S = Submission.Status
MAX_COMPILE_ATTEMPTS = 3


class JournalError(Exception):
    """A move the journal's rules do not allow; the message is shown to the person."""


class IllegalTransition(JournalError):
    pass


class ReviewerConflict(JournalError):
    pass


class CompileError(JournalError):
    pass


# --- helpers -------------------------------------------------------------------


def _require_editor(edition: Edition, user) -> None:
    if not selectors.is_editor(user=user, edition=edition):
        raise JournalError("Only the edition's editors can do that.")


def _author_users(submission: Submission):
    return [a.user for a in submission.authors.select_related("user")]


def submission_move(
    *, submission: Submission, to: str, by, role: str, note: str = ""
) -> None:
    """Move a submission to another state only if the transition table allows it."""
    source = submission.status
    if not transitions.allowed(source, to, role):
        raise IllegalTransition(
            f"A submission that is “{Submission.Status(source).label}” cannot become "
            f"“{Submission.Status(to).label}”."
        )
    submission.status = to
    submission.save(update_fields=["status", "revisions_due", "updated"])
    SubmissionEvent.objects.create(
        submission=submission, from_status=source, to_status=to, by=by, note=note
    )


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _notify_editors(
    edition: Edition, *, subject: str, body: str, url: str, event_key: str
):
    notify_many(
        recipients=list(selectors.editors_of(edition)),
        kind=Notification.Kind.JOURNAL,
        subject=subject,
        body=body,
        url=url,
        event_key=event_key,
    )


def _notify_authors(submission: Submission, *, subject: str, body: str, event_key: str):
    notify_many(
        recipients=_author_users(submission),
        kind=Notification.Kind.JOURNAL,
        subject=subject,
        body=body,
        url=submission.get_absolute_url(),
        event_key=event_key,
    )


# --- editions --------------------------------------------------------------------


def edition_create(
    *,
    partnership,
    year: int,
    title: str,
    call_opens: date,
    call_closes: date,
    by,
    **fields,
) -> Edition:
    """Only an officer of the partnership may start an edition; one per year."""
    if not (by.is_superuser or partnership.officers.filter(pk=by.pk).exists()):
        raise JournalError("Only the partnership's officers can start an edition.")
    if call_closes < call_opens:
        raise JournalError("The call must close after it opens.")
    with transaction.atomic():
        if Edition.objects.filter(partnership=partnership, year=year).exists():
            raise JournalError(f"There is already a {year} edition.")
        edition = Edition.objects.create(
            partnership=partnership,
            year=year,
            title=title,
            call_opens=call_opens,
            call_closes=call_closes,
            **fields,
        )
        Award.objects.create(edition=edition)
    return edition


def edition_update(*, edition: Edition, by, **fields) -> Edition:
    """Editors change the call, foreword, cover and ISSN; the year never changes."""
    _require_editor(edition, by)
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.full_clean(exclude=["published_run"])
    edition.save()
    return edition


def edition_set_editors(*, edition: Edition, users, by) -> None:
    """Only officers choose which members are editors (officers always are)."""
    if not (by.is_superuser or edition.partnership.officers.filter(pk=by.pk).exists()):
        raise JournalError("Only the partnership's officers choose the editors.")
    edition.editors.set(users)


def section_create(*, edition: Edition, title: str, by) -> Section:
    """Sections are named once per edition and added at the end."""
    _require_editor(edition, by)
    if edition.sections.filter(title__iexact=title.strip()).exists():
        raise JournalError("There is already a section with that name.")
    last = edition.sections.order_by("-position").first()
    return Section.objects.create(
        edition=edition,
        title=title.strip(),
        position=(last.position + 1) if last else 0,
    )


# --- submitting ------------------------------------------------------------------


def _unique_slug(edition: Edition, title: str) -> str:
    base = slugify(title)[:100] or "article"
    if base in RESERVED_SLUGS:
        base = f"{base}-article"
    slug, n = base, 2
    taken = set(
        Submission.objects.filter(edition__year=edition.year).values_list(
            "slug", flat=True
        )
    )
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def submission_create(*, edition: Edition, project: Project, by) -> Submission:
    """The project's lead submits a completed project while the call is open."""
    if not edition.call_is_open():
        raise JournalError("The call for reports is not open.")
    if project.lead_id != by.pk:
        raise JournalError("Only the project's lead teacher can submit it.")
    if project.status != Project.Status.COMPLETED:
        raise JournalError("Only a completed project can be submitted.")
    if not edition.partnership.memberships.filter(
        school_id=project.school_id, left__isnull=True
    ).exists():
        raise JournalError("The project's school is not a member of this partnership.")
    with transaction.atomic(durable=True):
        if (
            edition.submissions.filter(project=project)
            .exclude(status__in=[S.WITHDRAWN, S.DECLINED])
            .exists()
        ):
            raise JournalError(
                "This project has already been submitted to this edition."
            )
        snapshot = project_snapshot(project)
        submission = Submission.objects.create(
            edition=edition,
            project=project,
            submitted_by=by,
            snapshot=snapshot,
            title=snapshot["title"],
            slug=_unique_slug(edition, snapshot["title"]),
            school_urn=snapshot["school"]["urn"],
        )
        SubmissionVersion.objects.create(
            submission=submission, number=1, snapshot=snapshot, created_by=by
        )
        now = timezone.now()
        for person in project.team():
            SubmissionAuthor.objects.create(
                submission=submission,
                user=person,
                is_lead=person.pk == project.lead_id,
                confirmed=now if person.pk == project.lead_id else None,
            )
        SubmissionEvent.objects.create(
            submission=submission, to_status=submission.status, by=by, note="Submitted"
        )
        coauthors = [p for p in project.team() if p.pk != by.pk]
        _notify_authors(
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
        if not coauthors:
            _all_authors_confirmed(submission, by=by)
    return submission


def _all_authors_confirmed(submission: Submission, *, by) -> None:
    submission_move(
        submission=submission,
        to=S.SUBMITTED,
        by=by,
        role=transitions.SYSTEM,
        note="All authors confirmed",
    )
    _notify_editors(
        submission.edition,
        subject=f"New submission: {submission.title}",
        body=f"“{submission.title}” by {submission.author_names} is ready for reviewers.",
        url=submission.get_manage_url(),
        event_key=f"journal-ready:{submission.pk}",
    )


def submission_confirm_authorship(*, submission: Submission, by) -> None:
    """A co-author confirms they agree to be named; the last confirmation submits it."""
    with transaction.atomic(durable=True):
        submission = _locked(submission)
        author = submission.authors.filter(user=by).first()
        if author is None:
            raise JournalError("You are not an author of this submission.")
        if submission.status != S.AWAITING_AUTHORS:
            raise JournalError("This submission is no longer waiting for co-authors.")
        if author.confirmed is None:
            author.confirmed = timezone.now()
            author.save(update_fields=["confirmed"])
        if not submission.authors.filter(confirmed__isnull=True).exists():
            _all_authors_confirmed(submission, by=by)


def submission_withdraw(*, submission: Submission, by, reason: str = "") -> None:
    """An author may withdraw until the editors' final decision."""
    with transaction.atomic(durable=True):
        submission = _locked(submission)
        if not submission.authors.filter(user=by).exists():
            raise JournalError("Only an author can withdraw a submission.")
        submission_move(
            submission=submission,
            to=S.WITHDRAWN,
            by=by,
            role=transitions.AUTHOR,
            note=reason,
        )
        submission.reviews.filter(status=Review.Status.INVITED).update(
            status=Review.Status.CANCELLED
        )
        _notify_editors(
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
        submission = _locked(submission)
        if not submission.authors.filter(user=by).exists():
            raise JournalError("Only an author can send a revision.")
        submission_move(
            submission=submission,
            to=S.UNDER_REVIEW,
            by=by,
            role=transitions.AUTHOR,
            note=note or "Revised",
        )
        version = _new_version(submission, by=by, note=note)
        _notify_editors(
            submission.edition,
            subject=f"Revised: {submission.title}",
            body=f"The authors sent version {version.number} of “{submission.title}”.",
            url=submission.get_manage_url(),
            event_key=f"journal-revised:{submission.pk}:{version.number}",
        )
    return version


def _new_version(submission: Submission, *, by, note: str) -> SubmissionVersion:
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


# --- reviewing -------------------------------------------------------------------


def reviewer_conflict(*, submission: Submission, reviewer) -> str:
    """Why this person should not review this submission, or '' when they may.

    Authors never review their own work; by default nobody reviews work from a school
    where they work: the project's school or any current school of any author.
    """
    from schools.models import Staff

    author_ids = {a["id"] for a in submission.snapshot.get("authors", [])}
    author_ids |= set(submission.authors.values_list("user_id", flat=True))
    if reviewer.pk in author_ids:
        return "An author cannot review their own submission."
    author_schools = {submission.project.school_id} | set(
        Staff.objects.filter(user_id__in=author_ids, left__isnull=True).values_list(
            "school_id", flat=True
        )
    )
    if reviewer.staff_roles.filter(
        left__isnull=True, school_id__in=author_schools
    ).exists() or (
        submission.school_urn
        and reviewer.staff_roles.filter(
            left__isnull=True, school__urn=submission.school_urn
        ).exists()
    ):
        return "This reviewer works at the authors' school."
    return ""


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
    _require_editor(edition, by)
    conflict = reviewer_conflict(submission=submission, reviewer=reviewer)
    if conflict.startswith("An author"):
        raise ReviewerConflict(conflict)
    if conflict and not override_reason.strip():
        raise ReviewerConflict(
            f"{conflict} Choose someone from another school, or give a reason to override."
        )
    with transaction.atomic(durable=True):
        submission = _locked(submission)
        if submission.status not in (S.SUBMITTED, S.UNDER_REVIEW):
            raise JournalError(
                "Reviewers can only be invited to a submission awaiting review."
            )
        if submission.reviews.filter(
            reviewer=reviewer, version=submission.version
        ).exists():
            raise JournalError(
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
                role=transitions.EDITOR,
                note=f"Reviewer invited: {reviewer}",
            )
        notify(
            recipient=reviewer,
            kind=Notification.Kind.JOURNAL,
            subject=f"Please review “{submission.title}” for {edition.title}",
            body=(
                f"The editors of {edition.title} ask you to review “{submission.title}” "
                f"by {review.due:%-d %B %Y}. You can accept and recommend, or decline with a reason."
            ),
            url=review.get_absolute_url(),
            event_key=f"journal-review-invite:{review.pk}",
        )
    return review


def _own_open_review(review: Review, by) -> Review:
    review = (
        Review.objects.select_for_update()
        .select_related("submission__edition")
        .get(pk=review.pk)
    )
    if review.reviewer_id != by.pk:
        raise JournalError("This review was not asked of you.")
    if review.status != Review.Status.INVITED:
        raise JournalError("This review is already closed.")
    return review


def review_decline(*, review: Review, by, reason: str) -> Review:
    """A reviewer may decline an invitation, saying why."""
    if not reason.strip():
        raise JournalError(
            "Say why you are declining, so the editors can find someone else."
        )
    with transaction.atomic(durable=True):
        review = _own_open_review(review, by)
        review.status = Review.Status.DECLINED
        review.declined_reason = reason.strip()
        review.responded = timezone.now()
        review.save(update_fields=["status", "declined_reason", "responded"])
        sub = review.submission
        _notify_editors(
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
        raise JournalError("Choose a recommendation.")
    if not comments_for_authors.strip():
        raise JournalError("Write some comments for the authors.")
    with transaction.atomic(durable=True):
        review = _own_open_review(review, by)
        if (
            review.submission.status != S.UNDER_REVIEW
            or review.version != review.submission.version
        ):
            raise JournalError("This submission is no longer waiting for this review.")
        review.status = Review.Status.SUBMITTED
        review.recommendation = recommendation
        review.comments_for_authors = comments_for_authors.strip()
        review.comments_for_editors = comments_for_editors.strip()
        review.responded = timezone.now()
        review.save()
        sub = review.submission
        _notify_editors(
            sub.edition,
            subject=f"Review received: {sub.title}",
            body=f"{by} recommends “{review.get_recommendation_display()}” for “{sub.title}”.",
            url=sub.get_manage_url(),
            event_key=f"journal-review-submitted:{review.pk}",
        )
    return review


_OUTCOME_STATE = {
    Decision.Outcome.ACCEPT: S.ACCEPTED,
    Decision.Outcome.REVISIONS: S.REVISIONS_REQUESTED,
    Decision.Outcome.DECLINE: S.DECLINED,
}


def submission_decide(
    *, submission: Submission, by, outcome: str, letter: str
) -> Decision:
    """Editors accept, ask for revisions or decline; the authors are emailed."""
    _require_editor(submission.edition, by)
    if outcome not in _OUTCOME_STATE:
        raise JournalError("Choose a decision.")
    if not letter.strip():
        raise JournalError("Write a message to the authors.")
    with transaction.atomic(durable=True):
        submission = _locked(submission)
        target = _OUTCOME_STATE[outcome]
        if target == S.REVISIONS_REQUESTED:
            submission.revisions_due = timezone.localdate() + timedelta(
                days=submission.edition.revision_days
            )
        submission_move(
            submission=submission,
            to=target,
            by=by,
            role=transitions.EDITOR,
            note=letter,
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
        label = Decision.Outcome(outcome).label.lower()
        _notify_authors(
            submission,
            subject=f"Decision on “{submission.title}”: {label}",
            body=letter.strip()
            + (
                f"\n\nPlease send your revised report by {submission.revisions_due:%-d %B %Y}."
                if submission.revisions_due
                else ""
            ),
            event_key=f"journal-decision:{decision.pk}",
        )
    return decision


# --- assembly and compiling ---------------------------------------------------------


def assembly_update(
    *, edition: Edition, by, placements: list[tuple[int, int | None, int]]
) -> None:
    """Editors place accepted articles into sections, in order."""
    _require_editor(edition, by)
    sections = set(edition.sections.values_list("pk", flat=True))
    with transaction.atomic(durable=True):
        subs = {s.pk: s for s in edition.submissions.in_edition().select_for_update()}
        for submission_id, section_id, position in placements:
            if submission_id not in subs:
                raise JournalError(
                    "Only accepted articles of this edition can be placed."
                )
            if section_id is not None and section_id not in sections:
                raise JournalError("That section is not part of this edition.")
            sub = subs[submission_id]
            sub.section_id, sub.position = section_id, max(0, int(position))
            sub.save(update_fields=["section", "position", "updated"])


def compile_request(*, edition: Edition, by) -> CompileRun:
    """Queue one compile of the edition; while one is waiting or running, reuse it."""
    _require_editor(edition, by)
    with transaction.atomic(durable=True):
        Edition.objects.select_for_update().get(pk=edition.pk)
        active = edition.compile_runs.filter(
            status__in=[CompileRun.Status.QUEUED, CompileRun.Status.RUNNING]
        ).first()
        if active:
            return active
        if not edition.submissions.in_edition().exists():
            raise JournalError("There are no accepted articles to compile yet.")
        run = CompileRun.objects.create(
            edition=edition, requested_by=by, stage="Waiting for a worker"
        )
        transaction.on_commit(lambda: _queue_compile(run.pk))
    return run


def _queue_compile(run_id: int) -> None:
    from journal.tasks import compile_edition_task

    try:
        compile_edition_task.delay(run_id)
    except (
        BrokerError,
        OSError,
    ) as exc:  # broker down: the periodic requeue picks it up
        logger.warning("Could not queue compile run %s: %s", run_id, exc)


def compile_run_execute(*, run_id: int) -> CompileRun | None:
    """Build a run's PDF and web edition; a finished or failed run is left alone.

    The PDF is written under a temporary name and swapped in, with the articles,
    in one transaction at the end, so a half-built edition never exists.
    """
    from journal.compile import compile_edition

    with transaction.atomic():
        run = CompileRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (
            CompileRun.Status.SUCCEEDED,
            CompileRun.Status.FAILED,
        ):
            return run
        if run.attempts >= MAX_COMPILE_ATTEMPTS:
            # Each earlier attempt died without recording an outcome (killed worker,
            # time limit): stop retrying and tell the editor.
            run.status = CompileRun.Status.FAILED
            run.finished = timezone.now()
            run.stage = "Failed"
            run.error = (
                f"The compile was interrupted {run.attempts} times (the worker stopped "
                "or ran out of time). Try again; if it keeps failing, ask the site "
                "administrator to check the worker's memory and time limits."
            )
            run.save()
            return run
        run.status = CompileRun.Status.RUNNING
        run.attempts += 1
        run.started = timezone.now()
        run.heartbeat = run.started
        run.progress = 0
        run.stage = (
            "Starting"
            if run.attempts == 1
            else f"Starting again (attempt {run.attempts})"
        )
        run.save()
    edition = run.edition
    folder = Path(settings.MEDIA_ROOT) / "journal" / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    partial = (
        folder / f".run-{run.pk}-{os.getpid()}-{timezone.now():%H%M%S%f}.partial.pdf"
    )

    def progress(percent: int, stage: str) -> None:
        CompileRun.objects.filter(pk=run.pk, status=CompileRun.Status.RUNNING).update(
            progress=min(99, max(0, int(percent))),
            stage=stage[:200],
            heartbeat=timezone.now(),
        )

    try:
        result = compile_edition(edition=edition, out_path=partial, progress=progress)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the editor
        partial.unlink(missing_ok=True)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        logger.exception("Compile run %s failed", run.pk)
        CompileRun.objects.filter(pk=run.pk).update(
            status=CompileRun.Status.FAILED,
            finished=timezone.now(),
            error=detail[:4000],
            stage="Failed",
        )
        run.refresh_from_db()
        return run
    final_name = f"journal/editions/{edition.year}-{edition.pk}-run-{run.pk}.pdf"
    with transaction.atomic():
        run = CompileRun.objects.select_for_update().get(pk=run.pk)
        if run.status != CompileRun.Status.RUNNING:
            partial.unlink(missing_ok=True)
            return run
        os.replace(partial, Path(settings.MEDIA_ROOT) / final_name)
        for placed in result.articles:
            Article.objects.create(
                run=run,
                submission_id=placed.submission_id,
                slug=placed.slug,
                title=placed.title,
                section_title=placed.section_title,
                position=placed.position,
                snapshot=placed.snapshot,
                first_page=placed.first_page,
                last_page=placed.last_page,
            )
        run.pdf.name = final_name
        run.pages = result.pages
        run.size = result.size
        run.status = CompileRun.Status.SUCCEEDED
        run.progress = 100
        run.stage = "Finished"
        run.finished = timezone.now()
        run.error = ""
        run.save()
    return run


def compile_runs_requeue_stale(
    *, stale_after: timedelta = timedelta(minutes=20)
) -> int:
    """Queue again runs left waiting or silent too long (broker outage, lost worker)."""
    cutoff = timezone.now() - stale_after
    ids = list(
        CompileRun.objects.filter(
            status=CompileRun.Status.QUEUED, created__lt=cutoff
        ).values_list("pk", flat=True)
    ) + list(
        CompileRun.objects.filter(
            status=CompileRun.Status.RUNNING, heartbeat__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        _queue_compile(pk)
    return len(ids)


# --- publishing ------------------------------------------------------------------


def edition_publish(
    *, edition: Edition, by, run: CompileRun | None = None, announce: bool = True
) -> Edition:
    """Publish the latest finished compile, if it holds every accepted article.

    The first publication emails every member; `announce=False` is only for editions
    loaded from the archive, such as the demo's past year.
    """
    _require_editor(edition, by)
    with transaction.atomic(durable=True):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        latest = (
            edition.compile_runs.filter(status=CompileRun.Status.SUCCEEDED)
            .order_by("-finished", "-pk")
            .first()
        )
        run = run or latest
        if (
            run is None
            or run.status != CompileRun.Status.SUCCEEDED
            or run.edition_id != edition.pk
        ):
            raise JournalError("Compile the edition successfully before publishing it.")
        if run.pk != latest.pk:
            raise JournalError("Only the latest compile can be published.")
        if edition.published_run_id == run.pk:
            raise JournalError("This compile is already published.")
        in_run = set(run.articles.values_list("submission_id", flat=True))
        missing = edition.submissions.in_edition().exclude(pk__in=in_run)
        if missing.exists():
            raise JournalError(
                f"{missing.count()} accepted article(s) are not in this compile: compile again."
            )
        if edition.corrections.filter(
            published_in_version__isnull=True, created__gt=run.started
        ).exists():
            raise JournalError(
                "A correction was made after this compile: compile again."
            )
        first_time = edition.published_run_id is None
        edition.published_run = run
        edition.version += 1
        edition.published_at = timezone.now()
        edition.first_published = edition.first_published or edition.published_at
        edition.save()
        for sub in edition.submissions.filter(
            status=S.ACCEPTED, pk__in=in_run
        ).select_for_update():
            submission_move(
                submission=sub,
                to=S.PUBLISHED,
                by=by,
                role=transitions.EDITOR,
                note=f"Published in version {edition.version}",
            )
        edition.corrections.filter(published_in_version__isnull=True).update(
            published_in_version=edition.version
        )
        if first_time and announce:
            notify_many(
                recipients=list(selectors.partnership_members(edition.partnership)),
                kind=Notification.Kind.JOURNAL_PUBLISHED,
                subject=f"{edition.title} is published",
                body=(
                    f"{edition.title} is out: {run.articles.count()} reports by teachers in "
                    f"{edition.partnership.name}. Read it online or download the PDF."
                ),
                url=edition.get_absolute_url(),
                event_key=f"journal-published:{edition.pk}",
            )
        else:
            for sub in edition.submissions.filter(
                corrections__published_in_version=edition.version
            ).distinct():
                _notify_authors(
                    sub,
                    subject=f"Correction published: {sub.title}",
                    body=f"A corrected version of “{sub.title}” is now published in {edition.title}.",
                    event_key=f"journal-corrected:{sub.pk}:v{edition.version}",
                )
    return edition


def correction_create(
    *, edition: Edition, submission: Submission, notice: str, by
) -> Correction:
    """A correction to a published article: a visible notice and a new version."""
    _require_editor(edition, by)
    edition = Edition.objects.get(pk=edition.pk)
    if (
        not edition.is_published
        or submission.edition_id != edition.pk
        or submission.status != S.PUBLISHED
    ):
        raise JournalError("Only an article of a published edition can be corrected.")
    if not notice.strip():
        raise JournalError("Say what was corrected; readers will see this notice.")
    with transaction.atomic(durable=True):
        submission = _locked(submission)
        _new_version(submission, by=by, note=f"Correction: {notice.strip()}")
        return Correction.objects.create(
            edition=edition, submission=submission, notice=notice.strip(), created_by=by
        )


# --- the award -------------------------------------------------------------------


def award_shortlist(*, submission: Submission, by, shortlisted: bool = True) -> None:
    """Editors shortlist accepted or published articles for the award."""
    _require_editor(submission.edition, by)
    submission = Submission.objects.get(pk=submission.pk)
    if submission.status not in (S.ACCEPTED, S.PUBLISHED):
        raise JournalError("Only accepted articles can be shortlisted.")
    award, _ = Award.objects.get_or_create(edition=submission.edition)
    if not shortlisted and award.winner_id == submission.pk:
        raise JournalError("The winner cannot be taken off the shortlist.")
    Submission.objects.filter(pk=submission.pk).update(shortlisted=shortlisted)


def award_choose_winner(
    *, edition: Edition, submission: Submission, by, citation: str
) -> Award:
    """The winner comes from the shortlist and is announced with a citation."""
    _require_editor(edition, by)
    submission = Submission.objects.get(pk=submission.pk)
    if submission.edition_id != edition.pk or not submission.shortlisted:
        raise JournalError("Choose the winner from this edition's shortlist.")
    if not citation.strip():
        raise JournalError("Write a citation saying why it won.")
    with transaction.atomic(durable=True):
        award, _ = Award.objects.select_for_update().get_or_create(edition=edition)
        award.winner = submission
        award.citation = citation.strip()
        award.chosen_by = by
        award.announced = award.announced or timezone.now()
        award.save()
        _notify_authors(
            submission,
            subject=f"{award.name} {edition.year}: your report won",
            body=f"Congratulations: “{submission.title}” won the {award.name} {edition.year}.\n\n{award.citation}",
            event_key=f"journal-award:{edition.pk}:{submission.pk}",
        )
    return award


# --- reminders ----------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send each reminder once: overdue reviews, calls closing in a week, overdue revisions."""
    today = today or timezone.localdate()
    sent = {"reviews": 0, "calls": 0, "revisions": 0}
    with transaction.atomic():
        for review in Review.objects.overdue(today).select_related(
            "reviewer", "submission"
        ):
            if notify(
                recipient=review.reviewer,
                kind=Notification.Kind.REMINDER,
                subject=f"Your review of “{review.submission.title}” is overdue",
                body=f"It was due on {review.due:%-d %B %Y}. Please submit it, or decline so the editors can ask someone else.",
                url=review.get_absolute_url(),
                event_key=f"journal-review-overdue:{review.pk}",
            ):
                sent["reviews"] += 1
        week = today + timedelta(days=7)
        for edition in Edition.objects.filter(
            call_opens__lte=today, call_closes__gt=today, call_closes__lte=week
        ):
            created = notify_many(
                recipients=list(selectors.partnership_members(edition.partnership)),
                kind=Notification.Kind.REMINDER,
                subject=f"The call for {edition.title} closes on {edition.call_closes:%-d %B}",
                body="If you have a completed research project, there is still time to submit it to the journal.",
                url="/journal/submit/",
                event_key=f"journal-call-closing:{edition.pk}",
            )
            sent["calls"] += len(created)
        for sub in Submission.objects.filter(
            status=S.REVISIONS_REQUESTED, revisions_due__lt=today
        ):
            created = notify_many(
                recipients=_author_users(sub),
                kind=Notification.Kind.REMINDER,
                subject=f"Revisions to “{sub.title}” are overdue",
                body=f"The editors asked for your revised report by {sub.revisions_due:%-d %B %Y}.",
                url=sub.get_absolute_url(),
                event_key=f"journal-revisions-overdue:{sub.pk}:{sub.version}",
            )
            sent["revisions"] += len(created)
    return sent
