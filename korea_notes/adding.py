"""New articles into the corpus, all or nothing: tried in a temporary copy of the corpus first,
then written (the article files, then ``metadata.csv`` replaced in one step) and undone on any
error, so the corpus is never left half changed.

This is what ``python -m korea_notes add`` (one article) and ``import`` (many, see
:mod:`korea_notes.importing`) both do. An article to add is a :class:`NewArticle`: its bytes,
its metadata row (the columns of ``metadata.csv``, see :data:`korea_notes.corpus.REQUIRED_COLUMNS`)
and where it came from, so that every problem can name the file and line to fix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from korea_notes.corpus import ARTICLES_DIR, METADATA_FILE, CorpusError, Problem, validate_corpus

ROW_DEFAULTS: dict[str, str] = {
    "date_precision": "day", "date_source": "text", "language": "de", "title": "", "event": "",
    "date_evidence": "", "outlet_evidence": "",
}
"""Values of the metadata columns an article need not be given (``add``'s option defaults and
an import row's empty cells)."""

_NOT_ID = re.compile(r"[^0-9a-z._-]+")
_ID = re.compile(r"[0-9a-z][0-9a-z._-]*")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_LEADING_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}_")


@dataclass(frozen=True)
class NewArticle:
    """An article to add: its bytes, its metadata row (column -> value) and where it came
    from: ``origin`` (the file that describes it: the text file, the metadata CSV or the JSON
    Lines file) and ``where`` in it (e.g. "line 5"; empty for a whole file); ``text_origin``
    and ``text_where`` the same for its text, when that is elsewhere."""

    data: bytes
    row: dict[str, str]
    origin: str = ""
    where: str = ""
    text_origin: str = ""
    text_where: str = ""

    @property
    def file(self) -> str:
        """The file name the article gets in ``articles/``."""
        return self.row["file"]

    @property
    def article_id(self) -> str:
        return self.row["article_id"]

    def problem(self, what: str, fix: str) -> Problem:
        """A problem of this article, located where it came from."""
        return Problem(self.origin, self.where, what, fix)

    def text_problem(self, where: str, what: str, fix: str) -> Problem:
        """A problem of this article's text, ``where`` in it (e.g. "byte 3 (line 1)")."""
        if not self.text_origin:
            return self.problem(what, fix) if not where else Problem(
                self.origin, ", ".join(p for p in (self.where, where) if p), what, fix)
        return Problem(self.text_origin, ", ".join(p for p in (self.text_where, where) if p),
                       what, fix)


def slug(text: str) -> str:
    """``text`` as lower-case ASCII (ä -> ae, é -> e) with runs of other characters as "-"
    (empty when nothing is left)."""
    name = text.lower().translate(_UMLAUTS)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", name).strip("-._")


def article_id_for(source: Path, published: str) -> str:
    """A readable id from the file name (:func:`slug` of its stem, "article" when nothing is
    left), prefixed with the publication date unless it starts with a date."""
    name = slug(source.stem) or "article"
    return name if _LEADING_DATE.match(name) else f"{slug(published) or 'undated'}_{name}"


def new_row(data: bytes, values: dict[str, str], source_name: str) -> dict[str, str]:
    """The metadata row of an article with the bytes ``data``: ``values`` (at least
    ``published``; ``article_id`` defaults to :func:`article_id_for` the source name) over
    :data:`ROW_DEFAULTS` (an empty or None value takes the default), with ``file`` and
    ``sha256`` computed and ``source_file`` defaulting to ``source_name``."""
    row = {**ROW_DEFAULTS, **{key: value for key, value in values.items() if value}}
    row["article_id"] = row.get("article_id") or article_id_for(Path(source_name),
                                                                row.get("published", ""))
    row["file"] = f"{row['article_id']}.txt"
    row["sha256"] = hashlib.sha256(data).hexdigest()
    row["source_file"] = row.get("source_file") or source_name
    return row


def _line_end(metadata: bytes) -> str:
    """The line end metadata.csv uses ("\r\n" or "\n")."""
    first = metadata.split(b"\n", 1)[0]
    return "\r\n" if first.endswith(b"\r") else "\n"


