"""The research search: ranked full-text search over a bounded candidate set.

On PostgreSQL one query finds the candidates with their rank: the first
`RESEARCH_SEARCH_CANDIDATES` matches the GIN index yields (in no order, after every
other filter), each as (id, ts_rank, updated); they are ordered here by rank, then
the most recently updated. The count and the page come from that one list; the page
then loads its own 20 rows (and only their listed columns) through the list's
queryset, which carries the visibility rules, so a project the person may not see
is never shown. A visitor's search (public projects only) reads the smaller index of
public projects (`project_public_search_gin`).
On SQLite every word must match some field (`icontains`) and there is no ranking.
"""

from datetime import UTC

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, Extract

SEARCHED_FIELDS = (
    "title",
    "research_question",
    "tags",
    "findings",
    "impact",
    "intervention",
    "context",
    "methods",
)


class RankedProjects:
    """Ranked project ids, sliced like a list; a slice loads only its own rows
    (from `rows`, a values queryset whose rows start with the id).

    `len()` is the number of candidates ranked, plus one when more projects match
    than are ranked (so `CappedPaginator(..., cap=ranked.cap)` says "more than N").
    """

    def __init__(self, ids: list[int], rows: QuerySet, *, cap: int, more: bool):
        self.ids = ids
        self.rows = rows
        self.cap = cap
        self.more = more

    def __len__(self) -> int:
        return len(self.ids) + (1 if self.more else 0)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        found = {row[0]: row for row in self.rows.filter(pk__in=wanted).order_by()}
        return [found[pk] for pk in wanted if pk in found]


def _ranked_ids(queryset: QuerySet, query: SearchQuery, limit: int):
    """The first `limit` matches in rank order, and whether more match.

    The matches come as the scan yields them (no ORDER BY, so the scan stops after
    limit + 1); the one past the limit only tells that there are more. Sorting a
    thousand small tuples here costs less than a second pass in the database.
    """
    candidates = (
        queryset.filter(search_vector=query)
        .order_by()
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            # In UTC: local wall-clock time repeats an hour each autumn.
            updated_at=Cast(Extract("updated", "epoch", tzinfo=UTC), FloatField()),
        )
        .values_list("pk", "rank", "updated_at")[: limit + 1]
    )
    # The compiled query on a plain cursor: a thousand (int, float, float) rows need
    # none of the ORM's per-value converters.
    sql, params = candidates.query.get_compiler(using=candidates.db).as_sql()
    with connections[candidates.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    more = len(rows) > limit
    ranked = sorted(rows[:limit], key=lambda r: (r[1], r[2], r[0]), reverse=True)
    ids, seen = [], set()
    for pk, _, _ in ranked:
        if pk not in seen:  # a filter across a join may repeat a project
            seen.add(pk)
            ids.append(pk)
    return ids, more


def search_projects(queryset: QuerySet, text: str):
    """Projects matching `text`, most relevant first.

    Returns `RankedProjects` on PostgreSQL and a filtered queryset on SQLite. Apply
    it after every other filter: the candidates are the first matches of the
    filtered list.
    """
    text = text.strip()
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        limit = settings.RESEARCH_SEARCH_CANDIDATES
        query = SearchQuery(text, search_type="websearch", config="english")
        ids, more = _ranked_ids(queryset, query, limit)
        return RankedProjects(ids, queryset, cap=limit, more=more)
    for word in text.split()[:10]:
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset
