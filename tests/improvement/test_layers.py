"""The improvement cycle imports downwards only: never the journal, which adds its
article count through the registry instead."""

import ast
from pathlib import Path

import pytest

from partnership.improvement import registry

APP = Path(__file__).resolve().parents[2] / "partnership" / "improvement"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_module_of_the_cycle_imports_the_journal():
    modules = [p for p in APP.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) > 10
    offending = {
        str(p.relative_to(APP)): sorted(
            n for n in _imports(p) if n.split(".")[0] == "journal"
        )
        for p in modules
    }
    assert {k: v for k, v in offending.items() if v} == {}


@pytest.mark.django_db
def test_the_journal_registers_its_article_count(client, partnership, officer):
    label, count = registry.counters()["journal-articles"]
    assert label == "Journal articles"
    assert count(partnership=partnership) == {}
    client.force_login(officer)
    page = client.get("/partnerships/riverside/outcomes/").content.decode()
    assert "Journal articles" in page
