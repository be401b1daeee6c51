"""Content versions: one counter per part of the portal, in the shared cache.

A page cached for visitors is keyed by the versions of the parts it shows
(`content_version("research", "schools")`), so a change to any of them makes the
next request miss the old copy: nothing is ever deleted, old copies expire.

Every write to a part's models bumps its counter (`bump(part)`): `connect_signals()`
(run from the partnership app's ready()) bumps the part of every saved, deleted or
re-linked model, so the services of each part need no call of their own; a service
that changes rows with `QuerySet.update()` or `bulk_create()` and no saved model
alongside calls `bump(part)` itself. A bump happens at once (this request and test
see it) and again when the transaction commits (so a page rendered by another worker
from the old rows, between the two, is never kept under the new version).
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache as _cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from partnership.kernel.cachesafe import Forgiving
from partnership.kernel.release import release

# While Redis is down a bump is lost; pages are then not cached either (no version
# can be read), and copies kept from before expire after PAGE_CACHE_SECONDS.
cache = Forgiving(_cache)

# The parts whose rows cached pages and fragments show (app labels). Other apps' writes
# (sessions, notifications, allauth, admin log, Celery beat) never bump anything.
PARTS = (
    "partnership",
    "schools",
    "directory",
    "research",
    "journal",
    "budgets",
    "events",
    "improvement",
)
# Models whose rows no public page shows: their writes bump nothing.
QUIET_MODELS = {
    "partnership.notification",
    "partnership.emailpreference",
}
_PREFIX = "content-version:"


class VersionUnavailable(Exception):
    """The cache holds no version for a part (it is down): cache nothing."""


def _key(part: str) -> str:
    return _PREFIX + part


def content_version(*parts: str) -> str:
    """The current versions of `parts`, as one short string for a cache key; it
    starts with the release (`release.py`), so a deploy never serves the old HTML."""
    keys = [_key(p) for p in parts]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    for key in missing:
        # A fresh counter starts at the clock, never at a value used before an
        # eviction, so an old page can never match a new counter.
        cache.add(key, time.time_ns(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
        if any(k not in found for k in keys):
            raise VersionUnavailable(parts)
    # Hashed: eight counters of twenty digits would make keys past 250 characters.
    counters = ".".join(str(found[k]) for k in keys)
    return (
        f"{release()}:{hashlib.blake2b(counters.encode(), digest_size=12).hexdigest()}"
    )


def _incr(part: str) -> None:
    key = _key(part)
    try:
        cache.incr(key)
    except ValueError:  # not there (never read, or evicted): start it afresh
        cache.set(key, time.time_ns(), timeout=None)


def bump(*parts: str) -> None:
    """Mark what `parts` show as changed: now, and again after the commit."""
    for part in parts:
        _incr(part)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: [_incr(p) for p in parts])


def _part_of(sender) -> str | None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in QUIET_MODELS:
        return None
    return meta.app_label if meta.app_label in PARTS else None


def _on_save(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing a page shows
    part = _part_of(sender)
    if part:
        bump(part)


def _on_change(sender, **kwargs):
    part = _part_of(sender)
    if part:
        bump(part)


def _on_m2m(sender, action, instance=None, **kwargs):
    if action.startswith("post_"):
        part = _part_of(sender) or _part_of(type(instance))
        if part:
            bump(part)


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="content-version-save")
    post_delete.connect(_on_change, dispatch_uid="content-version-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="content-version-m2m")


def versioned(name: str, parts: tuple[str, ...], build, timeout: int = 3600):
    """build(), kept in the cache per content version of `parts`, so a change to any
    of them builds it afresh on the next call (built, and not kept, while the cache
    is down). For fragments and figures that many requests share."""
    try:
        key = f"{name}:{content_version(*parts)}"
    except VersionUnavailable:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
