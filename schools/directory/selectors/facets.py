"""Facet counts of the directory search: each facet counted with the other filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, When

from schools.models import School, Subject

from ..filters import COST_CHOICES, COST_FLAGS, RecommendationFilter, offer_of_kind
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
# The offer facets, counted from what each recommendation's row keeps of its active
# offers: {facet: {value: condition}}. A recommendation counts once per value.
OFFER_FACETS: dict[str, dict[str, Q]] = {
    "support": {kind: offer_of_kind(kind) for kind in SupportOffer.Kind.values},
    "cost": COST_FLAGS,
}


TOTAL = "_total"


def _flag(condition: Q):
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def _grouping_sets(queryset, columns: dict, offer_facets: list[str]) -> dict:
    """Counts for several facets, and the total, from one scan (PostgreSQL
    GROUPING SETS).

    `columns` maps a facet name to an expression of the queryset's model, grouped
    by; `offer_facets` are counted by their conditions (OFFER_FACETS) over all the
    rows. The result maps each facet name to {value: count}, and TOTAL to the
    number of rows.
    """
    names = list(columns)
    select = {f"facet_{n}": expr for n, expr in columns.items()}
    flags = [(f, v) for f in offer_facets for v in OFFER_FACETS[f]]
    select |= {f"flag_{i}": _flag(OFFER_FACETS[f][v]) for i, (f, v) in enumerate(flags)}
    out: dict = {n: {} for n in [*names, *offer_facets]} | {TOTAL: 0}
    try:
        inner, params = queryset.order_by().values(**select).query.sql_with_params()
    except EmptyResultSet:  # e.g. no school within the distance: nothing to count
        return out
    cols = [f'"facet_{n}"' for n in names]
    selected = [
        *cols,
        *(f"GROUPING({c})" for c in cols),
        *(f'SUM("flag_{i}")' for i in range(len(flags))),
        "COUNT(*)",
    ]
    sets = [*(f"({c})" for c in cols), "()"]
    sql = (
        f"SELECT {', '.join(selected)} FROM ({inner}) AS facets "  # noqa: S608 - names are ours, values are params
        f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    width = len(names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            values, grouped, n = row[:width], row[width : 2 * width], row[-1]
            if all(grouped):  # the () set: every row
                out[TOTAL] = n
                for (facet, value), count in zip(
                    flags, row[2 * width : -1], strict=True
                ):
                    if count or facet == "cost":  # kinds nobody offers are not shown
                        out[facet][value] = count or 0
            for i, name in enumerate(names):
                if grouped[i] == 0:
                    out[name][values[i]] = n
    return out


def _offer_counts(queryset, facet: str) -> dict:
    """{value: count} of one offer facet: one aggregate over the rows."""
    conditions = OFFER_FACETS[facet]
    row = queryset.order_by().aggregate(
        **{f"n{i}": Count("pk", filter=q) for i, q in enumerate(conditions.values())}
    )
    return {
        value: row[f"n{i}"]
        for i, value in enumerate(conditions)
        if row[f"n{i}"] or facet == "cost"  # kinds nobody offers are not shown
    }


def _shared_counts(every, active: set[str]) -> dict:
    """On PostgreSQL, the facets whose own filter is not in use share one scan
    (`every`: the recommendations matching every filter), which also counts them."""
    if not settings.IS_POSTGRES:
        return {}
    return _grouping_sets(
        every,
        {n: F(c) for n, c in RECOMMENDATION_FACETS.items() if n not in active},
        [n for n in OFFER_FACETS if n not in active],
    )


def _counts(filterset: RecommendationFilter, base, active: set[str]) -> dict:
    """{facet: {value: count}}, each facet counted with every other filter applied.

    Facets whose own filter is not in use all count the same rows, so on
    PostgreSQL they share one scan; the others get one GROUP BY each.
    """
    every = filterset.filter_except(base, "")
    counts = _shared_counts(every, active)
    if TOTAL not in counts:
        counts[TOTAL] = every.count()
    for name, column in RECOMMENDATION_FACETS.items():
        if name not in counts:
            qs = filterset.filter_except(base, name)
            counts[name] = dict(
                qs.values_list(column).annotate(n=Count("pk")).order_by()
            )
    for name in OFFER_FACETS:
        if name not in counts:
            counts[name] = _offer_counts(filterset.filter_except(base, name), name)
    return counts


def _order(name: str, counts: dict, subjects: dict) -> list:
    if name == "subject":
        return list(subjects)  # by subject name
    if name == "cost":
        return [v for v, _ in COST_CHOICES]
    return sorted(v for v in counts[name] if v)


def facets(
    filterset: RecommendationFilter, base, selected
) -> tuple[dict[str, list[FacetOption]], int]:
    """Counts per option of every facet, with labels, in display order; and the
    number of recommendations that match every filter."""
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
    return result, counts[TOTAL]
