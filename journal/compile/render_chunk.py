"""Render chunks of journal articles to PDF with WeasyPrint, in its own process.

Run as `python journal/compile/render_chunk.py JOB.json`. It needs no Django: the
parent writes each chunk's HTML, this process lays it out, counts each article's
pages (from the page its anchor lands on) and writes the chunk's PDF. It prints one
JSON line per chunk, so the parent can show progress. It dies with its parent.
"""

import ctypes
import json
import signal
import sys


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def render(job: dict) -> None:
    from weasyprint import HTML

    for chunk in job["chunks"]:
        document = HTML(filename=chunk["html"], base_url=job["base_url"]).render()
        wanted = set(chunk["ids"])
        first_page: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:
                if anchor in wanted and anchor not in first_page:
                    first_page[anchor] = number
        missing = wanted - set(first_page)
        if missing:
            raise RuntimeError(
                f"articles not found in the laid-out chunk: {sorted(missing)}"
            )
        starts = [first_page[i] for i in chunk["ids"]]
        ends = starts[1:] + [len(document.pages)]
        counts = [end - start for start, end in zip(starts, ends, strict=True)]
        document.write_pdf(chunk["pdf"])
        print(  # noqa: T201 - the parent reads progress from stdout
            json.dumps(
                {"index": chunk["index"], "pages": counts, "total": len(document.pages)}
            ),
            flush=True,
        )


def main(argv: list[str]) -> int:
    _die_with_parent()
    with open(argv[1], encoding="utf-8") as handle:
        render(json.load(handle))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
