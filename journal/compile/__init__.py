"""Compile an edition into one print PDF, fast enough for a 300-article edition.

One WeasyPrint pass lays out about 8-14 pages a second on one core, so a
1,200-page edition in one pass takes far too long. Instead (see
docs/adr/0005-journal-compilation.md):

1. the articles are split into chunks, and each chunk's HTML is laid out and
   written to PDF by a small pool of separate processes (`render_chunk`), which
   report each article's page count;
2. the front matter (cover, contents with the real page numbers, foreword) is
   rendered from those counts; it is numbered in roman, articles from 1, so the
   contents' own length never moves an article;
3. the parts are concatenated with pypdf, which stamps the article page numbers
   (running headers are in the chunks themselves) and adds PDF bookmarks.

`compile_edition(*, edition, out_path, ...)` is the entry point the Celery task's
service and the benchmark both call.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from journal import selectors

from .errors import CompileFailed
from .join import CONTENTS_LINK, stamp_and_join
from .workers import run_workers

HERE = Path(__file__).resolve().parent
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


def _default_workers() -> int:
    return max(
        1, min(int(os.environ.get("JOURNAL_COMPILE_WORKERS", "2")), os.cpu_count() or 1)
    )


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


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _css() -> str:
    return (HERE / "print.css").read_text(encoding="utf-8")


def _cover_uri(edition) -> str:
    if not edition.cover_image:
        return ""
    path = Path(settings.MEDIA_ROOT) / edition.cover_image.name
    if not path.exists():
        raise CompileFailed(
            f"The cover image file is missing ({edition.cover_image.name}). Upload it again."
        )
    return path.as_uri()


def _write_chunks(edition, chunks, css, workdir: Path, workers: int):
    """Each chunk's HTML on disk, shared out between the workers' jobs."""
    jobs = [
        {"base_url": str(workdir), "chunks": []}
        for _ in range(min(workers, len(chunks)))
    ]
    chunk_pdfs = []
    for index, chunk in enumerate(chunks):
        html = render_to_string(
            "journal/pdf/articles.html",
            {"edition": edition, "articles": chunk, "css": css},
        )
        html_path = workdir / f"chunk-{index:04d}.html"
        html_path.write_text(html, encoding="utf-8")
        pdf_path = workdir / f"chunk-{index:04d}.pdf"
        chunk_pdfs.append(pdf_path)
        jobs[index % len(jobs)]["chunks"].append(
            {
                "index": index,
                "html": str(html_path),
                "pdf": str(pdf_path),
                "ids": [a.anchor for a in chunk],
            }
        )
    return jobs, chunk_pdfs


def _number_articles(chunks, results: dict[int, dict]) -> None:
    page = 1
    for index, chunk in enumerate(chunks):
        for article, count in zip(chunk, results[index]["pages"], strict=True):
            article.first_page = page
            article.last_page = page + max(count, 1) - 1
            page += count


def _render_front(edition, articles, *, css: str, cover: str, path: Path) -> None:
    """The cover, the contents (with the articles' real pages) and the foreword."""
    from weasyprint import HTML

    sections = []
    for article in articles:
        if not sections or sections[-1]["title"] != article.section_title:
            sections.append({"title": article.section_title, "articles": []})
        sections[-1]["articles"].append(article)
    front_html = render_to_string(
        "journal/pdf/front.html",
        {
            "edition": edition,
            "sections": sections,
            "css": css,
            "cover": cover,
            "count": len(articles),
            "link": CONTENTS_LINK,
        },
    )
    HTML(string=front_html, base_url=str(path.parent)).write_pdf(path)


def _out_path(out_path: Path | str | None) -> Path:
    if out_path is None:
        handle, name = tempfile.mkstemp(prefix="journal-edition-", suffix=".pdf")
        os.close(handle)
        out_path = name
    return Path(out_path)


def compile_edition(
    *,
    edition,
    out_path: Path | str | None = None,
    progress: Callable[[int, str], None] | None = None,
    workers: int | None = None,
    chunk_articles: int | None = None,
) -> CompileResult:
    """Build the edition's PDF at `out_path`; returns page counts and article pages."""
    started = time.monotonic()
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    report = progress or (lambda percent, stage: None)
    articles = _articles(edition)
    if not articles:
        raise CompileFailed("There are no accepted articles to compile.")
    cover = _cover_uri(edition)
    workers = workers or _default_workers()
    size = chunk_articles or max(1, min(12, math.ceil(len(articles) / (workers * 3))))
    chunks, css, out_path = _chunks(articles, size), _css(), _out_path(out_path)
    workdir = Path(tempfile.mkdtemp(prefix="journal-compile-"))
    try:
        report(2, f"Preparing {len(articles)} articles")
        jobs, chunk_pdfs = _write_chunks(edition, chunks, css, workdir, workers)
        report(5, f"Laying out {len(articles)} articles in {len(chunks)} parts")

        def on_chunk(done: int) -> None:
            report(
                5 + int(80 * done / len(chunks)),
                f"Laid out {done} of {len(chunks)} parts",
            )

        _number_articles(chunks, run_workers(jobs, workdir, len(chunks), on_chunk))
        report(88, "Writing the cover, contents and foreword")
        front_path = workdir / "front.pdf"
        _render_front(edition, articles, css=css, cover=cover, path=front_path)
        report(93, "Joining the parts and numbering the pages")
        front_pages, total = stamp_and_join(
            front_path, chunk_pdfs, articles, out_path, edition
        )
        return CompileResult(
            path=out_path,
            pages=total,
            size=out_path.stat().st_size,
            front_pages=front_pages,
            articles=articles,
            seconds=time.monotonic() - started,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
