"""On-disk cache of sentence annotations, one file per article, in an open text format.

Each entry is a tab-separated text file ``<key>.tsv`` (UTF-8) under ``.cache/language/`` in
the repository (git-ignored). Its first line names the fields; then comes one line per sentence,
in order, with the sentence text first and then the annotation columns of
:func:`korea_notes.language.annotate`: tokens, lemmas and tags as items separated by single
spaces, noun phrases separated by "|", polarities as Python float literals (exact round trip).
A sentence whose values cannot be written so (a tab or line break in the text, an item with a
space, an empty item, a phrase with "|", a text starting with "[") is written on its line as a
JSON array instead. Any TSV or JSON reader can open the files.

The key of an entry is the SHA-256 of

- the *code version*: the source of the modules that compute annotations and the versions of
  the packages they call (see :func:`code_version`), and
- the article's *content*: the text of each of its sentences, in order.

The sentences are what the clean text and the splitting rules (``sentences.yml``) make of the
article, so a changed article, or a changed splitting rule that changes how an article is cut,
gives that article a new key and only that article is recomputed; a change to the annotation
code gives every article a new key. Files are written atomically and byte-identically. An
unreadable or mismatching file is recomputed and replaced, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from operator import methodcaller
from pathlib import Path

from korea_notes.paths import CACHE_DIR, PACKAGE_DIR

LANGUAGE_CACHE_DIR: Path = CACHE_DIR / "language"
"""Where :func:`korea_notes.language.annotate` keeps its cache by default."""

ANNOTATION_CODE: tuple[str, ...] = ("language.py", "tagging.py", "tone.py", "cache.py")
"""Modules of ``korea_notes`` whose source is part of every cache key."""

ANNOTATION_PACKAGES: tuple[str, ...] = ("textblob-de", "textblob", "simplemma")
"""Packages whose installed version is part of every cache key."""

FIELD_KINDS: tuple[str, ...] = ("text", "items", "phrases", "float")
"""How a field is stored: the sentence text, space-separated items, "|"-separated phrases, a
float."""

ANNOTATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("text", "text"),
    ("tokens", "items"),
    ("lemmas", "items"),
    ("tags", "items"),
    ("noun_phrases", "phrases"),
    ("polarity_raw", "float"),
    ("polarity", "float"),
)
"""The fields of a cache line: the sentence, then the columns ``annotate`` adds, in order."""

_ITEM_SEPARATOR = " "
_PHRASE_SEPARATOR = "|"
_SPLIT_ITEMS = methodcaller("split", _ITEM_SEPARATOR)
_SPLIT_FIELDS = methodcaller("split", "\t")


def code_version(
    modules: Iterable[str] = ANNOTATION_CODE, packages: Iterable[str] = ANNOTATION_PACKAGES
) -> str:
    """SHA-256 over the source of ``modules`` and the installed versions of ``packages``."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0" + (PACKAGE_DIR / name).read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={version(package)}\0".encode())
    return digest.hexdigest()


