"""Public pages: the archive, editions, articles, the PDF, the award.

An edition's address is /journal/<partnership>/<year>/ (two partnerships may publish
in the same year); the older /journal/<year>/ addresses are in `legacy`.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from journal import selectors
from journal.forms import ArchiveSearchForm
from journal.models import Article, Award, Edition
from journal.presenters import ArticlePresenter
from partnership.uploads import attachment_response


def published_edition_or_404(partnership: str, year: int) -> Edition:
    edition = (
        Edition.objects.published()
        .filter(year=year, partnership__slug=partnership)
        .select_related("partnership", "published_run")
        .first()
    )
    if edition is None:
        raise Http404("No edition was published that year.")
    return edition


def archive(request):
    form = ArchiveSearchForm(request.GET or None)
    editions = Edition.objects.published().select_related(
        "partnership", "published_run", "award"
    )
    query, results = "", None
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        results = Paginator(selectors.archive_search(query), 20).get_page(
            form.cleaned_data["page"] or 1
        )
    return render(
        request,
        "journal/archive.html",
        {
            "form": form,
            "editions": editions,
            "query": query,
            "results": results,
            "open_calls": Edition.objects.open_for_submissions().select_related(
                "partnership"
            ),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def edition_detail(request, partnership: str, year: int):
    edition = published_edition_or_404(partnership, year)
    award = (
        Award.objects.filter(edition=edition, winner__isnull=False)
        .select_related("winner")
        .first()
    )
    return render(
        request,
        "journal/edition_detail.html",
        {
            "edition": edition,
            # Built lazily: a cached contents list never runs the query.
            "contents": lambda: selectors.edition_contents(edition),
            "award": award,
            "corrections": edition.corrections.filter(
                published_in_version__isnull=False
            ).select_related("submission"),
            "withdrawn": edition.submissions.filter(
                article_withdrawn_at__isnull=False
            ).only("title", "article_withdrawn_at", "article_withdrawal_notice"),
        },
    )


def edition_pdf(request, partnership: str, year: int):
    edition = published_edition_or_404(partnership, year)
    filename = f"{edition.partnership.slug}-journal-{edition.year}.pdf"
    return attachment_response(
        edition.published_run.pdf, download_name=filename, kind="pdf"
    )


def article_detail(request, partnership: str, year: int, slug: str):
    edition = published_edition_or_404(partnership, year)
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


def article_pdf(request, partnership: str, year: int, slug: str):
    """The article's own PDF (its galley): its pages of the edition, tagged."""
    edition = published_edition_or_404(partnership, year)
    article = get_object_or_404(
        Article.objects.exclude(pdf=""), run_id=edition.published_run_id, slug=slug
    )
    return attachment_response(
        article.pdf, download_name=f"{article.slug}.pdf", kind="pdf"
    )


def award_detail(request, partnership: str, year: int):
    edition = published_edition_or_404(partnership, year)
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
