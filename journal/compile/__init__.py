"""Compile an edition into one print PDF and one PDF per article (its galley).

One WeasyPrint pass lays out about 8-14 pages a second on one core, so a
1,200-page edition in one pass takes far too long. Instead (see
docs/adr/0005-journal-compilation.md and docs/adr/0014-journal-galleys.md):

1. each article's HTML is laid out and written to its own tagged PDF (PDF/UA-1)
   by a small pool of separate processes (`render_chunk`), which report each
   article's page count;
2. the articles are numbered from those counts and each galley gets its page
   numbers stamped (as artifacts); the front matter (cover, contents with the
   real page numbers, foreword) is rendered; it is numbered in roman, articles
   from 1, so the contents' own length never moves an article;
3. the parts are joined with pypdf keeping every part's tags (`tagged`), with
   bookmarks for each section and article and the contents linked.

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
from .join import CONTENTS_LINK, stamp_and_join
from .render_chunk import PDF_VARIANT
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
    galleys: dict[int, Path]  # submission id: the article's own PDF


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


def _css() -> str:
    return (HERE / "print.css").read_text(encoding="utf-8")


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


def _write_articles(edition, articles, css, workdir: Path, workers: int):
    """Each article's HTML on disk, shared out between the workers' jobs."""
    jobs = [
        {"base_url": str(workdir), "chunks": []}
        for _ in range(min(workers, len(articles)))
    ]
    galleys = []
    for index, article in enumerate(articles):
        html = render_to_string(
            "journal/pdf/articles.html",
            {"edition": edition, "articles": [article], "css": css},
        )
        html_path = workdir / f"article-{index:04d}.html"
        html_path.write_text(html, encoding="utf-8")
        pdf_path = workdir / f"article-{index:04d}.pdf"
        galleys.append(pdf_path)
        jobs[index % len(jobs)]["chunks"].append(
            {"index": index, "html": str(html_path), "pdf": str(pdf_path)}
        )
    return jobs, galleys


def _number_articles(articles, results: dict[int, dict]) -> None:
    page = 1
    for index, article in enumerate(articles):
        count = max(results[index]["pages"], 1)
        article.first_page = page
        article.last_page = page + count - 1
        page += count


def _stamp_galleys(articles, galleys, workdir: Path, workers: int) -> None:
    """Each galley gets its pages' edition numbers, shared out between processes."""
    jobs = [{"stamp": []} for _ in range(workers)]
    for index, (article, galley) in enumerate(zip(articles, galleys, strict=True)):
        jobs[index % workers]["stamp"].append(
            {"index": index, "pdf": str(galley), "first_page": article.first_page}
        )
    run_workers(jobs, workdir, len(articles), lambda done: None, name="stamp")


def _render_front(edition, articles, *, css: str, cover: str, path: Path) -> int | None:
    """The cover, the contents (with the articles' real pages) and the foreword;
    returns the foreword's page index."""
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
    document = HTML(string=front_html, base_url=str(path.parent)).render(
        pdf_variant=PDF_VARIANT
    )
    document.write_pdf(path, pdf_variant=PDF_VARIANT)
    for index, page in enumerate(document.pages):
        if "foreword" in page.anchors:
            return index
    return None


def _out_path(out_path: Path | str | None) -> Path:
    if out_path is None:
        handle, name = tempfile.mkstemp(prefix="journal-edition-", suffix=".pdf")
        os.close(handle)
        out_path = name
    return Path(out_path)


def _lay_out(edition, articles, css, workdir: Path, workers: int, report):
    """The galleys, laid out in parallel, numbered and stamped; returns their paths."""
    jobs, galleys = _write_articles(edition, articles, css, workdir, workers)
    report(5, f"Laying out {len(articles)} articles")

    def on_article(done: int) -> None:
        report(
            5 + int(75 * done / len(articles)),
            f"Laid out {done} of {len(articles)} articles",
        )

    _number_articles(articles, run_workers(jobs, workdir, len(articles), on_article))
    report(82, "Numbering the pages of each article")
    _stamp_galleys(articles, galleys, workdir, len(jobs))
    return galleys


def _build(edition, articles, css, workdir, workers, out_path, report) -> CompileResult:
    started = time.monotonic()
    cover = _cover_uri(edition, workdir)
    report(2, f"Preparing {len(articles)} articles")
    galleys = _lay_out(edition, articles, css, workdir, workers, report)
    report(88, "Writing the cover, contents and foreword")
    front_path = workdir / "front.pdf"
    foreword = _render_front(edition, articles, css=css, cover=cover, path=front_path)
    report(93, "Joining the parts and adding bookmarks")
    front_pages, total = stamp_and_join(
        front_path, galleys, articles, out_path, edition, foreword
    )
    return CompileResult(
        path=out_path,
        pages=total,
        size=out_path.stat().st_size,
        front_pages=front_pages,
        articles=articles,
        seconds=time.monotonic() - started,
        galleys={a.submission_id: g for a, g in zip(articles, galleys, strict=True)},
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
    css, out_path = _css(), _out_path(out_path)
    own_dir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="journal-compile-")) if own_dir else workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return _build(edition, articles, css, workdir, workers, out_path, report)
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
