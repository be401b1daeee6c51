"""Slugs: readable, stable addresses that never collide, and their URLs."""

from collections.abc import Callable, Iterable

from django.db import models
from django.urls import reverse
from django.utils.text import slugify


def unique_slug(
    queryset: models.QuerySet | type[models.Model],
    text: str,
    *,
    field: str = "slug",
    reserved: Iterable[str] = (),
    max_length: int = 200,
    fallback: str = "item",
) -> str:
    """A slug made from `text` that no row of `queryset` has and no reserved path is."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    reserved = set(reserved)
    base = slugify(text)[: max_length - 8].strip("-") or fallback
    slug, n = base, 2
    while slug in reserved or qs.filter(**{field: slug}).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def slug_urls(viewname: str) -> Callable[[str], str]:
    """The URL of `viewname` for any slug, from one reversal: a list page of twenty
    rows reverses once, not once a row. Slugs are URL-safe, so each URL is the
    reversed one with its slug put in."""
    before, _, after = reverse(viewname, kwargs={"slug": "0"}).rpartition("0")
    return lambda slug: f"{before}{slug}{after}"
