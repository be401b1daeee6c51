"""Celery tasks of the research app: thin, idempotent."""

from celery import shared_task
from django.db import OperationalError

from partnership.kernel.batches import in_batches
from research.models import Project
from research.services import projects_search_reindex

# Projects whose search documents are written afresh in one transaction.
REINDEX_BATCH = 500


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    max_retries=3,
)
def projects_reindex_task(*, subject_id: int) -> int:
    """After a subject is renamed: the projects that name it are found by the new
    name, a batch per transaction. Safe to run again."""
    ids = list(
        Project.objects.filter(subjects=subject_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        projects_search_reindex(ids=batch) for batch in in_batches(ids, REINDEX_BATCH)
    )
