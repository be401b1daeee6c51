"""Celery tasks of the directory: thin, idempotent."""

from celery import shared_task
from django.db import OperationalError

from partnership.kernel.batches import in_batches

from .models import Recommendation
from .services.facet_index import facet_index_rebuild
from .services.index import REINDEX_BATCH, SEARCHED_NAMES, recommendations_reindex


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    max_retries=3,
    time_limit=900,
    soft_time_limit=840,
)
def facet_index_rebuild_task() -> dict | None:
    """The facet index written afresh from the database (hourly, and when a search
    finds none); a second rebuild while one runs does nothing."""
    return facet_index_rebuild()


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    max_retries=3,
)
def recommendations_reindex_task(*, grouping: str, pk: int) -> int:
    """After a school, organisation or subject is renamed: its recommendations'
    search text follows, a batch per transaction. Safe to run again."""
    if grouping not in SEARCHED_NAMES:
        raise ValueError(f"not a grouping of recommendations: {grouping!r}")
    ids = list(
        Recommendation.objects.filter(**{f"{grouping}_id": pk})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        recommendations_reindex(ids=batch) for batch in in_batches(ids, REINDEX_BATCH)
    )
