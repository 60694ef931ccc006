"""The corpus: dated articles on disk, byte for byte as received, and their metadata.

``corpus/metadata.csv`` has one row per article; ``corpus/articles/`` holds one UTF-8 text file
per row. :func:`load_articles` checks the two against each other and returns one tidy table, or
raises :class:`CorpusError` listing every problem found (never only the first one).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from korea_notes.paths import CORPUS_DIR
from korea_notes.problems import ProblemsError

METADATA_FILE = "metadata.csv"
ARTICLES_DIR = "articles"

REQUIRED_COLUMNS: tuple[str, ...] = (
    "article_id",
    "published",
    "date_precision",
    "outlet",
    "title",
    "event",
    "date_source",
    "date_evidence",
    "outlet_evidence",
    "language",
    "file",
    "sha256",
    "source_file",
)
"""Columns ``metadata.csv`` must have, in any order (extra columns are kept as text). The loaded
table has them in this order, the most telling first, then extra columns, then ``raw_text``."""

REQUIRED_VALUES: tuple[str, ...] = (
    "article_id",
    "file",
    "sha256",
    "published",
    "date_precision",
    "date_source",
    "outlet",
    "language",
    "source_file",
)
"""Columns that may not be left empty. ``date_evidence`` is required when a date is inferred."""

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
DATE_SOURCES: tuple[str, ...] = ("text", "text+inferred", "inferred")

_ARTICLE_ID = re.compile(r"[0-9a-z][0-9a-z._-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PUBLISHED = {
    "day": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "month": re.compile(r"(\d{4})-(\d{2})(?:-01)?"),
    "year": re.compile(r"(\d{4})(?:-01-01)?"),
}
# A machine-added date line such as " date 2020-07" near the top of a text.
_DATE_LINE = re.compile(r"(?:^|\s)date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DATE_LINE_SEARCH_CHARS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the corpus: where it is, what is wrong and what to do."""

    file: str
    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        location = f"{self.file}, {self.where}" if self.where else self.file
        return f"{location}: {self.what}. Fix: {self.fix}."


class CorpusError(ProblemsError):
    """The corpus cannot be loaded as it is.

    ``problems`` lists every reason; ``articles`` holds the articles that passed every check
    (the table :func:`load_articles` would return for them, possibly empty), so that every
    article is either there or named by a problem.
    """

    def __init__(self, problems: list[Problem], articles: pd.DataFrame | None = None):
        self.articles = articles if articles is not None else pd.DataFrame()
        notes = [f"({len(self.articles)} other article(s) passed every check; they are in "
                 "this error's .articles)"] if len(self.articles) else []
        super().__init__("the corpus", problems, notes)

    @property
    def files(self) -> list[str]:
        """The files named by the problems, each once, in the order first named."""
        return list(dict.fromkeys(problem.file for problem in self.problems))


