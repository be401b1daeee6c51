"""`make bench`: the portal at national scale, served as in production, under load.

1. a fresh PostgreSQL database (BENCH_DATABASE, default `partnership_bench`), migrated;
2. national-scale data (bench/seed.py: 24,000 schools, 100,000 recommendations,
   200,000 research projects, a 300-article journal edition), timed;
   BENCH_SCALE=small seeds about a sixteenth of it, for a quick check;
3. the journal edition compiled with the journal part's service (time, peak memory);
4. files of realistic URLs per page (bench/urls.py: >= 1,000 search parameter sets
   from the data; object pages cycling through up to 1,000 objects);
5. gunicorn with production settings (DEBUG off, a generated SECRET_KEY, collected
   static files, the Redis cache when BENCH_REDIS_URL or REDIS_URL is set), two
   workers;
6. wrk (bench/load.py, bench/random_path.lua) at a fixed number of connections for a
   fixed time, one page at a time, each request on a random path of the page's file:
   the framework floor (/bench/floor), a signed-in floor (/bench/floor-signed-in),
   the key pages, and the school page once more after emptying the cache;
7. a report (req/s, p50/p95, share of the floor, generator CPU) in
   bench/results/<date>.md and the table in the README.

A benchmark, not a test: slow pages are reported, never a failure. The exit status
is non-zero only when the benchmark itself cannot run. Options: see `--help`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
CACHE_PREFIX = "bench"
PY = sys.executable
SMALL_SCALE = {  # BENCH_SCALE=small: a quick check that the bench still works
    "BENCH_SCHOOLS": "1500",
    "BENCH_PROJECTS": "6000",
    "BENCH_RECOMMENDATIONS": "3000",
    "BENCH_ARTICLES": "20",
}


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_admin_url(db: str) -> str:
    base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{db}"


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url("postgres"), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
        # pg_trgm and unaccent, if a part's migration wants them, need a superuser.
    log(f"created database {name}")


def production_env(database_url: str, work: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
        or k.startswith("BENCH_")  # the scale knobs of bench/seed.py
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "partnership.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            # Plain HTTP on the loopback: TLS is the proxy's job in production.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "BENCH_FLOOR": "1",
            "LOG_LEVEL": "WARNING",
            "MEDIA_ROOT": str(work / "media"),
            "BENCH_TMP": str(work),
        }
    )
    redis_url = (
        os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("REDIS_URL")
        or local_redis()
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_PREFIX"] = CACHE_PREFIX
    return env


LOCAL_REDIS = "redis://127.0.0.1:6379/14"


def local_redis() -> str:
    """Production runs with a shared cache: use this machine's Redis when it answers
    (its DB 14, and only keys under the bench prefix are ever removed)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return LOCAL_REDIS
    except OSError:
        pass
    log("no Redis answers on 127.0.0.1:6379: the cache is local memory")
    return ""


def run(cmd: list[str], env: dict, *, timeout: int, label: str) -> str:
    log(f"{label}…")
    started = time.monotonic()
    result = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"{label} failed (exit {result.returncode})")
    log(f"{label}: {time.monotonic() - started:.1f}s")
    return result.stdout


def parse_result(stdout: str) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise SystemExit(f"no RESULT line in:\n{stdout[-2000:]}")


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int, log_path: Path):
        self.env, self.port, self.workers, self.log_path = env, port, workers, log_path

    def __enter__(self):
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "partnership.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(  # noqa: S310
                    f"http://127.0.0.1:{self.port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        log(f"gunicorn ready on port {self.port}")
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise SystemExit("gunicorn did not become ready")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


