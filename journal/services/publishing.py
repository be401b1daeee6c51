"""Publishing an edition's latest compile, and corrections to published articles."""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from journal import selectors
from journal.models import (
    ARTICLE_VECTOR,
    EDITOR,
    Article,
    CompileRun,
    Correction,
    Edition,
    Submission,
)
from partnership.kernel.errors import DomainError
from partnership.models import Notification
from partnership.services import notify_many

from ._common import S, locked, notify_authors, require_editor, submission_move
from .submissions import new_version


def _check_publishable(edition: Edition, run: CompileRun | None) -> CompileRun:
    """The run to publish: the latest finished compile, holding every accepted article."""
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
        raise DomainError("Compile the edition successfully before publishing it.")
    if run.pk != latest.pk:
        raise DomainError("Only the latest compile can be published.")
    if edition.published_run_id == run.pk:
        raise DomainError("This compile is already published.")
    in_run = set(run.articles.values_list("submission_id", flat=True))
    missing = edition.submissions.in_edition().exclude(pk__in=in_run)
    if missing.exists():
        raise DomainError(
            f"{missing.count()} accepted article(s) are not in this compile: compile again."
        )
    if edition.corrections.filter(
        published_in_version__isnull=True, created__gt=run.started
    ).exists():
        raise DomainError("A correction was made after this compile: compile again.")
    return run


def edition_publish(
    *, edition: Edition, by, run: CompileRun | None = None, announce: bool = True
) -> Edition:
    """Publish the latest finished compile, if it holds every accepted article.

    With `announce`, the first publication emails every member (through the outbox,
    after commit, once per person). Safe to retry: asking again to publish the run
    that is already published changes nothing and sends nothing.
    """
    require_editor(edition, by)
    with transaction.atomic(durable=True):
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if run is not None and edition.published_run_id == run.pk:
            return edition  # a repeated request: already done
        run = _check_publishable(edition, run)
        first_time = edition.published_run_id is None
        edition.published_run = run
        edition.version += 1
        edition.published_at = timezone.now()
        edition.first_published = edition.first_published or edition.published_at
        edition.contents_version += 1
        edition.save()
        _store_listing_columns(run)
        in_run = run.articles.values_list("submission_id", flat=True)
        for sub in edition.submissions.filter(
            status=S.ACCEPTED, pk__in=in_run
        ).select_for_update():
            submission_move(
                submission=sub,
                to=S.PUBLISHED,
                by=by,
                role=EDITOR,
                note=f"Published in version {edition.version}",
            )
        edition.corrections.filter(published_in_version__isnull=True).update(
            published_in_version=edition.version
        )
        if first_time and announce:
            _announce(edition, run)
        else:
            _tell_corrected_authors(edition)
    return edition


def _store_listing_columns(run: CompileRun) -> None:
    """What the contents list and the search read, so they never load a snapshot."""
    for article in run.articles.only("pk", "snapshot"):
        Article.objects.filter(pk=article.pk).update(
            authors_text=article.author_names_from_snapshot[:500],
            school_name=((article.snapshot.get("school") or {}).get("name") or "")[
                :200
            ],
        )
    if connection.vendor == "postgresql":
        run.articles.update(search_vector=ARTICLE_VECTOR)


def _announce(edition: Edition, run: CompileRun) -> None:
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


def _tell_corrected_authors(edition: Edition) -> None:
    for sub in edition.submissions.filter(
        corrections__published_in_version=edition.version
    ).distinct():
        notify_authors(
            sub,
            subject=f"Correction published: {sub.title}",
            body=f"A corrected version of “{sub.title}” is now published in {edition.title}.",
            event_key=f"journal-corrected:{sub.pk}:v{edition.version}",
        )


def correction_create(
    *, edition: Edition, submission: Submission, notice: str, by
) -> Correction:
    """A correction to a published article: a visible notice and a new version."""
    require_editor(edition, by)
    edition = Edition.objects.get(pk=edition.pk)
    if (
        not edition.is_published
        or submission.edition_id != edition.pk
        or submission.status != S.PUBLISHED
    ):
        raise DomainError("Only an article of a published edition can be corrected.")
    if not notice.strip():
        raise DomainError("Say what was corrected; readers will see this notice.")
    with transaction.atomic(durable=True):
        submission = locked(submission)
        new_version(submission, by=by, note=f"Correction: {notice.strip()}")
        Edition.objects.filter(pk=edition.pk).update(
            contents_version=F("contents_version") + 1
        )
        return Correction.objects.create(
            edition=edition, submission=submission, notice=notice.strip(), created_by=by
        )
