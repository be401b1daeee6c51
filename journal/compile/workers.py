"""A pool of renderer processes (`render_chunk`) fed one document at a time.

Each process reads jobs (one JSON line each) from its stdin and reports each
finished document on its stdout, so a process that finishes early simply takes
the next article: the work stays balanced across the cores whatever the
articles' lengths or the machine's other load.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CompileFailed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RENDERER = HERE / "render_chunk.py"
AHEAD = 2  # jobs queued per process, so it never waits for the parent


@dataclass
class Worker:
    proc: subprocess.Popen
    err: object  # the open file its stderr goes to
    err_path: Path
    busy: int = 0
    done: bool = False


@dataclass
class RenderPool:
    size: int
    workdir: Path
    workers: list[Worker] = field(default_factory=list)
    lines: queue.Queue = field(default_factory=queue.Queue)
    pending: deque = field(default_factory=deque)
    results: dict = field(default_factory=dict)

    def __enter__(self) -> RenderPool:
        for n in range(self.size):
            self.workers.append(self._start(n))
        return self

    def __exit__(self, *exc) -> None:
        for w in self.workers:
            if w.proc.poll() is None:
                w.proc.kill()
                w.proc.wait()
            w.err.close()

    def _start(self, n: int) -> Worker:
        err_path = self.workdir / f"renderer-{n}.err"
        err = err_path.open("wb")
        proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, str(RENDERER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=ROOT,
            env=dict(os.environ),
        )

        def pump(stream=proc.stdout):
            for raw in stream:
                self.lines.put((n, raw))
            self.lines.put((n, None))

        threading.Thread(target=pump, daemon=True).start()
        return Worker(proc, err, err_path)

    def submit(self, job: dict) -> None:
        """Queue a document (`index`, `html`, `pdf`, `part`, `kind`)."""
        self.pending.append(job)
        self._feed()

    def _feed(self) -> None:
        for w in self.workers:
            while self.pending and not w.done and w.busy < AHEAD:
                job = self.pending.popleft()
                try:
                    w.proc.stdin.write(json.dumps(job).encode() + b"\n")
                    w.proc.stdin.flush()
                except BrokenPipeError:
                    self._failed(w)
                w.busy += 1

    def wait(self, indexes, on_report: Callable[[int], None] = lambda n: None) -> dict:
        """Reports for the given job indexes, as the processes write them."""
        wanted = set(indexes)
        while not wanted <= self.results.keys():
            self.poll(timeout=None, on_report=on_report)
        return {i: self.results[i] for i in wanted}

    def poll(self, *, timeout: float | None = 0, on_report=lambda n: None) -> None:
        """Take the reports written so far (waiting up to `timeout` for one)."""
        try:
            n, raw = (
                self.lines.get(timeout=timeout)
                if timeout != 0
                else self.lines.get_nowait()
            )
        except queue.Empty:
            return
        while True:
            worker = self.workers[n]
            if raw is None:
                worker.done = True
                worker.proc.wait()
                if worker.proc.returncode != 0 or worker.busy:
                    self._failed(worker)
            else:
                row = json.loads(raw)
                self.results[row["index"]] = row
                worker.busy -= 1
                on_report(len(self.results))
            self._feed()
            try:
                n, raw = self.lines.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        """Let the processes finish and exit."""
        for w in self.workers:
            if not w.done:
                w.proc.stdin.close()
        for w in self.workers:
            w.proc.wait()
            if w.proc.returncode != 0:
                self._failed(w)

    def _failed(self, worker: Worker) -> None:
        worker.err.flush()
        tail = worker.err_path.read_text(errors="replace")[-1500:]
        raise CompileFailed(f"Rendering the articles failed. {tail}".strip())
