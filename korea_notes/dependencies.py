"""What a piece of the package depends on: its modules, the data files they read, the packages
they import; and one fingerprint over all of it.

The dependencies are found, not listed: starting from the modules of some functions, every
``korea_notes`` module they import (at the top or inside a function, read from the source with
:mod:`ast`) is followed; a data file is any file of the package folder that such a module names
in a string (``"codebook.yml"``, ``PACKAGE_DIR / "speech.yml"``) or holds as a ``Path``; the
third-party packages are those the modules import, with their installed versions. So a module
that is renamed, split or added, or a new data file (a learned model beside the code), is part
of the fingerprint as soon as the code that uses it imports or names it. The closure is on
whole modules, which errs on the side of including too much: a module imported only by a helper
of the same file counts for every function of that file.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path
from types import ModuleType

from korea_notes.paths import PACKAGE_DIR

PACKAGE = "korea_notes"


@dataclass(frozen=True)
class Dependencies:
    """The modules (dotted names), data files (relative to the package folder) and installed
    distributions (``name==version``) that some code depends on, each sorted."""

    modules: tuple[str, ...]
    data: tuple[str, ...]
    distributions: tuple[str, ...]

    def fingerprint(self) -> str:
        """SHA-256 over the source of every module, the bytes of every data file and the
        distribution versions: any edit to any of them changes it."""
        digest = hashlib.sha256()
        for name in self.modules:
            digest.update(f"module {name}\0".encode() + _source_path(name).read_bytes() + b"\0")
        for name in self.data:
            digest.update(f"data {name}\0".encode() + (PACKAGE_DIR / name).read_bytes() + b"\0")
        for name in self.distributions:
            digest.update(f"distribution {name}\0".encode())
        return digest.hexdigest()


def dependencies(functions: Iterable[Callable], data: Iterable[str] = ()) -> Dependencies:
    """The dependencies of ``functions`` (anything with a ``__module__`` in the package) plus
    the declared data files ``data`` (names relative to the package folder)."""
    roots = sorted({function.__module__ for function in functions})
    outside = [name for name in roots if not _inside(name)]
    if outside:
        raise ValueError(f"{outside} are not modules of {PACKAGE}: only the package's own "
                         "code has a fingerprint")
    modules = module_closure(roots)
    files = set(data)
    packages: set[str] = set()
    for name in modules:
        found = _imports_and_files(name)
        files.update(found.data)
        packages.update(found.third_party)
    missing = sorted(name for name in files if not (PACKAGE_DIR / name).is_file())
    if missing:
        raise FileNotFoundError(f"declared data file(s) {missing} are not in {PACKAGE_DIR}. "
                                "Fix: correct the names in korea_notes/stages.py.")
    return Dependencies(tuple(modules), tuple(sorted(files)), _distributions(packages))


def module_closure(roots: Iterable[str]) -> list[str]:
    """Every package module reachable from ``roots`` by imports, sorted."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_imports_and_files(name).package - seen)
    return sorted(seen)


@dataclass(frozen=True)
class _Found:
    package: frozenset[str]
    third_party: frozenset[str]
    data: frozenset[str]


@lru_cache(maxsize=256)
def _imports_and_files(name: str) -> _Found:
    """The package modules, top-level third-party modules and data files one module names."""
    path = _source_path(name)
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package: set[str] = set()
    third_party: set[str] = set()
    data: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _sort_import(alias.name, package, third_party)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            _sort_import(node.module, package, third_party)
            if node.module == PACKAGE:  # from korea_notes import tagging, tone
                package.update(f"{PACKAGE}.{alias.name}" for alias in node.names
                               if _is_module(f"{PACKAGE}.{alias.name}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _is_data_file(node.value):
                data.add(node.value)
    data.update(_path_globals(name))
    return _Found(frozenset(package), frozenset(third_party), frozenset(data))


def _sort_import(module: str, package: set[str], third_party: set[str]) -> None:
    top = module.split(".")[0]
    if top == PACKAGE:
        if module != PACKAGE and _is_module(module):
            package.add(module)
    elif top not in sys.stdlib_module_names and top != "__future__":
        third_party.add(top)


def _inside(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


@lru_cache(maxsize=256)
def _is_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _source_path(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"{name}: no source file found")
    return Path(spec.origin)


def _is_data_file(text: str) -> bool:
    """A string naming a non-Python file of the package folder ("codebook.yml")."""
    if not text or len(text) > 200 or "\n" in text or text.endswith((".py", ".pyc")):
        return False
    try:
        return (PACKAGE_DIR / text).is_file()
    except (OSError, ValueError):
        return False


def _path_globals(name: str) -> set[str]:
    """Data files a loaded module holds as module-level ``Path`` values inside the package."""
    module: ModuleType | None = sys.modules.get(name)
    if module is None:
        return set()
    files = set()
    for value in vars(module).values():
        if isinstance(value, Path) and value.suffix not in (".py", ".pyc"):
            try:
                relative = value.resolve().relative_to(PACKAGE_DIR)
            except ValueError:
                continue
            if value.is_file():
                files.add(relative.as_posix())
    return files


def _distributions(modules: Iterable[str]) -> tuple[str, ...]:
    """``name==version`` of the installed distributions providing these top-level modules."""
    providers = _providers()
    found = set()
    for module in modules:
        for distribution in providers.get(module, [module]):
            found.add(_version(distribution))
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def _providers() -> dict[str, list[str]]:
    """Top-level module -> distributions, looked up once per process (an upgraded package
    takes effect only after a restart anyway)."""
    return packages_distributions()


@lru_cache(maxsize=256)
def _version(distribution: str) -> str:
    try:
        return f"{distribution}=={version(distribution)}"
    except PackageNotFoundError:
        return f"{distribution} (not installed)"
