"""Compiling an edition: queue one run, build its PDF and web edition, requeue lost runs."""

import logging
import shutil
import tempfile
import traceback
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from journal.models import Article, CompileRun, Edition
from partnership.kernel.errors import DomainError

from ._common import require_editor

logger = logging.getLogger("journal.services")
MAX_COMPILE_ATTEMPTS = 3
_FINISHED = (CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED)


STALE_AFTER = timedelta(minutes=2)  # a running compile beats every few seconds
QUEUED_TOO_LONG = timedelta(minutes=20)  # waiting for a broker or a worker


def run_folder(run: CompileRun, attempt: int | None = None) -> Path:
    """The run's temporary folder for one attempt (HTML, galleys, the edition)."""
    attempt = run.attempts if attempt is None else attempt
    base = Path(settings.JOURNAL_COMPILE_TMP or tempfile.gettempdir())
    return base / f"journal-compile-run-{run.pk}-{attempt}"


def _is_stale(run: CompileRun, now) -> bool:
    if run.status == CompileRun.Status.RUNNING:
        return (run.heartbeat or run.started or run.created) < now - STALE_AFTER
    return (run.heartbeat or run.created) < now - QUEUED_TOO_LONG


def _abandon(run: CompileRun, reason: str) -> None:
    run.status = CompileRun.Status.FAILED
    run.finished = timezone.now()
    run.stage = "Failed"
    run.error = reason
    run.save()
    shutil.rmtree(run_folder(run), ignore_errors=True)


def compile_request(*, edition: Edition, by) -> CompileRun:
    """Queue one compile of the edition; while one is waiting or running, reuse it.

    A run that has gone silent (its worker was lost) is failed with a reason and
    a fresh one is started."""
    require_editor(edition, by)
    with transaction.atomic(durable=True):
        Edition.objects.select_for_update().get(pk=edition.pk)
        active = edition.compile_runs.filter(
            status__in=[CompileRun.Status.QUEUED, CompileRun.Status.RUNNING]
        ).first()
        if active and not _is_stale(active, timezone.now()):
            return active
        if not edition.submissions.in_edition().exists():
            raise DomainError("There are no accepted articles to compile yet.")
        if active:
            _abandon(
                active,
                "The compile stopped responding (its worker was lost), so a new "
                "compile was started.",
            )
        run = CompileRun.objects.create(
            edition=edition, requested_by=by, stage="Waiting for a worker"
        )
        transaction.on_commit(lambda: queue_compile(run.pk))
    return run


def queue_compile(run_id: int) -> None:
    """Hand a run to a worker; with the broker down, the periodic requeue picks it up."""
    from journal.tasks import compile_edition_task  # tasks import services

    try:
        compile_edition_task.delay(run_id)
    except (BrokerError, OSError) as exc:
        logger.warning("Could not queue compile run %s: %s", run_id, exc)


def _give_up(run: CompileRun) -> CompileRun:
    # Each earlier attempt died without recording an outcome (killed worker, time
    # limit): stop retrying and tell the editor.
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


def _start(run_id: int) -> tuple[CompileRun | None, bool]:
    """Mark the run running (one more attempt); False when there is nothing to do."""
    with transaction.atomic():
        run = CompileRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in _FINISHED:
            return run, False
        if run.attempts >= MAX_COMPILE_ATTEMPTS:
            return _give_up(run), False
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
    return run, True


def _progress_reporter(run: CompileRun):
    def progress(percent: int, stage: str) -> None:
        CompileRun.objects.filter(
            pk=run.pk, status=CompileRun.Status.RUNNING, attempts=run.attempts
        ).update(
            progress=min(99, max(0, int(percent))),
            stage=stage[:200],
            heartbeat=timezone.now(),
        )

    return progress


def _record_failure(run: CompileRun, exc: Exception) -> CompileRun:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    logger.error("Compile run %s failed", run.pk, exc_info=exc)
    CompileRun.objects.filter(
        pk=run.pk, status=CompileRun.Status.RUNNING, attempts=run.attempts
    ).update(
        status=CompileRun.Status.FAILED,
        finished=timezone.now(),
        error=detail[:4000],
        stage="Failed",
    )
    run.refresh_from_db()
    return run