def page_list(base: str, urls: dict, journal: dict, folder: Path) -> list[dict]:
    """Each measured page: name, kind (for its goal), URL file, cookie use."""

    def one(name, kind, paths, signed=False):
        if not paths:
            return None
        file = load.write_urls(folder, name, paths)
        return {
            "name": name,
            "kind": kind,
            "file": str(file),
            "count": len(paths),
            "first": paths[0],
            "signed": signed,
        }

    def from_seed(name, kind):
        info = urls.get(name)
        if not info:
            return None
        paths = Path(info["file"]).read_text().split()
        return one(name, kind, paths)

    edition = journal.get("edition_url") if journal.get("published") is True else ""
    pages = [
        one("floor", "floor", ["/bench/floor"]),
        one("floor (signed in)", "signed floor", ["/bench/floor-signed-in"], True),
        one("home", "object", ["/"]),
        from_seed("school page", "object"),
        from_seed("partnership page", "object"),
        from_seed("recommendation", "object"),
        from_seed("research project", "object"),
        one("journal edition", "object", [edition] if edition else []),
        one(
            "journal article",
            "object",
            load.article_paths(base, edition) if edition else [],
        ),
        from_seed("partnership outcomes", "object"),
        from_seed("events", "object"),
        from_seed("schools search", "search"),
        from_seed("research search", "search"),
        from_seed("research filters", "search"),
        from_seed("directory search with filters", "search"),
        from_seed("directory filters", "search"),
        from_seed("directory near a postcode", "search"),
        one("dashboard (signed in)", "signed", ["/dashboard/"], True),
    ]
    pages = [p for p in pages if p]
    school = next((p for p in pages if p["name"] == "school page"), None)
    if school:
        pages.append({**school, "name": "school page (empty cache)", "cold": True})
    return pages


def measure(base: str, pages: list[dict], args, env: dict, session: str, notes):
    results: dict = {}
    for page in pages:
        cookie = session if page["signed"] else ""
        status, html = load.fetch(base, page["first"], cookie)
        if status != 200:
            notes.append(f"{page['name']} ({page['first']}) answered HTTP {status}")
        elif page["signed"] and "Sign out" not in html:
            notes.append(f"{page['name']}: not signed in with the bench session")
        if page.get("cold"):
            removed = load.forget_cache(env.get("REDIS_URL", ""), CACHE_PREFIX)
            notes.append(f"{page['name']}: {removed} cache keys removed first")
        elif args.warm and page["kind"] == "object" and page["count"] > 1:
            took = load.warm(base, Path(page["file"]))
            page["warmed"] = round(took, 1)
            notes.append(
                f"{page['name']}: each of its {page['count']} paths asked for once "
                f"before the measurement ({took:.0f} s)"
            )
        result = load.wrk(
            base,
            Path(page["file"]),
            cookie,
            connections=args.connections,
            seconds=args.seconds,
        )
        if result is None:
            notes.append(f"{page['name']}: wrk produced no figures")
            continue
        results[page["name"]] = result
        log(
            f"{page['name']}: {result['rps']:.0f} req/s, p50 {result['p50']:.0f} ms, "
            f"p95 {result['p95']:.0f} ms, {result['failures']} errors, "
            f"generator CPU {result['generator_cpu']:.0%}"
        )
    return results


def seed(args, env: dict, seed_env: dict, notes: list) -> tuple[dict, dict]:
    manage = [PY, "manage.py"]
    if not args.reuse:
        recreate_database(args.database)
    run([*manage, "migrate", "--noinput"], env, timeout=600, label="migrate")
    data = parse_result(
        run(
            [PY, str(BENCH / "seed.py"), "data"],
            seed_env,
            timeout=1200,
            label="seeding data",
        )
    )
    log(f"seeded in {data['seconds']} s: {data.get('timings')}")
    journal = {"journal": "skipped (--skip-journal)"}
    if not args.skip_journal:
        try:
            journal = parse_result(
                run(
                    [PY, str(BENCH / "seed.py"), "journal"],
                    seed_env,
                    timeout=900,
                    label="journal edition: seed, compile, publish",
                )
            )
        except SystemExit as exc:
            journal = {"journal": f"not available ({exc})"}
        log(f"journal: {journal}")
    if journal.get("published") is not True and "journal" not in journal:
        notes.append(f"journal pages not loaded: published={journal.get('published')}")
    return data, journal


