"""What the public sees: the archive, editions, articles, the PDF, the feed, the award."""

import feedparser
import pytest
from django.utils.html import escape

from journal import services
from partnership.kernel.errors import DomainError
from tests.journal.conftest import accepted_articles


@pytest.fixture
def published(edition, officer, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    edition.issn = "1234-5678"
    edition.save()
    subs = accepted_articles(edition, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_request(edition=edition, by=officer)
    services.edition_publish(edition=edition, by=officer)
    edition.refresh_from_db()
    return edition, subs


def test_nothing_is_public_before_publication(client, edition):
    accepted_articles(edition, 1)
    assert (
        client.get(f"/journal/{edition.partnership.slug}/{edition.year}/").status_code
        == 404
    )
    assert (
        client.get(
            f"/journal/{edition.partnership.slug}/{edition.year}/journal.pdf"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/journal/{edition.partnership.slug}/{edition.year}/award/"
        ).status_code
        == 404
    )


def test_the_edition_page_lists_articles_and_links_the_pdf(client, published):
    edition, subs = published
    page = client.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/"
    ).content.decode()
    for sub in subs:
        assert escape(sub.title) in page
        assert f"/journal/{edition.partnership.slug}/{edition.year}/{sub.slug}/" in page
    assert (
        f'href="/journal/{edition.partnership.slug}/{edition.year}/journal.pdf"' in page
    )


def test_the_pdf_is_served_at_an_address_ending_pdf(client, published):
    edition, _ = published
    response = client.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/journal.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_article_page_has_highwire_citation_tags(client, published):
    edition, subs = published
    sub = subs[0]
    page = client.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/{sub.slug}/"
    ).content.decode()
    assert f'<meta name="citation_title" content="{escape(sub.title)}">' in page
    assert (
        f'<meta name="citation_author" content="{escape(sub.snapshot["authors"][0]["name"])}">'
        in page
    )
    assert (
        f'<meta name="citation_journal_title" content="{escape(edition.title)}">'
        in page
    )
    assert '<meta name="citation_issn" content="1234-5678">' in page
    assert (
        f'<meta name="citation_pdf_url" content="http://testserver/journal/{edition.partnership.slug}/{edition.year}/{sub.slug}.pdf">'
        in page
    )
    assert '<meta name="citation_firstpage" content="1">' in page
    assert 'name="citation_publication_date"' in page


def test_an_unknown_article_is_404(client, published):
    edition, _ = published
    assert (
        client.get(
            f"/journal/{edition.partnership.slug}/{edition.year}/no-such-article/"
        ).status_code
        == 404
    )


def test_the_atom_feed_parses_and_lists_editions_and_articles(
    client, published, settings
):
    edition, subs = published
    response = client.get("/journal/feed/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert edition.title in titles
    for sub in subs:
        assert sub.title in titles
    links = [entry.link for entry in feed.entries]
    assert (
        f"{settings.SITE_URL}/journal/{edition.partnership.slug}/{edition.year}/{subs[0].slug}/"
        in links
    )


def test_the_atom_feed_has_absolute_lasting_ids_and_updated_dates(
    client, published, settings
):
    # RFC 4287: ids are absolute IRIs, and the feed and every entry have <updated>
    edition, subs = published
    feed = feedparser.parse(client.get("/journal/feed/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.id.startswith("tag:")
    assert feed.feed.updated_parsed
    ids = [entry.id for entry in feed.entries]
    assert all(i.startswith("tag:") for i in ids), ids
    assert len(set(ids)) == len(ids) == 1 + len(subs)
    assert all(entry.updated_parsed for entry in feed.entries)
    edition_entry = next(e for e in feed.entries if e.title == edition.title)
    assert (
        edition_entry.link
        == f"{settings.SITE_URL}/journal/{edition.partnership.slug}/{edition.year}/"
    )
    assert str(edition.year) not in edition_entry.summary
    assert "2 reports of teacher action research" in edition_entry.summary


def test_the_archive_is_browsable_and_searchable(client, published):
    edition, subs = published
    page = client.get("/journal/").content.decode()
    assert escape(edition.title) in page
    found = client.get("/journal/", {"q": "reception phonics"}).content.decode()
    assert escape(subs[1].title) in found
    assert escape(subs[0].title) not in found
    by_school = client.get(
        "/journal/", {"q": subs[0].snapshot["school"]["name"]}
    ).content.decode()
    assert escape(subs[0].title) in by_school
    assert (
        "No articles match" in client.get("/journal/", {"q": "zebra"}).content.decode()
    )


def test_archive_search_costs_the_same_queries_for_2_or_20_results(
    client, published, django_assert_max_num_queries
):
    edition, _ = published

    def count(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        return len(ctx.captured_queries)

    small = count("/journal/?q=vocabulary")
    from journal.models import Article

    run = edition.published_run
    template = run.articles.first()
    for n in range(18):
        Article.objects.create(
            run=run,
            submission=template.submission,
            slug=f"extra-{n}",
            title=f"Extra feedback article {n}",
            position=100 + n,
            snapshot=template.snapshot,
            first_page=1,
            last_page=2,
        )
    with django_assert_max_num_queries(small):
        client.get("/journal/?q=vocabulary")


def test_the_award_page_shows_the_winner_and_shortlist(client, published, officer):
    edition, subs = published
    for sub in subs:
        services.award_shortlist(submission=sub, by=officer)
    services.award_choose_winner(
        edition=edition, submission=subs[1], by=officer, citation="Rigorous and kind."
    )
    page = client.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/award/"
    ).content.decode()
    assert "Rigorous and kind." in page
    assert escape(subs[0].title) in page
    assert escape(subs[1].title) in page
    article = client.get(
        f"/journal/{edition.partnership.slug}/{edition.year}/{subs[1].slug}/"
    ).content.decode()
    assert "This report won the" in article


def test_the_winner_must_come_from_the_shortlist(published, officer):
    edition, subs = published
    with pytest.raises(DomainError, match="shortlist"):
        services.award_choose_winner(
            edition=edition, submission=subs[0], by=officer, citation="x"
        )
    from journal.models import Award

    assert not Award.objects.filter(edition=edition, winner__isnull=False).exists()


def test_a_school_page_section_lists_its_published_articles(published):
    from django.template.loader import render_to_string

    from schools.models import School

    edition, subs = published
    school = School.objects.get(urn=subs[0].snapshot["school"]["urn"])
    html = render_to_string("journal/school_section.html", {"school": school})
    assert escape(subs[0].title) in html
    assert escape(subs[1].title) not in html


def test_opening_the_award_page_saves_nothing(client, edition, officer):
    from journal.models import Award

    client.force_login(officer)
    response = client.get(f"/journal/manage/{edition.pk}/award/")
    assert response.status_code == 200
    assert "Teacher Research Award" in response.content.decode()
    assert not Award.objects.filter(edition=edition).exists()
