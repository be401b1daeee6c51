"""The directory search page: words, filters with counts, near a school, a page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from schools.models import School, Subject

from ..cache import directory_version
from ..filters import DEFAULT_MILES, NearForm, RecommendationFilter, rank_by_relevance
from ..models import Recommendation, SupportOffer
from .facets import FacetOption, facets
from .near import URN, Origin, resolve_origin, within

PAGE_SIZE = 20
# Facet counts and totals are cached this long, and dropped at once when anything in
# the directory changes (the services bump the directory version).
FACET_CACHE_SECONDS = 300


@dataclass
class DirectoryResults:
    filterset: RecommendationFilter
    near_form: NearForm
    page: Page
    total: int
    facets: dict[str, list[FacetOption]]
    origin: Origin | None = None
    candidates: list[School] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    miles_options: list[tuple[int, str, bool]] = field(default_factory=list)


def listing_queryset():
    active = SupportOffer.objects.filter(is_active=True).order_by("kind", "id")
    return (
        Recommendation.objects.published()
        .select_related("school", "organisation", "subject")
        .prefetch_related(Prefetch("offers", queryset=active, to_attr="active_offers"))
    )


def _normalised(value) -> str:
    """A cleaned filter value as text: model choices by id, lists sorted."""
    if hasattr(value, "values_list"):
        return ",".join(str(pk) for pk in sorted(value.values_list("pk", flat=True)))
    if isinstance(value, (list, tuple)):
        return ",".join(sorted(str(v) for v in value))
    if isinstance(value, str):
        return " ".join(value.lower().split())
    return str(value)


def _cache_key(filterset, origin: Origin | None) -> str:
    """The search's facets and total are cached per directory version and query.

    Only validated, normalised values make the key: an unknown parameter or value
    (a tracking tag, a typo, a fuzzer) reuses the key of the search it leaves.
    """
    items = sorted(
        (name, _normalised(value))
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "", [], ())
        and not (hasattr(value, "exists") and not value.exists())
    )
    if origin:
        items.append(("origin", origin.key))
    digest = hashlib.sha256(repr(items).encode()).hexdigest()[:40]
    # v3: keyed by validated values only (issue 16).
    return f"directory:search:v3:{directory_version()}:{digest}"


def _without_empty_values(params):
    """An empty choice ("any local authority") means no filter, not an unknown value."""
    if not hasattr(params, "getlist"):
        return params
    cleaned = params.copy()
    ids = [v for v in cleaned.getlist("subject") if URN.match(v)]
    if ids:
        # A subject may also be given by its id (older links, the benchmark).
        slugs = dict(Subject.objects.filter(pk__in=ids).values_list("pk", "slug"))
        cleaned.setlist(
            "subject",
            [
                slugs.get(int(v), v) if URN.match(v) else v
                for v in cleaned.getlist("subject")
            ],
        )
    for name in RecommendationFilter.FACETS:
        if name in cleaned:
            values = [v for v in cleaned.getlist(name) if v]
            if values:
                cleaned.setlist(name, values)
            else:
                del cleaned[name]
    return cleaned


def _near_page(filterset, base, origin: Origin, page_number):
    """Results within the radius of the origin, nearest first."""
    distances, ordered_ids = within(filterset.filter_except(base, ""), origin)
    paginator = Paginator(ordered_ids, PAGE_SIZE)
    page = paginator.get_page(page_number)
    rows = listing_queryset().in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    for rec in page.object_list:
        rec.distance = distances.get(rec.school_id)
    return page, paginator.count, base.filter(school_id__in=list(distances))


def _ranked_page(filterset, cached, page_number):
    """Results by relevance to the words searched for (or newest first)."""
    qs = rank_by_relevance(
        filterset.filter_except(listing_queryset(), ""),
        filterset.form.cleaned_data.get("q", ""),
    )
    paginator = Paginator(qs, PAGE_SIZE)
    if cached:
        paginator.__dict__["count"] = cached["total"]
    page = paginator.get_page(page_number)
    return page, paginator.count


def _selected(params) -> dict:
    return {
        name: params.getlist(name)
        if hasattr(params, "getlist")
        else params.get(name, [])
        for name in RecommendationFilter.FACETS
    }


def directory_search(*, params, user, page_number=1) -> DirectoryResults:
    """The public directory page: search, filters with counts, near a school, a page."""
    result_messages: list[tuple[str, str]] = []
    params = _without_empty_values(params)
    filterset = RecommendationFilter(params, queryset=listing_queryset())
    if not filterset.is_valid():
        for name, errors in filterset.errors.items():
            result_messages += [(f"#{name}", e) for e in errors]
    near_form, origin, candidates = resolve_origin(params, user, result_messages)
    key = _cache_key(filterset, origin)
    cached = cache.get(key)
    base = Recommendation.objects.published()
    if origin:
        page, total, base = _near_page(filterset, base, origin, page_number)
    else:
        page, total = _ranked_page(filterset, cached, page_number)
    if cached:
        facet_counts = cached["facets"]
    else:
        facet_counts = facets(filterset, base, _selected(params))
        cache.set(key, {"facets": facet_counts, "total": total}, FACET_CACHE_SECONDS)
    miles = origin.miles if origin else near_form.cleaned_data.get("miles")
    return DirectoryResults(
        filterset=filterset,
        near_form=near_form,
        page=page,
        total=total,
        facets=facet_counts,
        origin=origin,
        candidates=candidates,
        messages=result_messages,
        miles_options=near_form.miles_options(miles or DEFAULT_MILES),
    )
