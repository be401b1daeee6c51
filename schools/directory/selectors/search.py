"""The directory search page: words, filters with counts, near a school, a page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from partnership.kernel.release import release
from schools.models import School, Subject

from .. import facet_index
from ..cache import directory_version
from ..facet_panel import facet_panel
from ..filters import DEFAULT_MILES, NearForm, RecommendationFilter, rank_by_relevance
from ..models import Recommendation
from ..result_list import result_list
from .facets import MATCHES, FacetOption, facets, index_can_answer, indexed_counts
from .listing import listed
from .near import URN, Origin, circle, near, nearest_first, resolve_origin

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
    facet_panel: SafeString = SafeString("")
    origin: Origin | None = None
    candidates: list[School] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    miles_options: list[tuple[int, str, bool]] = field(default_factory=list)
    # How many of the newest matches were ranked, when the words matched more.
    ranked_newest: int = 0

    @property
    def result_list(self) -> SafeString:
        """The page's results as the list's items (`result_list`)."""
        return result_list(self.page.object_list)


def _rows(page) -> None:
    """The page's recommendations, as the list shows them, in the page's order."""
    page.object_list = listed(list(page.object_list))


def _rows_at_distances(page) -> None:
    """A page of (id, distance) pairs as its results, each with its distance."""
    distances = dict(page.object_list)
    page.object_list = list(distances)
    _rows(page)
    for rec in page.object_list:
        rec.distance = distances[rec.pk]


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
    # v4: with the filter panel and the total from the facet scan (issue 18).
    return f"directory:search:v4:{release()}:{directory_version()}:{digest}"


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


def _near_page(filterset, origin: Origin, total: int, page_number):
    """Results within the radius of the origin, nearest first: one page of ids and
    distances sorted in the database, then that page's rows."""
    published = Recommendation.objects.published()
    paginator = Paginator(
        nearest_first(filterset.filter_except(published, ""), origin), PAGE_SIZE
    )
    paginator.__dict__["count"] = total
    page = paginator.get_page(page_number)
    _rows_at_distances(page)
    return page


