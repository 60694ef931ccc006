"""The cache index held compactly: digests as raw bytes and back, an index file read a batch at
a time with the entries it holds."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import korea_notes.cacheindex as cacheindex
from korea_notes.cacheindex import StageIndex, hex_digests, raw_digests
from korea_notes.stages import STAGES
from korea_notes.store import index_columns, index_table
from korea_notes.tablecodec import write_parquet

CLAIMS = next(stage for stage in STAGES if stage.name == "claims")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def entries(n: int) -> pd.DataFrame:
    """Index entries of the claims stage: two versions of article 0, partitions of three."""
    ids = ["2018-06-12_singapur-gipfel"] + [f"article-{i}" for i in range(n - 1)]
    ids[-1] = ids[0]
    frame = pd.DataFrame({"key": [digest(f"key {i}") for i in range(n)], "article_id": ids,
                          "digest": [digest(f"rows {i}") for i in range(n)],
                          "part": [digest(f"part {i // 3}") for i in range(n)]})
    for number, column in enumerate(index_columns(CLAIMS)[4:]):
        frame[column] = np.arange(n, dtype=np.int64) * (number + 1)
    return frame


def test_digests_as_raw_bytes_come_back_as_the_same_hex():
    hexes = [digest("Vorbedingung"), "", digest("Denuklearisierung")]
    raw = raw_digests(hexes)
    assert raw.dtype == np.dtype("S32") and raw[1] == b""
    assert hex_digests(raw) == hexes


def test_a_value_that_is_not_a_hex_digest_is_named():
    with pytest.raises(ValueError, match="not a hex SHA-256 digest: .*XYZ"):
        raw_digests(["XYZ" + digest("a")[3:]])


def test_an_index_file_read_in_batches_holds_every_entry(tmp_path, monkeypatch):
    monkeypatch.setattr(cacheindex, "BATCH_ROWS", 4)
    frame = entries(11)
    write_parquet(frame, tmp_path / "claims.parquet")
    index = StageIndex.read(tmp_path / "claims.parquet", index_columns(CLAIMS))
    assert len(index) == 11 and len(index.parts) == 4
    pd.testing.assert_frame_equal(index.frame(), frame)
    pd.testing.assert_frame_equal(index.frame(np.array([5, 2])),
                                  frame.iloc[[5, 2]].reset_index(drop=True))


def test_an_index_of_other_columns_is_read_as_empty(tmp_path):
    write_parquet(entries(3).drop(columns=["coding.rows"]), tmp_path / "claims.parquet")
    assert len(StageIndex.read(tmp_path / "claims.parquet", index_columns(CLAIMS))) == 0


def test_latest_rows_are_each_articles_last_entry():
    index = _index(entries(7))
    assert list(index.latest_rows(["2018-06-12_singapur-gipfel", "article-2", "missing"])) == \
        [6, 3, -1]


def test_rows_of_articles_are_all_their_entries():
    assert list(_index(entries(7)).rows_of(["2018-06-12_singapur-gipfel"])) == [0, 6]


def test_entries_are_in_a_partition_only_when_all_of_them_are():
    frame = entries(7)
    index = _index(frame)
    assert index.in_part(np.array([0, 1, 2]), frame["part"][0])
    assert not index.in_part(np.array([2, 3]), frame["part"][0])
    assert not index.in_part(np.array([0]), digest("no such partition"))


def _index(frame: pd.DataFrame) -> StageIndex:
    table = index_table(CLAIMS, frame)
    columns = index_columns(CLAIMS)
    keys = raw_digests(frame["key"].tolist())
    parts = list(dict.fromkeys(frame["part"]))
    return StageIndex(columns, keys, raw_digests(frame["digest"].tolist()),
                      np.array([parts.index(part) for part in frame["part"]], dtype=np.int32),
                      parts, table.column("article_id").combine_chunks(),
                      {name: frame[name].to_numpy() for name in columns[4:]})
