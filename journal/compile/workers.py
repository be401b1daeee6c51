"""Lay out articles, or stamp their page numbers, in separate processes
(`render_chunk`), in parallel."""

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import CompileFailed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@dataclass
class Worker:
    proc: subprocess.Popen
    err: object  # the open file its stderr goes to
    err_path: Path


def _start(n: int, job: dict, workdir: Path, lines: queue.Queue, name: str) -> Worker:
    """One render process for one job; its stdout lines go to `lines`."""
    job_path = workdir / f"{name}-{n}.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    err_path = workdir / f"{name}-{n}.err"
    err = err_path.open("wb")
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, str(HERE / "render_chunk.py"), str(job_path)],
        stdout=subprocess.PIPE,
        stderr=err,
        cwd=ROOT,
        env=dict(os.environ),
    )

    def pump(stream=proc.stdout):
        for raw in stream:
            lines.put(raw)

    threading.Thread(target=pump, daemon=True).start()
    return Worker(proc, err, err_path)


def _collect(
    workers: list[Worker], lines: queue.Queue, on_chunk: Callable[[int], None]
) -> dict[int, dict]:
    """Each chunk's report (its page counts), as the processes write them."""
    results: dict[int, dict] = {}
    while any(w.proc.poll() is None for w in workers) or not lines.empty():
        try:
            raw = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        row = json.loads(raw)
        results[row["index"]] = row
        on_chunk(len(results))
    for w in workers:
        w.proc.wait()
        w.err.close()
    time.sleep(0)  # let the pump threads hand over their last lines
    while not lines.empty():
        row = json.loads(lines.get())
        results[row["index"]] = row
    return results


def _stop(workers: list[Worker]) -> None:
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait()
        w.err.close()


def run_workers(
    jobs: list[dict],
    workdir: Path,
    total_chunks: int,
    on_chunk: Callable[[int], None],
    name: str = "job",
) -> dict[int, dict]:
    """Run one render process per job; collect each item's report (page counts)."""
    lines: queue.Queue = queue.Queue()
    workers = [_start(n, job, workdir, lines, name) for n, job in enumerate(jobs)]
    try:
        results = _collect(workers, lines, on_chunk)
    finally:
        _stop(workers)
    failed = [w for w in workers if w.proc.returncode != 0]
    if failed or len(results) != total_chunks:
        tail = failed[0].err_path.read_text(errors="replace")[-1500:] if failed else ""
        raise CompileFailed(f"Rendering the articles failed. {tail}".strip())
    return results