def compile_run_execute(*, run_id: int) -> CompileRun | None:
    """Build a run's PDF, galleys and web edition; a finished run is left alone.

    The files are stored under the run's own names and recorded, with the
    articles, in one transaction at the end, so a half-built edition never
    exists. The run's temporary folder is removed whatever happens.
    """
    from journal.compile import compile_edition  # heavy: only in the worker

    run, go = _start(run_id)
    if not go:
        return run
    for attempt in range(1, run.attempts + 1):  # earlier attempts killed mid-way
        shutil.rmtree(run_folder(run, attempt), ignore_errors=True)
    folder = run_folder(run)
    folder.mkdir(parents=True)
    try:
        result = compile_edition(
            edition=run.edition,
            out_path=folder / "edition.pdf",
            progress=_progress_reporter(run),
            workdir=folder,
        )
        return _finish(run, result)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the editor
        return _record_failure(run, exc)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _store(name: str, path: Path) -> str:
    with path.open("rb") as handle:
        return default_storage.save(name, File(handle))


def _store_files(run: CompileRun, result) -> tuple[str, dict[int, str]]:
    """The edition's PDF and each galley in the storage (a disk or S3)."""
    edition = run.edition
    prefix = f"{edition.year}-{edition.pk}-run-{run.pk}"
    pdf = _store(f"journal/editions/{prefix}.pdf", result.path)
    galleys = {
        placed.submission_id: _store(
            f"journal/galleys/{prefix}/{placed.slug}.pdf",
            result.galleys[placed.submission_id],
        )
        for placed in result.articles
    }
    return pdf, galleys


def _finish(run: CompileRun, result) -> CompileRun:
    """Store the files, then record them and the web edition in one transaction."""
    pdf, galleys = _store_files(run, result)
    with transaction.atomic():
        current = CompileRun.objects.select_for_update().get(pk=run.pk)
        if (
            current.status != CompileRun.Status.RUNNING
            or current.attempts != run.attempts
        ):
            for name in [pdf, *galleys.values()]:
                default_storage.delete(name)
            return current
        Article.objects.bulk_create(
            Article(
                run=current,
                submission_id=placed.submission_id,
                slug=placed.slug,
                title=placed.title,
                section_title=placed.section_title,
                position=placed.position,
                snapshot=placed.snapshot,
                first_page=placed.first_page,
                last_page=placed.last_page,
                pdf=galleys[placed.submission_id],
            )
            for placed in result.articles
        )
        current.pdf.name = pdf
        current.pages, current.size = result.pages, result.size
        current.status = CompileRun.Status.SUCCEEDED
        current.progress, current.stage = 100, "Finished"
        current.finished = timezone.now()
        current.error = ""
        current.save()
    return current


def _reap(run: CompileRun) -> bool:
    """A running run whose worker went silent: queue it again, or fail it."""
    with transaction.atomic():
        run = CompileRun.objects.select_for_update().get(pk=run.pk)
        if run.status != CompileRun.Status.RUNNING or not _is_stale(
            run, timezone.now()
        ):
            return False
        shutil.rmtree(run_folder(run), ignore_errors=True)
        if run.attempts >= MAX_COMPILE_ATTEMPTS:
            _give_up(run)
            return False
        run.status = CompileRun.Status.QUEUED
        run.stage = "The worker stopped; waiting to start again"
        run.heartbeat = timezone.now()
        run.save()
    return True


def compile_runs_requeue_stale() -> int:
    """Every minute: runs whose worker went silent for STALE_AFTER are queued
    again (at most MAX_COMPILE_ATTEMPTS in all) or failed with a reason; runs
    left waiting QUEUED_TOO_LONG (a broker outage) are queued again."""
    now = timezone.now()
    ids = [
        run.pk
        for run in CompileRun.objects.filter(
            status=CompileRun.Status.RUNNING, heartbeat__lt=now - STALE_AFTER
        )
        if _reap(run)
    ] + list(
        CompileRun.objects.filter(status=CompileRun.Status.QUEUED)
        .filter(
            Q(heartbeat__isnull=True, created__lt=now - QUEUED_TOO_LONG)
            | Q(heartbeat__lt=now - QUEUED_TOO_LONG)
        )
        .values_list("pk", flat=True)
    )
    for pk in ids:
        queue_compile(pk)
    return len(ids)