def _any(ids: list[int]) -> RawSQL:
    """The ids as one array parameter (not a thousand), for `pk__in`."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


def _near_page_from_index(circle_rows, matches: bytes, page_number):
    """Results near the origin as `_near_page` gives them: the circle's rows
    (already nearest first, then newest, then id) that the index says match."""
    page = Paginator(facet_index.kept(matches, circle_rows), PAGE_SIZE).get_page(
        page_number
    )
    _rows_at_distances(page)
    return page


def _ranked_page(filterset, base, total, page_number, matches: bytes | None = None):
    """Results by relevance to the words searched for (or newest first): the ids of
    one page ranked in the database (a narrow sort), then that page's rows.

    Words that match more than five times DIRECTORY_SEARCH_CANDIDATES
    recommendations rank that many of the newest matches (the listing index finds
    them in order, walking at most five rows a match), so a common word costs what a
    rare one does; fewer matches are all ranked. The count and the facets always
    cover every match.

    `matches`, the facet index's bitmap of the matches, names them without a search:
    the candidates are then at most DIRECTORY_SEARCH_CANDIDATES of them, the most
    recently added (the highest ids); a search without words that matches no more
    than that is sorted among its matches alone.
    """
    words = filterset.form.cleaned_data.get("q", "")
    matching = filterset.filter_except(base, "")
    limit = settings.DIRECTORY_SEARCH_CANDIDATES
    if matches is not None and (words or total <= limit):
        candidates = facet_index.highest_ids(matches, limit)
        # Looked up by id (the index follows every change as it commits), the ids
        # as one array rather than a thousand parameters.
        matching = base.filter(pk__in=_any(candidates))
        total = min(total, len(candidates))
    elif words and total > 5 * limit:
        newest = matching.order_by("-published_on", "-id").values("pk")[:limit]
        matching = base.filter(pk__in=newest)
        total = limit
    ids = rank_by_relevance(matching, words).values_list("pk", flat=True)
    paginator = Paginator(ids, PAGE_SIZE)
    paginator.__dict__["count"] = total
    page = paginator.get_page(page_number)
    _rows(page)
    return page


def _selected(params) -> dict:
    return {
        name: params.getlist(name)
        if hasattr(params, "getlist")
        else params.get(name, [])
        for name in RecommendationFilter.FACETS
    }


def _from_index(filterset, params, origin: Origin | None) -> dict | None:
    """The facets, total and filter panel counted by the facet index (always
    current: a change to one recommendation changes only its own bits), or None
    when PostgreSQL must count. A missing index is queued to be built.

    Near a place, the recommendations within the radius (ids and distances,
    nearest first: `near.circle`) are the scope the index counts among; they are
    kept for the page."""
    if not index_can_answer(filterset):
        return None
    active = {
        name
        for name in RecommendationFilter.FACETS
        if filterset.form.cleaned_data.get(name)
    }
    circle_rows = scope = None
    if origin is not None:
        circle_rows = circle(Recommendation.objects.published(), origin)
        scope = facet_index.bitmap(row[0] for row in circle_rows)
    counts = indexed_counts(filterset, active, scope=scope)
    if counts is None:
        if facet_index.ready() is False:
            from ..services.facet_index import facet_index_missing

            facet_index_missing()
        return None
    matches = counts.pop(MATCHES)
    facet_counts, total = facets(filterset, None, _selected(params), counts=counts)
    # The panel's HTML is kept per set of counts shown (many searches share one).
    digest = hashlib.sha256(repr(facet_counts).encode()).hexdigest()[:40]
    key = f"directory:panel:v1:{release()}:{digest}"
    panel = cache.get(key)
    if panel is None:
        panel = str(facet_panel(facet_counts))
        cache.set(key, panel, FACET_CACHE_SECONDS)
    return {
        "facets": facet_counts,
        "total": total,
        "panel": panel,
        "matches": matches,
        "circle": circle_rows,
    }


def directory_search(*, params, user, page_number=1) -> DirectoryResults:
    """The public directory page: search, filters with counts, near a school, a page."""
    result_messages: list[tuple[str, str]] = []
    params = _without_empty_values(params)
    filterset = RecommendationFilter(
        params, queryset=Recommendation.objects.published()
    )
    if not filterset.is_valid():
        for name, errors in filterset.errors.items():
            result_messages += [(f"#{name}", e) for e in errors]
    near_form, origin, candidates = resolve_origin(params, user, result_messages)
    base = Recommendation.objects.published()
    cached = _from_index(filterset, params, origin)
    if cached is None:
        key = _cache_key(filterset, origin)
        cached = cache.get(key)
    if not cached:
        # The facet counts (and, from the same scan, the number of results), with
        # the filter panel that shows them, kept per directory version and query.
        facet_counts, total = facets(
            filterset, near(base, origin) if origin else base, _selected(params)
        )
        cached = {
            "facets": facet_counts,
            "total": total,
            "panel": str(facet_panel(facet_counts)),
        }
        cache.set(key, cached, FACET_CACHE_SECONDS)
    total = cached["total"]
    if origin and cached.get("circle") is not None:
        page = _near_page_from_index(cached["circle"], cached["matches"], page_number)
    elif origin:
        page = _near_page(filterset, origin, total, page_number)
    else:
        page = _ranked_page(filterset, base, total, page_number, cached.get("matches"))
    miles = origin.miles if origin else near_form.cleaned_data.get("miles")
    return DirectoryResults(
        filterset=filterset,
        near_form=near_form,
        page=page,
        total=total,
        facets=cached["facets"],
        facet_panel=mark_safe(cached["panel"]),  # noqa: S308 - built escaped
        origin=origin,
        candidates=candidates,
        messages=result_messages,
        miles_options=near_form.miles_options(miles or DEFAULT_MILES),
        ranked_newest=page.paginator.count if page.paginator.count < total else 0,
    )