def metadata_with_rows(metadata: bytes, rows: Sequence[dict[str, str]]) -> bytes:
    """``metadata.csv`` with ``rows`` appended: existing bytes untouched, the rows written by the
    csv module in the file's column order and line end (columns a row lacks left empty)."""
    text = metadata.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=_line_end(metadata),
                            restval="", extrasaction="ignore")
    writer.writerows(rows)
    separator = b"" if not metadata or metadata.endswith(b"\n") else _line_end(metadata).encode()
    return metadata + separator + buffer.getvalue().encode("utf-8")


def metadata_with_row(metadata: bytes, row: dict[str, str]) -> bytes:
    """``metadata.csv`` with one row appended (see :func:`metadata_with_rows`)."""
    return metadata_with_rows(metadata, [row])


def metadata_header(corpus: Path) -> list[str]:
    """The columns of the corpus's ``metadata.csv`` (empty when it is missing or unreadable)."""
    try:
        text = (corpus / METADATA_FILE).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return next(csv.reader(io.StringIO(text)), [])


@dataclass(frozen=True)
class Duplicate:
    """An article whose text is already there: ``kind`` "same text" (the same bytes) or
    "near-duplicate" (see :mod:`korea_notes.importing`); ``of`` names the article it repeats:
    article ids of the corpus (``in_corpus``) or where an earlier new article came from."""

    article: NewArticle
    kind: str
    of: str
    in_corpus: bool

    def problem(self) -> Problem:
        """The duplicate as a problem of the new article."""
        where = f"already in the corpus as {self.of}" if self.in_corpus else f"as {self.of}"
        if self.kind == "same text":
            what = f"the same text is {where}" if self.in_corpus else f"the same text {where}"
        else:
            what = (f"a near-duplicate (the same text but for whitespace and page furniture "
                    f"such as bylines: a wire copy?), {where}")
        return self.article.problem(what, "do not add an article twice: leave this one out "
                                    "(import --skip-duplicates leaves out every such copy)")


def refusals(articles: Sequence[NewArticle], corpus: Path, id_fix: str
             ) -> tuple[list[Problem], list[NewArticle]]:
    """Reasons to refuse before trying, and the articles that can be tried in a copy of the
    corpus: no metadata.csv (then none can), an id that is no plain file name, an article file
    of that name in the corpus, or an id an earlier article of ``articles`` has (those articles
    cannot). ``id_fix`` says how to give another id."""
    metadata = corpus / METADATA_FILE
    if not metadata.is_file():
        return [Problem(str(metadata), "", "missing", "pass --corpus with the folder that holds "
                        "metadata.csv and articles/ (run `validate` to see what is wrong)")], []
    problems: list[Problem] = []
    tryable: list[NewArticle] = []
    first_id: dict[str, NewArticle] = {}
    for article in articles:
        article_id = article.article_id
        target = corpus / ARTICLES_DIR / article.file
        if not _ID.fullmatch(article_id):
            problems.append(article.problem(
                f"article id {article_id!r} is not a readable id",
                f"use lower-case letters, digits, '-', '_' and '.', e.g. {id_fix} "
                "2024-03-01_kim-speech"))
        elif target.exists():
            problems.append(article.problem(
                f"{target} already exists", f"choose another {id_fix}, or remove the old "
                "article (file and row) first"))
        elif article_id in first_id:
            problems.append(article.problem(
                f"article id {article_id!r} is also that of {_named(first_id[article_id])}",
                f"give every article its own id ({id_fix})"))
        else:
            first_id[article_id] = article
            tryable.append(article)
    return problems, tryable


def same_texts(articles: Sequence[NewArticle], corpus: Path) -> list[Duplicate]:
    """The articles whose bytes are those of an article of the corpus, or of an earlier
    article of ``articles`` (each article once, the corpus's article first)."""
    metadata = corpus / METADATA_FILE
    in_corpus = _ids_by_sha256(metadata) if metadata.is_file() else {}
    first: dict[str, NewArticle] = {}
    found = []
    for article in articles:
        sha256 = article.row["sha256"]
        if sha256 in in_corpus:
            found.append(Duplicate(article, "same text", ", ".join(in_corpus[sha256]), True))
        elif sha256 in first:
            found.append(Duplicate(article, "same text", _named(first[sha256]), False))
        else:
            first[sha256] = article
    return found


def _named(article: NewArticle) -> str:
    """An article as a reader finds it: its origin and place there."""
    return f"{article.origin}, {article.where}" if article.where else article.origin


