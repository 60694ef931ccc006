"""Coding sheets: the validation sample as a spreadsheet a person codes, and the filled sheet read
back with every bad cell named.

A sheet (XLSX or CSV, written by :func:`write_sheet`) has one row per sampled sentence and the
columns :data:`SHEET_COLUMNS`: what the coder reads (:data:`FIXED_COLUMNS`: the sample row, the
sentence with the sentence before and after it, the article's date and outlet) and what the
coder fills in (:data:`CODER_COLUMNS`):

- ``claimant``: the actor id stating the position (one id, of ``korea_notes/actors.yml``);
- ``target``: the actor id it is directed at (one id, or empty);
- ``categories``: the codebook categories this claimant states here, separated by ``;``
  (``NONE`` when the sentence states no position);
- ``condition_type``: for a precondition, what must happen first (condition types of the
  codebook, separated by ``;``; or empty);
- ``borderline``: ``yes`` when the coding is disputable (set aside when scoring, as in the
  reference sets), else empty;
- ``note``: free text.

A sentence in which two claimants state positions gets a second row: copy the row (same
``row`` number, same sentence) and code the second claimant there. The XLSX has drop-down lists
on the coder columns (openpyxl data validation), the codebook on the sheet "codebook" and these
rules on "how to code". It is blind: nothing in it says what the automatic coder found.

:func:`read_sheet` reads a filled sheet back and refuses it with a :class:`SheetError` that names
every bad cell (file, line, sample row, column) and its fix: an unknown actor or category, two
claimants in one cell, a row left uncoded, a sentence or context that differs from the sampled
one, a sample row missing. Nothing is dropped silently. Its result, :data:`CODE_COLUMNS`, has
one row per coded claim and one row (``category`` None) per sentence coded ``NONE``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.codebook import Codebook, codebook_table, load_codebook

FIXED_COLUMNS: tuple[str, ...] = (
    "row", "sample", "sentence_id", "article_id", "date", "outlet", "context_before",
    "sentence", "context_after",
)
"""The columns the coder reads and must not change."""

CODER_COLUMNS: tuple[str, ...] = (
    "claimant", "target", "categories", "condition_type", "borderline", "note",
)
"""The columns the coder fills in (see the module docstring)."""

SHEET_COLUMNS: tuple[str, ...] = FIXED_COLUMNS + CODER_COLUMNS
"""Every column of a sheet, in order."""

TEXT_COLUMNS: tuple[str, ...] = ("context_before", "sentence", "context_after")
"""The texts that are checked against the sampled sentence when a sheet is read."""

CODE_COLUMNS: tuple[str, ...] = (
    "coder", "file", "line", "sample", "row", "sentence_id", "actor", "target", "category",
    "condition_type", "borderline", "note",
)
"""Columns of :func:`read_sheet`: coder (the sheet's file name without suffix); file; line (of
the sheet, the header being line 1); sample; row (sample row); sentence_id; actor (claimant);
target (or None); category (None for a sentence coded NONE); condition_type ("|"-joined, or
None); borderline (bool); note (or None)."""

NONE_CODE = "NONE"
"""What the ``categories`` cell says for a sentence without a position."""

SHEET_NAME = "sample"
_SINGULAR = {"categories": "category", "condition_type": "condition type"}
_YES = {"yes", "y", "ja", "j", "true", "x", "1"}
_NO = {"", "no", "n", "nein", "false", "0"}
_SPLIT = re.compile(r"\s*[;,|/+&\n]\s*|\s+(?:und|and|sowie)\s+")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
HOW_TO_CODE: tuple[str, ...] = (
    "How to code this sheet",
    "",
    "Read each sentence (column H) with the sentence before and after it; code only the "
    "sentence in column H.",
    "claimant: the actor stating a position, one id from the list (drop-down).",
    "target: the actor the position is directed at (one id, or leave empty).",
    "categories: the categories this claimant states in the sentence (drop-down; for several, "
    "type them separated by ';', e.g. OFFER_TALKS; PRECONDITION). NONE: no position at all.",
    "condition_type: for a PRECONDITION, what must happen first (drop-down; several with ';').",
    "borderline: 'yes' when you are unsure (the row is set aside when scoring).",
    "note: anything you want to say.",
    "Two claimants in one sentence: copy the row (same row number, same sentence) below it and "
    "code the second claimant there. Never two ids in one cell.",
    "Do not change columns A to I. Definitions: sheet 'codebook'. Every row needs a code: "
    "a category or NONE.",
)


class SheetError(ValueError):
    """A filled sheet cannot be read as it is: ``problems`` lists every bad cell with its fix."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the coding sheet(s); nothing was "
                         f"read:\n{lines}")


