"""Compile an edition into one print PDF and one PDF per article (its galley).

One WeasyPrint pass lays out about 8-14 pages a second on one core, so a
1,200-page edition in one pass takes far too long. Instead (see
docs/adr/0005-journal-compilation.md and docs/adr/0019-journal-galleys-and-tagged-pdfs.md):

1. each article's HTML is laid out and written to its own tagged PDF (PDF/UA-1)
   by a small pool of separate processes (`render_chunk`, fed one article at a
   time), which report each article's page count and record its objects for
   the join (`parts`);
2. the articles are numbered from those counts; while a renderer lays out the
   front matter (cover, contents with the real page numbers, foreword; numbered
   in roman, articles from 1, so the contents' own length never moves an
   article), each galley's page-number slots are filled in place and the
   articles are copied into the edition;
3. the front matter is copied in and the edition's page tree, structure tree,
   bookmarks for each section and article, and contents links are written
   (`join`).

`compile_edition(*, edition, out_path, ...)` is the entry point the Celery task's
service and the benchmark both call.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from journal import selectors

from .errors import CompileFailed
from .join import CONTENTS_LINK, EditionWriter, outline_entries
from .parts import load, stamp_galley
from .workers import RenderPool

__all__ = ["CompileFailed", "CompileResult", "PlacedArticle", "compile_edition"]


@dataclass
class PlacedArticle:
    submission_id: int
    slug: str
    title: str
    section_title: str
    position: int
    snapshot: dict
    first_page: int = 0
    last_page: int = 0

    @property
    def anchor(self) -> str:
        return f"article-{self.position}"


@dataclass
class CompileResult:
    path: Path
    pages: int
    size: int
    front_pages: int
    articles: list[PlacedArticle]
    seconds: float
    galleys: dict[int, Path]  # submission id: the article's own PDF


def _default_workers() -> int:
    """`JOURNAL_COMPILE_WORKERS` (2 unless set), never more than the usable cores:
    a renderer more than the cores only shares them (each takes about 110 MB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    wanted = int(os.environ.get("JOURNAL_COMPILE_WORKERS") or 2)
    return max(1, min(wanted, cores or os.cpu_count() or 1))


def _articles(edition) -> list[PlacedArticle]:
    return [
        PlacedArticle(
            submission_id=sub.pk,
            slug=sub.slug,
            title=sub.snapshot.get("title") or sub.title,
            section_title=sub.section.title if sub.section else "",
            position=position,
            snapshot=sub.snapshot,
        )
        for position, sub in enumerate(selectors.compile_articles(edition), start=1)
    ]


def _cover_uri(edition, workdir: Path) -> str:
    """The cover image, copied from the storage (a disk or S3) into the workdir."""
    if not edition.cover_image:
        return ""
    target = workdir / f"cover{Path(edition.cover_image.name).suffix.lower()}"
    try:
        with edition.cover_image.open("rb") as source:
            target.write_bytes(source.read())
    except (FileNotFoundError, OSError) as exc:
        raise CompileFailed(
            f"The cover image file is missing ({edition.cover_image.name}). Upload it again."
        ) from exc
    return target.as_uri()


def _job(workdir: Path, name: str, index, kind: str) -> dict:
    return {
        "index": index,
        "kind": kind,
        "base_url": str(workdir),
        "html": str(workdir / f"{name}.html"),
        "pdf": str(workdir / f"{name}.pdf"),
        "part": str(workdir / f"{name}.part"),
    }


def _lay_out(pool, edition, articles, workdir: Path, report) -> list[dict]:
    """Each article's HTML written and handed to the renderers as it is ready;
    the articles numbered from their page counts. Returns their jobs."""
    report(5, f"Laying out {len(articles)} articles")

    def on_report(done: int) -> None:
        report(
            5 + int(75 * done / len(articles)),
            f"Laid out {done} of {len(articles)} articles",
        )

    jobs = []
    for index, article in enumerate(articles):
        job = _job(workdir, f"article-{index:04d}", index, "article")
        html = render_to_string(
            "journal/pdf/articles.html",
            {"edition": edition, "articles": [article]},
        )
        Path(job["html"]).write_text(html, encoding="utf-8")
        pool.submit(job)
        pool.poll(on_report=on_report)
        jobs.append(job)
    results = pool.wait(range(len(articles)), on_report)
    page = 1
    for index, article in enumerate(articles):
        article.first_page = page
        page += max(results[index]["pages"], 1)
        article.last_page = page - 1
    return jobs


def _front_job(edition, articles, *, cover: str, workdir: Path) -> dict:
    """The cover, the contents (with the articles' real pages) and the foreword."""
    sections = []
    for article in articles:
        if not sections or sections[-1]["title"] != article.section_title:
            sections.append({"title": article.section_title, "articles": []})
        sections[-1]["articles"].append(article)
    job = _job(workdir, "front", "front", "front")
    job["link_prefix"] = CONTENTS_LINK
    html = render_to_string(
        "journal/pdf/front.html",
        {
            "edition": edition,
            "sections": sections,
            "cover": cover,
            "count": len(articles),
            "link": CONTENTS_LINK,
        },
    )
    Path(job["html"]).write_text(html, encoding="utf-8")
    return job


def _out_path(out_path: Path | str | None) -> Path:
    if out_path is None:
        handle, name = tempfile.mkstemp(prefix="journal-edition-", suffix=".pdf")
        os.close(handle)
        out_path = name
    return Path(out_path)


def _join(pool, writer, edition, articles, jobs, front_job, report) -> tuple[int, int]:
    """Galleys stamped and copied while the front matter is laid out; then the
    front matter, page tree, structure tree, bookmarks. Returns (front, total)."""
    joined = []
    for article, job in zip(articles, jobs, strict=True):
        part = load(job["part"])
        stamp_galley(Path(job["pdf"]), part, article.first_page)
        joined.append(writer.add(part, role="/Art", first_number=article.first_page))
    report(92, "Joining the cover, contents and foreword")
    front_report = pool.wait(["front"])["front"]
    pool.close()
    links = {
        a.position: (j.pages[0], a.title) for a, j in zip(articles, joined, strict=True)
    }
    front = writer.add(load(front_job["part"]), role="/Part", links=links)
    front_pages = len(front.pages)
    writer.finish(
        pages=front.pages + [n for j in joined for n in j.pages],
        tops=front.tops + [n for j in joined for n in j.tops],
        outline=outline_entries(articles, front_pages, front_report["foreword"]),
        info={
            "Title": edition.title,
            "Author": edition.partnership.name,
            "Subject": f"{edition.year} edition",
            "Producer": "WeasyPrint; joined by journal.compile",
        },
        lang="en-GB",
    )
    return front_pages, front_pages + articles[-1].last_page


def _build(edition, articles, workdir, workers, out_path, report) -> CompileResult:
    started = time.monotonic()
    cover = _cover_uri(edition, workdir)
    report(2, f"Preparing {len(articles)} articles")
    with RenderPool(size=min(workers, len(articles)), workdir=workdir) as pool:
        jobs = _lay_out(pool, edition, articles, workdir, report)
        report(82, "Numbering the pages and writing the contents")
        front_job = _front_job(edition, articles, cover=cover, workdir=workdir)
        pool.submit(front_job)
        try:
            with out_path.open("wb") as handle:
                front_pages, total = _join(
                    pool,
                    EditionWriter(handle),
                    edition,
                    articles,
                    jobs,
                    front_job,
                    report,
                )
        except ValueError as exc:
            raise CompileFailed(f"Joining the edition failed: {exc}") from exc
    return CompileResult(
        path=out_path,
        pages=total,
        size=out_path.stat().st_size,
        front_pages=front_pages,
        articles=articles,
        seconds=time.monotonic() - started,
        galleys={
            a.submission_id: Path(j["pdf"]) for a, j in zip(articles, jobs, strict=True)
        },
    )


def compile_edition(
    *,
    edition,
    out_path: Path | str | None = None,
    progress: Callable[[int, str], None] | None = None,
    workers: int | None = None,
    workdir: Path | None = None,
) -> CompileResult:
    """Build the edition's PDF at `out_path` and the articles' PDFs in `workdir`.

    The galleys stay in `workdir` for the caller to store; without a `workdir`
    a temporary one is made (and the galleys are gone when this returns)."""
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    report = progress or (lambda percent, stage: None)
    articles = _articles(edition)
    if not articles:
        raise CompileFailed("There are no accepted articles to compile.")
    workers = workers or _default_workers()
    out_path = _out_path(out_path)
    own_dir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="journal-compile-")) if own_dir else workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return _build(edition, articles, workdir, workers, out_path, report)
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
