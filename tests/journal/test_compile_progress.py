"""The compile page: progress without reloading, and lost compiles noticed in minutes."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from journal import services
from journal.models import CompileRun
from journal.services import compiling
from journal.tasks import requeue_stale_compiles
from tests.factories import PASSWORD
from tests.journal.conftest import accepted_articles


@pytest.fixture
def running(edition):
    accepted_articles(edition, 1)
    now = timezone.now()
    return CompileRun.objects.create(
        edition=edition,
        status=CompileRun.Status.RUNNING,
        attempts=1,
        started=now,
        heartbeat=now,
        progress=40,
        stage="Laid out 4 of 10 articles",
    )


@pytest.fixture
def queued_ids(monkeypatch):
    ids = []
    monkeypatch.setattr(compiling, "queue_compile", ids.append)
    return ids


def test_the_compile_page_updates_by_script_and_never_reloads_itself(
    client, officer, running
):
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(running.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page
    status_url = f"/journal/manage/{running.edition_id}/runs/{running.pk}/status.json"
    assert f'data-compile-status-url="{status_url}"' in page
    assert 'role="status" aria-live="polite"' in page
    assert (
        '<script type="module" src="/static/js/journal/compile-progress.mjs">' in page
    )
    assert (
        f'<a class="govuk-link" href="{running.get_absolute_url()}">Check again</a>'
        in page
    )
    assert "40%: Laid out 4 of 10 articles" in page


def test_the_status_url_answers_the_runs_progress_as_json(client, officer, running):
    client.login(email=officer.email, password=PASSWORD)
    url = f"/journal/manage/{running.edition_id}/runs/{running.pk}/status.json"
    response = client.get(url)
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "running",
        "status_label": "Running",
        "progress": 40,
        "stage": "Laid out 4 of 10 articles",
        "finished": False,
        "url": running.get_absolute_url(),
    }
    CompileRun.objects.filter(pk=running.pk).update(
        status=CompileRun.Status.FAILED, stage="Failed"
    )
    assert client.get(url).json()["finished"] is True


def test_a_finished_run_has_no_progress_script(client, officer, running):
    CompileRun.objects.filter(pk=running.pk).update(
        status=CompileRun.Status.FAILED, error="It broke."
    )
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(running.get_absolute_url()).content.decode()
    assert "compile-progress.mjs" not in page
    assert "Check again" not in page
    assert "It broke." in page


def test_the_progress_script_is_a_module_served_as_a_static_file():
    script = (settings.BASE_DIR / "static/js/journal/compile-progress.mjs").read_text()
    assert "[data-compile-live]" in script  # writes into the page's live region
    assert "fetch(" in script
    assert "data-compile-status-url" in script


def test_the_stale_compile_check_runs_every_minute():
    schedule = settings.CELERY_BEAT_SCHEDULE["journal-requeue-stale-compiles"]
    assert schedule["task"] == "journal.tasks.requeue_stale_compiles"
    assert schedule["schedule"] == 60.0


def test_a_run_silent_for_over_two_minutes_is_queued_again_and_its_folder_removed(
    running, queued_ids
):
    folder = compiling.run_folder(running)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article-0000.html").write_text("half done")
    CompileRun.objects.filter(pk=running.pk).update(
        heartbeat=timezone.now() - timedelta(minutes=2, seconds=30)
    )
    assert requeue_stale_compiles.apply().get() == 1
    running.refresh_from_db()
    assert running.status == CompileRun.Status.QUEUED
    assert running.stage == "The worker stopped; waiting to start again"
    assert queued_ids == [running.pk]
    assert not folder.exists()
    # A minute later it is not queued a second time.
    assert requeue_stale_compiles.apply().get() == 0
    assert queued_ids == [running.pk]


def test_a_run_that_beat_a_minute_ago_is_left_alone(running, queued_ids):
    CompileRun.objects.filter(pk=running.pk).update(
        heartbeat=timezone.now() - timedelta(minutes=1)
    )
    assert requeue_stale_compiles.apply().get() == 0
    running.refresh_from_db()
    assert running.status == CompileRun.Status.RUNNING
    assert queued_ids == []


def test_a_run_lost_on_its_last_attempt_fails_with_a_reason_on_the_page(
    client, officer, running, queued_ids
):
    folder = compiling.run_folder(running, compiling.MAX_COMPILE_ATTEMPTS)
    folder.mkdir(parents=True, exist_ok=True)
    CompileRun.objects.filter(pk=running.pk).update(
        attempts=compiling.MAX_COMPILE_ATTEMPTS,
        heartbeat=timezone.now() - timedelta(minutes=5),
    )
    assert requeue_stale_compiles.apply().get() == 0
    running.refresh_from_db()
    assert running.status == CompileRun.Status.FAILED
    assert running.finished is not None
    assert queued_ids == []
    assert not folder.exists()
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(running.get_absolute_url()).content.decode()
    assert "The compile failed" in page
    assert f"interrupted {compiling.MAX_COMPILE_ATTEMPTS} times" in page


def test_pressing_compile_on_a_stale_run_starts_a_fresh_one(
    edition, officer, running, queued_ids, django_capture_on_commit_callbacks
):
    CompileRun.objects.filter(pk=running.pk).update(
        heartbeat=timezone.now() - timedelta(minutes=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.compile_request(edition=edition, by=officer)
    assert fresh.pk != running.pk
    assert fresh.status == CompileRun.Status.QUEUED
    running.refresh_from_db()
    assert running.status == CompileRun.Status.FAILED
    assert "stopped responding" in running.error
    assert queued_ids == [fresh.pk]


def test_pressing_compile_on_a_live_run_reuses_it(
    edition, officer, running, queued_ids
):
    assert services.compile_request(edition=edition, by=officer).pk == running.pk
    assert CompileRun.objects.count() == 1


def test_a_redelivered_compile_removes_the_folder_of_the_attempt_killed_before_it(
    edition, officer, running, settings, tmp_path
):
    # Given a run whose worker was killed (its folder left behind) and whose task
    # Redis delivered again to another worker
    settings.MEDIA_ROOT = tmp_path / "media"
    killed = compiling.run_folder(running)
    killed.mkdir(parents=True, exist_ok=True)
    (killed / "article-0000.html").write_text("half done")
    # When the second attempt runs
    run = services.compile_run_execute(run_id=running.pk)
    # Then it succeeds and neither attempt's folder is left
    assert run.status == CompileRun.Status.SUCCEEDED, run.error
    assert run.attempts == 2
    assert not killed.exists()
    assert not compiling.run_folder(run).exists()


def test_the_runs_folder_is_removed_after_success_and_failure(
    edition, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.journal.test_editor_pages import png

    settings.MEDIA_ROOT = tmp_path / "media"
    accepted_articles(edition, 1)
    # The cover is read through the storage too (copied into the run's folder).
    edition.cover_image.save("cover.png", ContentFile(png()))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compile_request(edition=edition, by=officer)
    run.refresh_from_db()
    assert run.status == CompileRun.Status.SUCCEEDED, run.error
    assert not compiling.run_folder(run).exists()
    with run.pdf.open("rb") as handle:
        cover = PdfReader(io.BytesIO(handle.read())).pages[0]
    assert "/XObject" in cover["/Resources"]  # the cover image is on the cover
    # The files live in the storage, not in the folder.
    assert run.pdf.storage.exists(run.pdf.name)
    assert all(a.pdf.storage.exists(a.pdf.name) for a in run.articles.all())

    edition.cover_image.name = "journal-covers/gone.png"
    edition.save()
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.compile_request(edition=edition, by=officer)
    failed.refresh_from_db()
    assert failed.status == CompileRun.Status.FAILED
    assert not compiling.run_folder(failed).exists()
