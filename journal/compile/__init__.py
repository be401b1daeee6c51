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

import json
import logging
import math
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from journal import selectors

HERE = Path(__file__).resolve().parent
# The contents link to articles in other parts of the PDF: WeasyPrint writes these
# placeholder addresses, and the join turns them into links to the article's page.
CONTENTS_LINK = "https://contents.invalid/article-"
ROOT = HERE.parent.parent


class CompileFailed(Exception):
    """The edition could not be compiled; the message says why, for the editor."""


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
    placed = []
    for position, sub in enumerate(selectors.compile_articles(edition), start=1):
        placed.append(
            PlacedArticle(
                submission_id=sub.pk,
                slug=sub.slug,
                title=sub.snapshot.get("title") or sub.title,
                section_title=sub.section.title if sub.section else "",
                position=position,
                snapshot=sub.snapshot,
            )
        )
    return placed


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _css() -> str:
    return (HERE / "print.css").read_text(encoding="utf-8")


def _run_workers(
    jobs: list[dict], workdir: Path, total_chunks: int, on_chunk: Callable[[int], None]
) -> dict[int, dict]:
    """Run one render process per job; collect each chunk's page counts."""
    lines: queue.Queue = queue.Queue()
    procs = []
    env = dict(os.environ)
    for n, job in enumerate(jobs):
        job_path = workdir / f"job-{n}.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        err = (workdir / f"job-{n}.err").open("wb")
        proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, str(HERE / "render_chunk.py"), str(job_path)],
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=ROOT,
            env=env,
        )
        procs.append((proc, err, workdir / f"job-{n}.err"))

        def pump(stream=proc.stdout):
            for raw in stream:
                lines.put(raw)

        threading.Thread(target=pump, daemon=True).start()
    results: dict[int, dict] = {}
    try:
        while any(p.poll() is None for p, _, _ in procs) or not lines.empty():
            try:
                raw = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            row = json.loads(raw)
            results[row["index"]] = row
            on_chunk(len(results))
        for proc, err, _ in procs:
            proc.wait()
            err.close()
        time.sleep(0)  # let the pump threads hand over their last lines
        while not lines.empty():
            row = json.loads(lines.get())
            results[row["index"]] = row
    finally:
        for proc, err, _ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            err.close()
    failed = [(p, path) for p, _, path in procs if p.returncode != 0]
    if failed or len(results) != total_chunks:
        tail = ""
        if failed:
            tail = failed[0][1].read_text(errors="replace")[-1500:]
        raise CompileFailed(f"Rendering the articles failed. {tail}".strip())
    return results


def _stamp_and_join(
    front: Path,
    chunk_pdfs: list[Path],
    articles: list[PlacedArticle],
    out_path: Path,
    edition,
) -> tuple[int, int]:
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    writer = PdfWriter()
    writer.append(str(front))
    front_pages = len(writer.pages)
    for path in chunk_pdfs:
        writer.append(str(path), import_outline=False)
    font = writer._add_object(  # noqa: SLF001 - pypdf has no public add_object
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    save_ref = writer._add_object(save)  # noqa: SLF001
    for index in range(front_pages, len(writer.pages)):
        page = writer.pages[index]
        number = str(index - front_pages + 1)
        width = float(page.mediabox.width)
        text_width = len(number) * 0.556 * 9
        resources = page.get("/Resources")
        if resources is None:
            page[NameObject("/Resources")] = DictionaryObject()
            resources = page["/Resources"]
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            resources[NameObject("/Font")] = DictionaryObject()
            fonts = resources["/Font"]
        fonts.get_object()[NameObject("/JNum")] = font
        stamp = DecodedStreamObject()
        stamp.set_data(
            f"Q q BT /JNum 9 Tf 0.2 g {(width - text_width) / 2:.2f} 30 Td ({number}) Tj ET Q\n".encode()
        )
        contents = page.get("/Contents")
        existing = []
        if contents is not None:
            contents = (
                contents.get_object()
                if not isinstance(contents, ArrayObject)
                else contents
            )
            existing = (
                list(contents)
                if isinstance(contents, ArrayObject)
                else [page.raw_get("/Contents")]
            )
        page[NameObject("/Contents")] = ArrayObject(
            [save_ref, *existing, writer._add_object(stamp)]
        )  # noqa: SLF001
    _link_contents(writer, front_pages, articles)
    for article in articles:
        writer.add_outline_item(
            title=article.title[:120], page_number=front_pages + article.first_page - 1
        )
    writer.add_metadata(
        {
            "/Title": edition.title,
            "/Author": edition.partnership.name,
            "/Subject": f"{edition.year} edition",
        }
    )
    with out_path.open("wb") as handle:
        writer.write(handle)
    return front_pages, len(writer.pages)


def _link_contents(writer, front_pages: int, articles: list[PlacedArticle]) -> None:
    """Point the contents' links (placeholder URIs from WeasyPrint) at the articles."""
    from pypdf.generic import ArrayObject, NameObject

    first_page = {a.position: a.first_page for a in articles}
    for index in range(front_pages):
        for annot in writer.pages[index].get("/Annots") or []:
            link = annot.get_object()
            action = link.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if not uri.startswith(CONTENTS_LINK):
                continue
            position = int(uri.removeprefix(CONTENTS_LINK))
            target = writer.pages[front_pages + first_page[position] - 1]
            del link["/A"]
            link[NameObject("/Dest")] = ArrayObject(
                [target.indirect_reference, NameObject("/Fit")]
            )


def _cover_uri(edition) -> str:
    if not edition.cover_image:
        return ""
    path = Path(settings.MEDIA_ROOT) / edition.cover_image.name
    if not path.exists():
        raise CompileFailed(
            f"The cover image file is missing ({edition.cover_image.name}). Upload it again."
        )
    return path.as_uri()


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
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    report = progress or (lambda percent, stage: None)
    articles = _articles(edition)
    if not articles:
        raise CompileFailed("There are no accepted articles to compile.")
    cover = _cover_uri(edition)
    workers = workers or _default_workers()
    size = chunk_articles or max(1, min(12, math.ceil(len(articles) / (workers * 3))))
    chunks = _chunks(articles, size)
    workdir = Path(tempfile.mkdtemp(prefix="journal-compile-"))
    if out_path is None:
        handle, name = tempfile.mkstemp(prefix="journal-edition-", suffix=".pdf")
        os.close(handle)
        out_path = name
    out_path = Path(out_path)
    css = _css()
    try:
        report(2, f"Preparing {len(articles)} articles")
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
        report(5, f"Laying out {len(articles)} articles in {len(chunks)} parts")

        def on_chunk(done: int) -> None:
            report(
                5 + int(80 * done / len(chunks)),
                f"Laid out {done} of {len(chunks)} parts",
            )

        results = _run_workers(jobs, workdir, len(chunks), on_chunk)
        page = 1
        for index, chunk in enumerate(chunks):
            for article, count in zip(chunk, results[index]["pages"], strict=True):
                article.first_page = page
                article.last_page = page + max(count, 1) - 1
                page += count
        report(88, "Writing the cover, contents and foreword")
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
        from weasyprint import HTML

        front_path = workdir / "front.pdf"
        HTML(string=front_html, base_url=str(workdir)).write_pdf(front_path)
        report(93, "Joining the parts and numbering the pages")
        front_pages, total = _stamp_and_join(
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
