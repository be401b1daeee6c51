"""A worker killed in the middle of a compile: the run completes on redelivery and
nothing half-built is ever published or recorded as finished."""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from journal import services
from journal.models import Article, CompileRun
from tests.fixtures_services import WorkerProcess
from tests.journal.conftest import accepted_articles
from tests.journal.factories import PARAGRAPH, EditionFactory
from tests.journal.test_compile_worker import wait_for_run

LONG = (PARAGRAPH * 4 + "\n\n") * 6


def restore_unacked(redis_url: str) -> None:
    """What Redis does when the visibility timeout passes: redeliver unacked tasks."""
    from kombu import Connection

    time.sleep(1.5)
    with Connection(redis_url, transport_options={"visibility_timeout": 1}) as conn:
        conn.default_channel.qos.restore_visible(num=100)


@pytest.mark.real_worker
def test_killing_the_worker_mid_compile_then_retrying_completes_cleanly(
    celery_worker, worker_env, tmp_path, partnership, officer
):
    edition = EditionFactory(partnership=partnership, year=2024)
    accepted_articles(edition, 16, context=LONG, findings=LONG)
    run = services.compile_request(edition=edition, by=officer)

    # Wait until the worker is laying out articles, then kill it outright.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status == CompileRun.Status.RUNNING and run.progress >= 5:
            break
        time.sleep(0.05)
    assert run.status == CompileRun.Status.RUNNING, celery_worker.log()
    celery_worker.kill()

    run.refresh_from_db()
    assert run.status == CompileRun.Status.RUNNING
    assert not run.pdf
    assert not Article.objects.exists()
    edition.refresh_from_db()
    assert not edition.is_published
    finished_pdfs = list(
        (Path(settings.MEDIA_ROOT) / "journal" / "editions").glob("*-run-*.pdf")
    )
    assert finished_pdfs == []

    restore_unacked(worker_env["REDIS_URL"])
    second = WorkerProcess(worker_env, tmp_path / "worker2.log").start()
    try:
        run = wait_for_run(run, {CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED})
    finally:
        second.stop()
    assert run.status == CompileRun.Status.SUCCEEDED, run.error or second.log()
    assert run.attempts == 2
    assert run.articles.count() == 16  # written once, not once per attempt
    with run.pdf.open("rb") as handle:
        assert len(PdfReader(io.BytesIO(handle.read())).pages) == run.pages
    edition.refresh_from_db()
    assert not edition.is_published  # publishing stays an editor's decision
    services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert edition.published_run == run
