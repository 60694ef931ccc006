"""Many articles at once: ``python -m korea_notes import SOURCE``.

A batch comes in one of two shapes:

- **a folder of text files and a metadata CSV** (``--metadata META.csv``): one row per
  article, with the columns of ``corpus/metadata.csv`` (:data:`korea_notes.corpus.REQUIRED_COLUMNS`
  and any extra column the corpus has), where ``file`` is the text file's path inside the
  folder; ``published`` and ``outlet`` are required, the others may be left out or empty
  (defaults: :data:`korea_notes.adding.ROW_DEFAULTS`; ``article_id`` from the date and the file
  name, as ``add`` makes it; ``source_file`` the file's name). A ``sha256`` column, where
  filled, must be the checksum of the file (a check that the file is the one described). Every
  ``*.txt`` file of the folder needs a row. SOURCE may also be one text file with its row.
- **JSON Lines** (``SOURCE.jsonl``): one JSON object per line, with the article's ``text`` and
  the same metadata keys (strings, or null for empty); ``article_id`` defaults to the date and
  the title (or the file name and line), ``source_file`` to "<file>, line N".

The batch has the guarantees of ``add`` (:mod:`korea_notes.adding`): it is tried in a temporary
copy of the corpus first; every problem of every article is reported together, located in the
metadata CSV or JSON Lines file (line) or the text file (byte and line), with its fix; when
anything is wrong nothing is changed; and the articles are written all or none.

Duplicates are never added twice: an article with the same bytes as one of the corpus or of
the batch, and a **near-duplicate** (the same text once whitespace and the page furniture of
``korea_notes/cleaning_rules.yml`` such as bylines, credits and date lines are set aside: a wire
copy), are problems, or with ``skip_duplicates`` are left out and listed as skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd
from tqdm import tqdm

from korea_notes.adding import (
    Duplicate,
    NewArticle,
    commit_articles,
    metadata_header,
    new_row,
    problems_in_copy,
    refusals,
    same_texts,
    slug,
)
from korea_notes.corpus import (
    METADATA_FILE,
    REQUIRED_COLUMNS,
    CorpusError,
    Problem,
    load_articles,
)
from korea_notes.paths import CORPUS_DIR
from korea_notes.problems import ProblemsError

REQUIRED_IMPORT_COLUMNS: tuple[str, ...] = ("published", "outlet")
"""Metadata every article of a batch must be given (besides its ``file`` or ``text``)."""

COMPUTED_COLUMNS: tuple[str, ...] = ("file", "sha256")
"""Columns of ``metadata.csv`` that the import computes (a CSV's ``file`` is the text's path in
the folder, its ``sha256`` a check; JSON Lines give neither)."""

JSON_LINES_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson")
"""File name endings read as JSON Lines."""

REPORT_COLUMNS: tuple[str, ...] = (
    "origin", "where", "article_id", "file", "sha256", "status", "duplicate_of",
)
"""Columns of :func:`import_articles`' table, one row per article of the batch, in batch order:
origin, where (the metadata CSV or JSON Lines file and the line that describe the article);
article_id; file (its name in corpus/articles/); sha256 (of its bytes); status ("added",
"would add" in a dry run, or "skipped": a duplicate left out with ``skip_duplicates``);
duplicate_of (for a skipped article, what it repeats; else empty)."""

ID_FIX = "the article_id column"
_TITLE_WORDS = 8
_LINE = re.compile(r"line (\d+)")
T = TypeVar("T")


class BatchError(ProblemsError):
    """The batch cannot be imported as it is; ``problems`` lists every reason (each a
    :class:`korea_notes.corpus.Problem`: file, where, what, fix). Nothing was changed."""

    def __init__(self, source: Path, problems: Sequence[Problem]):
        super().__init__(f"the import of {source} (nothing was changed)", problems)


@dataclass
class Batch:
    """The articles read from a source and the problems found while reading it."""

    articles: list[NewArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def import_articles(source: str | Path, metadata: str | Path | None = None,
                    corpus: str | Path | None = None, *, dry_run: bool = False,
                    skip_duplicates: bool = False, progress: bool | None = None
                    ) -> pd.DataFrame:
    """Add every article of ``source`` (see the module docstring) to ``corpus`` (default: the
    project's ``corpus/``), or none.

    Returns one row per article (columns :data:`REPORT_COLUMNS`). Raises :class:`BatchError`
    listing every problem, having changed nothing, when anything is wrong (a duplicate too,
    unless ``skip_duplicates``). ``dry_run`` checks everything and changes nothing.
    ``progress`` shows progress bars on stderr (default: when stderr is a terminal).
    """
    source, corpus = Path(source), Path(corpus) if corpus is not None else CORPUS_DIR
    batch = read_batch(source, None if metadata is None else Path(metadata), corpus, progress)
    problems = list(batch.problems)
    duplicates = same_texts(batch.articles, corpus)
    duplicates += near_duplicates(batch.articles, corpus, {id(d.article) for d in duplicates},
                                  progress)
    order = {id(article): index for index, article in enumerate(batch.articles)}
    duplicates.sort(key=lambda d: order[id(d.article)])
    left_out = {id(d.article) for d in duplicates} if skip_duplicates else set()
    if not skip_duplicates:
        problems += [duplicate.problem() for duplicate in duplicates]
    articles = [article for article in batch.articles if id(article) not in left_out]
    refused, tryable = refusals(articles, corpus, ID_FIX)
    problems += refused
    if tryable:
        problems += problems_in_copy(tryable, corpus)
    if not batch.articles and not problems:
        problems.append(Problem(str(metadata or source), "", "there is no article in it",
                                "give one row (or line) per article"))
    if problems:
        raise BatchError(source, sorted_problems(problems))
    if articles and not dry_run:
        commit_articles(articles, corpus, progress=progress)
    status = "would add" if dry_run else "added"
    return report_table(batch.articles, duplicates if skip_duplicates else [], status)


def read_batch(source: Path, metadata: Path | None, corpus: Path = CORPUS_DIR,
               progress: bool | None = None) -> Batch:
    """The articles of ``source`` (a folder or text file described by ``metadata``, or a JSON
    Lines file) with the problems found reading them; columns are checked against the
    corpus's ``metadata.csv``."""
    header = metadata_header(corpus)
    if source.suffix.lower() in JSON_LINES_SUFFIXES and source.is_file():
        if metadata is not None:
            return Batch(problems=[Problem(str(metadata), "", "JSON Lines carry their own "
                                           "metadata", "leave out --metadata")])
        return read_json_lines(source, header, progress)
    if not source.exists():
        return Batch(problems=[Problem(str(source), "", "no such file or folder",
                                       "give a folder of text files, one text file, or a "
                                       f"JSON Lines file ({', '.join(JSON_LINES_SUFFIXES)})")])
    if metadata is None:
        return Batch(problems=[Problem(str(source), "", "no metadata given", "pass --metadata "
                                       "META.csv with one row per article (or give a JSON "
                                       "Lines file)")])
    return read_folder(source, metadata, header, progress)


# --- a folder (or one file) and a metadata CSV -------------------------------------------------


def read_folder(source: Path, metadata: Path, header: Sequence[str],
                progress: bool | None = None) -> Batch:
    """The articles that the rows of the CSV ``metadata`` describe, their files in the folder
    ``source`` (or ``source`` itself, a single text file); problems of the CSV, of its rows
    and of files without a row."""
    folder = source if source.is_dir() else source.parent
    name = str(metadata)
    rows, problems = _csv_rows(metadata, header)
    batch = Batch(problems=problems)
    first_line: dict[Path, int] = {}
    for line, values in _bar(rows, progress, "reading"):
        where = f"line {line}" + (f" ({values['file']})" if values.get("file") else "")
        path = _row_path(values.get("file", ""), folder, source, name, where, batch.problems)
        if path is None:
            continue
        if path in first_line:
            batch.problems.append(Problem(name, where, f"file {values['file']!r} is also on "
                                          f"line {first_line[path]}",
                                          "give each article one row"))
            continue
        first_line[path] = line
        data = path.read_bytes()
        given = values.pop("sha256", "")
        if given and given != hashlib.sha256(data).hexdigest():
            batch.problems.append(Problem(
                name, where, f"sha256 {given} is not that of the file "
                f"({hashlib.sha256(data).hexdigest()})", "give the file as received (or "
                "correct or empty the sha256 cell)"))
            continue
        values_file = values.pop("file")
        batch.articles.append(NewArticle(data, new_row(data, values, path.name), name, where,
                                         str(folder / values_file)))
    listed = set(first_line) | {_resolved(folder, v.get("file", "")) for _, v in rows}
    candidates = sorted(folder.rglob("*.txt")) if source.is_dir() else [source]
    batch.problems += [
        Problem(str(path), "", f"the file has no row in {name}", f"add its row to {name}, or "
                "move the file out of the folder")
        for path in candidates
        if path.resolve() not in listed
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)]
    return batch


