"""(b) A worker killed in the middle of compiling a journal edition.

The journal part's own test (tests/journal/test_compile_faults.py) recovers through
Redis redelivering the unacknowledged task. This one takes the operator's path when
that redelivery is an hour away (the visibility timeout): the periodic
`requeue_stale_compiles` task finds the run whose heartbeat went silent and queues it
again on a fresh worker. Throughout, nothing half-built is visible or publishable.
"""

import io
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.kernel.errors import DomainError

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

ARTICLES = 12


def _wait(run, statuses, timeout=180.0, *, progress=0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses and (run.progress or 0) >= progress:
            return run
        time.sleep(0.05)
    raise AssertionError(f"run stayed {run.status} at {run.progress}% ({run.stage})")


def test_a_compile_lost_with_its_worker_is_requeued_and_never_published_half_built(
    client, start_worker, partnership, officer
):
    from journal import services
    from journal.models import Article, CompileRun
    from journal.tasks import requeue_stale_compiles
    from tests.journal.conftest import accepted_articles
    from tests.journal.factories import PARAGRAPH, EditionFactory

    long_text = (PARAGRAPH * 4 + "\n\n") * 6
    # Given an edition of accepted articles and a worker compiling it
    edition = EditionFactory(partnership=partnership, year=2024)
    subs = accepted_articles(edition, ARTICLES, context=long_text, findings=long_text)
    first = start_worker()
    run = services.compile_request(edition=edition, by=officer)
    run = _wait(run, {CompileRun.Status.RUNNING}, timeout=60, progress=5)

    # When the worker is killed outright while laying out the articles
    first.kill()

    # Then nothing of the half-built edition exists or can be published
    run.refresh_from_db()
    assert run.status == CompileRun.Status.RUNNING
    assert not run.pdf
    assert not Article.objects.exists()
    with pytest.raises(DomainError):
        services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert not edition.is_published
    assert client.get(edition.get_absolute_url()).status_code == 404

    # When its heartbeat has been silent past the stale limit and the periodic
    # requeue runs on a fresh worker
    CompileRun.objects.filter(pk=run.pk).update(
        heartbeat=timezone.now() - timedelta(hours=1)
    )
    second = start_worker()
    requeue_stale_compiles.delay()

    # Then the same run completes, with every article exactly once
    run = _wait(run, {CompileRun.Status.SUCCEEDED, CompileRun.Status.FAILED})
    assert run.status == CompileRun.Status.SUCCEEDED, run.error or second.log()[-3000:]
    assert run.attempts == 2
    assert run.articles.count() == ARTICLES
    with run.pdf.open("rb") as handle:
        assert len(PdfReader(io.BytesIO(handle.read())).pages) == run.pages
    assert CompileRun.objects.filter(edition=edition).count() == 1

    # And only now can the editor publish it, and readers see every article
    services.edition_publish(edition=edition, by=officer)
    page = client.get(edition.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for sub in subs:
        assert sub.title in html
