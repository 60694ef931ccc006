"""Command line: ``python -m korea_notes <command> ...``.

Commands are argparse subcommands; each has a ``_register_<name>`` function that adds its parser
and sets ``handler``. To add a command, write such a function and list it in ``COMMANDS``.

- ``code FILE [--csv] [--published YYYY-MM-DD]``: the claims of a German text file (the whole
  pipeline: cleaning, sentences, attribution, coding), printed as a table or as CSV. This is how a
  researcher checks a new article before adding it to the corpus.
- ``add FILE --published DATE --outlet NAME [...] [--corpus DIR]``: copies the file unchanged
  into ``articles/<id>.txt`` of the corpus, appends its metadata row (with its sha256) and
  validates the whole corpus; when anything is wrong it lists every problem, changes nothing and
  exits with status 1. The change is tried on a temporary copy of the corpus first, then made
  (the article file, then ``metadata.csv`` replaced in one step) and undone on any error.
- ``validate [--corpus DIR]``: lists every problem of the corpus (exit status 1) or says it is
  valid with its number of articles (exit status 0).
- ``evaluate SET.jsonl [--no-context] [--json]``: scores the coder on a file of coded sentences
  (:mod:`korea_notes.evaluation`): the summary, the scores per category and every error.
- ``sample --n N --out SHEET.xlsx|.csv [--seed S] [--period year|month|article|all] [--force]``:
  draws a stratified validation sample of sentences no human has coded yet
  (:mod:`korea_notes.sampling`) and writes the blind coding sheet and its key
  (``<name>.key.csv``) beside it.
- ``agree SHEET [SHEET2 ...] [--adjudicated FINAL] [--key KEY] [--coding corpus|sentence]
  [--store]``: reads filled sheets back (every bad cell named; exit status 1 and nothing
  stored), then reports agreement between the coders and between the humans and the coder
  (:mod:`korea_notes.agreement`), the corpus-level rates and corrected counts
  (:mod:`korea_notes.estimates`); ``--store`` keeps the human codes in
  ``corpus/annotations/human/`` (:mod:`korea_notes.human`).

Exit status 2 means a wrong command line or an unreadable input file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from korea_notes.corpus import (
    ARTICLES_DIR,
    DATE_PRECISIONS,
    DATE_SOURCES,
    METADATA_FILE,
    CorpusError,
    Problem,
    load_articles,
    validate_corpus,
)
from korea_notes.paths import CORPUS_DIR

TABLE_COLUMNS: tuple[str, ...] = (
    "sentence_id", "actor", "target", "category", "conditionality", "condition_type", "modality",
    "speech", "tense", "sentence",
)
"""Columns shown by ``code`` without ``--csv`` (the CSV has every column of code_positions)."""


class CommandError(Exception):
    """A problem with the command line input; printed without a traceback."""


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date. Fix: write it as YYYY-MM-DD, e.g. 2019-01-03.") from error


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise CommandError(f"{path}: no such file. Fix: give the path of a UTF-8 text file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start}). Fix: save the file "
                           "as UTF-8.") from error
    if not text.strip():
        raise CommandError(f"{path}: the file is empty. Fix: put the article's text in it.")
    return text


def _run_code(args: argparse.Namespace) -> int:
    from korea_notes.positions import code_text

    claims = code_text(_read_text(args.file), published=args.published)
    if args.csv:
        claims.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    if claims.empty:
        print(f"{args.file}: no claims found.")
        return 0
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 60,
                           "display.width", 200):
        print(claims[list(TABLE_COLUMNS)].to_string(index=False))
    return 0


def _register_code(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "code", help="print the coded claims of a German text file",
        description="Run the whole pipeline on a text file and print one row per claim.")
    parser.add_argument("file", type=Path, help="a UTF-8 text file (one article)")
    parser.add_argument("--csv", action="store_true",
                        help="write every column as CSV instead of a table")
    parser.add_argument("--published", type=_published, default=None, metavar="YYYY-MM-DD",
                        help="publication date; anchors 'im Mai', 'am Mittwoch' for the tense")
    parser.set_defaults(handler=_run_code)


# --- validate ----------------------------------------------------------------------------------


def _print_problems(problems: Sequence[Problem], corpus: Path) -> None:
    print(f"{corpus}: {len(problems)} problem(s):")
    for problem in problems:
        print(f"  - {problem}")


def _run_validate(args: argparse.Namespace) -> int:
    try:
        articles = load_articles(args.corpus)
    except CorpusError as error:
        _print_problems(error.problems, args.corpus)
        return 1
    print(f"OK: {args.corpus} holds {len(articles)} valid articles.")
    return 0


def _register_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate", help="check the corpus and list every problem",
        description="Check metadata.csv and every article file; list every problem (exit 1) "
                    "or report the number of valid articles (exit 0).")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_validate)


def _add_corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, metavar="DIR",
                        help="the corpus folder (holds metadata.csv and articles/; default: "
                             "the project's corpus/)")


# --- add ---------------------------------------------------------------------------------------

_NOT_ID = re.compile(r"[^0-9a-z._-]+")
_ID = re.compile(r"[0-9a-z][0-9a-z._-]*")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_LEADING_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}_")


@dataclass(frozen=True)
class NewArticle:
    """An article to add: its bytes and its metadata row (column -> value)."""

    data: bytes
    row: dict[str, str]

    @property
    def file(self) -> str:
        return self.row["file"]


def article_id_for(source: Path, published: str) -> str:
    """A readable id from the file name: lower-case ASCII (ä -> ae, é -> e), runs of other
    characters as "-", prefixed with the publication date unless it starts with a date."""
    name = source.stem.lower().translate(_UMLAUTS)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ID.sub("-", name).strip("-._") or "article"
    return slug if _LEADING_DATE.match(slug) else f"{published}_{slug}"


def new_article(args: argparse.Namespace) -> NewArticle:
    """The article described by the ``add`` command line (the file read, nothing checked but
    that it can be read)."""
    if not args.file.is_file():
        raise CommandError(f"{args.file}: no such file. Fix: give the path of the article's "
                           "text file.")
    data = args.file.read_bytes()
    article_id = args.id or article_id_for(args.file, args.published)
    row = {
        "article_id": article_id, "file": f"{article_id}.txt",
        "sha256": hashlib.sha256(data).hexdigest(), "published": args.published,
        "date_precision": args.precision, "date_source": args.date_source,
        "date_evidence": args.date_evidence, "outlet": args.outlet,
        "outlet_evidence": args.outlet_evidence, "title": args.title, "event": args.event,
        "language": args.language, "source_file": args.file.name,
    }
    return NewArticle(data, row)


def _line_end(metadata: bytes) -> str:
    """The line end metadata.csv uses ("\r\n" or "\n")."""
    first = metadata.split(b"\n", 1)[0]
    return "\r\n" if first.endswith(b"\r") else "\n"


def metadata_with_row(metadata: bytes, row: dict[str, str]) -> bytes:
    """``metadata.csv`` with ``row`` appended: existing bytes untouched, the row written by the
    csv module in the file's column order and line end (columns the row lacks left empty)."""
    text = metadata.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=_line_end(metadata),
                            restval="", extrasaction="ignore")
    writer.writerow(row)
    separator = b"" if not metadata or metadata.endswith(b"\n") else _line_end(metadata).encode()
    return metadata + separator + buffer.getvalue().encode("utf-8")