def load_articles(corpus_dir: str | Path | None = None, *, text: bool = True) -> ArticleTable:
    """Load and validate every article of the corpus.

    Returns one row per article, sorted by ``published`` then ``article_id``:

    - ``article_id`` (str): readable id, also the file's stem, e.g. ``2013-06-16_ndc-offers-talks``
    - ``published`` (datetime64[ns]): publication date (first day of the period if the precision
      is month or year)
    - ``date_precision`` (category: day, month, year)
    - ``outlet`` (str): the outlet that published it, or ``unknown``; ``title`` (str): its
      title (may be empty); ``event`` (str): what it reports, in a line (may be empty)
    - ``date_source`` (str): ``text`` (stated in the article), ``text+inferred`` (month stated,
      day inferred) or ``inferred``; ``date_evidence`` (str): how the date is known
    - ``outlet_evidence`` (str): how the outlet is known; ``language`` (str): language code,
      e.g. ``de``
    - ``file`` (str): file name inside ``corpus/articles/``; ``sha256`` (str): checksum of the
      file's bytes; ``source_file`` (str): the name the article arrived under
    - any extra metadata columns, as text
    - ``raw_text`` (str): the file decoded as UTF-8 and otherwise unchanged (a UTF-8 byte-order
      mark is not text and is not part of it; the file itself is never changed)

    Raises :class:`CorpusError` naming every problem (file, line or byte, and the fix) when the
    metadata and the files disagree or a file is unreadable; no article is dropped silently.

    ``text=False`` checks everything the same way but keeps no text: instead of ``raw_text``
    the last column is ``text_sha256`` (str), the SHA-256 of the text encoded as UTF-8, and
    :func:`read_texts` reads the texts of some of the rows later. A corpus far larger than
    memory is read so, a partition at a time (see :mod:`korea_notes.pipeline`).
    """
    corpus = Path(corpus_dir) if corpus_dir is not None else CORPUS_DIR
    rows, problems, malformed = _read_metadata(corpus)
    if problems and not rows and not malformed:
        raise CorpusError(problems + _unread_files(corpus))
    name = _display(corpus / METADATA_FILE, corpus)
    duplicates = _duplicates(rows, name)
    problems += _files_without_rows(rows, corpus, malformed)
    good: list[_Row] = []
    texts: dict[str, str] = {}
    for row in rows:
        content, file_problems = _read_text(corpus, row)
        row_problems = _check_values(row, name) + duplicates.get(row.line, []) + file_problems
        problems += row_problems
        if content is not None and not row_problems:
            good.append(row)
            texts[row.values["article_id"]] = content if text else _text_sha256(content)
    column = "raw_text" if text else "text_sha256"
    if problems:
        raise CorpusError(problems, _to_frame(good, texts, column))
    return _to_frame(good, texts, column)


