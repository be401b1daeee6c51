"""Facet counts of the directory search: each facet counted with the other filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Value, When

from schools.models import School, Subject

from ..filters import COST_CHOICES, RecommendationFilter
from ..models import Organisation, SupportOffer


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


# The facets counted on recommendations, and the column each groups by.
RECOMMENDATION_FACETS = {
    "subject": "subject__slug",
    "phase": "school__phase",
    "organisation": "organisation__kind",
    "la": "school__local_authority",
    "type": "school__type",
    "ofsted": "school__ofsted_rating",
    "religion": "school__religious_character",
    "gender": "school__gender",
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
    try:
        inner, params = queryset.order_by().values(**select).query.sql_with_params()
    except EmptyResultSet:  # e.g. no school within the distance: nothing to count
        return {n: {} for n in names}
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


def _offers(qs):
    return SupportOffer.objects.filter(
        is_active=True, recommendation__in=qs.values("pk")
    )


OFFER_FACETS = {"support": F("kind"), "cost": PRICE}


def _shared_counts(every, active: set[str]) -> dict:
    """On PostgreSQL, the facets whose own filter is not in use share one scan
    (`every`: the recommendations matching every filter)."""
    counts: dict[str, dict] = {}
    if not settings.IS_POSTGRES:
        return counts
    shared = [n for n in RECOMMENDATION_FACETS if n not in active]
    if len(shared) > 1:
        counts.update(
            _grouping_sets(every, {n: F(RECOMMENDATION_FACETS[n]) for n in shared})
        )
    shared = [n for n in OFFER_FACETS if n not in active]
    if len(shared) > 1:
        counts.update(
            _grouping_sets(
                _offers(every),
                {n: OFFER_FACETS[n] for n in shared},
                distinct="recommendation_id",
            )
        )
    return counts


def _counts(filterset: RecommendationFilter, base, active: set[str]) -> dict:
    """{facet: {value: count}}, each facet counted with every other filter applied.

    Facets whose own filter is not in use all count the same rows, so on
    PostgreSQL they share one scan; the others get one GROUP BY each.
    """
    counts = _shared_counts(filterset.filter_except(base, ""), active)
    for name, column in RECOMMENDATION_FACETS.items():
        if name not in counts:
            qs = filterset.filter_except(base, name)
            counts[name] = dict(
                qs.values_list(column).annotate(n=Count("pk")).order_by()
            )
    for name, expression in OFFER_FACETS.items():
        if name not in counts:
            qs = _offers(filterset.filter_except(base, name))
            counts[name] = dict(
                qs.annotate(value=expression)
                .values_list("value")
                .annotate(n=Count("recommendation_id", distinct=True))
                .order_by()
            )
    return counts


def _order(name: str, counts: dict, subjects: dict) -> list:
    if name == "subject":
        return list(subjects)  # by subject name
    if name == "cost":
        return [v for v, _ in COST_CHOICES]
    return sorted(v for v in counts[name] if v)


def facets(
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
    result: dict[str, list[FacetOption]] = {}
    for name in RecommendationFilter.FACETS:
        chosen = {str(v) for v in selected.get(name, [])}
        names = labels.get(name) or {}
        result[name] = [
            FacetOption(
                str(value),
                names.get(value, value),
                counts[name].get(value, 0),
                str(value) in chosen,
            )
            for value in _order(name, counts, subjects)
            if value
        ]
    return result