def _csv_rows(metadata: Path, header: Sequence[str]) -> tuple[list[tuple[int, dict]],
                                                               list[Problem]]:
    """(line, values) of each non-blank row of the metadata CSV, and its problems."""
    name = str(metadata)
    if not metadata.is_file():
        return [], [Problem(name, "", "no such file", "give the metadata CSV's path")]
    raw = metadata.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return [], [Problem(name, f"byte {error.start} (line {line})", "not UTF-8",
                            "save the CSV as UTF-8")]
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    try:
        columns = reader.fieldnames or []
        problems += _column_problems(columns, ("file", *REQUIRED_IMPORT_COLUMNS),
                                     _allowed(header), name, "line 1", "column")
        if problems:
            return [], problems
        for values in reader:
            fields = [v for k, v in values.items() if k is not None and v is not None]
            fields += list(values.get(None) or [])
            if len(fields) != len(columns):
                problems.append(Problem(name, f"line {reader.line_num}", f"the row has "
                                        f"{len(fields)} fields, the header {len(columns)}",
                                        "give the row one value per column (and put values "
                                        "that contain commas in double quotes)"))
            elif any(value.strip() for value in fields):
                rows.append((reader.line_num, {k: v.strip() for k, v in values.items()}))
    except csv.Error as error:
        # DictReader.line_num lags behind on an error; its reader's is the failing line.
        problems.append(Problem(name, f"line {reader.reader.line_num}", f"not valid CSV ({error})",
                                "check the quoting on that line and the lines after it"))
    return rows, problems


