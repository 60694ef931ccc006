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
  (the article file, then ``metadata.csv`` replaced in one step) and undone on any error
  (:mod:`korea_notes.adding`).
- ``import DIR_OR_FILE [--metadata META.csv] [--dry-run] [--skip-duplicates] [--corpus DIR]``:
  adds many articles at once, all or none, with the guarantees of ``add`` (see
  :mod:`korea_notes.importing`): every problem of every article in one list, nothing changed
  when anything is wrong.
- ``validate [--corpus DIR]``: lists every problem of the corpus (exit status 1) or says it is
  valid with its number of articles (exit status 0).
- ``evaluate SET.jsonl [--no-context] [--json]``: scores the coder on a file of coded sentences
  (:mod:`korea_notes.evaluation`): the summary, the scores per category and every error.
- ``export --to DIR [--format parquet|csv] [--period article|month|year] [--corpus DIR]``:
  writes every analysis table and a data dictionary (:mod:`korea_notes.export`).
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
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from korea_notes.adding import (
    ROW_DEFAULTS,
    NewArticle,
    commit_articles,
    new_row,
    problems_in_copy,
    refusals,
    same_texts,
)
from korea_notes.corpus import (
    ARTICLES_DIR,
    DATE_PRECISIONS,
    DATE_SOURCES,
    METADATA_FILE,
    CorpusError,
    Problem,
    load_articles,
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


def new_article(args: argparse.Namespace) -> NewArticle:
    """The article described by the ``add`` command line (the file read, nothing checked but
    that it can be read)."""
    if not args.file.is_file():
        raise CommandError(f"{args.file}: no such file. Fix: give the path of the article's "
                           "text file.")
    data = args.file.read_bytes()
    values = {
        "article_id": args.id, "published": args.published, "date_precision": args.precision,
        "date_source": args.date_source, "date_evidence": args.date_evidence,
        "outlet": args.outlet, "outlet_evidence": args.outlet_evidence, "title": args.title,
        "event": args.event, "language": args.language,
    }
    return NewArticle(data, new_row(data, values, args.file.name), str(args.file))


def _print_refusal(corpus: Path, problems: Sequence[Problem], intro: str = "") -> None:
    print(f"refused, nothing changed in {corpus}{intro}:")
    for problem in problems:
        print(f"  - {problem}")


def _run_add(args: argparse.Namespace) -> int:
    article = new_article(args)
    refused, _ = refusals([article], args.corpus, id_fix="--id")
    refused += [duplicate.problem() for duplicate in same_texts([article], args.corpus)]
    if refused:
        _print_refusal(args.corpus, refused)
        return 1
    problems = problems_in_copy([article], args.corpus)
    if problems:
        _print_refusal(args.corpus, problems, ". With the new article the corpus would have "
                       "these problems")
        return 1
    try:
        commit_articles([article], args.corpus)
    except CorpusError as error:
        print(f"refused, nothing changed in {args.corpus}:\n{error}")
        return 1
    print(f"added {article.row['article_id']}: {args.corpus / ARTICLES_DIR / article.file} "
          f"(sha256 {article.row['sha256']}) and its row in {args.corpus / METADATA_FILE}; "
          f"{_valid_now(args.corpus)} with it.")
    return 0


def _valid_now(corpus: Path) -> str:
    """What to say after a change: the corpus's size and what to run next."""
    return (f"the corpus is valid with {len(load_articles(corpus))} articles.\nNext: "
            "`make reproduce` re-runs the analysis")


def _register_add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "add", help="add an article to the corpus (validated; nothing changes if it fails)",
        description="Copy a text file unchanged into the corpus, append its metadata row and "
                    "validate the whole corpus. Refuses, changing nothing, when anything is "
                    "wrong.")
    parser.add_argument("file", type=Path, help="the article as received (UTF-8 text)")
    parser.add_argument("--published", required=True, metavar="DATE",
                        help="publication date: YYYY-MM-DD (YYYY-MM or YYYY with --precision)")
    parser.add_argument("--precision", choices=DATE_PRECISIONS,
                        default=ROW_DEFAULTS["date_precision"],
                        help="how precisely the date is known (default: day)")
    parser.add_argument("--outlet", required=True, help="the outlet, or 'unknown'")
    parser.add_argument("--title", default="", help="the title (default: empty)")
    parser.add_argument("--event", default="", help="what the article reports, in a line")
    parser.add_argument("--date-source", choices=DATE_SOURCES,
                        default=ROW_DEFAULTS["date_source"],
                        help="where the date comes from: text (stated in the article; "
                             "default), text+inferred or inferred")
    parser.add_argument("--date-evidence", default="",
                        help="how the date is known (required when it is inferred)")
    parser.add_argument("--outlet-evidence", default="", help="how the outlet is known")
    parser.add_argument("--language", default=ROW_DEFAULTS["language"],
                        help="language code (default: de)")
    parser.add_argument("--id", default=None, metavar="ARTICLE_ID",
                        help="article id (default: <published>_<file name as a slug>)")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_add)


