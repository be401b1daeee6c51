"""The benchmark's report: bench/results/<date>.md and the table in the README."""

from __future__ import annotations

import os
import re
from pathlib import Path

GOAL_P95_MS = 100
GOAL_SHARE = 0.5
README_START = "<!-- bench-table:start -->"
README_END = "<!-- bench-table:end -->"


def fmt(value, unit="") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.0f}{unit}" if value >= 100 else f"{value:,.1f}{unit}"
    return f"{value}{unit}"


def _goal(page: dict, r: dict, floors: dict) -> tuple[str, str]:
    """(share of the floor it is compared with, goal verdict)."""
    kind = page["kind"]
    floor = floors.get("signed" if kind in ("signed", "signed floor") else "anon")
    if kind == "signed floor":
        floor = floors.get("anon")
    share = r["rps"] / floor if floor else None
    share_text = "" if share is None else f"{share:.0%}"
    if kind == "floor":
        return share_text, "floor"
    fast = r["p95"] < GOAL_P95_MS
    if kind == "search":
        return share_text, "p95 ok" if fast else "p95 over"
    enough = share is not None and share >= GOAL_SHARE
    if kind == "signed floor":
        return share_text, "rate ok" if enough else "rate under"
    verdict = ("p95 ok" if fast else "p95 over") + ", "
    return share_text, verdict + ("rate ok" if enough else "rate under")


def rows(context: dict) -> list[tuple[dict, dict | None, str, str]]:
    results = context["results"]
    floors = {
        "anon": (results.get("floor") or {}).get("rps"),
        "signed": (results.get("floor (signed in)") or {}).get("rps"),
    }
    out = []
    for page in context["pages"]:
        r = results.get(page["name"])
        if r is None:
            out.append((page, None, "", "not run"))
            continue
        share, goal = _goal(page, r, floors)
        out.append((page, r, share, goal))
    return out


def _load(context: dict) -> str:
    """The load average before the run and before the pages were measured: above
    about one, other work shared the cores and the figures are lower."""
    before, measured = context.get("load_before"), context.get("load_measured")
    if before is None or measured is None:
        return "load not recorded"
    return (
        f"1-minute load average {before:.2f} before the run, {measured:.2f} before "
        "the pages were measured, which counts the bench's own seeding and compile; "
        "a load above about 1 before the run means other work shared the cores"
    )


def _header(context: dict) -> list[str]:
    return [
        f"# Benchmark {context['started']:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores ({_load(context)}), PostgreSQL, gunicorn "
        f"{context['workers']} sync workers, production settings (DEBUG off, "
        f"collected static files), cache: {context['cache']}. Scale: "
        f"{context['scale']}. Load: wrk, {context['connections']} connections, "
        f"{context['seconds']} s a page, one page at a time; each request draws its "
        "path at random from the page's file of URLs (searches and filters: at least "
        "1,000 realistic parameter sets; object pages: up to 1,000 objects). The "
        "generator's CPU (share of one core) is shown beside each figure: it runs on "
        "the same cores as the server.",
        "",
    ]


def _data(context: dict) -> list[str]:
    data, journal = context["data"], context["journal"]
    return [
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
        f"Seeding took {data.get('seconds')} s: "
        + ", ".join(f"{k} {v} s" for k, v in data.get("timings", {}).items())
        + ".",
        "",
    ]


def _pages(context: dict) -> list[str]:
    lines = [
        "## Pages",
        "",
        f"Goals: object pages p95 under {GOAL_P95_MS} ms and at least half the "
        "floor's req/s; searches and filters p95 under "
        f"{GOAL_P95_MS} ms; the dashboard at least half the signed-in floor, the "
        "signed-in floor at least half the anonymous one.",
        "",
        "| page | example path | URLs | req/s | p50 ms | p95 ms | share of floor | "
        "errors | generator CPU | goals |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page, r, share, goal in rows(context):
        if r is None:
            lines.append(
                f"| {page['name']} | `{page['first']}` | {page['count']} | n/a | n/a "
                "| n/a | n/a | n/a | n/a | not run |"
            )
            continue
        lines.append(
            f"| {page['name']} | `{page['first']}` | {page['count']} | "
            f"{fmt(r['rps'])} | {fmt(r['p50'])} | {fmt(r['p95'])} | {share} | "
            f"{r['failures']} | {r['generator_cpu']:.0%} | {goal} |"
        )
    return lines


def _journal(context: dict) -> list[str]:
    journal = context["journal"]
    lines = ["", "## Journal compile", ""]
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
    return lines


def _compile_line(journal: dict) -> str:
    """The journal compile against its goals (under 30 s and 1 GiB), for the README."""
    if "compile_seconds" not in journal:
        return f"Journal compile: {journal.get('journal', 'not available')}."
    seconds = float(journal["compile_seconds"])
    # The compiling process and its two layout workers at their peaks, at most.
    memory = float(journal.get("peak_rss_mb_main") or 0) + 2 * float(
        journal.get("peak_rss_mb_largest_worker") or 0
    )
    ok = "ok" if seconds < 30 and memory < 1024 else "over"
    return (
        f"Journal compile: {journal.get('articles')} articles, "
        f"{journal.get('pages')} pages in {seconds:.1f} s, at most {memory:.0f} MB "
        f"(goal: under 30 s and 1 GiB: {ok})."
    )


def write_report(path: Path, context: dict) -> None:
    lines = _header(context) + _data(context) + _pages(context) + _journal(context)
    notes = [n for n in context["data"].get("notes", []) if n] + context["notes"]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n.strip()}" for n in notes]
    lines += ["", f"Total run time: {context['elapsed']:.0f} s.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def update_readme(readme: Path, report: Path, context: dict) -> bool:
    """Replace the README's bench table (between its markers) with this run's."""
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return False
    table = [
        README_START,
        f"Latest run: `{report.relative_to(readme.parent)}` ({context['scale']}; "
        "2 shared cores, wrk on the same machine, so read the shares of the floor).",
        "",
        "| page | req/s | p95 ms | share of floor | goals |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for page, r, share, goal in rows(context):
        if r is not None:
            table.append(
                f"| {page['name']} | {fmt(r['rps'])} | {fmt(r['p95'])} | {share} | "
                f"{goal} |"
            )
    table += ["", _compile_line(context["journal"]), README_END]
    pattern = re.escape(README_START) + r".*?" + re.escape(README_END)
    readme.write_text(
        re.sub(pattern, lambda _m: "\n".join(table), text, flags=re.S),
        encoding="utf-8",
    )
    return True
