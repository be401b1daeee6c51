import io

from journal import demo as journal_demo
from journal.models import CompileRun, Edition, Review, Submission
from partnership import demo as partnership_demo


def test_demo_publishes_last_year_and_opens_this_year_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    partnership_demo.seed(stdout=out)
    journal_demo.seed(stdout=out)
    journal_demo.seed(stdout=out)  # idempotent
    past, current = Edition.objects.order_by("year")
    assert past.is_published
    assert past.published_run.status == CompileRun.Status.SUCCEEDED
    assert past.published_run.articles.count() == 6
    assert past.award.winner is not None
    assert current.call_is_open()
    assert not current.is_published
    assert current.submissions.filter(status=Submission.Status.UNDER_REVIEW).exists()
    assert Review.objects.filter(
        reviewer__email="teacher@riverside-primary.example",
        status=Review.Status.INVITED,
    ).exists()
    assert Edition.objects.count() == 2
