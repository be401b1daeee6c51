"""Reads of the directory: the search page, facets, distances, profiles, dashboards."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.utils import timezone

from schools import directory_services as services
from schools.directory_filters import (
    COST_CHOICES,
    DEFAULT_MILES,
    NearForm,
    RecommendationFilter,
    normalise_postcode,
    rank_by_relevance,
)
from schools.gias import distance_miles
from schools.models import (
    ImpactMeasure,
    Organisation,
    Recommendation,
    School,
    Subject,
    SupportEngagement,
    SupportOffer,
)

PAGE_SIZE = 20
# Facet counts and totals are cached this long, and dropped at once when anything in
# the directory changes (the services bump the directory version).
FACET_CACHE_SECONDS = 300
MILES_PER_DEGREE_LAT = 69.0


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Origin:
    school: School
    miles: int
    is_default: bool = False


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


def find_school(text: str) -> tuple[School | None, list[School]]:
    """A school (with coordinates) by URN, postcode or name; or the candidates."""
    located = School.objects.filter(latitude__isnull=False, longitude__isnull=False)
    text = text.strip()
    if text.isdigit():
        return located.filter(urn=int(text)).first(), []
    postcode = normalise_postcode(text)
    if postcode:
        # Schools that share a postcode share a place: any of them is the origin.
        return located.filter(postcode=postcode).order_by("name").first(), []
    exact = list(located.filter(name__iexact=text)[:2])
    if len(exact) == 1:
        return exact[0], []
    matches = list(located.filter(name__icontains=text).order_by("name")[:10])
    if len(matches) == 1:
        return matches[0], []
    return None, matches


def bounding_box(lat: float, lon: float, miles: float) -> tuple[tuple, tuple]:
    """A box that holds the circle, so the indexed lat/lon columns prefilter it."""
    dlat = miles / MILES_PER_DEGREE_LAT
    dlon = miles / (MILES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)


def _default_school(user) -> School | None:
    if not user.is_authenticated:
        return None
    return (
        School.objects.filter(
            staff__user=user, staff__left__isnull=True, latitude__isnull=False
        )
        .order_by("staff__joined", "pk")
        .first()
    )


def _resolve_origin(
    params, user, result_messages
) -> tuple[NearForm, Origin | None, list]:
    near_form = NearForm(params)
    near_form.is_valid()
    miles = near_form.cleaned_data.get("miles") or DEFAULT_MILES
    for name in ("near", "miles"):
        for message in near_form.errors.get(name, []):
            result_messages.append((f"#{name}", message))
    text = near_form.cleaned_data.get("near", "")
    if "near" not in params:
        school = _default_school(user)
        if school:
            return near_form, Origin(school=school, miles=miles, is_default=True), []
        return near_form, None, []
    if not text:
        return near_form, None, []
    school, candidates = find_school(text)
    if school is None and not candidates:
        result_messages.append(
            (
                "#near",
                f"No school with a known location matches “{text}”. Try its URN, "
                "postcode or a different part of its name.",
            )
        )
    return (
        near_form,
        (Origin(school=school, miles=miles) if school else None),
        candidates,
    )


def _within(queryset, origin: Origin) -> tuple[dict[int, float], list[int]]:
    """Distances of the schools within the radius, and the result ids by distance."""
    lat, lon = origin.school.latitude, origin.school.longitude
    lat_range, lon_range = bounding_box(lat, lon, origin.miles)
    rows = queryset.filter(
        school__latitude__range=lat_range, school__longitude__range=lon_range
    ).values_list(
        "pk", "school_id", "school__latitude", "school__longitude", "published_on"
    )
    distances: dict[int, float] = {}
    ranked = []
    for pk, school_id, s_lat, s_lon, published in rows:
        if school_id not in distances:
            distances[school_id] = distance_miles(lat, lon, s_lat, s_lon)
        d = distances[school_id]
        if d <= origin.miles:
            ranked.append((d, -(published.toordinal() if published else 0), -pk, pk))
    ranked.sort()
    within = {sid: d for sid, d in distances.items() if d <= origin.miles}
    return within, [r[-1] for r in ranked]


# The facets counted on recommendations, and the column each groups by.
RECOMMENDATION_FACETS = {
    "subject": "subject__slug",
    "phase": "school__phase",
    "organisation": "organisation__kind",
    "la": "school__local_authority",
}
PRICE = Case(When(cost__gt=0, then=Value("paid")), default=Value("free"))


def _grouping_sets(queryset, columns: dict, *, distinct: str = "") -> dict:
    """Counts for several facets from one scan (PostgreSQL GROUPING SETS).

    `columns` maps a facet name to an expression of the queryset's model; the
    result maps each facet name to {value: count}. With `distinct`, rows are
    counted by that expression's distinct values instead.
    """
    names = list(columns)
    select = {f"facet_{n}": expr for n, expr in columns.items()}
    if distinct:
        select["facet_key"] = F(distinct)
    inner, params = queryset.order_by().values(**select).query.sql_with_params()
    cols = [f'"facet_{n}"' for n in names]
    count = 'COUNT(DISTINCT "facet_key")' if distinct else "COUNT(*)"
    sql = (
        f"SELECT {', '.join(cols)}, "  # noqa: S608 - names are ours, values are params
        + ", ".join(f"GROUPING({c})" for c in cols)
        + f", {count} FROM ({inner}) AS facets GROUP BY GROUPING SETS ("
        + ", ".join(f"({c})" for c in cols)
        + ")"
    )
    out: dict[str, dict] = {n: {} for n in names}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            values, flags, n = row[: len(names)], row[len(names) : -1], row[-1]
            for i, name in enumerate(names):
                if flags[i] == 0:
                    out[name][values[i]] = n
    return out


def _counts(filterset: RecommendationFilter, base, active: set[str]) -> dict:
    """{facet: {value: count}}, each facet counted with every other filter applied.

    Facets whose own filter is not in use all count the same rows, so on
    PostgreSQL they share one scan; the others get one GROUP BY each.
    """
    counts: dict[str, dict] = {}
    every = filterset.filter_except(base, "")

    def offers(qs):
        return SupportOffer.objects.filter(
            is_active=True, recommendation__in=qs.values("pk")
        )

    shared = [n for n in RECOMMENDATION_FACETS if n not in active]
    if settings.IS_POSTGRES and len(shared) > 1:
        counts.update(
            _grouping_sets(every, {n: F(RECOMMENDATION_FACETS[n]) for n in shared})
        )
    shared = [n for n in ("support", "cost") if n not in active]
    if settings.IS_POSTGRES and len(shared) > 1:
        counts.update(
            _grouping_sets(
                offers(every),
                {"support": F("kind"), "cost": PRICE},
                distinct="recommendation_id",
            )
        )
    for name, column in RECOMMENDATION_FACETS.items():
        if name not in counts:
            qs = filterset.filter_except(base, name)
            counts[name] = dict(
                qs.values_list(column).annotate(n=Count("pk")).order_by()
            )
    for name, expression in (("support", F("kind")), ("cost", PRICE)):
        if name not in counts:
            qs = offers(filterset.filter_except(base, name))
            counts[name] = dict(
                qs.annotate(value=expression)
                .values_list("value")
                .annotate(n=Count("recommendation_id", distinct=True))
                .order_by()
            )
    return counts


def _facets(
    filterset: RecommendationFilter, base, selected
) -> dict[str, list[FacetOption]]:
    """Counts per option of every facet, with labels, in display order."""
    data = filterset.form.cleaned_data
    active = {name for name in RecommendationFilter.FACETS if data.get(name)}
    counts = _counts(filterset, base, active)
    subjects = dict(
        Subject.objects.filter(slug__in=[s for s in counts["subject"] if s])
        .order_by("name")
        .values_list("slug", "name")
    )
    labels = {
        "subject": subjects,
        "phase": dict(School.Phase.choices),
        "organisation": dict(Organisation.Kind.choices),
        "support": dict(SupportOffer.Kind.choices),
        "cost": dict(COST_CHOICES),
    }
    facets: dict[str, list[FacetOption]] = {}
    for name in RecommendationFilter.FACETS:
        chosen = {str(v) for v in selected.get(name, [])}
        names = labels.get(name)
        if name == "subject":
            order = list(subjects)  # by subject name
        elif name == "cost":
            order = [v for v, _ in COST_CHOICES]
        else:
            order = sorted(v for v in counts[name] if v)
        facets[name] = [
            FacetOption(
                str(value),
                names.get(value, value) if names else value,
                counts[name].get(value, 0),
                str(value) in chosen,
            )
            for value in order
            if value
        ]
    return facets


def _cache_key(params, origin: Origin | None) -> str:
    """The search's facets and total are cached per directory version and query."""
    items = sorted(
        (name, value)
        for name in params
        if name != "page"
        for value in (
            params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        )
    )
    if origin:
        items.append(("origin", str(origin.school.pk), str(origin.miles)))
    digest = hashlib.sha256(repr(items).encode()).hexdigest()[:40]
    return f"directory:search:{services.directory_version()}:{digest}"