@dataclass(frozen=True)
class SheetProblem:
    """One bad cell (or row) of a sheet."""

    file: str
    line: int | None
    row: Any
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.row not in (None, ""):
            where += f" (row {self.row})"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}. Fix: {self.fix}."


@dataclass(frozen=True)
class Vocabulary:
    """The values a coder may write: actor ids, categories, condition types."""

    actors: tuple[str, ...]
    categories: tuple[str, ...]
    condition_types: tuple[str, ...]


def vocabulary(codebook: Codebook | None = None) -> Vocabulary:
    """The actor ids of ``actors.yml`` and the categories and condition types of the codebook."""
    from korea_notes.actors import default_lexicon

    codebook = codebook or load_codebook()
    return Vocabulary(tuple(default_lexicon().actors), tuple(codebook.categories),
                      tuple(codebook.condition_types))


# --- writing -----------------------------------------------------------------------------------


def blank_sheet(sample: pd.DataFrame) -> pd.DataFrame:
    """The sheet of a sample (:data:`korea_notes.sampling.SAMPLE_COLUMNS`): its fixed columns
    and empty coder columns. Columns: :data:`SHEET_COLUMNS`."""
    sheet = sample[list(FIXED_COLUMNS)].copy()
    for column in CODER_COLUMNS:
        sheet[column] = ""
    return sheet.reset_index(drop=True)


def write_sheet(sheet: pd.DataFrame, path: str | Path, codebook: Codebook | None = None) -> Path:
    """Write a sheet as XLSX (``.xlsx``: drop-downs, codebook, instructions) or CSV (``.csv``,
    UTF-8 with BOM so that spreadsheet programs read the umlauts). Same sheet, same bytes."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(f"{path}: a sheet is .xlsx or .csv. Fix: name the file e.g. "
                         "coding/round1.xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    table = sheet[list(SHEET_COLUMNS)].fillna("")
    if suffix == ".csv":
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n")
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        return path
    path.write_bytes(_xlsx_bytes(table, codebook or load_codebook()))
    return path


def _xlsx_bytes(table: pd.DataFrame, codebook: Codebook) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = vocabulary(codebook)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append(list(SHEET_COLUMNS))
    for record in table.itertuples(index=False):
        sheet.append([int(value) if column == "row" else str(value)
                      for column, value in zip(SHEET_COLUMNS, record, strict=True)])
    widths = {"row": 6, "sample": 10, "sentence_id": 22, "article_id": 22, "date": 11,
              "outlet": 14, "context_before": 45, "sentence": 60, "context_after": 45,
              "claimant": 11, "target": 11, "categories": 30, "condition_type": 26,
              "borderline": 11, "note": 30}
    for number, column in enumerate(SHEET_COLUMNS, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = widths[column]
        sheet.cell(row=1, column=number).font = Font(bold=True)
        if column in TEXT_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    lists = book.create_sheet("lists")
    choices = {"claimant": words.actors, "target": words.actors,
               "categories": (*words.categories, NONE_CODE),
               "condition_type": words.condition_types, "borderline": ("yes",)}
    last = max(len(table) * 3, len(table) + 200) + 1
    for number, (column, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=column)
        for index, value in enumerate(values, start=2):
            lists.cell(row=index, column=number, value=value)
        several = column in ("categories", "condition_type")
        validation = DataValidation(
            type="list", formula1=f"lists!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True, showErrorMessage=True,
            errorStyle="warning" if several else "stop",
            errorTitle=f"not a {column} value",
            error=("Choose from the list; for several, separate them with ';'." if several
                   else "Choose one value from the list: one claimant per row."),
            promptTitle=column, prompt=f"choose the {column} (list on sheet 'lists')",
            showInputMessage=True)
        target = get_column_letter(SHEET_COLUMNS.index(column) + 1)
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    guide = book.create_sheet("how to code")
    for line in HOW_TO_CODE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    guide["A1"].font = Font(bold=True)
    _codebook_sheet(book.create_sheet("codebook"), codebook, words)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _codebook_sheet(sheet: Any, codebook: Codebook, words: Vocabulary) -> None:
    from openpyxl.styles import Alignment, Font

    table = codebook_table(codebook)[["category", "definition", "include", "exclude",
                                      "example"]]
    sheet.append(list(table.columns))
    for record in table.itertuples(index=False):
        sheet.append([str(value) for value in record])
    sheet.append([NONE_CODE, "The sentence states no negotiation position.", "", "", ""])
    sheet.append([])
    sheet.append(["condition_type", "definition", "implies"])
    for kind in codebook.condition_types.values():
        sheet.append([kind.name, kind.definition, kind.implies or ""])
    sheet.append([])
    sheet.append(["actor", "name"])
    from korea_notes.actors import default_lexicon
    for actor, entry in default_lexicon().actors.items():
        if actor in words.actors:
            sheet.append([actor, entry["name"]])
    for letter, width in zip("ABCDE", (28, 70, 50, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.value in ("category", "condition_type", "actor"):
                for head in row:
                    head.font = Font(bold=True)


def _fixed_zip(data: bytes) -> bytes:
    """The XLSX with fixed entry times and document dates, so that the same sheet gives the
    same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            target.writestr(info, content)
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------


