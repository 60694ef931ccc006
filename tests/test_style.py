"""The code follows the house style: `ruff check` (configured in pyproject.toml) finds nothing, and
the package modules import each other in one direction."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
CHECKED = ("korea_notes", "tests", "benchmarks", "notebooks")


def test_ruff_finds_no_problem_in_package_tests_benchmarks_and_notebooks():
    targets = [name for name in CHECKED if (PROJECT_DIR / name).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *targets],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _imports_of(path: Path) -> set[str]:
    """The korea_notes modules a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "korea_notes":
                found |= {f"korea_notes.{alias.name}" for alias in node.names}
            elif node.module.startswith("korea_notes."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("korea_notes.")}
    return found


def test_the_package_modules_import_each_other_without_a_circle():
    modules = {f"korea_notes.{p.stem}": p for p in (PROJECT_DIR / "korea_notes").glob("*.py")
               if p.stem not in ("__init__", "__main__")}
    graph = {name: _imports_of(path) & set(modules) - {name} for name, path in modules.items()}
    circles = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            circles.append(" -> ".join(trail[trail.index(name):] + [name]))
            return
        for imported in sorted(graph[name]):
            visit(imported, [*trail, name])

    for name in sorted(graph):
        visit(name, [])
    assert circles == []
