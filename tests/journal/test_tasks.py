from datetime import timedelta

from django.utils import timezone

from journal import services
from journal.models import CompileRun, Submission
from journal.tasks import compile_edition_task, requeue_stale_compiles
from tests.journal.conftest import accepted_articles
from tests.journal.factories import make_submission


def test_the_compile_task_is_acked_late_and_rejected_if_its_worker_dies():
    assert compile_edition_task.acks_late is True
    assert compile_edition_task.reject_on_worker_lost is True


def test_a_missing_run_is_harmless(db):
    assert compile_edition_task.apply(args=[999999]).get() == "missing"


def test_stale_runs_are_queued_again_and_completed(
    edition, officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    accepted_articles(edition, 1)
    run = services.compile_request(edition=edition, by=officer)  # queued, never sent
    CompileRun.objects.filter(pk=run.pk).update(
        created=timezone.now() - timedelta(hours=1)
    )
    fresh = CompileRun.objects.create(edition=edition, status=CompileRun.Status.QUEUED)
    assert requeue_stale_compiles.apply().get() == 1
    run.refresh_from_db()
    fresh.refresh_from_db()
    assert run.status == CompileRun.Status.SUCCEEDED
    assert fresh.status == CompileRun.Status.QUEUED


def test_the_board_lists_missing_co_author_confirmations(
    edition, project_with_coauthor, teacher, coauthor
):
    from journal.selectors import editor_board

    sub = services.submission_create(
        edition=edition, project=project_with_coauthor, by=teacher
    )
    board = editor_board(edition)
    assert board.awaiting_coauthors == [(sub, [coauthor])]
    waiting = make_submission(edition, status=Submission.Status.SUBMITTED)
    assert editor_board(edition).needs_reviewer == [waiting]


def test_a_run_interrupted_three_times_fails_with_a_reason(edition):
    accepted_articles(edition, 1)
    run = CompileRun.objects.create(
        edition=edition, status=CompileRun.Status.RUNNING, attempts=3
    )
    services.compile_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == CompileRun.Status.FAILED
    assert "interrupted 3 times" in run.error
    assert not run.articles.exists()


def test_a_broker_outage_does_not_lose_the_compile_request(
    edition, officer, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    accepted_articles(edition, 1)

    def broker_down(*args, **kwargs):
        raise OperationalError("Redis is down")

    monkeypatch.setattr(compile_edition_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compile_request(edition=edition, by=officer)
    run.refresh_from_db()
    assert run.status == CompileRun.Status.QUEUED  # recorded, waiting for the requeue
