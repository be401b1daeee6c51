"""Public pages: the archive, editions, articles, the PDF, the award."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from journal import selectors
from journal.models import Article, Award, Edition
from journal.presenters import ArticlePresenter
from partnership.uploads import attachment_response


def published_edition_or_404(year: int) -> Edition:
    edition = (
        Edition.objects.published()
        .filter(year=year)
        .select_related("partnership", "published_run")
        .order_by("partnership__name")
        .first()
    )
    if edition is None:
        raise Http404("No edition was published that year.")
    return edition


def archive(request):
    query = request.GET.get("q", "").strip()
    editions = Edition.objects.published().select_related(
        "partnership", "published_run", "award"
    )
    results = None
    if query:
        results = Paginator(selectors.archive_search(query), 20).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "journal/archive.html",
        {
            "editions": editions,
            "query": query,
            "results": results,
            "open_calls": Edition.objects.open_for_submissions().select_related(
                "partnership"
            ),
        },
    )


def edition_detail(request, year: int):
    edition = published_edition_or_404(year)
    articles = list(selectors.published_articles(edition))
    sections: list[dict] = []
    for article in articles:
        if not sections or sections[-1]["title"] != article.section_title:
            sections.append({"title": article.section_title, "articles": []})
        sections[-1]["articles"].append(article)
    award = Award.objects.filter(edition=edition, winner__isnull=False).first()
    return render(
        request,
        "journal/edition_detail.html",
        {
            "edition": edition,
            "sections": sections,
            "count": len(articles),
            "award": award,
            "corrections": edition.corrections.filter(
                published_in_version__isnull=False
            ).select_related("submission"),
        },
    )


def edition_pdf(request, year: int):
    edition = published_edition_or_404(year)
    filename = f"{edition.partnership.slug}-journal-{edition.year}.pdf"
    try:
        return attachment_response(
            edition.published_run.pdf, download_name=filename, kind="pdf"
        )
    except FileNotFoundError as exc:
        raise Http404("The PDF is missing.") from exc


def article_detail(request, year: int, slug: str):
    edition = published_edition_or_404(year)
    article = get_object_or_404(
        Article.objects.select_related("run__edition__partnership", "submission"),
        run_id=edition.published_run_id,
        slug=slug,
    )
    corrections = article.submission.corrections.filter(
        published_in_version__isnull=False
    )
    return render(
        request,
        "journal/article_detail.html",
        {
            "edition": edition,
            "article": article,
            "view": ArticlePresenter(article, request=request),
            "corrections": corrections,
            "is_winner": Award.objects.filter(
                edition=edition, winner_id=article.submission_id
            ).exists(),
        },
    )


def article_pdf(request, year: int, slug: str):
    """The article's own PDF (its galley): its pages of the edition, tagged."""
    edition = published_edition_or_404(year)
    article = get_object_or_404(
        Article.objects.exclude(pdf=""), run_id=edition.published_run_id, slug=slug
    )
    try:
        return attachment_response(
            article.pdf, download_name=f"{article.slug}.pdf", kind="pdf"
        )
    except FileNotFoundError as exc:
        raise Http404("The PDF is missing.") from exc


def award_detail(request, year: int):
    edition = published_edition_or_404(year)
    award = get_object_or_404(Award, edition=edition, winner__isnull=False)
    articles = {a.submission_id: a for a in selectors.published_articles(edition)}
    shortlist = [
        articles[s.pk]
        for s in edition.submissions.filter(shortlisted=True).order_by("title")
        if s.pk in articles
    ]
    return render(
        request,
        "journal/award_detail.html",
        {
            "edition": edition,
            "award": award,
            "winner": articles.get(award.winner_id),
            "shortlist": shortlist,
        },
    )
