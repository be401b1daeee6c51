"""Whole responses for visitors, keyed by the versions of what each page shows.

Only for a visitor: a GET or HEAD with no session cookie and no messages cookie.
Only the pages in POLICIES (URL names), and only with parameters a policy validates
and normalises (any other parameter: no caching), so keys are bounded. A response
is kept only when it is a 200 that set no cookie and used no CSRF token, so it
carries nothing of one person to another. The key holds the content versions of the
page's parts (partnership/kernel/versions.py): an edit bumps a version, and the
next request renders afresh. Off unless the PAGE_CACHE setting is on (it needs a
cache shared by every web worker: Redis).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache as _cache
from django.urls import Resolver404, resolve

from partnership.kernel.cachesafe import Forgiving
from partnership.kernel.versions import PARTS, VersionUnavailable, content_version

cache = Forgiving(_cache)  # Redis down: every page is rendered, none kept

HEADER = "X-Page-Cache"
MAX_PAGE = 500


def page_number(value: str) -> str | None:
    """A page number 1..MAX_PAGE, normalised ("01" -> "1"); anything else: None."""
    if value.isdigit() and 1 <= int(value) <= MAX_PAGE:
        return str(int(value))
    return None


@dataclass(frozen=True)
class Policy:
    parts: tuple[str, ...] = PARTS
    params: dict = field(default_factory=dict)  # name -> validator(str) -> str|None


_PAGED = {"page": page_number}
POLICIES: dict[str, Policy] = {
    "home": Policy(parts=("partnership", "schools")),
    "partnership:list": Policy(parts=("partnership",)),
    "partnership:detail": Policy(parts=("partnership", "schools")),
    "schools:detail": Policy(),
    "research:index": Policy(parts=("research", "schools"), params=_PAGED),
    "research:detail": Policy(parts=("research", "schools", "journal")),
    "journal:index": Policy(parts=("journal", "research", "schools")),
    "journal:edition": Policy(parts=("journal", "research", "schools")),
    "journal:article": Policy(parts=("journal", "research", "schools")),
    "journal:award": Policy(parts=("journal", "research", "schools")),
    "directory:index": Policy(parts=("directory", "schools"), params=_PAGED),
    "directory:detail": Policy(parts=("directory", "schools", "research")),
    # Priorities, support, enquiries, articles, spending and measures: every part.
    "improvement:outcomes": Policy(),
    "events:index": Policy(parts=("events", "partnership", "schools"), params=_PAGED),
}


def _normalised_query(request, policy: Policy) -> str | None:
    """The validated parameters as a canonical string; None if any is not allowed."""
    out = []
    for name in sorted(request.GET):
        values = request.GET.getlist(name)
        check = policy.params.get(name)
        if check is None or len(values) != 1:
            return None
        value = check(values[0])
        if value is None:
            return None
        out.append(f"{name}={value}")
    return "&".join(out)


def _cache_key(request) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    policy = POLICIES.get(match.view_name)
    if policy is None:
        return None
    query = _normalised_query(request, policy)
    if query is None:
        return None
    digest = hashlib.sha256(f"{request.path_info}?{query}".encode()).hexdigest()[:32]
    try:
        return f"page:{content_version(*policy.parts)}:{digest}"
    except VersionUnavailable:
        return None


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class VisitorPageCacheMiddleware:
    """Serve and keep whole pages for visitors (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE", False):
            return self.get_response(request)
        key = _cache_key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            response[HEADER] = "miss"
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
