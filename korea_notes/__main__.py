"""Command line: ``python -m korea_notes <command> ...``.

Commands are argparse subcommands; each has a ``_register_<name>`` function that adds its parser
and sets ``handler``. To add a command, write such a function and list it in ``COMMANDS``.

- ``code FILE [--csv] [--published YYYY-MM-DD]``: the claims of a German text file (the whole
  pipeline: cleaning, sentences, attribution, coding), printed as a table or as CSV. This is how a
  researcher checks a new article before adding it to the corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

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


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (_register_code,)
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
