"""Pagination for lists that can match hundreds of thousands of rows."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows.

    Counting every match of a broad search costs more than showing the page; past the
    cap the list says "more than N" and offers the first N, most relevant first.
    """

    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return min(len(rows), self.cap + 1)
        return min(rows.order_by().values("pk")[: self.cap + 1].count(), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return (
            super().num_pages if not self.is_capped else -(-self.cap // self.per_page)
        )
