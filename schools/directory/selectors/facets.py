"""Facet counts of the directory search: each facet counted with the other filters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from partnership.kernel.versions import versioned
from schools.models import School, Subject

from .. import facet_index
from ..filters import (
    COST_CHOICES,
    COST_FLAGS,
    RecommendationFilter,
    facet_condition,
    offer_of_kind,
)
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
    "phase": "school_phase",
    "organisation": "organisation__kind",
    "la": "school_local_authority",
    "type": "school_type",
    "ofsted": "school_ofsted_rating",
    "religion": "school_religious_character",
    "gender": "school_gender",
}
# The offer facets, counted from what each recommendation's row keeps of its active
# offers: {facet: {value: condition}}. A recommendation counts once per value.
OFFER_FACETS: dict[str, dict[str, Q]] = {
    "support": {kind: offer_of_kind(kind) for kind in SupportOffer.Kind.values},
    "cost": COST_FLAGS,
}


TOTAL = "_total"
MATCHES = "_matches"  # the index's bitmap of the matching recommendations


def _flag(condition: Q):
    """1 when the row meets the condition (an empty one: every row), else 0."""
    if not condition:
        return Value(1, output_field=IntegerField())
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def _all(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def _one_scan_columns(conditions: dict[str, Q]) -> tuple[dict, list]:
    """The scan's columns: each facet's value, whether the row meets every
    condition (`ok_all`) or every one but a facet's own (`ok_<facet>`), and one
    flag per offer facet value; and those (facet, value) pairs in flag order."""
    select = {f"facet_{n}": F(c) for n, c in RECOMMENDATION_FACETS.items()}
    select["ok_all"] = _flag(_all(conditions.values()))
    for name in conditions:
        select[f"ok_{name}"] = _flag(
            _all(c for n, c in conditions.items() if n != name)
        )
    flags = [(f, v) for f in OFFER_FACETS for v in OFFER_FACETS[f]]
    for i, (facet, value) in enumerate(flags):
        others = (c for n, c in conditions.items() if n != facet)
        select[f"flag_{i}"] = _flag(_all(others) & OFFER_FACETS[facet][value])
    return select, flags


def _pruned(scope, conditions: dict[str, Q]):
    """A row failing two conditions counts nowhere: it is left out of the scan."""
    if len(conditions) < 2:
        return scope
    some = Q()
    for name in conditions:
        some |= _all(c for n, c in conditions.items() if n != name)
    return scope.filter(some)


def _one_scan(scope, conditions: dict[str, Q]) -> dict:
    """Every facet's counts, and the total, from one scan (PostgreSQL GROUPING SETS).

    `scope` is the recommendations matching every filter that is not a facet (the
    words, the distance, age, inspection); `conditions` holds the facet filters in
    use. Each facet counts the rows that meet every condition but its own, so a
    person can widen it: one conditional sum per facet in use (and one for the
    rest) is read from that facet's grouping set.
    """
    names = list(RECOMMENDATION_FACETS)
    select, flags = _one_scan_columns(conditions)
    scope = _pruned(scope, conditions)
    out: dict = {n: {} for n in [*names, *OFFER_FACETS]} | {TOTAL: 0}
    try:
        inner, params = scope.order_by().values(**select).query.sql_with_params()
    except EmptyResultSet:  # e.g. no school within the distance: nothing to count
        return out
    cols = [f'"facet_{n}"' for n in names]
    sums = ["ok_all", *(f"ok_{n}" for n in conditions)]
    sums += [f"flag_{i}" for i in range(len(flags))]
    selected = [*cols, *(f"GROUPING({c})" for c in cols)]
    selected += [f'SUM("{s}")' for s in sums]
    sets = [*(f"({c})" for c in cols), "()"]
    sql = (
        f"SELECT {', '.join(selected)} FROM ({inner}) AS facets "  # noqa: S608 - names are ours, values are params
        f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    width = len(names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        sums_of = dict(zip(sums, row[2 * width :], strict=True))
        grouped = row[width : 2 * width]
        if all(grouped):  # the () set: every row of the scope
            out[TOTAL] = sums_of["ok_all"] or 0
            for i, (facet, value) in enumerate(flags):
                count = sums_of[f"flag_{i}"] or 0
                if count or facet == "cost":  # kinds nobody offers are not shown
                    out[facet][value] = count
            continue
        for i, name in enumerate(names):
            if grouped[i] == 0:
                count = sums_of.get(f"ok_{name}", sums_of["ok_all"]) or 0
                if count:
                    out[name][row[i]] = count
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


@lru_cache(maxsize=4096)
def _tsquery(words: str) -> str:
    """The words as PostgreSQL's websearch parser reads them (lexemes and operators)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [words])
        return cursor.fetchone()[0]


