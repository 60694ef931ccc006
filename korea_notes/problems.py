"""One error shape for input a researcher must fix: every problem found, listed together."""

from __future__ import annotations

from collections.abc import Iterable

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
