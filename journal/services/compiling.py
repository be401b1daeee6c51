"""Compiling an edition: queue one run, build its PDF and web edition, requeue lost runs."""

import logging
import os
import traceback
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from journal.models import Article, CompileRun, Edition
from partnership.kernel.errors import DomainError

from ._common import require_editor

logger = logging.getLogger("journal.services")
MAX_COMPILE_ATTEMPTS = 3
_FINISHED = (CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED)


def compile_request(*, edition: Edition, by) -> CompileRun:
    """Queue one compile of the edition; while one is waiting or running, reuse it."""
    require_editor(edition, by)
    with transaction.atomic(durable=True):
        Edition.objects.select_for_update().get(pk=edition.pk)
        active = edition.compile_runs.filter(
            status__in=[CompileRun.Status.QUEUED, CompileRun.Status.RUNNING]
        ).first()
        if active:
            return active
        if not edition.submissions.in_edition().exists():
            raise DomainError("There are no accepted articles to compile yet.")
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
        CompileRun.objects.filter(pk=run.pk, status=CompileRun.Status.RUNNING).update(
            progress=min(99, max(0, int(percent))),
            stage=stage[:200],
            heartbeat=timezone.now(),
        )

    return progress


def _record_failure(run: CompileRun, exc: Exception) -> CompileRun:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    logger.error("Compile run %s failed", run.pk, exc_info=exc)
    CompileRun.objects.filter(pk=run.pk).update(
        status=CompileRun.Status.FAILED,
        finished=timezone.now(),
        error=detail[:4000],
        stage="Failed",
    )
    run.refresh_from_db()
    return run


def compile_run_execute(*, run_id: int) -> CompileRun | None:
    """Build a run's PDF and web edition; a finished or failed run is left alone.

    The PDF is written under a temporary name and swapped in, with the articles,
    in one transaction at the end, so a half-built edition never exists.
    """
    from journal.compile import compile_edition  # heavy: only in the worker

    run, go = _start(run_id)
    if not go:
        return run
    folder = Path(settings.MEDIA_ROOT) / "journal" / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    partial = (
        folder / f".run-{run.pk}-{os.getpid()}-{timezone.now():%H%M%S%f}.partial.pdf"
    )
    try:
        result = compile_edition(
            edition=run.edition, out_path=partial, progress=_progress_reporter(run)
        )
    except Exception as exc:  # noqa: BLE001 - any failure is recorded for the editor
        partial.unlink(missing_ok=True)
        return _record_failure(run, exc)
    return _finish(run, partial, result)


def _finish(run: CompileRun, partial: Path, result) -> CompileRun:
    """Swap the PDF in and write the web edition, in one transaction."""
    edition = run.edition
    final_name = f"journal/editions/{edition.year}-{edition.pk}-run-{run.pk}.pdf"
    with transaction.atomic():
        run = CompileRun.objects.select_for_update().get(pk=run.pk)
        if run.status != CompileRun.Status.RUNNING:
            partial.unlink(missing_ok=True)
            return run
        os.replace(partial, Path(settings.MEDIA_ROOT) / final_name)
        Article.objects.bulk_create(
            Article(
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
            for placed in result.articles
        )
        run.pdf.name = final_name
        run.pages, run.size = result.pages, result.size
        run.status = CompileRun.Status.SUCCEEDED
        run.progress, run.stage = 100, "Finished"
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
        queue_compile(pk)
    return len(ids)