def _refusals(article: NewArticle, corpus: Path) -> list[str]:
    """Reasons to refuse before trying: an id that is no plain file name, no metadata.csv, an
    article file of that name, or the same bytes already in the corpus."""
    article_id = article.row["article_id"]
    if not _ID.fullmatch(article_id):
        return [f"article id {article_id!r} is not a readable id. Fix: use lower-case letters, "
                "digits, '-', '_' and '.', e.g. --id 2024-03-01_kim-speech."]
    metadata = corpus / METADATA_FILE
    if not metadata.is_file():
        return [f"{metadata}: missing. Fix: pass --corpus with the folder that holds "
                "metadata.csv and articles/ (run `validate` to see what is wrong)."]
    target = corpus / ARTICLES_DIR / article.file
    reasons = []
    if target.exists():
        reasons.append(f"{target}: already exists. Fix: choose another --id, or remove the "
                       "old article (file and row) first.")
    reasons += [f"{args_file}: the same text is already in the corpus as {other}. Fix: do not "
                "add an article twice." for args_file, other in _same_text(article, metadata)]
    return reasons


def _same_text(article: NewArticle, metadata: Path) -> list[tuple[str, str]]:
    """(source file, article id) of rows whose sha256 is that of the new article."""
    text = metadata.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error:
        return []  # unreadable metadata: validation names it
    return [(article.row["source_file"], row.get("article_id") or "?")
            for row in rows if row.get("sha256") == article.row["sha256"]]