def sheet_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a sheet as (line, {column: text}); cells as text ("" when empty). Raises
    :class:`SheetError` for a file that is not a sheet (missing columns, wrong format)."""
    path = Path(path)
    if not path.is_file():
        raise SheetError([SheetProblem(str(path), None, None, None, "no such file",
                                       "give the path of a filled .xlsx or .csv sheet")])
    if path.suffix.lower() == ".xlsx":
        header, body = _xlsx_rows(path)
    elif path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header, body = (rows[0] if rows else []), rows[1:]
    else:
        raise SheetError([SheetProblem(str(path), None, None, None, "not a .xlsx or .csv file",
                                       "save the sheet as .xlsx or .csv")])
    header = [str(name or "").strip() for name in header]
    missing = [column for column in SHEET_COLUMNS if column not in header]
    if missing:
        raise SheetError([SheetProblem(str(path), 1, None, None,
                                       f"the header lacks the columns {missing}",
                                       f"keep the header row as written: {list(SHEET_COLUMNS)}")])
    result, extra = [], []
    for line, cells in enumerate(body, start=2):
        values = {name: _cell_text(value) for name, value in zip(header, cells, strict=False)}
        extra += [SheetProblem(str(path), line, values.get("row"), name or "(unnamed column)",
                               f"'{_short(value)}' is in a column the sheet does not have",
                               "move it into the coder columns or the note, or delete it")
                  for name, value in values.items() if name not in SHEET_COLUMNS and value]
        if not any(values.get(column, "") for column in SHEET_COLUMNS):
            continue  # an empty line of the spreadsheet
        result.append((line, {column: values.get(column, "") for column in SHEET_COLUMNS}))
    if extra:
        raise SheetError(extra)
    return result


def _xlsx_rows(path: Path) -> tuple[list[Any], list[Sequence[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError([SheetProblem(str(path), None, None, None,
                                       f"not a readable XLSX file ({error})",
                                       "save it again from the spreadsheet program as .xlsx")]
                         ) from error
    if SHEET_NAME not in book.sheetnames:
        raise SheetError([SheetProblem(str(path), None, None, None,
                                       f"no sheet named '{SHEET_NAME}'",
                                       "code in the sheet 'sample' as written by the sample "
                                       "command (do not rename it)")])
    rows = list(book[SHEET_NAME].iter_rows(values_only=True))
    book.close()
    return (list(rows[0]) if rows else []), rows[1:]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _same_text(first: str, second: str) -> bool:
    return " ".join(str(first).split()) == " ".join(str(second).split())


def _suggest(value: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(value.upper(), list(allowed), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _canonical(value: str, allowed: Sequence[str]) -> str | None:
    folded = {item.casefold(): item for item in allowed}
    return folded.get(value.casefold())


def read_sheet(path: str | Path, sample: pd.DataFrame, codebook: Codebook | None = None,
               words: Vocabulary | None = None) -> pd.DataFrame:
    """The codes of one filled sheet, checked cell by cell against ``sample`` (the sample's
    rows with the texts as drawn: columns ``row``, ``sample``, ``sentence_id`` and
    :data:`TEXT_COLUMNS`). Columns :data:`CODE_COLUMNS`. Raises :class:`SheetError` listing
    every bad cell; nothing is returned then."""
    path = Path(path)
    words = words or vocabulary(codebook)
    expected = {(str(r.sample), int(r.row)): r for r in sample.itertuples(index=False)}
    problems: list[SheetProblem] = []
    codes: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], list[bool]] = {}
    present: set[tuple[str, int]] = set()
    for line, cells in sheet_rows(path):
        if re.fullmatch(r"[0-9]+", cells["row"]):
            present.add((cells["sample"], int(cells["row"])))
        found = _check_row(path, line, cells, expected, words, problems)
        if found is None:
            continue
        key, rows = found
        seen.setdefault(key, []).append(rows[0]["category"] is None)
        codes.extend(rows)
    samples = {str(r.sample) for r in sample.itertuples(index=False)}
    sheet_samples = {key[0] for key in present} or samples
    for (name, row), record in sorted(expected.items()):
        if name in sheet_samples and (name, row) not in present:
            problems.append(SheetProblem(
                str(path), None, row, None,
                f"sample row {row} (sentence {record.sentence_id}) is missing from the sheet",
                "restore the row (copy it from a fresh sheet of the same sample) and code it"))
    for (_name, row), kinds in sorted(seen.items()):
        if len(kinds) > 1 and any(kinds):
            problems.append(SheetProblem(
                str(path), None, row, "categories",
                f"the sentence is coded {NONE_CODE} in one line and with positions in another",
                f"delete the {NONE_CODE} line, or the lines with positions"))
    if problems:
        raise SheetError(problems)
    frame = pd.DataFrame(codes, columns=list(CODE_COLUMNS))
    for column in ("actor", "target", "category", "condition_type", "note"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.sort_values(["sample", "row", "line"], kind="stable").reset_index(drop=True)


def _check_row(path: Path, line: int, cells: dict[str, str],
               expected: dict[tuple[str, int], Any], words: Vocabulary,
               problems: list[SheetProblem]) -> tuple[tuple[str, int], list[dict]] | None:
    """The claims of one sheet line, or None after adding its problems."""
    before = len(problems)

    def bad(column: str | None, message: str, fix: str) -> None:
        problems.append(SheetProblem(str(path), line, cells["row"], column, message, fix))

    if not re.fullmatch(r"[0-9]+", cells["row"]):
        bad("row", f"'{cells['row']}' is not a sample row number",
            "keep the row number as written (copy it for a second claimant)")
        return None
    key = (cells["sample"], int(cells["row"]))
    record = expected.get(key)
    if record is None:
        bad("row", f"sample '{cells['sample']}' has no row {cells['row']}",
            "keep the row and sample columns as written by the sample command")
        return None
    if cells["sentence_id"] != str(record.sentence_id):
        bad("sentence_id", f"'{cells['sentence_id']}' is not the sampled sentence "
            f"{record.sentence_id}", "restore columns A to I as written")
    for column in TEXT_COLUMNS:
        if not _same_text(cells[column], getattr(record, column)):
            bad(column, f"the text differs from the sampled {column.replace('_', ' ')} "
                f"('{_short(cells[column])}' instead of '{_short(getattr(record, column))}')",
                "restore the text as written; code in the coder columns only")
    claims = _row_claims(cells, words, bad)
    if len(problems) > before or claims is None:
        return None
    base = {"coder": path.stem, "file": str(path), "line": line, "sample": key[0],
            "row": key[1], "sentence_id": str(record.sentence_id), "note": cells["note"] or None}
    return key, [base | claim for claim in claims]


def _short(text: str, length: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[:length - 1] + "…"


def _row_claims(cells: dict[str, str], words: Vocabulary, bad: Any) -> list[dict] | None:
    """The claims one line codes (one per category; one with category None for NONE)."""
    actor = _one_actor(cells["claimant"], "claimant", words, bad)
    target = _one_actor(cells["target"], "target", words, bad)
    categories = _values(cells["categories"], "categories", (*words.categories, NONE_CODE),
                         bad)
    types = _values(cells["condition_type"], "condition_type", words.condition_types, bad)
    flag = cells["borderline"].casefold()
    if flag not in _YES | _NO:
        bad("borderline", f"'{cells['borderline']}' is neither yes nor empty",
            "write yes for a disputable coding, else leave the cell empty")
    if actor is False or target is False or categories is None or types is None:
        return None
    if not categories:
        if actor or target or types:
            bad("categories", "a claimant, target or condition type is given but no category",
                f"choose the categories this claimant states, or {NONE_CODE} and clear the "
                "other coder cells")
        else:
            bad("categories", "the row is not coded",
                f"choose the categories the sentence states, or {NONE_CODE} when it states "
                "no position")
        return None
    if NONE_CODE in categories:
        if len(categories) > 1 or actor or target or types:
            bad("categories", f"{NONE_CODE} together with other codes",
                f"write {NONE_CODE} alone (and leave claimant, target and condition_type "
                "empty), or remove it")
            return None
        return [{"actor": None, "target": None, "category": None, "condition_type": None,
                 "borderline": flag in _YES}]
    if not actor:
        bad("claimant", f"categories {categories} without a claimant",
            f"choose the actor who states them (one of {', '.join(words.actors)})")
        return None
    joined = "|".join(types) or None
    return [{"actor": actor, "target": target or None, "category": category,
             "condition_type": joined, "borderline": flag in _YES} for category in categories]


def _one_actor(text: str, column: str, words: Vocabulary, bad: Any) -> str | None | bool:
    """The one actor id of a cell ("" when empty), or False after a problem."""
    if not text:
        return ""
    parts = [part for part in _SPLIT.split(text) if part]
    words_in = parts[0].split() if len(parts) == 1 else []
    if len(words_in) > 1 and all(_canonical(word, words.actors) for word in words_in):
        parts = words_in
    known = [_canonical(part, words.actors) for part in parts]
    if len(parts) > 1:
        bad(column, f"'{text}' names {len(parts)} actors in one cell",
            f"one {column} per row: copy the row (same row number) for the second one")
        return False
    if known[0] is None:
        bad(column, f"'{text}' is not an actor id{_suggest(text, words.actors)}",
            f"choose one of {', '.join(words.actors)} (korea_notes/actors.yml)")
        return False
    return known[0]


def _values(text: str, column: str, allowed: Sequence[str], bad: Any) -> list[str] | None:
    """The values of a cell that may list several, each checked; None after a problem."""
    values, ok = [], True
    for part in re.split(r"\s*[;,|\n]\s*", text) if text else []:
        if not part:
            continue
        value = _canonical(part, allowed)
        if value is None:
            bad(column, f"'{part}' is not a {_SINGULAR.get(column, column)}"
                f"{_suggest(part, allowed)}",
                f"choose from the drop-down list ({', '.join(allowed)})")
            ok = False
        elif value not in values:
            values.append(value)
    return values if ok else None


# --- filling (for a coder that is not a person) ---------------------------------------------


def fill_sheet(sheet: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The sheet filled with the codes of ``claims`` (columns ``sentence_id``, ``actor``,
    ``target``, ``category`` and optionally ``condition_type``, ``borderline``), as a person
    would fill it: one row per claimant and target of each sentence, ``NONE`` where a sentence
    has no claim. Used to let a reference coding play the human coder."""
    rows = []
    by_sentence = {key: group for key, group in claims.groupby("sentence_id", sort=False)}
    for record in sheet[list(FIXED_COLUMNS)].to_dict("records"):
        group = by_sentence.get(record["sentence_id"])
        if group is None or group.empty:
            rows.append(record | {"claimant": "", "target": "", "categories": NONE_CODE,
                                  "condition_type": "", "borderline": "", "note": ""})
            continue
        group = group.assign(
            target=group["target"].where(group["target"].notna(), ""),
            borderline=group["borderline"] if "borderline" in group else False,
            condition_type=group["condition_type"] if "condition_type" in group else None)
        for (actor, target, flag), part in group.groupby(["actor", "target", "borderline"],
                                                         sort=False):
            types = [t for value in part["condition_type"].dropna() for t in str(value).split("|")]
            rows.append(record | {
                "claimant": actor, "target": target,
                "categories": "; ".join(dict.fromkeys(part["category"])),
                "condition_type": "; ".join(dict.fromkeys(types)),
                "borderline": "yes" if flag else "", "note": ""})
    return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))