def _without_empty_values(params):
    """An empty choice ("any local authority") means no filter, not an unknown value."""
    if not hasattr(params, "getlist"):
        return params
    cleaned = params.copy()
    ids = [v for v in cleaned.getlist("subject") if v.isdigit()]
    if ids:
        # A subject may also be given by its id (older links, the benchmark).
        slugs = dict(Subject.objects.filter(pk__in=ids).values_list("pk", "slug"))
        cleaned.setlist(
            "subject",
            [
                slugs.get(int(v), v) if v.isdigit() else v
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


def directory_search(*, params, user, page_number=1) -> DirectoryResults:
    """The public directory page: search, filters with counts, near a school, a page."""
    result_messages: list[tuple[str, str]] = []
    params = _without_empty_values(params)
    filterset = RecommendationFilter(params, queryset=listing_queryset())
    if not filterset.is_valid():
        for name, errors in filterset.errors.items():
            result_messages += [(f"#{name}", e) for e in errors]
    near_form, origin, candidates = _resolve_origin(params, user, result_messages)
    key = _cache_key(params, origin)
    cached = cache.get(key)

    base = Recommendation.objects.published()
    distances: dict[int, float] = {}
    if origin:
        matching = filterset.filter_except(base, "")
        distances, ordered_ids = _within(matching, origin)
        base = base.filter(school_id__in=list(distances))
        paginator = Paginator(ordered_ids, PAGE_SIZE)
        page = paginator.get_page(page_number)
        rows = listing_queryset().in_bulk(list(page.object_list))
        page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
        for rec in page.object_list:
            rec.distance = distances.get(rec.school_id)
        total = paginator.count
    else:
        qs = rank_by_relevance(
            filterset.filter_except(listing_queryset(), ""),
            filterset.form.cleaned_data.get("q", ""),
        )
        paginator = Paginator(qs, PAGE_SIZE)
        if cached:
            paginator.__dict__["count"] = cached["total"]
        page = paginator.get_page(page_number)
        total = paginator.count
    if cached:
        facets = cached["facets"]
    else:
        selected = {
            name: params.getlist(name)
            if hasattr(params, "getlist")
            else params.get(name, [])
            for name in RecommendationFilter.FACETS
        }
        facets = _facets(filterset, base, selected)
        cache.set(key, {"facets": facets, "total": total}, FACET_CACHE_SECONDS)
    return DirectoryResults(
        filterset=filterset,
        near_form=near_form,
        page=page,
        total=total,
        facets=facets,
        origin=origin,
        candidates=candidates,
        messages=result_messages,
        miles_options=near_form.miles_options(
            origin.miles
            if origin
            else near_form.cleaned_data.get("miles") or DEFAULT_MILES
        ),
    )


def open_data_rows():
    """Every published recommendation as flat rows for the CSV and JSON downloads."""
    qs = (
        Recommendation.objects.published()
        .select_related("school", "organisation", "subject")
        .order_by("pk")
    )
    offers: dict[int, list[SupportOffer]] = {}
    for offer in (
        SupportOffer.objects.filter(
            is_active=True, recommendation__status=Recommendation.Status.PUBLISHED
        )
        .order_by("recommendation_id", "kind", "pk")
        .iterator(chunk_size=2000)
    ):
        offers.setdefault(offer.recommendation_id, []).append(offer)
    for rec in qs.iterator(chunk_size=2000):
        rec_offers = offers.get(rec.pk, [])
        yield {
            "slug": rec.slug,
            "title": rec.title,
            "level": rec.level,
            "organisation": rec.organisation.name,
            "organisation_kind": rec.organisation.kind,
            "school_urn": rec.school.urn,
            "school_name": rec.school.name,
            "local_authority": rec.school.local_authority,
            "phase": rec.school.phase,
            "latitude": rec.school.latitude,
            "longitude": rec.school.longitude,
            "subject": rec.subject.name if rec.subject_id else "",
            "practitioner": rec.practitioner_name,
            "summary": rec.summary,
            "evidence_url": rec.evidence_url,
            "recommended_on": rec.recommended_on.isoformat(),
            "review_on": rec.review_on.isoformat() if rec.review_on else "",
            "published_on": rec.published_on.isoformat() if rec.published_on else "",
            "support_kinds": ";".join(sorted({o.kind for o in rec_offers})),
            "free_support": any(o.cost == 0 for o in rec_offers),
        }


OPEN_DATA_FIELDS = [
    "slug",
    "url",
    "title",
    "level",
    "organisation",
    "organisation_kind",
    "school_urn",
    "school_name",
    "local_authority",
    "phase",
    "latitude",
    "longitude",
    "subject",
    "practitioner",
    "summary",
    "evidence_url",
    "recommended_on",
    "review_on",
    "published_on",
    "support_kinds",
    "free_support",
]


def moderation_queue(*, user):
    """What an officer moderates: their schools' drafts first, then by review date."""
    return (
        Recommendation.objects.moderated_by(user)
        .select_related("school", "organisation", "subject")
        .order_by(
            Case(
                When(status=Recommendation.Status.DRAFT, then=Value(0)),
                default=Value(1),
            ),
            F("review_on").asc(nulls_last=True),
            "-id",
        )
    )


def school_section(*, school: School) -> dict:
    """A school's directory section: its recommendations, offers and support given."""
    recs = list(
        Recommendation.objects.published()
        .filter(school=school)
        .select_related("organisation", "subject")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=SupportOffer.objects.filter(is_active=True),
                to_attr="active_offers",
            )
        )
    )
    completed = list(
        SupportEngagement.objects.filter(
            supporting_school=school, status=SupportEngagement.Status.COMPLETED
        )
        .select_related("requesting_school", "offer")
        .prefetch_related(
            Prefetch("measures", queryset=ImpactMeasure.objects.order_by("id"))
        )
        .order_by("-completed_on", "-id")
    )
    return {"recommendations": recs, "completed": completed}


