"""Counts that parts above the improvement cycle contribute to the outcomes page.

Nothing imports the journal: the journal registers its counter here in its
`AppConfig.ready()`. A counter takes a partnership and returns {year: count} in one
query, so the outcomes page's query count does not grow with schools or years.
"""

from collections.abc import Callable

Counter = Callable[..., dict[int, int]]

_COUNTERS: dict[str, tuple[str, Counter]] = {}


def register_counter(key: str, *, label: str, count: Counter) -> None:
    """Add (or replace) one row of yearly counts on the outcomes page."""
    _COUNTERS[key] = (label, count)


def counters() -> dict[str, tuple[str, Counter]]:
    return dict(_COUNTERS)
