"""Keeping the facet index (`schools.directory.facet_index`) in step with the data.

`facet_index_rebuild` writes a whole generation from the database (the worker runs
it hourly, and whenever a search finds no index); `facet_index_update` applies the
current state of some recommendations once their change commits, so the counts of
every search follow a change to one recommendation at once, with nothing recounted.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from redis.exceptions import RedisError

from .. import facet_index
from ..models import Recommendation
from ..selectors.facets import RECOMMENDATION_FACETS

log = logging.getLogger(__name__)

# More recommendations than this changed at once: rebuild rather than apply each.
UPDATE_AT_MOST = 200
COLUMNS = list(RECOMMENDATION_FACETS.values())


def _values(row: dict) -> list[tuple[str, str]]:
    """(facet, value) of one recommendation's row: what it is found under."""
    pairs = [
        (facet, str(row[column]))
        for facet, column in RECOMMENDATION_FACETS.items()
        if row[column]
    ]
    pairs += [("support", kind) for kind in row["offer_kinds"].split(",") if kind]
    if row["has_free_offer"]:
        pairs.append(("cost", "free"))
    if row["has_paid_offer"]:
        pairs.append(("cost", "paid"))
    return pairs


def _rows(queryset):
    return queryset.order_by().values(
        "pk", *COLUMNS, "offer_kinds", "has_free_offer", "has_paid_offer"
    )


def _common_words(published) -> dict[str, list[int]]:
    """{lexeme: ids} of the words at least DIRECTORY_FACET_WORDS_MIN published
    recommendations hold (the most used first, at most DIRECTORY_FACET_WORDS_MAX)."""
    inner, params = (
        published.order_by().values("pk", "search_vector").query.sql_with_params()
    )
    sql = (
        "SELECT w.lexeme, array_agg(r.id) FROM "  # noqa: S608 - the ORM's own SQL
        f"({inner}) AS r(id, search_vector), unnest(r.search_vector) AS w "
        "GROUP BY w.lexeme HAVING count(*) >= %s ORDER BY count(*) DESC LIMIT %s"
    )
    params = (
        *params,
        settings.DIRECTORY_FACET_WORDS_MIN,
        settings.DIRECTORY_FACET_WORDS_MAX,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def facet_index_rebuild() -> dict | None:
    """Write a new generation of the index from the database and make it live.

    Changes that commit while it is written are applied to it afterwards. Returns
    what it holds (or None: not in use here, or another rebuild is running)."""
    if not facet_index.enabled():
        return None
    gen = facet_index.begin_build()
    if gen is None:
        return None
    started = time.monotonic()
    try:
        published = Recommendation.objects.published()
        facets: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        ids = []
        for row in _rows(published).iterator(chunk_size=5000):
            ids.append(row["pk"])
            for facet, value in _values(row):
                facets[facet][value].append(row["pk"])
        words = _common_words(published)
        facet_index.write_generation(gen, facets=facets, words=words, published=ids)
        changed = facet_index.switch_to(gen)
    except BaseException:
        facet_index.abandon_build(gen)
        raise
    if changed:
        _apply(changed)
    took = time.monotonic() - started
    log.info(
        "directory facet index %s: %s recommendations in %.1fs", gen, len(ids), took
    )
    return {"generation": gen, "recommendations": len(ids), "words": len(words)}


def _apply(ids: list[int]) -> None:
    state = {
        row["pk"]: row
        for row in _rows(Recommendation.objects.published().filter(pk__in=ids))
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, tsvector_to_array(search_vector) FROM "  # noqa: S608
            f"{Recommendation._meta.db_table} WHERE id = ANY(%s)",
            [list(state)],
        )
        words = dict(cursor.fetchall())
    facet_index.apply(
        [
            {
                "id": pk,
                "published": pk in state,
                "values": _values(state[pk]) if pk in state else [],
                "words": words.get(pk) or [],
            }
            for pk in ids
        ]
    )


def facet_index_update(*, ids) -> None:
    """Once the change commits, the index holds these recommendations as they are
    then (published or not, their filter values and words)."""
    ids = sorted({int(pk) for pk in ids})
    if not ids or not facet_index.enabled():
        return

    def apply():
        try:
            if len(ids) > UPDATE_AT_MOST:
                from ..tasks import facet_index_rebuild_task

                facet_index_rebuild_task.delay()
            else:
                _apply(ids)
        except RedisError:
            # Redis away: the hourly rebuild brings the index back in step.
            log.warning("directory facet index: %s not applied", ids, exc_info=True)

    transaction.on_commit(apply)


def facet_index_missing() -> None:
    """A search found no index (Redis restarted, never built): queue one rebuild
    (at most one every few minutes, however many searches ask)."""
    from django.core.cache import cache

    from ..tasks import facet_index_rebuild_task

    if cache.add("directory:facet-index:queued", 1, timeout=300):
        transaction.on_commit(facet_index_rebuild_task.delay)
