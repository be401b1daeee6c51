"""The whole journey through the pages (the browser journey does the same in Chromium):
a teacher submits, an officer assigns a reviewer, the reviewer recommends, the officer
accepts, compiles and publishes, and a visitor reads the article and the PDF."""

import io

from django.test import Client
from pypdf import PdfReader

from journal.models import CompileRun, Review, Submission
from tests.factories import PASSWORD


def as_user(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_from_submission_to_a_published_article(
    edition,
    project,
    teacher,
    officer,
    reviewer,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Given a teacher with a completed project and an open call
    teacher_client = as_user(teacher)
    # When she submits it
    teacher_client.post(f"/journal/submit/{project.slug}/", {"edition": edition.pk})
    sub = Submission.objects.get()
    # And the officer invites a reviewer from another school
    officer_client = as_user(officer)
    officer_client.post(f"{sub.get_manage_url()}invite/", {"reviewer": reviewer.pk})
    review = Review.objects.get()
    # And the reviewer recommends acceptance
    as_user(reviewer).post(
        review.get_absolute_url(),
        {"recommendation": "accept", "comments_for_authors": "Clear and useful."},
    )
    # And the officer accepts, compiles and publishes
    officer_client.post(
        f"{sub.get_manage_url()}decide/",
        {"outcome": "accept", "letter": "Accepted with thanks."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"/journal/manage/{edition.pk}/compile/")
    run = CompileRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert "Finished" in officer_client.get(response.url).content.decode()
    confirm = officer_client.get(f"/journal/manage/{edition.pk}/publish/")
    assert "Publish the edition" in confirm.content.decode()
    officer_client.post(
        f"/journal/manage/{edition.pk}/publish/", {"run": run.pk, "notify": "no"}
    )
    # Then a visitor reads the article online
    visitor = Client()
    edition_page = visitor.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/"
    ).content.decode()
    assert "Talking before writing" in edition_page
    article = visitor.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/{sub.slug}/"
    ).content.decode()
    assert "Does oral rehearsal help" in article
    # And downloads the PDF, whose contents page lists it
    pdf = visitor.get(f"/journal/{edition.partnership.slug}/{edition.year}/journal.pdf")
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    contents = next(
        p.extract_text() for p in reader.pages if "Contents" in p.extract_text()
    )
    assert "Talking before writing" in contents
    sub.refresh_from_db()
    assert sub.status == Submission.Status.PUBLISHED
