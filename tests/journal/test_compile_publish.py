"""Compiling (in-process here; see test_compile_worker for a real worker) and publishing."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from journal import services
from journal.models import Article, CompileRun, Correction, Submission
from partnership.kernel.errors import DomainError
from partnership.models import EmailPreference, Notification
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.journal.conftest import accepted_articles


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(run) -> list[str]:
    with run.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [page.extract_text() for page in reader.pages]


def compile_now(edition, by, capture):
    with capture(execute=True):
        run = services.compile_request(edition=edition, by=by)
    run.refresh_from_db()
    return run


def test_compile_builds_a_pdf_with_contents_and_every_article(
    edition, officer, django_capture_on_commit_callbacks
):
    subs = accepted_articles(edition, 3)
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    assert run.status == CompileRun.Status.SUCCEEDED, run.error
    assert run.pages >= 5
    assert run.size > 10_000
    assert run.finished >= run.started
    assert run.progress == 100
    pages = pdf_text(run)
    assert len(pages) == run.pages
    contents = next(p for p in pages if "Contents" in p)
    for sub in subs:
        assert sub.title in contents
        assert any(sub.title in p for p in pages if p is not contents)
    articles = list(run.articles.order_by("position"))
    assert [a.submission_id for a in articles] == [s.pk for s in subs]
    assert articles[0].first_page == 1
    assert articles[1].first_page == articles[0].last_page + 1
    # The article's first printed page carries its own number at the foot.
    front = len(pages) - articles[-1].last_page
    assert (
        pages[front + articles[1].first_page - 1]
        .strip()
        .endswith(str(articles[1].first_page))
    )
    edition.refresh_from_db()
    assert not edition.is_published  # compiling never publishes


def test_a_failing_compile_records_why_and_publishes_nothing(
    edition, officer, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 2)
    edition.cover_image.name = "journal-covers/gone.png"
    edition.save()
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    assert run.status == CompileRun.Status.FAILED
    assert "cover image file is missing" in run.error
    assert not run.pdf
    assert not Article.objects.exists()
    with pytest.raises(DomainError, match="Compile"):
        services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert not edition.is_published


def test_a_renderer_dying_mid_compile_fails_the_run_with_its_reason(
    edition, officer, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    from journal.compile import workers

    dying = tmp_path / "dying_renderer.py"
    dying.write_text(
        "import sys\nsys.stdin.readline()\n"
        "sys.stderr.write('MemoryError: the renderer ran out of memory')\nsys.exit(3)\n"
    )
    monkeypatch.setattr(workers, "RENDERER", dying)
    accepted_articles(edition, 2)
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    assert run.status == CompileRun.Status.FAILED
    assert "Rendering the articles failed" in run.error
    assert "ran out of memory" in run.error
    assert not run.pdf
    assert not Article.objects.exists()


def test_the_editor_sees_why_a_compile_failed(
    client, edition, officer, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 1)
    edition.cover_image.name = "journal-covers/gone.png"
    edition.save()
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The compile failed" in page
    assert "cover image file is missing" in page


def test_running_a_finished_run_again_changes_nothing(
    edition, officer, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 1)
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    finished = run.finished
    services.compile_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.finished == finished
    assert run.attempts == 1
    assert Article.objects.count() == 1


def test_a_second_request_while_one_is_waiting_reuses_it(edition, officer):
    accepted_articles(edition, 1)
    first = services.compile_request(
        edition=edition, by=officer
    )  # not executed: no commit
    second = services.compile_request(edition=edition, by=officer)
    assert first.pk == second.pk
    assert CompileRun.objects.count() == 1


def test_publishing_emails_each_member_once_and_none_to_those_who_opted_out(
    edition, officer, teacher, school, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 2)
    quiet = StaffFactory(
        school=school, user=UserFactory(email="quiet@riverside-primary.example")
    ).user
    EmailPreference.objects.create(
        user=quiet, kind=Notification.Kind.JOURNAL_PUBLISHED, send_email=False
    )
    compile_now(edition, officer, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert edition.is_published
    assert edition.version == 1
    assert set(edition.submissions.values_list("status", flat=True)) == {
        Submission.Status.PUBLISHED
    }
    recipients = [m.to[0] for m in mail.outbox]
    assert teacher.email in recipients
    assert officer.email in recipients
    assert quiet.email not in recipients
    assert len(recipients) == len(set(recipients))
    # Publishing again is refused, and the outbox sends nothing twice.
    with pytest.raises(DomainError):
        services.edition_publish(edition=edition, by=officer)
    from partnership.services import notifications_requeue_pending

    count = len(mail.outbox)
    notifications_requeue_pending(older_than_seconds=0)
    assert len(mail.outbox) == count
    # The opted-out member still sees it in the portal.
    assert (
        Notification.objects.filter(recipient=quiet, email_status="skipped").count()
        == 1
    )


def test_an_accepted_article_missing_from_the_compile_blocks_publishing(
    edition, officer, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 1)
    compile_now(edition, officer, django_capture_on_commit_callbacks)
    accepted_articles(edition, 1)
    with pytest.raises(DomainError, match="compile again"):
        services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert not edition.is_published


def test_a_correction_is_a_visible_notice_and_a_new_version(
    client, edition, officer, django_capture_on_commit_callbacks
):
    (sub,) = accepted_articles(edition, 1)
    first_run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    services.edition_publish(edition=edition, by=officer)
    sub.refresh_from_db()
    with pytest.raises(DomainError):
        services.correction_create(
            edition=edition, submission=sub, notice=" ", by=officer
        )
    sub.project.findings = "Corrected figures: 62% not 26%."
    sub.project.save()
    services.correction_create(
        edition=edition, submission=sub, notice="A percentage was mistyped.", by=officer
    )
    # Until the new version is compiled and published, the public sees version 1
    # (at the article's first address, which redirects to its lasting one).
    url = f"/journal/{edition.year}/{sub.slug}/"
    assert "Corrected figures" not in client.get(url, follow=True).content.decode()
    second_run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    assert edition.version == 2
    assert edition.published_run == second_run
    page = client.get(url, follow=True).content.decode()  # the same address
    assert "A percentage was mistyped." in page
    assert "Corrected figures" in page
    assert Correction.objects.get().published_in_version == 2
    assert first_run.articles.get().snapshot["findings"] != sub.project.findings


def test_the_contents_entries_link_to_their_articles_pages(
    edition, officer, django_capture_on_commit_callbacks
):
    accepted_articles(edition, 3)
    run = compile_now(edition, officer, django_capture_on_commit_callbacks)
    with run.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    front = reader.pages[
        : len(reader.pages) - run.articles.order_by("-position").first().last_page
    ]
    targets, titles = [], []
    for page in front:
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            assert "/A" not in link  # no placeholder address left behind
            dest = link["/Dest"]
            if isinstance(dest, str):
                continue  # a named destination inside the front matter (the foreword)
            targets.append(reader.get_page_number(dest[0].get_object()))
            titles.append(link["/Contents"])  # what a screen reader says
    expected = [
        len(front) + a.first_page - 1 for a in run.articles.order_by("position")
    ]
    assert targets == expected
    assert titles == [a.title for a in run.articles.order_by("position")]