def content_key(code: str, texts: Sequence[str]) -> str:
    """The cache key of one article: its sentence texts under a given code version."""
    lengths = ",".join(str(len(text)) for text in texts)
    payload = f"{code}\0{len(texts)}\0{lengths}\0" + "".join(texts)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class AnnotationCache:
    """A directory of cached annotations, with a record of what each run reused or computed.

    ``hits`` and ``misses`` list the article ids served from disk and computed, in the order
    asked; they accumulate over calls (make a new object to start a fresh record). ``fields``
    are (name, kind) pairs, kinds from :data:`FIELD_KINDS`; the first is the sentence text.
    """

    directory: Path = LANGUAGE_CACHE_DIR
    code: str = field(default_factory=code_version)
    fields: tuple[tuple[str, str], ...] = ANNOTATION_FIELDS
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)
        self.fields = tuple((name, kind) for name, kind in self.fields)
        unknown = [kind for _, kind in self.fields if kind not in FIELD_KINDS]
        if unknown or not self.fields or self.fields[0][1] != "text":
            raise ValueError(
                f"cache fields must start with a text field and use kinds {FIELD_KINDS}; got "
                f"{self.fields}"
            )
        self._header = "\t".join(name for name, _ in self.fields)
        self._last_key: tuple[tuple[str, ...], str] | None = None
        self._directory_ready = False

    def key(self, texts: Sequence[str]) -> str:
        texts = tuple(texts)
        if self._last_key is None or self._last_key[0] != texts:
            self._last_key = (texts, content_key(self.code, texts))
        return self._last_key[1]

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.tsv"

    def load(self, article_id: str, texts: Sequence[str]) -> dict[str, list] | None:
        """The cached values for these sentences, one list per field, or None (a miss)."""
        path = self.path(self.key(texts))
        columns = self._read(path)
        text_field = self.fields[0][0]
        if columns is not None and columns[text_field] != list(texts):
            warnings.warn(f"{path}: cached sentences do not match; recomputing", stacklevel=2)
            columns = None
        (self.hits if columns is not None else self.misses).append(article_id)
        return columns

    def store(self, texts: Sequence[str], records: Sequence[Sequence]) -> Path:
        """Write ``records`` (one per sentence: the field values in order, its text first)."""
        path = self.path(self.key(texts))
        if not self._directory_ready:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._directory_ready = True
        lines = [self._header, *(self._line(record) for record in records)]
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
        os.replace(temporary, path)
        return path

    def _line(self, record: Sequence) -> str:
        cells = [_cell(value, kind) for value, (_, kind) in zip(record, self.fields, strict=True)]
        if any(cell is None for cell in cells) or cells[0].startswith("["):
            return json.dumps([_plain(value) for value in record], ensure_ascii=False)
        return "\t".join(cells)

    def _read(self, path: Path) -> dict[str, list] | None:
        try:
            text = path.read_bytes().decode("utf-8", "surrogatepass")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            warnings.warn(f"{path}: unreadable cache file ({error}); recomputing", stacklevel=3)
            return None
        header, _, body = text.partition("\n")
        if header != self._header or (body and not body.endswith("\n")):
            warnings.warn(f"{path}: not a cache file of these fields; recomputing", stacklevel=3)
            return None
        try:
            has_json = body.startswith("[") or "\n[" in body
            return self._columns(body[:-1].split("\n") if body else [], has_json)
        except (ValueError, TypeError) as error:
            warnings.warn(f"{path}: unreadable cache file ({error}); recomputing", stacklevel=3)
            return None

    def _columns(self, lines: list[str], has_json: bool) -> dict[str, list]:
        if has_json:
            rows = [self._row(line) for line in lines]
        else:
            rows = list(map(_SPLIT_FIELDS, lines))
            if any(len(row) != len(self.fields) for row in rows):
                raise ValueError("a line has the wrong number of fields")
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(self.fields)
        decode = _decode_mixed_column if has_json else _decode_column
        return {
            name: decode(list(values), kind)
            for (name, kind), values in zip(self.fields, columns, strict=True)
        }

    def _row(self, line: str) -> list:
        """One line as cells: JSON lines are turned into the cells a TSV line would give."""
        if not line.startswith("["):
            row = line.split("\t")
            if len(row) != len(self.fields):
                raise ValueError("a line has the wrong number of fields")
            return row
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise ValueError("a JSON line has the wrong number of fields")
        return [_Decoded(value) for value in values]


class _Decoded:
    """A value read from a JSON line, passed through column decoding unchanged."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value


def _cell(value, kind: str) -> str | None:
    """The TSV cell for ``value``, or None when it cannot be written as one."""
    if kind == "float":
        return repr(float(value))
    if kind == "text":
        return None if any(mark in value for mark in "\t\n\r") else value
    separator = _ITEM_SEPARATOR if kind == "items" else _PHRASE_SEPARATOR
    joined = separator.join(value)
    if any(mark in joined for mark in "\t\n\r"):
        return None
    if kind == "phrases" and not value:
        return ""
    return joined if value and tuple(joined.split(separator)) == tuple(value) else None


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _decode_column(cells: list[str], kind: str) -> list:
    """Values from TSV cells, the whole column at once."""
    if kind == "text":
        return cells
    if kind == "float":
        return list(map(float, cells))
    if kind == "items":
        return list(map(tuple, map(_SPLIT_ITEMS, cells)))
    return [tuple(cell.split(_PHRASE_SEPARATOR)) if cell else () for cell in cells]


def _decode_mixed_column(cells: list, kind: str) -> list:
    """Values from a column where some cells came from JSON lines."""
    return [_decode_cell(cell, kind) for cell in cells]


def _decode_cell(cell, kind: str):
    if isinstance(cell, _Decoded):
        value = cell.value
        if kind in ("items", "phrases"):
            return tuple(value)
        return float(value) if kind == "float" else value
    return _decode_column([cell], kind)[0]
