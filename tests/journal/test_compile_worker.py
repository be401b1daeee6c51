"""Compiling on a real Celery worker against Redis and PostgreSQL (CI)."""

import io
import time

import pytest
from pypdf import PdfReader

from journal import services
from journal.models import CompileRun
from tests.journal.conftest import accepted_articles
from tests.journal.factories import EditionFactory


def wait_for_run(run, statuses, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.25)
    raise AssertionError(f"run {run.pk} stayed {run.status} ({run.stage})")


@pytest.mark.real_worker
def test_a_real_worker_compiles_the_edition_with_contents_and_every_title(
    celery_worker, partnership, officer
):
    edition = EditionFactory(partnership=partnership, year=2025)
    subs = accepted_articles(edition, 4)
    run = services.compile_request(edition=edition, by=officer)
    run = wait_for_run(run, {CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED})
    assert run.status == CompileRun.Status.SUCCEEDED, run.error or celery_worker.log()
    with run.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = [page.extract_text() for page in reader.pages]
    assert len(text) == run.pages
    contents = next(page for page in text if "Contents" in page)
    for sub in subs:
        assert sub.title in contents
        assert sum(sub.title in page for page in text) >= 2  # contents and the article
    assert run.articles.count() == 4
    edition.refresh_from_db()
    assert not edition.is_published