def _allowed(header: Sequence[str]) -> list[str]:
    """The metadata columns an import may give: the corpus's, or the required ones when the
    corpus has no readable metadata.csv (then that is reported)."""
    return list(dict.fromkeys([*(header or REQUIRED_COLUMNS)]))


def _column_problems(columns: Iterable[str], required: Sequence[str], allowed: Sequence[str],
                     name: str, where: str, noun: str) -> list[Problem]:
    """Missing, repeated and unknown columns (or keys) of a batch."""
    columns = list(columns)
    problems = []
    missing = [column for column in required if column not in columns]
    if missing:
        problems.append(Problem(name, where, f"missing {noun}(s): {', '.join(missing)}",
                                f"add the {noun}(s) and fill them for every article"))
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        problems.append(Problem(name, where, f"repeated {noun}(s): {', '.join(repeated)}",
                                f"give each {noun} once"))
    unknown = [column for column in dict.fromkeys(columns) if column not in allowed]
    if unknown:
        problems.append(Problem(
            name, where, f"unknown {noun}(s): {', '.join(map(repr, unknown))} (not a column "
            f"of {METADATA_FILE})", f"use only {', '.join(allowed)}; to keep more metadata, "
            f"add its column to the corpus's {METADATA_FILE} first"))
    return problems


def _resolved(folder: Path, file: str) -> Path:
    return (folder / file).resolve()


def _row_path(file: str, folder: Path, source: Path, name: str, where: str,
              problems: list[Problem]) -> Path | None:
    """The text file a row names, or None with the problem added."""
    if not file:
        problems.append(Problem(name, where, "file is empty", "give the text file's path "
                                f"inside {folder}"))
        return None
    path = _resolved(folder, file)
    if not path.is_relative_to(folder.resolve()):
        problems.append(Problem(name, where, f"file {file!r} lies outside {folder}",
                                "give a path inside the folder being imported"))
        return None
    if not source.is_dir() and path != source.resolve():
        problems.append(Problem(name, where, f"the row is for {file!r}, but only {source} is "
                                "imported", "import the folder instead, or remove the row"))
        return None
    if not path.is_file():
        problems.append(Problem(name, where, f"no such file: {folder / file}",
                                "give the path of the text file inside the folder, or remove "
                                "the row"))
        return None
    return path


# --- JSON Lines --------------------------------------------------------------------------------


