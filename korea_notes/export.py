"""Every analysis table as files, for work in R, Stata or a spreadsheet:
``python -m korea_notes export --to DIR [--format parquet|csv] [--period year]``.

The tables are those of :func:`korea_notes.pipeline.run_pipeline` and
:mod:`korea_notes.timeline` (see :data:`EXPORTED_TABLES`), computed as the notebooks compute
them. Each becomes ``DIR/<table>.parquet`` (through pyarrow) or ``DIR/<table>.csv`` (UTF-8,
``"\\n"`` line ends, a header row). Beside them, ``DIR/data_dictionary.csv`` has one row per
column of every table (:data:`DICTIONARY_COLUMNS`): its type in the file and its meaning, taken
from the package's own documentation of that column (:mod:`korea_notes.columns`).

In both formats a missing value is empty (null), dates are dates (``YYYY-MM-DD``) and the
columns that hold several values per row (the ids of evidence sentences, noun phrases, ...) are
lists: Parquet lists, and in CSV a JSON array such as ``["a", "b"]`` (R: ``jsonlite::fromJSON``,
Python: ``json.loads``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.columns import Meaning, meanings_from

FORMATS: tuple[str, ...] = ("parquet", "csv")
DICTIONARY_FILE = "data_dictionary.csv"

DICTIONARY_COLUMNS: tuple[str, ...] = ("table", "file", "column", "type", "meaning", "source")
"""table (the table's name); file (its file beside the dictionary); column; type (in the file:
string, integer, float, boolean, date, or "list of ..."; in CSV a list is a JSON array);
meaning (the documented meaning of the column); source (the function or constant of the
package whose documentation it is quoted from)."""

KEY_COLUMNS: tuple[str, ...] = ("article_id", "published", "sentence_id")
"""Columns that mean the same in every table: their meaning comes from :data:`KEY_SOURCES`."""

KEY_SOURCES: tuple[str, ...] = ("korea_notes.corpus.load_articles",
                                "korea_notes.sentences.split_sentences")
"""Where the key columns are made (the articles and the sentences), so documented."""

_CLAIMS = "korea_notes.positions.CLAIM_COLUMNS"
_PERIODS = "korea_notes.timeline.PERIOD_COLUMNS"


@dataclass(frozen=True)
class ExportedTable:
    """One exported table: its ``name`` (and file name), what one row is (``rows``), and the
    documentation its columns' meanings are read from (``sources``, "module.name", the first
    that documents a column wins)."""

    name: str
    rows: str
    sources: tuple[str, ...]


EXPORTED_TABLES: tuple[ExportedTable, ...] = (
    ExportedTable("articles", "an article: its metadata, raw and clean text",
                  ("korea_notes.corpus.load_articles", "korea_notes.cleaning.clean_articles")),
    ExportedTable("cleaning_changes", "a removal or repair made by cleaning",
                  ("korea_notes.cleaning.clean_articles",)),
    ExportedTable("sentences", "a sentence, with its annotation, claimant and tense",
                  ("korea_notes.sentences.split_sentences", "korea_notes.language.annotate",
                   "korea_notes.attribution.attribute_sentences", _CLAIMS)),
    ExportedTable("claims", "a coded claim (position or precondition) with its evidence",
                  (_CLAIMS,)),
    ExportedTable("periods", "a period of the corpus", (_PERIODS,)),
    ExportedTable("positions", "an actor's claims of one category in one period",
                  ("korea_notes.timeline.POSITION_COLUMNS", _PERIODS, _CLAIMS)),
    ExportedTable("preconditions", "who demands which precondition of whom in one period",
                  ("korea_notes.timeline.PRECONDITION_COLUMNS",
                   "korea_notes.timeline.POSITION_COLUMNS", _PERIODS, _CLAIMS)),
    ExportedTable("changes", "a category or condition type that appears, persists or "
                  "disappears between an actor's periods",
                  ("korea_notes.timeline.CHANGE_COLUMNS", _CLAIMS)),
    ExportedTable("tone", "the tone of an actor's sentences in one period",
                  ("korea_notes.timeline.TONE_COLUMNS", _PERIODS, _CLAIMS)),
)
"""The tables :func:`export_tables` writes, in this order."""


class ExportError(ValueError):
    """The tables cannot be written as asked; the message says why and what to do."""


def analysis_tables(articles: pd.DataFrame | None = None, period: str | None = None,
                    workers: int | None = None) -> dict[str, pd.DataFrame]:
    """Every table of :data:`EXPORTED_TABLES` for ``articles`` (default: the corpus), with the
    aggregates per ``period`` (article, month or year; default: the pipeline's).

    The article tables come from :func:`korea_notes.pipeline.run_pipeline` (``workers`` as
    there); the sentences are its attributed sentences with their annotation and the tense of
    :func:`korea_notes.timeline.with_tense`; the periods, changes and tone are those of
    :mod:`korea_notes.timeline` over them.
    """
    from korea_notes import timeline
    from korea_notes.corpus import load_articles
    from korea_notes.pipeline import DEFAULT_PERIOD, run_pipeline

    period = period or DEFAULT_PERIOD
    if period not in timeline.PERIODS:
        raise ExportError(f"period {period!r} is unknown. Fix: use one of "
                          f"{', '.join(timeline.PERIODS)}.")
    articles = load_articles() if articles is None else articles
    tables = run_pipeline(articles, workers=workers, period=period)
    annotation = [c for c in tables["annotated"].columns if c not in tables["sentences"]]
    sentences = tables["attributed"].merge(
        tables["annotated"][["sentence_id", *annotation]], on="sentence_id", how="left",
        validate="one_to_one")
    sentences = timeline.with_tense(sentences)
    claims = tables["claims"]
    return {
        "articles": tables["clean"],
        "cleaning_changes": tables["changes"],
        "sentences": sentences,
        "claims": claims,
        "periods": timeline.period_table(articles, period),
        "positions": tables["positions"],
        "preconditions": tables["preconditions"],
        "changes": timeline.period_changes(claims, period, articles=articles),
        "tone": timeline.tone_by_period(sentences, period, articles=articles),
    }


def export_tables(directory: str | Path, file_format: str = "parquet", *,
                  articles: pd.DataFrame | None = None, period: str | None = None,
                  workers: int | None = None) -> pd.DataFrame:
    """Write every table of :func:`analysis_tables` into ``directory`` (made if missing) as
    ``<table>.<file_format>``, and the data dictionary beside them; return the dictionary
    (columns :data:`DICTIONARY_COLUMNS`)."""
    if file_format not in FORMATS:
        raise ExportError(f"format {file_format!r} is unknown. Fix: use one of "
                          f"{', '.join(FORMATS)}.")
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file. Fix: give a folder to write the tables into.")
    tables = analysis_tables(articles, period, workers)
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for spec in EXPORTED_TABLES:
        file_name = f"{spec.name}.{file_format}"
        arrow = to_arrow(tables[spec.name])
        if file_format == "parquet":
            import pyarrow.parquet as parquet

            parquet.write_table(arrow, folder / file_name)
        else:
            write_csv(tables[spec.name], folder / file_name)
        entries.append((spec, file_name, arrow.schema))
    dictionary = data_dictionary(entries, file_format)
    write_csv(dictionary, folder / DICTIONARY_FILE)
    return dictionary


def data_dictionary(entries: Sequence[tuple[ExportedTable, str, Any]], file_format: str
                    ) -> pd.DataFrame:
    """One row per column of each (table, file name, Arrow schema) in ``entries``: its type in
    a file of ``file_format`` and its documented meaning (columns :data:`DICTIONARY_COLUMNS`).
    Raises :class:`ExportError` naming every column no documentation explains."""
    keys, key_sources = meanings_from(list(KEY_SOURCES))
    rows, undocumented = [], []
    for spec, file_name, schema in entries:
        meanings, sources = meanings_from(list(spec.sources))
        for arrow_field in schema:
            column = arrow_field.name
            meaning, source = (keys[column], key_sources[column]) if column in KEY_COLUMNS \
                else (meanings.get(column, Meaning("")), sources.get(column, ""))
            if not meaning.text:
                undocumented.append(f"{spec.name}.{column}")
            rows.append({"table": spec.name, "file": file_name, "column": column,
                         "type": type_name(arrow_field.type, file_format),
                         "meaning": meaning.text, "source": source})
    if undocumented:
        raise ExportError(f"no documentation says what these columns hold: "
                          f"{', '.join(undocumented)}. Fix: document them where the table is "
                          "made (see the sources in korea_notes.export.EXPORTED_TABLES).")
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def to_arrow(table: pd.DataFrame) -> Any:
    """The table as a ``pyarrow.Table``: tuples as lists, dates (datetimes at midnight) as
    dates, categories and columns of only missing values as strings."""
    import pyarrow as pa

    columns = {}
    for name in table.columns:
        values = table[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object).where(values.notna(), None)
        if pd.api.types.is_datetime64_any_dtype(values) and _midnight(values):
            values = values.dt.date.astype(object).where(values.notna(), None)
        array = pa.array(values, from_pandas=True)
        columns[str(name)] = array if not pa.types.is_null(array.type) else array.cast(pa.string())
    return pa.table(columns)


def _midnight(values: pd.Series) -> bool:
    present = values.dropna()
    return bool((present == present.dt.normalize()).all())


def type_name(arrow_type: Any, file_format: str) -> str:
    """A column's type as the data dictionary states it."""
    import pyarrow as pa

    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        inner = type_name(arrow_type.value_type, "parquet")
        return f"list of {inner}" + (" (JSON array)" if file_format == "csv" else "")
    for test, name in ((pa.types.is_string, "string"), (pa.types.is_large_string, "string"),
                       (pa.types.is_integer, "integer"), (pa.types.is_floating, "float"),
                       (pa.types.is_boolean, "boolean"), (pa.types.is_date, "date"),
                       (pa.types.is_timestamp, "timestamp")):
        if test(arrow_type):
            return name
    return str(arrow_type)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with a header row, ``"\\n"`` line ends and no index; list
    cells as JSON arrays, missing values empty, dates as ``YYYY-MM-DD``."""
    data = table.copy()
    for name in data.columns:
        values = data[name]
        if pd.api.types.is_datetime64_any_dtype(values) and _midnight(values):
            data[name] = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == object and values.map(_is_list).any():
            data[name] = values.map(_json_list)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        data.to_csv(handle, index=False, lineterminator="\n")


def _is_list(value: Any) -> bool:
    return isinstance(value, (tuple, list))


def _json_list(value: Any) -> Any:
    if _is_list(value):
        return json.dumps(_plain_list(value), ensure_ascii=False)
    return value


def _plain_list(value: Any) -> Any:
    if _is_list(value):
        return [_plain_list(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