def read_texts(corpus_dir: str | Path, articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` (rows of ``load_articles(corpus_dir, text=False)``) with ``raw_text`` in
    place of ``text_sha256``: the table ``load_articles(corpus_dir)`` has for these rows.

    Raises :class:`CorpusError` naming the file when a text is no longer the one checked (the
    file changed since the corpus was loaded).
    """
    corpus = Path(corpus_dir)
    texts, problems = [], []
    for index, values in enumerate(articles.to_dict("records")):
        row = _Row(index + 2, {key: str(value) for key, value in values.items()})
        content, file_problems = _read_text(corpus, row)
        name = _display(corpus / ARTICLES_DIR / str(values["file"]), corpus)
        if content is not None and _text_sha256(content) != values["text_sha256"]:
            file_problems.append(Problem(name, "", "the text changed after the corpus was "
                                         "loaded", "run the pipeline again"))
        problems += file_problems
        texts.append(content)
    if problems:
        raise CorpusError(problems)
    frame = articles.drop(columns="text_sha256").copy()
    frame["raw_text"] = pd.Series(texts, index=frame.index, dtype="str")
    return frame


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def validate_corpus(corpus_dir: str | Path | None = None) -> list[Problem]:
    """Every problem :func:`load_articles` would report; an empty list when the corpus is fine."""
    try:
        load_articles(corpus_dir)
    except CorpusError as error:
        return error.problems
    return []


def corpus_checksum(corpus_dir: str | Path | None = None) -> str:
    """One sha256 for the whole corpus, to stamp derived outputs with.

    It is the sha256 of the lines ``<sha256 of file>  <path>`` (as ``sha256sum`` prints them)
    for ``metadata.csv`` and every ``articles/*.txt``, sorted by path, so it can be recomputed
    with shell tools.
    """
    corpus = Path(corpus_dir) if corpus_dir is not None else CORPUS_DIR
    files = [corpus / METADATA_FILE, *sorted((corpus / ARTICLES_DIR).glob("*.txt"))]
    lines = []
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: missing; the corpus needs it to be checksummed")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(corpus).as_posix()}\n")
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


class ArticleTable(pd.DataFrame):
    """The table :func:`load_articles` returns: a DataFrame whose text form (``print``) shows
    the columns a reader checks first, instead of pandas' truncated view of long text columns.

    Everything else is a plain DataFrame; derived tables (selections, copies) are plain
    DataFrames, and notebooks show the full table.
    """

    SUMMARY_COLUMNS = ("article_id", "published", "date_precision", "outlet")

    @property
    def _constructor(self):
        return pd.DataFrame

    def __repr__(self) -> str:
        if not set(self.SUMMARY_COLUMNS) <= set(self.columns):
            return super().__repr__()
        summary = pd.DataFrame(self[list(self.SUMMARY_COLUMNS)]).copy()
        summary["published"] = summary["published"].dt.strftime("%Y-%m-%d")
        others = [column for column in self.columns if column not in self.SUMMARY_COLUMNS]
        return (
            f"{summary.to_string(index=False)}\n[{len(self)} articles; also: "
            f"{', '.join(others)}]"
        )

    __str__ = __repr__


@dataclass
class _Row:
    line: int
    values: dict[str, str]


def _read_metadata(corpus: Path) -> tuple[list[_Row], list[Problem], set[str]]:
    """The rows of metadata.csv, the problems found, and the values of malformed rows."""
    path = corpus / METADATA_FILE
    name = _display(path, corpus)
    if not corpus.is_dir():
        return [], [Problem(str(corpus), "", "the corpus folder does not exist",
                            "pass the folder that holds metadata.csv and articles/")], set()
    if not path.is_file():
        return [], [Problem(name, "", "the metadata file is missing",
                            "create it with the header: " + ",".join(REQUIRED_COLUMNS))], set()
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [_not_utf8(name, raw, error)], set()
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    rows, problems, malformed = [], [], set()
    try:
        header = reader.fieldnames or []
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            return [], [Problem(name, "line 1", f"missing column(s): {', '.join(missing)}",
                                "add the column(s) to the header and fill them for every row")
                        ], set()
        duplicated = sorted({column for column in header if header.count(column) > 1})
        if duplicated:
            return [], [Problem(name, "line 1", f"duplicate column(s): {', '.join(duplicated)}",
                                "keep each column once")], set()
        for values in reader:
            fields = _all_values(values)
            if len(fields) != len(header):
                problems.append(Problem(name, f"line {reader.line_num}",
                                        f"the row has {len(fields)} fields, the header "
                                        f"{len(header)}",
                                        "give the row one value per column (and put values "
                                        "that contain commas in double quotes)"))
                malformed.update(value.strip() for value in fields if value.strip())
                continue
            if not any(value.strip() for value in fields):
                continue  # a blank line carries no article
            rows.append(_Row(reader.line_num,
                             {key: value.strip() for key, value in values.items()}))
    except csv.Error as error:
        # DictReader.line_num lags behind on an error; its reader's is the failing line.
        problems.append(Problem(name, f"line {reader.reader.line_num}", f"not valid CSV ({error})",
                                "check the quoting on that line and the lines after it"))
    return rows, problems, malformed


def _all_values(values: dict) -> list[str]:
    """Every field of a csv.DictReader row, including those beyond the header (key None)."""
    fields = [value for key, value in values.items() if key is not None and value is not None]
    return fields + list(values.get(None) or [])


def _duplicates(rows: list[_Row], name: str) -> dict[int, list[Problem]]:
    """Problems of rows that repeat an earlier row's article_id or file, by line."""
    problems: dict[int, list[Problem]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        for column in ("article_id", "file"):
            key = (column, row.values[column])
            if not row.values[column]:
                continue
            if key in first_line:
                problems.setdefault(row.line, []).append(
                    Problem(name, _row_where(row), f"duplicate {column} "
                            f"{row.values[column]!r} (first on line {first_line[key]})",
                            f"give every article its own {column}"))
            else:
                first_line[key] = row.line
    return problems


def _row_where(row: _Row) -> str:
    """Where a metadata row is: its line, and its article_id if it has one."""
    article_id = row.values.get("article_id", "")
    return f"line {row.line} ({article_id})" if article_id else f"line {row.line}"


def _check_values(row: _Row, name: str) -> list[Problem]:
    values, where = row.values, _row_where(row)
    problems = [
        Problem(name, where, f"{column} is empty", f"fill in {column}")
        for column in REQUIRED_VALUES
        if not values[column]
    ]
    article_id, file_name = values["article_id"], values["file"]
    if article_id and not _ARTICLE_ID.fullmatch(article_id):
        problems.append(Problem(name, where, f"article_id {article_id!r} is not a readable id",
                                "use lower-case letters, digits, '-', '_' and '.', e.g. "
                                "2013-06-16_ndc-offers-talks"))
    if article_id and _is_plain_file_name(file_name) and Path(file_name).stem != article_id:
        problems.append(Problem(name, where, f"file {file_name!r} is not named after its "
                                f"article_id {article_id!r}", f"name the file {article_id}.txt "
                                "(or change the article_id to the file's name)"))
    if file_name and not _is_plain_file_name(file_name):
        problems.append(Problem(name, where, f"file {file_name!r} points outside "
                                "corpus/articles/", "give the bare file name, e.g. "
                                f"{article_id or 'my-article'}.txt"))
    if values["sha256"] and not _SHA256.fullmatch(values["sha256"]):
        problems.append(Problem(name, where, f"sha256 {values['sha256']!r} is not a sha256 "
                                "hex digest", "put the 64 lower-case hex digits of "
                                "`sha256sum FILE`"))
    precision = values["date_precision"]
    if precision and precision not in DATE_PRECISIONS:
        problems.append(Problem(name, where, f"date_precision {precision!r} is unknown",
                                f"use one of {', '.join(DATE_PRECISIONS)}"))
    source = values["date_source"]
    if source and source not in DATE_SOURCES:
        problems.append(Problem(name, where, f"date_source {source!r} is unknown",
                                f"use one of {', '.join(DATE_SOURCES)}"))
    if "inferred" in source and not values["date_evidence"]:
        problems.append(Problem(name, where, "the date is inferred but date_evidence is empty",
                                "say how the date is known in date_evidence"))
    if values["published"] and precision in DATE_PRECISIONS:
        problems += _check_published(values["published"], precision, name, where)
    return problems


def _check_published(published: str, precision: str, name: str, where: str) -> list[Problem]:
    expected = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[precision]
    parsed = _parse_published(published, precision)
    if parsed is None:
        return [Problem(name, where, f"published {published!r} is not a date of precision "
                        f"{precision}", f"write it as {expected}")]
    if parsed > date.today():
        return [Problem(name, where, f"published {published} lies in the future",
                        "check the year, month and day")]
    return []


def _parse_published(published: str, precision: str) -> date | None:
    match = _PUBLISHED[precision].fullmatch(published)
    if not match:
        return None
    parts = [int(part) for part in match.groups()] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _is_plain_file_name(file_name: str) -> bool:
    return (
        file_name not in (".", "..")
        and "/" not in file_name
        and "\\" not in file_name
        and ":" not in file_name
        and not file_name.startswith(".")
        and "\x00" not in file_name
    )


def _files_without_rows(rows: list[_Row], corpus: Path, malformed: set[str]) -> list[Problem]:
    """Files in articles/ that no row names (files named in a malformed row are already
    reported with that row)."""
    folder = corpus / ARTICLES_DIR
    if not folder.is_dir():
        return [Problem(_display(folder, corpus), "", "the articles folder is missing",
                        "create corpus/articles/ and put the article files there")]
    listed = {row.values["file"] for row in rows} | malformed
    return [
        Problem(_display(path, corpus), "", "the file has no row in metadata.csv",
                "add its row to metadata.csv, or remove the file")
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".") and path.name not in listed
    ]


def _unread_files(corpus: Path) -> list[Problem]:
    """Name every article file when metadata.csv could not be read, so none goes unmentioned."""
    folder = corpus / ARTICLES_DIR
    if not folder.is_dir():
        return []
    return [
        Problem(_display(path, corpus), "", "not loaded because metadata.csv could not be read",
                "fix metadata.csv first")
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]


def _read_text(corpus: Path, row: _Row) -> tuple[str | None, list[Problem]]:
    values = row.values
    if not values["file"] or not _is_plain_file_name(values["file"]):
        return None, []  # already reported by the metadata checks
    path = corpus / ARTICLES_DIR / values["file"]
    name = _display(path, corpus)
    if not path.is_file():
        return None, [Problem(name, "", f"metadata.csv line {row.line} names this file but it "
                              "does not exist", "add the file, or remove the row")]
    raw = path.read_bytes()
    problems = []
    actual = hashlib.sha256(raw).hexdigest()
    if _SHA256.fullmatch(values["sha256"]) and actual != values["sha256"]:
        problems.append(Problem(name, "", f"sha256 is {actual}, metadata.csv line {row.line} "
                                f"says {values['sha256']}", "restore the file as received; "
                                "if it is a deliberately new version, update its sha256"))
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        problems.append(Problem(name, _byte_location(raw, offset), "the file contains NUL bytes "
                                "(UTF-16 or binary?)", "save the text as UTF-8"))
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [*problems, _not_utf8(name, raw, error)]
    if not text.strip():
        return None, [*problems, Problem(name, "", "the text is empty",
                                         "put the article's text in the file, or remove it "
                                         "and its row")]
    problems += _check_date_line(text, values, name)
    return text, problems


def _check_date_line(text: str, values: dict[str, str], name: str) -> list[Problem]:
    match = _DATE_LINE.search(text[:_DATE_LINE_SEARCH_CHARS])
    precision = values["date_precision"]
    if not match or precision not in _PUBLISHED:
        return []
    published = _parse_published(values["published"], precision)
    if published is None:
        return []
    year, month, day = (int(group) if group else None for group in match.groups())
    stated = (year, month, day) if day else (year, month)
    agrees = (published.year, published.month, published.day)[: len(stated)] == stated
    if agrees:
        return []
    line = text.count("\n", 0, match.start(1)) + 1
    return [Problem(name, f"line {line}", f"the text's date line says "
                    f"{match.group(0).strip()!r}, metadata.csv says published "
                    f"{values['published']} ({precision})",
                    "correct published (and date_precision) in metadata.csv so that it agrees "
                    "with the text's date line")]


def _not_utf8(name: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    return Problem(name, _byte_location(raw, error.start),
                   f"not UTF-8 (byte 0x{raw[error.start]:02x} cannot be decoded)",
                   "the corpus keeps UTF-8 text: convert the received file before adding it "
                   "(e.g. `iconv -f latin1 -t utf-8 received.txt > article.txt`) and record "
                   "the sha256 of the converted file")


def _byte_location(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    return f"byte {offset} (line {line})"


def _display(path: Path, corpus: Path) -> str:
    try:
        return str(Path(corpus.name) / path.relative_to(corpus))
    except ValueError:
        return str(path)


def _to_frame(rows: list[_Row], texts: dict[str, str], column: str = "raw_text"
              ) -> pd.DataFrame:
    records = [{**row.values, column: texts[row.values["article_id"]]} for row in rows]
    columns = [*REQUIRED_COLUMNS]
    extra = [key for row in rows for key in row.values if key not in columns]
    columns += list(dict.fromkeys(extra)) + [column]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["published"] = pd.to_datetime(
        [_parse_published(row.values["published"], row.values["date_precision"]) for row in rows]
    ).astype("datetime64[ns]")
    frame["date_precision"] = pd.Categorical(frame["date_precision"], categories=DATE_PRECISIONS)
    frame = frame.sort_values(["published", "article_id"], kind="stable")
    return ArticleTable(frame.reset_index(drop=True))
