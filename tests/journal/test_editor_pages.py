"""The editors' pages: starting an edition, assembly, preview, board cost, dashboard."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from journal import services
from journal.models import CompileRun, Edition, Section
from partnership.kernel.errors import DomainError
from tests.factories import PASSWORD
from tests.journal.conftest import accepted_articles
from tests.journal.factories import make_submission


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (29, 112, 184)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_officer_starts_an_edition_with_a_cover(client, partnership, officer):
    client.login(email=officer.email, password=PASSWORD)
    response = client.post(
        f"/journal/manage/new/?partnership={partnership.pk}",
        {
            "partnership": partnership.pk,
            "year": 2027,
            "title": "Riverside Journal 2027",
            "call_opens": "2027-01-10",
            "call_closes": "2027-03-31",
            "review_days": 21,
            "revision_days": 28,
            "cover_image": SimpleUploadedFile(
                "cover.png", png(), content_type="image/png"
            ),
        },
    )
    edition = Edition.objects.get()
    assert response.url == edition.get_manage_url()
    assert (edition.year, edition.call_closes) == (2027, date(2027, 3, 31))
    assert edition.cover_image.name.startswith("journal-covers/")


def test_a_call_that_closes_before_it_opens_is_refused(client, partnership, officer):
    client.login(email=officer.email, password=PASSWORD)
    response = client.post(
        "/journal/manage/new/",
        {
            "partnership": partnership.pk,
            "year": 2027,
            "title": "x",
            "call_opens": "2027-03-10",
            "call_closes": "2027-01-31",
            "review_days": 21,
            "revision_days": 28,
        },
    )
    assert "must close after it opens" in response.content.decode()
    assert not Edition.objects.exists()


def test_a_teacher_cannot_start_an_edition(client, partnership, teacher):
    client.login(email=teacher.email, password=PASSWORD)
    assert client.get("/journal/manage/new/").status_code == 404
    with pytest.raises(DomainError):
        services.edition_create(
            partnership=partnership,
            year=2027,
            title="x",
            call_opens=date(2027, 1, 1),
            call_closes=date(2027, 2, 1),
            by=teacher,
        )


def test_assembly_orders_articles_into_sections_and_the_preview_follows(
    client, edition, officer
):
    first, second = accepted_articles(edition, 2)
    client.login(email=officer.email, password=PASSWORD)
    client.post(f"/journal/manage/{edition.pk}/sections/new/", {"title": "Secondary"})
    section = Section.objects.get(edition=edition)
    client.post(
        f"/journal/manage/{edition.pk}/assembly/",
        {
            f"section-{first.pk}": section.pk,
            f"position-{first.pk}": 2,
            f"section-{second.pk}": section.pk,
            f"position-{second.pk}": 1,
        },
    )
    first.refresh_from_db()
    assert (first.section, first.position) == (section, 2)
    page = client.get(f"/journal/manage/{edition.pk}/preview/").content.decode()
    assert page.index(second.title) < page.index(first.title)


def test_assembly_refuses_bad_positions_and_changes_nothing(client, edition, officer):
    (article,) = accepted_articles(edition, 1)
    client.login(email=officer.email, password=PASSWORD)
    response = client.post(
        f"/journal/manage/{edition.pk}/assembly/", {f"position-{article.pk}": "first"}
    )
    assert "whole numbers" in response.content.decode()
    article.refresh_from_db()
    assert article.position == 0


def test_the_cover_image_goes_into_the_pdf(
    edition, officer, django_capture_on_commit_callbacks
):
    edition.cover_image.save("cover.png", SimpleUploadedFile("cover.png", png()))
    accepted_articles(edition, 1)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compile_request(edition=edition, by=officer)
    run.refresh_from_db()
    assert run.status == CompileRun.Status.SUCCEEDED, run.error
    from pypdf import PdfReader

    with run.pdf.open("rb") as handle:
        cover = PdfReader(io.BytesIO(handle.read())).pages[0]
    assert len(cover.images) == 1


def test_the_board_costs_the_same_queries_for_2_or_20_submissions(
    client, edition, officer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        make_submission(edition)
    client.login(email=officer.email, password=PASSWORD)
    with CaptureQueriesContext(connection) as small:
        client.get(edition.get_manage_url())
    for _ in range(18):
        make_submission(edition)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(edition.get_manage_url())


def test_the_dashboard_shows_reviews_owed_and_own_submissions(
    client, under_review, reviewer, teacher
):
    sub, review = under_review
    client.login(email=reviewer.email, password=PASSWORD)
    page = client.get("/dashboard/").content.decode()
    assert "Reviews you owe" in page
    assert review.get_absolute_url() in page
    client.login(email=teacher.email, password=PASSWORD)
    page = client.get("/dashboard/").content.decode()
    assert "Your submissions" in page
    assert sub.get_absolute_url() in page


def test_an_editor_sees_compile_progress(client, edition, officer):
    accepted_articles(edition, 1)
    run = CompileRun.objects.create(
        edition=edition,
        status=CompileRun.Status.RUNNING,
        progress=40,
        stage="Laid out 2 of 5 parts",
        started=timezone.now() - timedelta(seconds=5),
    )
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "40%: Laid out 2 of 5 parts" in page
    # Updated by a script into a live region, never by reloading the page.
    assert 'http-equiv="refresh"' not in page
    assert 'aria-live="polite"' in page
    assert "Check again" in page


def test_a_strange_partnership_parameter_falls_back_to_the_officers_own(
    client, partnership, officer
):
    client.login(email=officer.email, password=PASSWORD)
    response = client.get("/journal/manage/new/?partnership=nonsense")
    assert response.status_code == 200
    assert partnership.name in response.content.decode()


def test_the_call_dates_are_day_month_and_year_boxes(client, partnership, officer):
    client.login(email=officer.email, password=PASSWORD)
    page = client.get(f"/journal/manage/new/?partnership={partnership.pk}")
    html = page.content.decode()
    for name in ("call_opens_day", "call_opens_month", "call_closes_year"):
        assert f'name="{name}"' in html
    assert 'type="date"' not in html

    client.post(
        "/journal/manage/new/",
        {
            "partnership": partnership.pk,
            "year": 2027,
            "title": "Riverside Journal 2027",
            "call_opens_day": "10",
            "call_opens_month": "1",
            "call_opens_year": "2027",
            "call_closes_day": "31",
            "call_closes_month": "3",
            "call_closes_year": "2027",
            "review_days": 21,
            "revision_days": 28,
        },
    )

    edition = Edition.objects.get()
    assert (edition.call_opens, edition.call_closes) == (
        date(2027, 1, 10),
        date(2027, 3, 31),
    )


def test_the_submission_history_shows_words_not_codes(
    client, under_review, officer, teacher
):
    sub, _ = under_review
    client.login(email=officer.email, password=PASSWORD)
    manage = client.get(sub.get_manage_url()).content.decode()
    client.login(email=teacher.email, password=PASSWORD)
    detail = client.get(sub.get_absolute_url()).content.decode()

    assert "Submitted → Under review" in manage
    assert "Under review" in detail
    for code in ("under-review", "awaiting-authors"):
        assert code not in manage
        assert code not in detail
