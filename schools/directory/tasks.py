"""Celery tasks of the directory: thin, idempotent."""

from celery import shared_task
from django.db import OperationalError

from .services.facet_index import facet_index_rebuild


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