def _ids_by_sha256(metadata: Path) -> dict[str, list[str]]:
    """The article ids of the corpus by the sha256 of their text."""
    text = metadata.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error:
        return {}  # unreadable metadata: validation names it
    ids: dict[str, list[str]] = {}
    for row in rows:
        if row.get("sha256"):
            ids.setdefault(row["sha256"], []).append(row.get("article_id") or "?")
    return ids


def problems_in_copy(articles: Sequence[NewArticle], corpus: Path) -> list[Problem]:
    """Every problem of the corpus with ``articles`` added, found in a temporary copy; a
    problem of an added article is located where the article came from (its origin), the
    corpus's own problems are named as :func:`korea_notes.corpus.validate_corpus` names them."""
    with tempfile.TemporaryDirectory(prefix="korea_notes_add_") as temporary:
        copy = Path(temporary) / corpus.name
        shutil.copytree(corpus / ARTICLES_DIR, copy / ARTICLES_DIR)
        metadata = (corpus / METADATA_FILE).read_bytes()
        (copy / METADATA_FILE).write_bytes(metadata_with_rows(metadata, [a.row for a in articles]))
        for article in articles:
            (copy / ARTICLES_DIR / article.file).write_bytes(article.data)
        problems = validate_corpus(copy)
    return _located(problems, articles, metadata, corpus.name)


_LINE = re.compile(r"line (\d+)")


def _located(problems: list[Problem], articles: Sequence[NewArticle], metadata: bytes,
             corpus_name: str) -> list[Problem]:
    """The problems found in the copy, those of the added articles moved to their origin."""
    by_file = {f"{corpus_name}/{ARTICLES_DIR}/{a.file}": a for a in articles}
    by_line = dict(zip(_appended_lines(metadata, articles), articles, strict=True))
    located = []
    for problem in problems:
        line = _LINE.match(problem.where)
        if problem.file in by_file:
            article = by_file[problem.file]
            located.append(article.text_problem(problem.where, problem.what, problem.fix))
        elif problem.file == f"{corpus_name}/{METADATA_FILE}" and line and \
                int(line.group(1)) in by_line:
            located.append(by_line[int(line.group(1))].problem(problem.what, problem.fix))
        else:
            located.append(problem)
    return located


def _appended_lines(metadata: bytes, articles: Sequence[NewArticle]) -> list[int]:
    """The line of metadata.csv each appended row ends on (what the corpus's problems name)."""
    lines = metadata.count(b"\n") + (1 if metadata and not metadata.endswith(b"\n") else 0)
    ends = []
    for article in articles:
        lines += _row_bytes(metadata, article.row).count(b"\n")
        ends.append(lines)
    return ends


def _row_bytes(metadata: bytes, row: dict[str, str]) -> bytes:
    """The bytes :func:`metadata_with_rows` appends for ``row``."""
    header_only = metadata.split(b"\n", 1)[0] + b"\n"
    return metadata_with_row(header_only, row)[len(header_only):]


def commit_articles(articles: Sequence[NewArticle], corpus: Path,
                    progress: bool | None = False) -> None:
    """Write the article files, then replace metadata.csv in one step; on any error (including
    a corpus that no longer validates afterwards) restore everything and raise. ``progress``
    shows a progress bar on stderr (None: when stderr is a terminal)."""
    metadata_path = corpus / METADATA_FILE
    before = metadata_path.read_bytes()
    staged = metadata_path.with_name(f".{METADATA_FILE}.{os.getpid()}.tmp")
    created: list[Path] = []
    try:
        for article in tqdm(articles, desc="writing", unit="article", leave=True,
                            disable=None if progress is None else not progress):
            target = corpus / ARTICLES_DIR / article.file
            with open(target, "xb") as handle:
                created.append(target)
                handle.write(article.data)
        staged.write_bytes(metadata_with_rows(before, [a.row for a in articles]))
        os.replace(staged, metadata_path)
        problems = validate_corpus(corpus)
        if problems:
            raise CorpusError(problems)
    except BaseException:
        if metadata_path.read_bytes() != before:
            metadata_path.write_bytes(before)
        for target in created:
            target.unlink(missing_ok=True)
        raise
    finally:
        staged.unlink(missing_ok=True)
