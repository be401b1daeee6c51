"""The bench's report in the README: every page's figures and the journal compile
against its goals."""

from bench.report import README_END, README_START, update_readme

JOURNAL = {
    "articles": 300,
    "compile_seconds": 20.1,
    "pages": 1516,
    "peak_rss_mb_main": 167.8,
    "peak_rss_mb_largest_worker": 130.1,
}


def readme_after(tmp_path, journal) -> str:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Portal\n\n{README_START}\nold table\n{README_END}\n\nMore.\n")
    report = tmp_path / "bench" / "results" / "2026-11-29.md"
    context = {"scale": "national", "pages": [], "results": {}, "journal": journal}
    assert update_readme(readme, report, context)
    return readme.read_text()


def test_the_readme_says_the_compile_met_its_goals(tmp_path):
    text = readme_after(tmp_path, JOURNAL)
    assert "old table" not in text
    assert text.endswith("More.\n")
    assert (
        "Journal compile: 300 articles, 1516 pages in 20.1 s, at most 428 MB "
        "(goal: under 30 s and 1 GiB: ok)." in text
    )


def test_the_readme_says_when_the_compile_is_over_its_goal(tmp_path):
    assert "(goal: under 30 s and 1 GiB: over)" in readme_after(
        tmp_path, {**JOURNAL, "compile_seconds": 35.8}
    )
    assert "Journal compile: skipped (--skip-journal)." in readme_after(
        tmp_path, {"journal": "skipped (--skip-journal)"}
    )
