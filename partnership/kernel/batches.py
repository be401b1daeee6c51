"""Work done a transaction at a time: a long list of ids in slices."""

from collections.abc import Iterator, Sequence


def in_batches(items: Sequence, size: int) -> Iterator[Sequence]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
