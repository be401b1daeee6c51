"""Load generation for `make bench`: wrk with a Lua script drawing random paths.

wrk (C, one event loop per thread) costs far less CPU than the server it loads; its
own CPU time is measured and reported beside each figure anyway, because it runs on
the same cores as gunicorn.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LUA = BENCH / "random_path.lua"


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(base: str, urls: Path, cookie: str, *, connections: int, seconds: int):
    """Load `base` with paths from `urls` for `seconds`; None if wrk failed."""
    env = {**os.environ, "BENCH_URLS": str(urls), "BENCH_COOKIE": cookie}
    cpu_before = _children_cpu()
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    cpu = _children_cpu() - cpu_before
    for line in result.stdout.splitlines():
        if line.startswith("WRK "):
            data = json.loads(line[4:])
            duration = data["duration_us"] / 1e6 or 1
            return {
                "requests": data["requests"],
                "failures": data["errors"],
                "rps": data["requests"] / duration,
                "p50": data["p50_us"] / 1000,
                "p95": data["p95_us"] / 1000,
                "generator_cpu": cpu / duration,  # share of one core
            }
    return None


def fetch(base: str, path: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(base + path)  # noqa: S310
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def article_paths(base: str, edition_url: str) -> list[str]:
    """The article addresses linked from the published edition's page."""
    status, html = fetch(base, edition_url)
    if status != 200:
        return []
    edition = edition_url.rstrip("/")
    found = re.findall(rf'href="({re.escape(edition)}/[a-z0-9-]+/)"', html)
    return sorted({p for p in found if not p.endswith(("/award/",))})


def write_urls(folder: Path, name: str, paths: list[str]) -> Path:
    path = folder / (re.sub(r"\W+", "_", name) + ".txt")
    path.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return path


def forget_cache(redis_url: str, prefix: str) -> int:
    """Delete the bench server's cache keys (only its own prefix); how many."""
    if not redis_url:
        return 0
    import redis

    client = redis.Redis.from_url(redis_url)
    removed = 0
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        removed += client.delete(key)
    return removed


def warm(base: str, urls: Path, *, threads: int = 4) -> float:
    """Ask for every path of the file once (a visitor's cache as after some traffic);
    the seconds it took."""
    from concurrent.futures import ThreadPoolExecutor

    paths = urls.read_text().split()
    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda p: fetch(base, p)[0], paths))
    return time.monotonic() - started
