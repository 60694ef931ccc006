"""What a column means, read from the documentation that defines it.

The package documents every table's columns once, in the docstring of the function that makes
it (``- ``name`` (type): meaning`` bullets, as :func:`korea_notes.corpus.load_articles` does) or
beside the constant that lists them (``name (meaning); name: meaning; a, b (meaning)``, as
:data:`korea_notes.timeline.POSITION_COLUMNS` does). :func:`column_meanings` turns such text into
one meaning per column, so that a data dictionary (:mod:`korea_notes.export`) repeats those
words rather than a second, hand-kept copy of them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_NAME = re.compile(r"\s*(?:``([a-z_][a-z0-9_]*)``|([a-z_][a-z0-9_]*))")
_BETWEEN_NAMES = re.compile(r"\s*(?:,|\band\b)\s*")
_ROLE = re.compile(r":(?:func|data|mod|class|meth|attr):`~?([^`]+)`")
_TYPE_WORDS = re.compile(
    r"^(?:str|int|float|bool|category|datetime64\[ns\]|tuples?|(?:str|int|float) or None|"
    r"(?:tuple|list)(?:\[[^\]]*\])?(?: of (?:\([^)]*\)|\w+))?)$")
"""What a parenthesis begins with when it states a column's type."""


@dataclass(frozen=True)
class Meaning:
    """What a column holds: ``text`` (the documented words) and ``type`` (the type the
    documentation states, e.g. "str", "tuple of str"; empty when it states none)."""

    text: str
    type: str = ""


def docstring_of(owner: str) -> str:
    """The documentation of ``owner``, "module.name": a function's or class's docstring, or
    the string literal that follows a module-level constant (its attribute docstring)."""
    module_name, _, name = owner.rpartition(".")
    module = importlib.import_module(module_name)
    value = getattr(module, name)
    if inspect.isfunction(value) or inspect.isclass(value):
        return inspect.getdoc(value) or ""
    tree = ast.parse(inspect.getsource(module))
    body = tree.body
    for statement, following in zip(body, body[1:], strict=False):
        targets = (statement.targets if isinstance(statement, ast.Assign) else
                   [statement.target] if isinstance(statement, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and isinstance(
                following, ast.Expr) and isinstance(following.value, ast.Constant) and \
                isinstance(following.value.value, str):
            return inspect.cleandoc(following.value.value)
    raise ValueError(f"{owner} has no documentation. Fix: write a docstring after it that "
                     "says what each of its columns holds.")


def column_meanings(doc: str) -> dict[str, Meaning]:
    """Every column documented in ``doc``, with its meaning (the first place that names a
    column wins; a column named without any words gets an empty meaning)."""
    meanings: dict[str, Meaning] = {}
    for chunk in _chunks(doc):
        found: list[tuple[list[str], Meaning]] = []
        for segment in _split_top_level(chunk, ";"):
            groups = list(_groups(segment))
            if not groups and found and found[-1][1].text:
                # a segment that names no column goes on with the meaning before it
                names, meaning = found[-1]
                found[-1] = (names, Meaning(f"{meaning.text}; {plain(segment)}", meaning.type))
            found += groups
        for names, meaning in found:
            for name in names:
                if name not in meanings or (not meanings[name].text and meaning.text):
                    meanings[name] = meaning
    return meanings


def meanings_from(owners: list[str]) -> tuple[dict[str, Meaning], dict[str, str]]:
    """The column meanings of the documentation of each owner (see :func:`docstring_of`), the
    earlier owners first, and for each column the owner its meaning comes from."""
    meanings: dict[str, Meaning] = {}
    sources: dict[str, str] = {}
    for owner in owners:
        for name, meaning in column_meanings(docstring_of(owner)).items():
            if name not in meanings or (not meanings[name].text and meaning.text):
                meanings[name] = meaning
                sources[name] = owner
    return meanings, sources


def plain(text: str) -> str:
    """Documentation text as a reader of a CSV wants it: no reST roles or double backquotes,
    whitespace made single spaces."""
    text = _ROLE.sub(lambda match: match.group(1).rpartition(".")[2], text)
    text = text.replace("``", "").replace("\\\\", "\\")
    return " ".join(text.split()).rstrip(".;,")


def _chunks(doc: str) -> Iterator[str]:
    """The bullet items and paragraphs of a docstring, each as one line."""
    current: list[str] = []
    for line in doc.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("- "):
            if current:
                yield " ".join(current)
            current = [stripped[2:]] if stripped else []
        else:
            current.append(stripped)
    if current:
        yield " ".join(current)


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside parentheses, brackets and quotation marks."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _groups(segment: str) -> Iterator[tuple[list[str], Meaning]]:
    """(names, meaning) of a segment such as "a, b (int): words", "a (words), b (words)" or
    "a (str), b (int): words" (the words after the colon are also those of the names before
    that have only a type); nothing for a segment of prose."""
    groups: list[tuple[list[str], str, str]] = []  # names, parenthesis, words
    position = 0
    while position < len(segment):
        names, position = _names(segment, position)
        if not names:
            break
        paren, rest = "", segment[position:]
        if rest.lstrip().startswith("("):
            opening = segment.index("(", position)
            closing = _closing(segment, opening)
            if closing is None:
                break
            paren, position = segment[opening + 1:closing], closing + 1
            rest = segment[position:]
        if rest.startswith(":"):
            words = rest[1:]
            groups = [(n, p, w or (words if _only_type(p) else "")) for n, p, w in groups]
            groups.append((names, paren, words))
            break
        if not rest.strip() or rest.strip() == ".":
            groups.append((names, paren, ""))
            break
        following = re.match(r"\s*,\s*", rest)
        if not (paren and following):
            break
        groups.append((names, paren, ""))
        position += following.end()
    for names, paren, words in groups:
        yield names, _meaning(paren, words)


def _names(segment: str, position: int) -> tuple[list[str], int]:
    """The column names at ``position`` ("a", "``a``, ``b``", "a and b") and where they end: a
    word counts as a name only where a list, a parenthesis, a colon or the end follows it."""
    names: list[str] = []
    while True:
        match = _NAME.match(segment, position)
        if not match or not _ends_name(segment[match.end():]):
            return names, position
        names.append(match.group(1) or match.group(2))
        position = match.end()
        between = _BETWEEN_NAMES.match(segment, position)
        following = _NAME.match(segment, between.end()) if between else None
        if not following or not _ends_name(segment[following.end():]):
            return names, position
        position = between.end()


def _ends_name(rest: str) -> bool:
    rest = rest.lstrip()
    return rest in ("", ".") or rest[0] in ",(:" or rest.startswith("and ")


def _closing(text: str, opening: int) -> int | None:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _meaning(paren: str, words: str) -> Meaning:
    """A meaning from the text in parentheses and the words after the colon; where the
    parenthesis begins with a type ("int", "tuple of str, ..."), that is the type."""
    head, _, tail = _head(plain(paren))
    words = plain(words)
    if _TYPE_WORDS.match(head):
        return Meaning("; ".join(p for p in (tail.strip(), words) if p), head)
    return Meaning("; ".join(p for p in (plain(paren), words) if p))


def _only_type(paren: str) -> bool:
    """Whether a parenthesis states a type and nothing else."""
    head, _, tail = _head(plain(paren))
    return bool(_TYPE_WORDS.match(head)) and not tail.strip()


def _head(text: str) -> tuple[str, str, str]:
    """``text`` split at its first "," or ":" outside parentheses."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char in ",:" and depth == 0:
            return text[:index].strip(), char, text[index + 1:]
    return text.strip(), "", ""
