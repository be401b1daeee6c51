"""`make bench`: the portal at national scale, served as in production, under load.

1. a fresh PostgreSQL database `partnership_bench`, migrated;
2. national-scale data (bench/seed.py: 24,000 schools, 100,000 recommendations,
   200,000 research projects, a 300-article journal edition), timed;
3. the journal edition compiled with the journal part's service (time, peak memory);
4. gunicorn with production settings (DEBUG off, a generated SECRET_KEY, collected
   static files), two workers;
5. Locust, headless, at a fixed concurrency for a fixed time, one page at a time,
   including the framework floor (/bench/floor: the base template, no queries);
6. a report with p50/p95 and requests per second per page and the ratio to the
   floor, written to bench/results/<date>.md.

A benchmark, not a test: slow pages are reported, never a failure. The exit status
is non-zero only when the benchmark itself cannot run. Options: see `--help`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PY = sys.executable
GOAL_P95_MS = 150
GOAL_FLOOR_SHARE = 1 / 3


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
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    return env


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


def check_page(base: str, path: str, cookie: str) -> tuple[int, int]:
    request = urllib.request.Request(base + path)  # noqa: S310
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def locust(
    base: str, name: str, path: str, cookie: str, users: int, seconds: int, out: Path
):
    prefix = out / name.replace(" ", "_")
    env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_NAME": name,
        "BENCH_COOKIE": cookie,
    }
    subprocess.run(
        [
            PY,
            "-m",
            "locust",
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        return None
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == name:
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": float(row["50%"] or row["Median Response Time"]),
                    "p95": float(row["95%"]),
                    "rps": float(row["Requests/s"]),
                }
    return None


def pages(data: dict, journal: dict) -> list[tuple[str, str, bool]]:
    """(name, path, signed in) for each key page; the floor first."""
    urn = data.get("sample_school_urn", 990001)
    subject = data.get("subject_id", "")
    near = urllib.parse.quote_plus(str(data.get("sample_near", "")))
    out = [
        ("floor", "/bench/floor", False),
        ("home", "/", False),
        (
            "directory search with filters",
            f"/directory/?q=reading&phase=primary&subject={subject}",
            False,
        ),
        ("directory near a school", f"/directory/?near={near}&miles=10", False),
        ("school page", f"/schools/{urn}/", False),
        ("schools search", "/schools/?q=oakfield&phase=primary", False),
        ("research search", "/research/?q=retrieval+practice", False),
        ("dashboard (signed in)", "/dashboard/", True),
    ]
    if journal.get("edition_url") and journal.get("published") is True:
        out.append(("journal edition", journal["edition_url"], False))
    return out


def fmt(value, unit="") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.0f}{unit}" if value >= 100 else f"{value:,.1f}{unit}"
    return f"{value}{unit}"


def write_report(path: Path, context: dict) -> None:
    data, journal, results = context["data"], context["journal"], context["results"]
    floor = results.get("floor") or {}
    floor_rps = floor.get("rps") or 0
    lines = [
        f"# Benchmark {context['started']:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores (shared), PostgreSQL, gunicorn "
        f"{context['workers']} sync workers, production settings (DEBUG off, "
        f"collected static files), cache: {context['cache']}. Load: Locust, "
        f"{context['users']} users with no wait, {context['seconds']} s per page, one "
        "page at a time. The load generator runs on the same cores as the server, so "
        "compare pages as ratios to the floor in this run, not across machines.",
        "",
        "## Data",
        "",
        "| what | rows |",
        "| --- | ---: |",
        f"| schools | {fmt(data.get('schools'))} |",
        f"| people | {fmt(data.get('users'))} |",
        f"| research projects | {fmt(data.get('projects'))} |",
        f"| recommendations | {fmt(data.get('recommendations'))} |",
        f"| journal edition articles | {fmt(journal.get('articles', journal.get('journal')))} |",
        "",
        f"Seeding took {data.get('seconds')} s (goal: under 300 s): "
        + ", ".join(f"{k} {v} s" for k, v in data.get("timings", {}).items())
        + ".",
        "",
        "## Pages",
        "",
        f"Goals: p95 under {GOAL_P95_MS} ms and at least a third of the floor's "
        "requests per second.",
        "",
        "| page | path | req/s | p50 ms | p95 ms | share of floor | errors | goals |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, page_path, _signed in context["pages"]:
        r = results.get(name)
        if not r:
            lines.append(
                f"| {name} | `{page_path}` | n/a | n/a | n/a | n/a | n/a | not run |"
            )
            continue
        share = r["rps"] / floor_rps if floor_rps else None
        ok_p95 = r["p95"] <= GOAL_P95_MS
        ok_share = share is not None and share >= GOAL_FLOOR_SHARE
        goals = (
            "floor"
            if name == "floor"
            else (
                ("p95 ok" if ok_p95 else "p95 over")
                + ", "
                + ("rate ok" if ok_share else "rate under")
            )
        )
        status = r.get("status")
        errors = f"{r['failures']}" + (f" (HTTP {status})" if status != 200 else "")
        lines.append(
            f"| {name} | `{page_path}` | {fmt(r['rps'])} | {fmt(r['p50'])} | "
            f"{fmt(r['p95'])} | {'' if share is None else f'{share:.0%}'} | "
            f"{errors} | {goals} |"
        )
    lines += ["", "## Journal compile", ""]
    if "compile_seconds" in journal:
        lines += [
            f"- {journal.get('articles')} articles compiled in "
            f"{journal['compile_seconds']} s (status: {journal.get('compile_status')}"
            + (f", {journal['pages']} pages" if journal.get("pages") else "")
            + ")",
            f"- peak memory: {journal.get('peak_rss_mb_main')} MB in the compiling "
            f"process, {journal.get('peak_rss_mb_largest_worker')} MB in the largest "
            "layout worker",
            f"- published: {journal.get('published')}",
        ]
    else:
        lines.append(f"- {journal.get('journal', 'not available')}")
    notes = [n for n in data.get("notes", []) if n] + context.get("notes", [])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n.strip()}" for n in notes]
    lines += ["", f"Total run time: {context['elapsed']:.0f} s.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="partnership_bench")
    parser.add_argument("--reuse", action="store_true", help="keep existing data")
    parser.add_argument("--users", type=int, default=8, help="Locust users")
    parser.add_argument("--seconds", type=int, default=20, help="per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--skip-journal", action="store_true")
    args = parser.parse_args()

    started = datetime.now(UTC)
    clock = time.monotonic()
    work = ROOT / "test-results" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    (work / "locust").mkdir(parents=True)
    database_url = pg_admin_url(args.database)
    env = production_env(database_url, work)
    manage = [PY, "manage.py"]
    seed_env = {**env, "DEBUG": "1", "ALLOW_DEMO_SEED": "1"}
    seed_env.pop("REDIS_URL", None)  # nothing to queue while seeding

    if not args.reuse:
        recreate_database(args.database)
    run([*manage, "migrate", "--noinput"], env, timeout=600, label="migrate")
    data = parse_result(
        run(
            [PY, str(BENCH / "seed.py"), "data"],
            seed_env,
            timeout=1200,
            label="seeding national-scale data",
        )
    )
    log(f"seeded in {data['seconds']} s: {data.get('timings')}")
    notes: list[str] = []
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
    try:
        run(
            [*manage, "collectstatic", "--noinput", "-v", "0"],
            env,
            timeout=600,
            label="collectstatic (manifest, as in production)",
        )
    except SystemExit as exc:
        # A missing asset breaks the manifest build: report it, and serve the
        # collected files without the manifest so the pages can still be measured.
        notes.append(
            f"collectstatic with the production manifest storage failed ({exc}); "
            "the run used STATIC_NO_MANIFEST=1. Fix before deploying."
        )
        env["STATIC_NO_MANIFEST"] = "1"
        run(
            [*manage, "collectstatic", "--noinput", "-v", "0"],
            env,
            timeout=600,
            label="collectstatic (no manifest)",
        )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results: dict = {}
    page_list = pages(data, journal)
    with Gunicorn(env, port, args.workers, work / "gunicorn.log"):
        for name, path, signed_in in page_list:
            cookie = data["session_key"] if signed_in else ""
            status, size = check_page(base, path, cookie)
            if status != 200:
                notes.append(f"{name} ({path}) answered HTTP {status} before the load")
            result = locust(
                base, name, path, cookie, args.users, args.seconds, work / "locust"
            )
            if result:
                result["status"] = status
                results[name] = result
                log(
                    f"{name}: {result['rps']:.0f} req/s, p50 {result['p50']:.0f} ms, "
                    f"p95 {result['p95']:.0f} ms, {result['failures']} errors"
                )
            else:
                notes.append(f"{name}: Locust produced no statistics")
    if journal.get("published") is not True and "journal" not in journal:
        notes.append(
            f"journal edition page not loaded: published={journal.get('published')}"
        )

    RESULTS.mkdir(exist_ok=True)
    report = RESULTS / f"{started:%Y-%m-%d}.md"
    context = {
        "started": started,
        "data": data,
        "journal": journal,
        "results": results,
        "pages": page_list,
        "notes": notes,
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "cache": "Redis" if env.get("REDIS_URL") else "local memory (REDIS_URL unset)",
        "elapsed": time.monotonic() - clock,
    }
    write_report(report, context)
    (work / "results.json").write_text(json.dumps(context, default=str, indent=1))
    log(f"report written to {report.relative_to(ROOT)}")
    print(report.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