# --- import ------------------------------------------------------------------------------------


def _run_import(args: argparse.Namespace) -> int:
    from korea_notes.importing import BatchError, import_articles

    try:
        table = import_articles(args.source, args.metadata, args.corpus, dry_run=args.dry_run,
                                skip_duplicates=args.skip_duplicates)
    except BatchError as error:
        _print_refusal(args.corpus, error.problems, f". {len(error.problems)} problem(s) in "
                       f"the import of {args.source}")
        return 1
    skipped = table[table["status"] == "skipped"]
    for row in skipped.itertuples():
        print(f"skipped {row.origin}, {row.where}: a copy of {row.duplicate_of}")
    kept = len(table) - len(skipped)
    if args.dry_run:
        print(f"dry run: {kept} article(s) of {args.source} would be added to {args.corpus}, "
              f"{len(skipped)} skipped; nothing changed.")
        return 0
    print(f"added {kept} article(s) of {args.source} to {args.corpus}, {len(skipped)} skipped; "
          f"{_valid_now(args.corpus)} with them.")
    return 0


def _register_import(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import", help="add many articles at once (all or none, validated first)",
        description="Add every article of a folder of text files described by a metadata CSV "
                    "(one row per article, the columns of corpus/metadata.csv, 'file' the "
                    "path in the folder), or of a JSON Lines file (one object per line: "
                    "'text' and the metadata). Lists every problem and changes nothing when "
                    "anything is wrong; duplicates and near-duplicates (wire copies) are "
                    "problems unless --skip-duplicates.")
    parser.add_argument("source", type=Path, metavar="DIR_OR_FILE",
                        help="a folder of .txt files, one .txt file, or a .jsonl file")
    parser.add_argument("--metadata", type=Path, default=None, metavar="META.csv",
                        help="the metadata CSV of a folder or text file")
    parser.add_argument("--dry-run", action="store_true",
                        help="check everything and report, change nothing")
    parser.add_argument("--skip-duplicates", action="store_true",
                        help="leave out (and list) articles whose text is already there")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_import)


# --- export ------------------------------------------------------------------------------------


def _run_export(args: argparse.Namespace) -> int:
    from korea_notes.export import DICTIONARY_FILE, ExportError, export_tables

    try:
        articles = load_articles(args.corpus)
    except CorpusError as error:
        _print_problems(error.problems, args.corpus)
        return 1
    try:
        dictionary = export_tables(args.to, args.format, articles=articles, period=args.period)
    except ExportError as error:
        raise CommandError(str(error)) from error
    files = dictionary.groupby("file", sort=False).size()
    for file_name, columns in files.items():
        print(f"{args.to / file_name}: {columns} columns")
    print(f"{args.to / DICTIONARY_FILE}: type and meaning of each of the {len(dictionary)} "
          "columns")
    return 0


def _register_export(commands: argparse._SubParsersAction) -> None:
    from korea_notes.export import FORMATS
    from korea_notes.pipeline import DEFAULT_PERIOD
    from korea_notes.timeline import PERIODS

    parser = commands.add_parser(
        "export", help="write every analysis table, with a data dictionary, for R or Stata",
        description="Run the analysis on the corpus and write every table (articles, "
                    "cleaning changes, sentences, claims, periods, positions, preconditions, "
                    "changes, tone) into a folder, with data_dictionary.csv (column, type, "
                    "meaning) beside them.")
    parser.add_argument("--to", type=Path, required=True, metavar="DIR",
                        help="the folder to write into (made if missing)")
    parser.add_argument("--format", choices=FORMATS, default=FORMATS[0],
                        help="parquet (default) or csv")
    parser.add_argument("--period", choices=PERIODS, default=DEFAULT_PERIOD,
                        help=f"period of the aggregates (default: {DEFAULT_PERIOD})")
    _add_corpus_option(parser)
    parser.set_defaults(handler=_run_export)


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
    _register_code, _register_add, _register_import, _register_validate, _register_export,
    _register_evaluate, _register_sample, _register_agree,
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
