"""Pipeline tables through Parquet and back unchanged; pieces of a table joined into it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from korea_notes.tablecodec import (
    CodecError,
    concat_pieces,
    read_parquet,
    row_hashes,
    write_parquet,
)


def round_trip(frame: pd.DataFrame, tmp_path) -> pd.DataFrame:
    return read_parquet(write_parquet(frame, tmp_path / "table.parquet"))


def test_every_table_of_the_corpus_comes_back_unchanged(articles, tmp_path):
    from korea_notes.pipeline import run_pipeline

    tables = run_pipeline(articles, workers=1, cache=None, progress=False)
    for name, table in [("articles", articles), *tables.items()]:
        back = round_trip(table, tmp_path)
        assert list(back.dtypes) == list(table.dtypes), name
        pd.testing.assert_frame_equal(back, pd.DataFrame(table), check_exact=True, obj=name)
        for column in table.columns:
            assert [type(v) for v in back[column]] == [type(v) for v in table[column]], column


def test_none_and_nan_in_text_columns_come_back_as_they_were(tmp_path):
    frame = pd.DataFrame({"a": pd.Series(["x", None], dtype=object),
                          "b": pd.Series(["x", np.nan], dtype=object),
                          "c": pd.Series(["x", None], dtype="str")})
    back = round_trip(frame, tmp_path)
    assert back["a"].iloc[1] is None and isinstance(back["b"].iloc[1], float)
    assert back["c"].dtype == frame["c"].dtype


def test_nested_tuples_come_back_as_tuples(tmp_path):
    frame = pd.DataFrame({"spans": pd.Series([((1, 2), (3, 4)), ()], dtype=object)})
    assert round_trip(frame, tmp_path)["spans"].tolist() == [((1, 2), (3, 4)), ()]


def test_a_column_with_both_none_and_nan_is_refused_by_name(tmp_path):
    frame = pd.DataFrame({"mixed": pd.Series(["x", None, np.nan], dtype=object)})
    with pytest.raises(CodecError, match="'mixed'.*both as None and as NaN"):
        write_parquet(frame, tmp_path / "t.parquet")


def test_a_column_of_other_objects_is_refused_by_name(tmp_path):
    frame = pd.DataFrame({"odd": pd.Series([{"a": 1}], dtype=object)})
    with pytest.raises(CodecError, match="'odd' holds \\['dict'\\]"):
        write_parquet(frame, tmp_path / "t.parquet")


def test_a_file_not_written_by_the_codec_is_refused(tmp_path):
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "plain.parquet")
    with pytest.raises(CodecError, match="not a korea_notes table"):
        read_parquet(tmp_path / "plain.parquet")


def test_pieces_are_joined_whatever_the_cut():
    whole = pd.DataFrame({"condition": ["a", None, None, "b"]})
    pieces = [pd.DataFrame({"condition": values}) for values in (["a"], [None, None], ["b"])]
    assert pieces[1]["condition"].dtype == object
    pd.testing.assert_frame_equal(concat_pieces(pieces), whole)


def test_empty_pieces_do_not_change_the_dtypes():
    filled = pd.DataFrame({"n": [1, 2]})
    empty = pd.DataFrame({"n": pd.Series([], dtype=object)})
    assert concat_pieces([empty, filled, empty])["n"].dtype == "int64"
    assert concat_pieces([empty, empty])["n"].dtype == object


def test_row_hashes_differ_for_different_rows_and_agree_for_equal_ones():
    frame = pd.DataFrame({"a": ["x", "y", "x"], "b": [(1,), (2,), (1,)]})
    hashes = row_hashes(frame)
    assert hashes[0] == hashes[2] != hashes[1]
