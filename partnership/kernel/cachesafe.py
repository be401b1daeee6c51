"""The cache is an accelerator: when Redis is down, pages are built from PostgreSQL.

`CACHE_ERRORS` are the errors a cache call raises when its server is unreachable;
`Forgiving(cache)` answers "not cached" instead of raising them (used by the
session store, the page cache, content versions and the unread count).
"""

from __future__ import annotations

import logging

import redis

logger = logging.getLogger(__name__)

CACHE_ERRORS = (redis.RedisError, OSError)


class Forgiving:
    """A cache whose calls return a default (None, False) when the server is down."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        attr = getattr(self._cache, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except CACHE_ERRORS as exc:
                logger.warning("cache unavailable (%s): %s", name, exc)
                return {} if name == "get_many" else None

        return call

    def __contains__(self, key) -> bool:
        try:
            return key in self._cache
        except CACHE_ERRORS:
            return False
