"""One error shape for input a researcher must fix: every problem found, listed together."""

from __future__ import annotations

from collections.abc import Iterable


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
