"""Render journal documents to their own tagged PDFs with WeasyPrint, in a process.

Run as `python journal/compile/render_chunk.py`. It needs no Django: the parent
writes each document's HTML and sends one JSON line per document on stdin
(`index`, `html`, `pdf`, `part`, `kind`: "article" or "front"); this process lays
it out with the print stylesheet (`print.css`, parsed once per process), writes its PDF (an article's galley, with page-number slots) and its part
for the edition's join (`parts`), and prints one JSON line with the page count
(and, for the front matter, the foreword's page). It stops at the end of its
input and dies with its parent.
"""

import ctypes
import gc
import json
import logging
import signal
import sys
from pathlib import Path

STYLESHEET = Path(__file__).resolve().with_name("print.css")


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def render(jobs) -> None:
    import glyphs  # this folder is on sys.path
    import margins
    from parts import PDF_VARIANT, PartRecorder
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # A layout makes many short-lived objects: collect less often, and never
    # walk the modules imported above again (about 2% of the time).
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 1_000)

    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    glyphs.install()  # the same PDFs with less work, on WeasyPrint 70
    margins.install()
    fonts = FontConfiguration()  # shared by every document of this process
    # Parsed once, not from a <style> in every document: about 8% of the time.
    stylesheets = [CSS(filename=str(STYLESHEET), font_config=fonts)]
    for line in jobs:
        job = json.loads(line)
        document = HTML(filename=job["html"], base_url=job["base_url"]).render(
            font_config=fonts, stylesheets=stylesheets, pdf_variant=PDF_VARIANT
        )
        recorder = PartRecorder(
            numbered=job["kind"] == "article", link_prefix=job.get("link_prefix", "")
        )
        document.write_pdf(job["pdf"], pdf_variant=PDF_VARIANT, finisher=recorder)
        recorder.save(job["part"])
        report = {"index": job["index"], "pages": len(document.pages)}
        if job["kind"] == "front":
            report["foreword"] = next(
                (
                    n
                    for n, page in enumerate(document.pages)
                    if "foreword" in page.anchors
                ),
                None,
            )
        print(json.dumps(report), flush=True)  # noqa: T201 - read by the parent


def main(argv: list[str]) -> int:
    _die_with_parent()
    render(sys.stdin)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