def read_json_lines(path: Path, header: Sequence[str], progress: bool | None = None) -> Batch:
    """The articles of a JSON Lines file (one object per line: ``text`` and metadata) and the
    problems of its lines."""
    name = str(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Batch(problems=[Problem(name, f"byte {error.start}", "not UTF-8",
                                       "save the file as UTF-8 (JSON is UTF-8)")])
    allowed = ["text", *(c for c in _allowed(header) if c not in COMPUTED_COLUMNS)]
    batch = Batch()
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in _bar(lines, progress, "reading"):
        where = f"line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            batch.problems.append(Problem(name, where, f"not valid JSON ({error.msg}, column "
                                          f"{error.colno})", "write one JSON object per line"))
            continue
        if not isinstance(item, dict):
            batch.problems.append(Problem(name, where, f"a JSON {type(item).__name__}, not an "
                                          "object", 'write one object per line: {"text": '
                                          '"...", "published": "...", ...}'))
            continue
        problems = _column_problems(item, ("text", *REQUIRED_IMPORT_COLUMNS), allowed, name,
                                    where, "key")
        problems += [Problem(name, where, f"{key} is a JSON {type(value).__name__}, not a "
                             "string", f'write it in quotes, e.g. "{key}": "{value}"')
                     for key, value in item.items()
                     if value is not None and not isinstance(value, str)]
        if problems:
            batch.problems += problems
            continue
        values = {key: (value or "").strip() for key, value in item.items() if key != "text"}
        data = item["text"].encode("utf-8", "surrogatepass")
        source_name = values.get("source_file") or f"{path.name}, line {number}"
        if not values.get("article_id"):
            words = " ".join(values.get("title", "").split()[:_TITLE_WORDS])
            stem = slug(words) or slug(f"{path.stem}-{number}")
            values["article_id"] = f"{slug(values.get('published', '')) or 'undated'}_{stem}"
        batch.articles.append(NewArticle(data, new_row(data, values, source_name), name, where,
                                         name, f"{where}, text"))
    return batch


# --- near-duplicates ---------------------------------------------------------------------------


def fingerprint(texts: Sequence[str]) -> list[str | None]:
    """Per text, the sha256 of its clean text (:func:`korea_notes.cleaning.clean_articles`:
    without bylines, credits, captions and the other page furniture of the cleaning rules) with
    every run of whitespace made one space; None for a text with nothing left."""
    from korea_notes.cleaning import clean_articles

    if not texts:
        return []
    frame = pd.DataFrame({"article_id": [str(i) for i in range(len(texts))],
                          "raw_text": list(texts)})
    clean = clean_articles(frame)[0]["clean_text"]
    normal = [" ".join(str(text).split()) for text in clean]
    return [hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() if text else None
            for text in normal]


def near_duplicates(articles: Sequence[NewArticle], corpus: Path,
                    exclude: Iterable[int] = (), progress: bool | None = None
                    ) -> list[Duplicate]:
    """The articles whose :func:`fingerprint` is that of an article of the corpus or of an
    earlier article (but those whose ``id()`` is in ``exclude``: known duplicates)."""
    exclude = set(exclude)
    try:
        existing = load_articles(corpus)
    except CorpusError as error:
        existing = error.articles  # the corpus's own problems are reported by validation
    known: dict[str, tuple[str, bool]] = {}
    if len(existing):
        for article_id, mark in zip(existing["article_id"],
                                    fingerprint(list(existing["raw_text"])), strict=True):
            if mark is not None:
                known.setdefault(mark, (str(article_id), True))
    readable = [(article, _decoded(article.data)) for article in articles]
    readable = [(article, text) for article, text in readable if text is not None]
    marks = fingerprint([text for _, text in _bar(readable, progress, "comparing")])
    found = []
    for (article, _), mark in zip(readable, marks, strict=True):
        if mark is None:
            continue
        if mark in known and id(article) not in exclude:
            found.append(Duplicate(article, "near-duplicate", *known[mark]))
        known.setdefault(mark, (_place(article), False))
    return found


def _decoded(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # validation names it
    return text if "\x00" not in text and text.strip() else None


def _place(article: NewArticle) -> str:
    return f"{article.origin}, {article.where}" if article.where else article.origin


# --- the report --------------------------------------------------------------------------------


def report_table(articles: Sequence[NewArticle], skipped: Sequence[Duplicate],
                 status: str) -> pd.DataFrame:
    """One row per article of the batch (columns :data:`REPORT_COLUMNS`)."""
    left_out = {id(d.article): d for d in skipped}
    rows = [{"origin": article.origin, "where": article.where,
             "article_id": article.article_id, "file": article.file,
             "sha256": article.row["sha256"],
             "status": "skipped" if id(article) in left_out else status,
             "duplicate_of": left_out[id(article)].of if id(article) in left_out else ""}
            for article in articles]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The problems by file, then line (those without a line first), else in the order found."""
    def key(problem: Problem) -> tuple[str, int]:
        line = _LINE.match(problem.where)
        return problem.file, int(line.group(1)) if line else 0

    return sorted(problems, key=key)


def _bar(items: Sequence[T], show: bool | None, what: str) -> Iterator[T]:
    """``items`` with a progress bar on stderr (``show`` None: when stderr is a terminal)."""
    return iter(tqdm(items, desc=what, unit="article", disable=None if show is None else not show,
                     leave=True))

