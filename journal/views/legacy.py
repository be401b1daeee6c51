"""The journal's first addresses, /journal/<year>/..., kept working.

When one partnership published that year they redirect to its edition; when several
did, a page asks which one (an article's old address redirects when its slug is found
in one edition only).
"""

from django.http import Http404
from django.shortcuts import redirect, render

from journal.models import Article, Edition


def _editions(year: int) -> list[Edition]:
    editions = list(
        Edition.objects.published()
        .filter(year=year)
        .select_related("partnership")
        .order_by("partnership__name")
    )
    if not editions:
        raise Http404("No edition was published that year.")
    return editions


def _choose_or_redirect(request, editions, url_of):
    if len(editions) == 1:
        return redirect(url_of(editions[0]))
    return render(
        request,
        "journal/edition_choose.html",
        {
            "year": editions[0].year,
            "choices": [(e, url_of(e)) for e in editions],
        },
    )


def edition_by_year(request, year: int):
    return _choose_or_redirect(request, _editions(year), Edition.get_absolute_url)


def pdf_by_year(request, year: int):
    return _choose_or_redirect(request, _editions(year), Edition.pdf_url)


def award_by_year(request, year: int):
    editions = [e for e in _editions(year) if hasattr(e, "award") and e.award.winner_id]
    if not editions:
        raise Http404("No award that year.")
    return _choose_or_redirect(request, editions, Edition.award_url)


def article_by_year(request, year: int, slug: str):
    run_ids = {e.published_run_id: e for e in _editions(year)}
    found = list(
        Article.objects.filter(run_id__in=run_ids, slug=slug).values_list(
            "run_id", flat=True
        )
    )
    if not found:
        raise Http404("No such article.")
    editions = [run_ids[run_id] for run_id in found]
    return _choose_or_redirect(request, editions, lambda e: e.article_url(slug))
