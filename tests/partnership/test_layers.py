"""The layers import downwards only: schools knows nothing of partnerships' models,
partnership models know nothing of schools' code, and the kernel imports no app.

Imports inside functions count too: they hide a cycle, they do not remove it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Parts being moved into apps of their own have their own rules (and tests).
MOVING: tuple[str, ...] = ()


def _modules(*patterns: str) -> list[Path]:
    paths = {p for pattern in patterns for p in ROOT.glob(pattern)}
    return sorted(
        p
        for p in paths
        if "migrations" not in p.parts and not any(m in str(p) for m in MOVING)
    )


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        prefixes = tuple(f"{name}." for name in forbidden)
        bad = sorted(
            n for n in _imported(path) if n in forbidden or n.startswith(prefixes)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


SCHOOLS_CODE = _modules("schools/*.py", "schools/models/*.py", "schools/**/*.py")
PARTNERSHIP_MODELS = _modules("partnership/models/*.py")
KERNEL = _modules(
    "partnership/kernel/*.py",
    "partnership/writing.py",
    "partnership/uploads.py",
    "partnership/models/notifications.py",
    "partnership/services/notifications.py",
)


def test_there_is_code_to_check():
    assert ROOT.joinpath("schools/services.py") in SCHOOLS_CODE
    assert ROOT.joinpath("partnership/models/core.py") in PARTNERSHIP_MODELS
    assert ROOT.joinpath("partnership/kernel/errors.py") in KERNEL


@pytest.mark.parametrize(
    ("paths", "forbidden"),
    [
        (SCHOOLS_CODE, ("partnership.models",)),
        (PARTNERSHIP_MODELS, ("schools",)),
        (KERNEL, ("schools", "research", "journal")),
    ],
    ids=["schools-imports-no-partnership-models", "partnership-models", "kernel"],
)
def test_no_module_imports_upwards(paths, forbidden):
    assert _offending(paths, forbidden) == {}


def test_the_check_finds_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from partnership.models import Membership\n")
    assert _imported(module) >= {"partnership.models.Membership"}