def _try_in_copy(article: NewArticle, corpus: Path) -> list[Problem]:
    """Every problem of the corpus with the article added, found in a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="korea_notes_add_") as temporary:
        copy = Path(temporary) / corpus.name
        shutil.copytree(corpus / ARTICLES_DIR, copy / ARTICLES_DIR)
        metadata = (corpus / METADATA_FILE).read_bytes()
        (copy / METADATA_FILE).write_bytes(metadata_with_row(metadata, article.row))
        (copy / ARTICLES_DIR / article.file).write_bytes(article.data)
        return validate_corpus(copy)


def commit_article(article: NewArticle, corpus: Path) -> None:
    """Write the article file, then replace metadata.csv in one step; on any error (including
    a corpus that no longer validates afterwards) restore both and raise."""
    metadata_path = corpus / METADATA_FILE
    target = corpus / ARTICLES_DIR / article.file
    before = metadata_path.read_bytes()
    staged = metadata_path.with_name(f".{METADATA_FILE}.{os.getpid()}.tmp")
    created = False
    try:
        with open(target, "xb") as handle:
            created = True
            handle.write(article.data)
        staged.write_bytes(metadata_with_row(before, article.row))
        os.replace(staged, metadata_path)
        problems = validate_corpus(corpus)
        if problems:
            raise CorpusError(problems)
    except BaseException:
        if metadata_path.read_bytes() != before:
            metadata_path.write_bytes(before)
        if created:
            target.unlink(missing_ok=True)
        raise
    finally:
        staged.unlink(missing_ok=True)


def _run_add(args: argparse.Namespace) -> int:
    article = new_article(args)
    refusals = _refusals(article, args.corpus)
    if refusals:
        print(f"refused, nothing changed in {args.corpus}:")
        for reason in refusals:
            print(f"  - {reason}")
        return 1
    problems = _try_in_copy(article, args.corpus)
    if problems:
        print(f"refused, nothing changed in {args.corpus}. With the new article the corpus "
              "would have these problems:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    try:
        commit_article(article, args.corpus)
    except CorpusError as error:
        print(f"refused, nothing changed in {args.corpus}:\n{error}")
        return 1
    count = len(load_articles(args.corpus))
    print(f"added {article.row['article_id']}: {args.corpus / ARTICLES_DIR / article.file} "
          f"(sha256 {article.row['sha256']}) and its row in {args.corpus / METADATA_FILE}; "
          f"the corpus is valid with {count} articles.\nNext: `make reproduce` re-runs the "
          "analysis with it.")
    return 0


def _register_add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "add", help="add an article to the corpus (validated; nothing changes if it fails)",
        description="Copy a text file unchanged into the corpus, append its metadata row and "
                    "validate the whole corpus. Refuses, changing nothing, when anything is "
                    "wrong.")
    parser.add_argument("file", type=Path, help="the article as received (UTF-8 text)")
    parser.add_argument("--published", required=True, metavar="DATE",
                        help="publication date: YYYY-MM-DD (YYYY-MM or YYYY with --precision)")
    parser.add_argument("--precision", choices=DATE_PRECISIONS, default="day",
                        help="how precisely the date is known (default: day)")
    parser.add_argument("--outlet", required=True, help="the outlet, or 'unknown'")
    parser.add_argument("--title", default="", help="the title (default: empty)")
    parser.add_argument("--event", default="", help="what the article reports, in a line")
    parser.add_argument("--date-source", choices=DATE_SOURCES, default="text",
                        help="where the date comes from: text (stated in the article; "
                             "default), text+inferred or inferred")
    parser.add_argument("--date-evidence", default="",
                        help="how the date is known (required when it is inferred)")
    parser.add_argument("--outlet-evidence", default="", help="how the outlet is known")
    parser.add_argument("--language", default="de", help="language code (default: de)")
    parser.add_argument("--id", default=None, metavar="ARTICLE_ID",
                        help="article id (default: <published>_<file name as a slug>)")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_add)


# --- evaluate ----------------------------------------------------------------------------------


def _run_evaluate(args: argparse.Namespace) -> int:
    from korea_notes.evaluation import evaluate_set

    if not args.set.is_file():
        raise CommandError(f"{args.set}: no such file. Fix: give the path of a JSON-lines file "
                           "of coded sentences (the format of corpus/annotations/README.md).")
    try:
        evaluation = evaluate_set(args.set, context=not args.no_context)
    except ValueError as error:
        raise CommandError(str(error)) from error
    if args.json:
        print(evaluation.to_json())
        return 0
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 80,
                           "display.width", 200, "display.float_format", "{:.3f}".format):
        print(f"{args.set}: the coder against the reference codes"
              f"{'' if args.no_context else ' (each sentence read after its context)'}\n")
        print(evaluation.summary.to_string(index=False), "\n")
        print(evaluation.categories.to_string(index=False), "\n")
        errors = evaluation.errors
        print(f"{len(errors)} error(s): misses, false alarms and wrong actors")
        for error in errors.itertuples(index=False):
            print(f"- {error.id} {error.kind} {error.category}: reference "
                  f"{error.reference_actor or '-'}, coder {error.coder_actor or '-'}"
                  f"{f' ({error.rule})' if error.rule else ''}\n    {error.text}")
    return 0


def _register_evaluate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "evaluate", help="score the coder on a file of coded sentences",
        description="Code every sentence of a reference-format JSON-lines file and score the "
                    "coder: precision, recall and F1 per category (micro, macro), claim-level "
                    "F1, actor accuracy, false alarms on sentences without a position, and "
                    "every error.")
    parser.add_argument("set", type=Path, help="a JSON-lines file of coded sentences")
    parser.add_argument("--no-context", action="store_true",
                        help="code each sentence alone, without its context_before")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=_run_evaluate)


# --- sample ------------------------------------------------------------------------------------


def _run_sample(args: argparse.Namespace) -> int:
    from korea_notes.sampling import SamplingError, sample_corpus, write_sample

    if args.out.suffix.lower() not in (".xlsx", ".csv"):
        raise CommandError(f"{args.out}: the sheet is .xlsx or .csv. Fix: e.g. --out "
                           "coding/round1.xlsx")
    try:
        sample = sample_corpus(args.n, args.out.stem, period=args.period, seed=args.seed,
                               articles=load_articles(args.corpus), human_dir=args.human)
        sheet, key = write_sample(sample, args.out, args.period, args.seed, force=args.force)
    except (SamplingError, CorpusError) as error:
        raise CommandError(str(error)) from error
    pool = int(sample.drop_duplicates("stratum")["stratum_sentences"].sum())
    found = int((sample["found"] != "none").sum())
    strata = sample["stratum"].nunique()
    print(f"drew {len(sample)} of {pool} sentences (seed {args.seed}; {strata} "
          f"strata of {args.period} x what the coder found: {found} with claims, "
          f"{len(sample) - found} without).\nsheet: {sheet} (blind: the coder's codes are in the "
          f"key only)\nkey:   {key}\nNext: code the sheet (a copy per coder), then `python -m "
          f"korea_notes agree {sheet}`.")
    return 0


def _register_sample(commands: argparse._SubParsersAction) -> None:
    from korea_notes.sampling import DEFAULT_PERIOD, DEFAULT_SEED, PERIODS

    parser = commands.add_parser(
        "sample", help="draw a validation sample and write a blind coding sheet",
        description="Draw sentences of the corpus for a person to code, stratified by period "
                    "and by what the coder found, seeded; never a sentence with stored human "
                    "codes. Writes the sheet (.xlsx with drop-downs and the codebook, or .csv) "
                    "and its key <name>.key.csv beside it.")
    parser.add_argument("--n", type=int, required=True, help="sentences to draw")
    parser.add_argument("--out", type=Path, required=True, metavar="SHEET",
                        help="the sheet to write: NAME.xlsx or NAME.csv (NAME names the sample)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--period", choices=PERIODS, default=DEFAULT_PERIOD,
                        help=f"period of the strata (default {DEFAULT_PERIOD}; all: the corpus "
                             "as one period)")
    parser.add_argument("--force", action="store_true", help="replace an existing sheet and key")
    parser.add_argument("--human", type=Path, default=None, metavar="DIR",
                        help="folder of stored human codes (default corpus/annotations/human)")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_sample)


# --- agree -------------------------------------------------------------------------------------


def _print_table(title: str, table: pd.DataFrame) -> None:
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 70,
                           "display.width", 220, "display.float_format", "{:.3f}".format):
        print(f"\n== {title}")
        print(table.to_string(index=False) if len(table) else "(none)")


def _run_agree(args: argparse.Namespace) -> int:
    from korea_notes.agreement import agree
    from korea_notes.human import HumanCodesError, store_human_codes
    from korea_notes.sheets import SheetError

    if args.store and len(args.sheets) > 1 and args.adjudicated is None:
        raise CommandError("--store with several sheets needs --adjudicated FINAL (the agreed "
                           "version): disagreeing codes cannot stand in the analysis.")
    try:
        result = agree(args.sheets, adjudicated=args.adjudicated, keys=args.key or (),
                       articles=load_articles(args.corpus), coding=args.coding)
    except SheetError as error:
        print(f"refused, nothing read or stored: {error}")
        return 1
    except CorpusError as error:
        raise CommandError(str(error)) from error
    if len(result.intercoder):
        _print_table("between the human coders: Krippendorff's alpha and percent agreement "
                     "(95% bootstrap intervals)", result.intercoder)
        _print_table("sentences the coders disagree on", result.disagreements)
    coding = "each sentence in its article" if args.coding == "corpus" else \
        "each sentence alone after the one before it, as `evaluate`"
    summary = result.summary.pivot(index="metric", columns="human", values="value")
    _print_table(f"the humans against the coder ({coding})",
                 summary.reindex(result.summary["metric"].unique()).reset_index())
    _print_table("per category (micro, macro)", result.scores)
    _print_table("per period of the sample: does the coder get the counts right?",
                 result.periods[result.periods["category"] == "micro"])
    _print_table("every miss, false alarm and wrong actor", result.errors)
    _print_table("corpus-level precision and recall (sample weighted by strata)", result.rates)
    _print_table("machine counts and corrected estimates per period and category",
                 result.estimates)
    if args.store:
        human = next(iter(result.records))
        try:
            for name, records in _by_sample(result.records[human]).items():
                path = store_human_codes(records, name, args.human)
                print(f"\nstored {len(records)} human-coded sentences in {path}")
        except HumanCodesError as error:
            print(f"refused to store: {error}")
            return 1
    return 0


def _by_sample(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in records:
        grouped.setdefault(record["sample"], []).append(record)
    return grouped


def _register_agree(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agree", help="read filled coding sheets back and measure agreement",
        description="Check filled sheets cell by cell (every bad cell named; nothing read "
                    "otherwise), then report Krippendorff's alpha and percent agreement between "
                    "the coders, the humans against the coder (per category, micro/macro, "
                    "actor accuracy, per period, every error) and the corrected corpus counts.")
    parser.add_argument("sheets", type=Path, nargs="+", metavar="SHEET",
                        help="filled .xlsx or .csv sheets, one per coder (its name is the "
                             "coder's)")
    parser.add_argument("--adjudicated", type=Path, default=None, metavar="FINAL",
                        help="the adjudicated sheet: the humans' version scored against the "
                             "coder and stored")
    parser.add_argument("--key", type=Path, action="append", metavar="KEY",
                        help="a sample's key file (default: <sample>.key.csv beside the sheet)")
    parser.add_argument("--coding", choices=("corpus", "sentence"), default="corpus",
                        help="the coder's claims as coded in their articles (default) or each "
                             "sentence alone after its context sentence (as `evaluate`)")
    parser.add_argument("--store", action="store_true",
                        help="store the human codes under corpus/annotations/human/")
    parser.add_argument("--human", type=Path, default=None, metavar="DIR",
                        help="where --store writes (default corpus/annotations/human)")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_agree)


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _register_code, _register_add, _register_validate, _register_evaluate, _register_sample,
    _register_agree,
)
"""The registration functions of every subcommand, in the order of ``--help``."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="python -m korea_notes",
                                     description="korea_notes command line")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for register in COMMANDS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