def collectstatic(env: dict, notes: list) -> None:
    manage = [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    try:
        run(
            manage, env, timeout=600, label="collectstatic (manifest, as in production)"
        )
    except SystemExit as exc:
        # A missing asset breaks the manifest build: report it, and serve the
        # collected files without the manifest so the pages can still be measured.
        notes.append(
            f"collectstatic with the production manifest storage failed ({exc}); "
            "the run used STATIC_NO_MANIFEST=1. Fix before deploying."
        )
        env["STATIC_NO_MANIFEST"] = "1"
        run(manage, env, timeout=600, label="collectstatic (no manifest)")


def parse_args():
    small = os.environ.get("BENCH_SCALE", "").lower() == "small"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE", "partnership_bench")
    )
    parser.add_argument("--reuse", action="store_true", help="keep existing data")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=5 if small else 12)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--skip-journal", action="store_true")
    parser.add_argument("--no-readme", action="store_true", help="leave the README")
    parser.add_argument(
        "--no-warm",
        dest="warm",
        action="store_false",
        help="measure object pages without first asking for each of their paths",
    )
    args = parser.parse_args()
    args.scale = "small (BENCH_SCALE=small)" if small else "national"
    if small:
        for key, value in SMALL_SCALE.items():
            os.environ.setdefault(key, value)
    return args


def main() -> int:
    args = parse_args()
    if not load.wrk_available():
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk)")
    started = datetime.now(UTC)
    clock = time.monotonic()
    load_before = os.getloadavg()[0]
    # A private scratch folder (pytest-playwright empties test-results/ when it runs).
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = production_env(pg_admin_url(args.database), work)
    seed_env = {**env, "DEBUG": "1", "ALLOW_DEMO_SEED": "1"}
    seed_env.pop("REDIS_URL", None)  # nothing to queue while seeding
    notes: list[str] = []
    data, journal = seed(args, env, seed_env, notes)
    urls = parse_result(
        run([PY, str(BENCH / "seed.py"), "urls"], seed_env, timeout=600, label="URLs")
    )["pages"]
    collectstatic(env, notes)
    # The database is new: the cache must not answer from an earlier run's pages.
    load.forget_cache(env.get("REDIS_URL", ""), CACHE_PREFIX)
    if env.get("REDIS_URL"):
        # The directory's facet index, as the worker builds it in production.
        run(
            [PY, "manage.py", "facet_index_rebuild"],
            env,
            timeout=900,
            label="directory facet index",
        )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with Gunicorn(env, port, args.workers, work / "gunicorn.log"):
        pages = page_list(base, urls, journal, work / "urls")
        # gunicorn answers as soon as one worker is up; every worker compiles its
        # templates first (partnership/kernel/warmup.py), so the floor is measured
        # only once all of them serve.
        floor = next(p for p in pages if p["name"] == "floor")
        load.wrk(base, Path(floor["file"]), "", connections=args.connections, seconds=3)
        notes.append("3 s of the floor, unmeasured, before the first measurement")
        load_measured = os.getloadavg()[0]
        results = measure(base, pages, args, env, data["session_key"], notes)

    RESULTS.mkdir(exist_ok=True)
    report_path = RESULTS / f"{started:%Y-%m-%d}.md"
    context = {
        "started": started,
        "data": data,
        "journal": journal,
        "results": results,
        "pages": pages,
        "notes": notes,
        "connections": args.connections,
        "seconds": args.seconds,
        "workers": args.workers,
        "scale": args.scale,
        "cache": "Redis" if env.get("REDIS_URL") else "local memory (no REDIS_URL)",
        "elapsed": time.monotonic() - clock,
        "load_before": load_before,
        "load_measured": load_measured,
    }
    report.write_report(report_path, context)
    if not args.no_readme:
        report.update_readme(ROOT / "README.md", report_path, context)
    (work / "results.json").write_text(json.dumps(context, default=str, indent=1))
    log(f"report written to {report_path.relative_to(ROOT)}")
    print(report_path.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
