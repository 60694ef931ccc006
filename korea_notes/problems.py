"""One error shape for input a researcher must fix: every problem found, listed together."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


class ProblemsError(ValueError):
    """Input that cannot be used as it is; ``problems`` lists every reason, one per line.

    The message reads ``N problem(s) in <subject>:`` followed by one ``  - problem`` line each,
    and any ``notes`` after them.
    """

    def __init__(self, subject: str, problems: Iterable[object], notes: Iterable[str] = ()):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in {subject}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        lines += list(notes)
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple:
        # As its message and attributes, whatever a subclass's __init__ takes: the error then
        # comes back whole from a worker process.
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(cls: type[ProblemsError], args: tuple, state: dict) -> ProblemsError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def key_lines(node: yaml.Node | None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line number (1-based) of every mapping key and list item of a composed YAML document
    (``yaml.compose``), keyed by its path of keys and item indices: where a problem is."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        children = [(str(key.value), key, value) for key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [(str(index), item, item) for index, item in enumerate(node.value)]
    else:
        return lines
    for name, marker, child in children:
        path = (*prefix, name)
        lines[path] = marker.start_mark.line + 1
        lines.update(key_lines(child, path))
    return lines


def file_stamp(path: Path, error: type[Exception], what: str, default: str) -> int:
    """The modification time of the file at ``path`` (what a loader's cache is keyed by), or
    ``error`` naming the file, ``what`` it should hold and the ``default`` path."""
    try:
        return path.stat().st_mtime_ns
    except OSError as problem:
        raise error(
            f"{path}: cannot read {what} ({problem}). Fix: check the path; the default is "
            f"{default}."
        ) from problem


def read_yaml(path: str, error: type[Exception]) -> tuple[Any, dict[tuple[str, ...], int]]:
    """The data of the YAML file at ``path`` and the line of each of its keys (see
    :func:`key_lines`), or ``error`` naming the file when it is not valid YAML."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), key_lines(yaml.compose(text))
    except yaml.YAMLError as problem:
        raise error(
            f"{path}: not valid YAML ({problem}). Fix: correct the syntax at the line shown."
        ) from problem
