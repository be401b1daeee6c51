"""The directory's version: a number that changes whenever the public directory does.

The search page keys its cached facet counts by it, so any change drops them at once.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "directory:version"


def directory_version() -> int:
    """A number that changes whenever the public directory does (keys its caches)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def directory_changed() -> None:
    """Drop the cached facet counts: called by every service that changes listings."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def changed_now_and_on_commit() -> None:
    """Now, and again on commit, so no request caches the old state under the new key."""
    directory_changed()
    transaction.on_commit(directory_changed)
