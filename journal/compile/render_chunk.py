"""Render journal articles to their own tagged PDFs with WeasyPrint, in a process.

Run as `python journal/compile/render_chunk.py JOB.json`. It needs no Django: the
parent writes each article's HTML, this process lays it out and writes the
article's PDF (its galley). It prints one JSON line per article with its page
count, so the parent can number the pages and show progress. It dies with its
parent.
"""

import ctypes
import json
import signal
import sys
from pathlib import Path


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: PDF/UA-1


def render(job: dict) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # shared by every article of this process
    for item in job["chunks"]:
        document = HTML(filename=item["html"], base_url=job["base_url"]).render(
            font_config=fonts, pdf_variant=PDF_VARIANT
        )
        document.write_pdf(item["pdf"], pdf_variant=PDF_VARIANT)
        print(  # noqa: T201 - the parent reads progress from stdout
            json.dumps({"index": item["index"], "pages": len(document.pages)}),
            flush=True,
        )


def stamp(job: dict) -> None:
    """Stamp the edition's page numbers into finished galleys (pypdf)."""
    from join import stamp_numbers  # this folder is on sys.path: no Django needed

    for item in job["stamp"]:
        stamp_numbers(Path(item["pdf"]), item["first_page"])
        print(  # noqa: T201 - the parent reads progress from stdout
            json.dumps({"index": item["index"], "pages": 0}), flush=True
        )


def main(argv: list[str]) -> int:
    _die_with_parent()
    with open(argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    if "stamp" in job:
        stamp(job)
    else:
        render(job)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