def dashboard_section(*, user) -> dict:
    """Support requests waiting on this person, and their schools' engagements."""
    if not user.is_authenticated:
        return {}
    managed = [
        s
        for s in School.objects.filter(staff__user=user, staff__left__isnull=True)
        if services.can_manage_support(user, s)
    ]
    managed_ids = [s.pk for s in managed]
    waiting = list(
        SupportEngagement.objects.filter(
            supporting_school_id__in=managed_ids,
            status=SupportEngagement.Status.REQUESTED,
        )
        .select_related("requesting_school", "offer")
        .order_by("created")
    )
    engagements = list(
        SupportEngagement.objects.visible_to(user)
        .exclude(pk__in=[e.pk for e in waiting])
        .filter(
            Q(requesting_school_id__in=user.school_ids())
            | Q(supporting_school_id__in=user.school_ids())
        )
        .select_related("requesting_school", "supporting_school", "offer")
        .order_by("-updated")[:20]
    )
    return {
        "heads_of": School.objects.filter(pk__in=user.headteacher_school_ids()),
        "waiting": waiting,
        "engagements": engagements,
        "is_officer": user.is_officer or user.is_superuser,
        **(_officer_counts(user) if (user.is_officer or user.is_superuser) else {}),
    }


def _officer_counts(user) -> dict:
    """Drafts waiting and published recommendations whose review date has passed."""
    return Recommendation.objects.moderated_by(user).aggregate(
        drafts=Count("pk", filter=Q(status=Recommendation.Status.DRAFT)),
        reviews_due=Count(
            "pk",
            filter=Q(
                status=Recommendation.Status.PUBLISHED,
                review_on__lt=timezone.localdate(),
            ),
        ),
    )
