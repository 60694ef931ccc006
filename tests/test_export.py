"""``export``: every analysis table as Parquet or CSV, with a data dictionary whose meanings
are the package's own documentation of each column."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as parquet
import pytest

from korea_notes import timeline
from korea_notes.__main__ import main
from korea_notes.columns import column_meanings, docstring_of
from korea_notes.export import (
    DICTIONARY_COLUMNS,
    DICTIONARY_FILE,
    EXPORTED_TABLES,
    ExportedTable,
    ExportError,
    data_dictionary,
    export_tables,
    to_arrow,
)
from korea_notes.positions import code_positions, prepare_sentences

NAMES = [spec.name for spec in EXPORTED_TABLES]


@pytest.fixture(scope="module")
def parquet_export(tmp_path_factory, articles):
    folder = tmp_path_factory.mktemp("parquet")
    return folder, export_tables(folder, "parquet", articles=articles, workers=1)


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory, articles):
    folder = tmp_path_factory.mktemp("csv")
    return folder, export_tables(folder, "csv", articles=articles, workers=1)


def test_every_analysis_table_is_written_with_the_dictionary_beside_it(parquet_export):
    folder, _ = parquet_export
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{name}.parquet" for name in NAMES] + [DICTIONARY_FILE])


def test_the_issue_s_tables_are_all_there():
    assert {"articles", "sentences", "claims", "positions", "preconditions", "changes",
            "tone"} <= set(NAMES)


def test_the_dictionary_has_a_row_for_every_column_of_every_file(parquet_export):
    folder, dictionary = parquet_export
    on_disk = pd.read_csv(folder / DICTIONARY_FILE, keep_default_na=False)
    assert list(on_disk.columns) == list(DICTIONARY_COLUMNS)
    assert on_disk.equals(dictionary.astype(on_disk.dtypes.to_dict()))
    for name in NAMES:
        columns = parquet.read_schema(folder / f"{name}.parquet").names
        assert list(dictionary.loc[dictionary["table"] == name, "column"]) == columns


def test_every_column_has_a_type_and_a_meaning(parquet_export):
    _, dictionary = parquet_export
    assert (dictionary["type"] != "").all()
    assert (dictionary["meaning"].str.len() > 0).all()


def test_each_meaning_is_quoted_from_the_documentation_it_names(parquet_export):
    _, dictionary = parquet_export
    for row in dictionary.itertuples():
        assert column_meanings(docstring_of(row.source))[row.column].text == row.meaning, row


def test_the_exported_claims_are_those_the_notebooks_compute(parquet_export, articles):
    folder, _ = parquet_export
    expected = code_positions(prepare_sentences(articles))
    exported = parquet.read_table(folder / "claims.parquet")
    assert exported.equals(to_arrow(expected))


def test_the_exported_changes_are_those_of_the_timeline(parquet_export, articles):
    folder, _ = parquet_export
    claims = code_positions(prepare_sentences(articles))
    expected = timeline.period_changes(claims, "year", articles=articles)
    assert parquet.read_table(folder / "changes.parquet").equals(to_arrow(expected))


def test_parquet_keeps_lists_and_dates(parquet_export):
    folder, dictionary = parquet_export
    positions = parquet.read_schema(folder / "positions.parquet")
    claims = parquet.read_schema(folder / "claims.parquet")
    assert pa.types.is_list(positions.field("sentence_ids").type)
    assert pa.types.is_string(positions.field("sentence_ids").type.value_type)
    assert pa.types.is_date32(claims.field("published").type)
    types = dictionary.set_index(["table", "column"])["type"]
    assert types[("positions", "sentence_ids")] == "list of string"
    assert types[("claims", "published")] == "date"


def test_csv_holds_the_same_rows_with_lists_as_json_arrays(csv_export, parquet_export):
    folder, dictionary = csv_export
    from_csv = pd.read_csv(folder / "positions.csv", keep_default_na=False)
    from_parquet = parquet.read_table(parquet_export[0] / "positions.parquet").to_pandas()
    assert len(from_csv) == len(from_parquet)
    assert [json.loads(cell) for cell in from_csv["sentence_ids"]] == [
        list(ids) for ids in from_parquet["sentence_ids"]]
    types = dictionary.set_index(["table", "column"])["type"]
    assert types[("positions", "sentence_ids")] == "list of string (JSON array)"


def test_csv_dates_are_plain_dates(csv_export):
    folder, _ = csv_export
    claims = pd.read_csv(folder / "claims.csv")
    assert claims["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_a_column_nobody_documented_stops_the_export():
    spec = ExportedTable("claims", "a claim", ("korea_notes.positions.CLAIM_COLUMNS",))
    schema = to_arrow(pd.DataFrame({"category": ["X"], "mystery": [1]})).schema
    with pytest.raises(ExportError, match=r"claims\.mystery"):
        data_dictionary([(spec, "claims.csv", schema)], "csv")


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ExportError, match="format 'xlsx' is unknown. Fix: use one of parquet"):
        export_tables(tmp_path, "xlsx")


def test_an_unknown_period_is_refused(tmp_path, articles):
    with pytest.raises(ExportError, match="period 'week' is unknown"):
        export_tables(tmp_path, "csv", articles=articles, period="week")


def test_the_command_writes_the_tables_and_names_them(tmp_path, capsys):
    assert main(["export", "--to", str(tmp_path / "out"), "--format", "csv",
                 "--period", "article"]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'out' / 'claims.csv'}: 14 columns" in out
    periods = pd.read_csv(tmp_path / "out" / "periods.csv")
    assert len(periods) == 5  # one period per article