def _chosen(name: str, value) -> list[str]:
    """A facet filter's cleaned value as the index's values (subjects by slug)."""
    values = (
        value
        if isinstance(value, (list, tuple)) or hasattr(value, "model")
        else [value]
    )
    return [str(getattr(v, "slug", v)) for v in values]


def index_can_answer(filterset: RecommendationFilter) -> bool:
    """Whether the facet index keeps every filter in use: the words and the facets
    (not age or inspection, which PostgreSQL counts)."""
    if not facet_index.enabled():
        return False
    kept = {"q", *RecommendationFilter.FACETS}
    return not any(
        value not in (None, "", [])
        for name, value in filterset.form.cleaned_data.items()
        if name not in kept
    )


def indexed_counts(
    filterset: RecommendationFilter, active: set[str], *, scope: bytes | None = None
) -> dict | None:
    """The counts `_one_scan` gives, from the facet index (a few milliseconds
    whatever the words match), and under MATCHES the bitmap of the matching
    recommendations, or None when the index cannot answer: not built,
    a filter it does not keep (age, inspection), or words it does not keep.
    `scope`: a bitmap of the recommendations to count among (those near a place)."""
    if not index_can_answer(filterset):
        return None
    data = filterset.form.cleaned_data
    expr: list[str] = []
    words = (data.get("q") or "").strip()
    if words:
        expr = facet_index.to_rpn(_tsquery(words)) or []
        if not expr:
            return None  # only stop words, or a phrase: PostgreSQL answers
    facet_names = [*RECOMMENDATION_FACETS, *OFFER_FACETS]
    result = facet_index.count(
        expr=expr,
        active={name: _chosen(name, data[name]) for name in active},
        facets=facet_names,
        scope=scope,
    )
    if result is None:
        return None
    total, counts, matches = result
    out: dict = {TOTAL: total, MATCHES: matches}
    for name in facet_names:
        values = counts.get(name, {})
        if name == "cost":
            out[name] = {value: values.get(value, 0) for value in COST_FLAGS}
        elif name == "support":
            out[name] = {
                v: n for v, n in values.items() if n and v in OFFER_FACETS[name]
            }
        else:
            out[name] = {v: n for v, n in values.items() if n}
    return out


def _counts(filterset: RecommendationFilter, base, active: set[str]) -> dict:
    """{facet: {value: count}}, each facet counted with every other filter applied,
    and TOTAL: the recommendations matching every filter.

    On PostgreSQL one scan counts them all (`_one_scan`); elsewhere each facet in
    use gets a query of its own and the rest one GROUP BY each.
    """
    if settings.IS_POSTGRES:
        data = filterset.form.cleaned_data
        scope = base
        for name, value in data.items():
            if name not in RecommendationFilter.FACETS:
                scope = filterset.filters[name].filter(scope, value)
        conditions = {name: facet_condition(name, data[name]) for name in active}
        return _one_scan(scope, conditions)
    every = filterset.filter_except(base, "")
    counts = {TOTAL: every.count()}
    for name, column in RECOMMENDATION_FACETS.items():
        qs = every if name not in active else filterset.filter_except(base, name)
        counts[name] = dict(qs.values_list(column).annotate(n=Count("pk")).order_by())
    for name in OFFER_FACETS:
        qs = every if name not in active else filterset.filter_except(base, name)
        counts[name] = _offer_counts(qs, name)
    return counts


def _order(name: str, counts: dict, subjects: dict) -> list:
    if name == "subject":
        return list(subjects)  # by subject name
    if name == "cost":
        return [v for v, _ in COST_CHOICES]
    return sorted(v for v in counts[name] if v)


def facets(
    filterset: RecommendationFilter, base, selected, *, counts: dict | None = None
) -> tuple[dict[str, list[FacetOption]], int]:
    """Counts per option of every facet, with labels, in display order; and the
    number of recommendations that match every filter. `counts`: already counted
    (by `indexed_counts`)."""
    data = filterset.form.cleaned_data
    active = {name for name in RecommendationFilter.FACETS if data.get(name)}
    if counts is None:
        counts = _counts(filterset, base, active)
    # Every subject's name, by name, read once per content version of the schools
    # part (subjects are its rows); the ones counted here, in that order.
    every_subject = versioned(
        "directory:subject-names",
        ("schools",),
        lambda: list(Subject.objects.order_by("name").values_list("slug", "name")),
    )
    subjects = {slug: name for slug, name in every_subject if slug in counts["subject"]}
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
