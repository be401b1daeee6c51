"""The release this process runs, for the keys of cached HTML.

A page, fragment or filter panel kept in the shared cache was built by one release's
code and templates, and names one build of the static files. After a deploy it must
not be served again: its keys carry `release()`, so the new release renders afresh
(the old copies expire). The `RELEASE` setting (the deploy's commit or tag) names it;
without one it is a hash of the code, templates and static manifest, the same on
every machine that runs the same files.

Only HTML-bearing keys carry it: locks, sessions, rate limits and the directory's
facet index hold data, not markup, and live on across a deploy.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What a page is made from: the apps' code, the templates, the static sources.
SOURCES = ("partnership", "schools", "research", "journal", "templates", "static")
SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".scss", ".toml"}
MANIFEST = "staticfiles.json"  # the collected static files' names (hashed)


def release() -> str:
    """The `RELEASE` setting, or a hash of the files this process runs."""
    return settings.RELEASE or files_hash(settings.BASE_DIR, settings.STATIC_ROOT)


@cache
def files_hash(base: Path, static_root: Path | None) -> str:
    """A short hash of every source file under `base`'s SOURCES (by path and
    content, in a fixed order) and the static manifest, if collected."""
    digest = hashlib.sha256()
    base = Path(base)
    for top in SOURCES:
        for path in sorted((base / top).rglob("*")):
            wanted = path.suffix in SUFFIXES and "__pycache__" not in path.parts
            if wanted and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    if static_root:
        manifest = Path(static_root) / MANIFEST
        if manifest.is_file():
            digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]
