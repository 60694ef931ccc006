"""A stage's index of the pipeline cache, held compactly in memory.

The index file of a stage (``index/<stage>.parquet``, see :mod:`korea_notes.store`) has a row
per article and key: the key, the article id, the digest of the article's rows, the partition
key and, per table, the offset and count of its rows. The calling process of a streamed run
holds every stage's index while the tasks run (100,000 articles: 600,000 rows and more), so a
:class:`StageIndex` holds the three SHA-256 digests as 32 raw bytes rather than 64 hex
characters, the partition keys as numbers into their distinct values (about 100 articles share
one), the article ids as one Arrow string column and the offsets and counts as integer
arrays: about 120 bytes a row, against some 250 as Arrow strings and some 300 as a DataFrame
of Python strings. The file is read a batch of rows at a time and no Python string is made
for a digest, so reading it takes little more memory than the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

BATCH_ROWS = 50_000
"""Rows of an index file read at a time."""

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_NIBBLE = np.full(256, 255, dtype=np.uint8)
_NIBBLE[_HEX] = np.arange(16, dtype=np.uint8)


def raw_digests(hexes: np.ndarray | Sequence[str]) -> np.ndarray:
    """Hex SHA-256 digests (64 lowercase characters each, or "" for unknown) as 32-byte
    strings (an unknown one: 32 zero bytes, which no SHA-256 digest is in practice)."""
    text = np.asarray(hexes, dtype="S64")
    return _packed(text.view(np.uint8).reshape(len(text), 64), text != b"")


def raw_column(column: pa.Array) -> np.ndarray:
    """A string column of hex digests as 32-byte strings, read from the column's buffers
    when every value has 64 characters (no Python string is made for any of them)."""
    column = column.cast(pa.string())
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[
        column.offset:column.offset + len(column) + 1]
    if not len(column) or column.null_count or not (np.diff(offsets) == 64).all():
        return raw_digests(column.to_numpy(zero_copy_only=False))
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    return _packed(data.reshape(len(column), 64), np.ones(len(column), dtype=bool))


def _packed(text: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Rows of 64 hex characters (as bytes) as 32-byte strings; rows not ``known``: zeros."""
    nibbles = _NIBBLE[text]
    if (nibbles[known] == 255).any():
        row = int(np.flatnonzero(known & (nibbles == 255).any(axis=1))[0])
        raise ValueError(f"not a hex SHA-256 digest: {bytes(text[row]).decode('latin-1')}")
    raw = (nibbles[:, 0::2] << 4) | nibbles[:, 1::2]
    raw[~known] = 0
    return np.ascontiguousarray(raw).view("S32").reshape(len(text))


def hex_digests(raw: np.ndarray) -> list[str]:
    """32-byte digests as hex strings ("" for an unknown one)."""
    octets = np.ascontiguousarray(raw, dtype="S32").view(np.uint8).reshape(len(raw), 32)
    text = np.empty((len(raw), 64), dtype=np.uint8)
    text[:, 0::2], text[:, 1::2] = _HEX[octets >> 4], _HEX[octets & 15]
    unknown = ~octets.any(axis=1)
    return ["" if empty else value.decode("ascii") for value, empty in
            zip(text.view("S64").reshape(len(raw)), unknown, strict=True)]


@dataclass
class StageIndex:
    """The index of one stage: ``columns`` are its column names (:func:`index_columns`);
    ``key`` and ``digest`` (32-byte digests), ``part`` (numbers into ``parts``, the distinct
    partition keys), ``article_id`` and ``numbers`` (offset and row count columns) hold
    one value per row."""

    columns: list[str]
    key: np.ndarray
    digest: np.ndarray
    part: np.ndarray
    parts: list[str]
    article_id: pa.Array
    numbers: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        self._codes = {part: code for code, part in enumerate(self.parts)}

    @classmethod
    def empty(cls, columns: list[str]) -> StageIndex:
        return cls(list(columns), np.zeros(0, "S32"), np.zeros(0, "S32"),
                   np.zeros(0, np.int32), [], pa.array([], pa.string()),
                   {name: np.zeros(0, np.int64) for name in columns[4:]})

    @classmethod
    def read(cls, path: Path, columns: list[str]) -> StageIndex:
        """The index in ``path``, a batch of rows at a time (empty when its columns are not
        ``columns``: the stage's tables changed, so none of its entries can be used)."""
        source = pq.ParquetFile(path, read_dictionary=["part"])
        if source.schema_arrow.names != columns:
            return cls.empty(columns)
        keys, digests, parts, ids = [], [], [], []
        numbers: dict[str, list[np.ndarray]] = {name: [] for name in columns[4:]}
        codes: dict[str, int] = {}
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            keys.append(raw_column(batch.column("key")))
            digests.append(raw_column(batch.column("digest")))
            part = batch.column("part")
            if not isinstance(part, pa.DictionaryArray):
                part = part.dictionary_encode()
            numbered = np.array([codes.setdefault(value, len(codes)) for value in
                                 part.dictionary.to_pylist()], dtype=np.int32)
            parts.append(numbered[part.indices.to_numpy(zero_copy_only=False)])
            ids.append(batch.column("article_id").cast(pa.string()))
            for name in numbers:
                numbers[name].append(batch.column(name).to_numpy().astype(np.int64))
        if not keys:
            return cls.empty(columns)
        index = cls(list(columns), np.concatenate(keys), np.concatenate(digests),
                    np.concatenate(parts), list(codes), pa.concat_arrays(ids),
                    {name: np.concatenate(values) for name, values in numbers.items()})
        pa.default_memory_pool().release_unused()  # the batches' memory back to the machine
        return index

    def __len__(self) -> int:
        return len(self.key)

    def frame(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """The entries at ``rows`` (default: all) as a DataFrame of the index's columns, the
        digests as hex strings (pandas' ``str`` dtype), offsets and counts as int64."""
        rows = np.arange(len(self)) if rows is None else np.asarray(rows, dtype=np.int64)
        data = {
            "key": hex_digests(self.key[rows]),
            "article_id": self.article_id.take(pa.array(rows)).to_pylist(),
            "digest": hex_digests(self.digest[rows]),
            "part": [self.parts[code] for code in self.part[rows]],
            **{name: values[rows] for name, values in self.numbers.items()},
        }
        return pd.DataFrame({name: pd.Series(data[name], dtype="str" if name in (
            "key", "article_id", "digest", "part") else np.int64) for name in self.columns},
            columns=self.columns)

    def in_part(self, rows: np.ndarray, part: str) -> bool:
        """Whether every entry at ``rows`` is in the partition ``part``."""
        code = self._codes.get(part)
        return code is not None and bool((self.part[rows] == code).all())

    def rows_of(self, article_ids: Sequence[str]) -> np.ndarray:
        """The rows of every entry of these articles."""
        if not len(self) or not article_ids:
            return np.zeros(0, dtype=np.int64)
        chosen = pc.is_in(self.article_id, value_set=pa.array(list(article_ids), pa.string()))
        return np.flatnonzero(chosen.to_numpy(zero_copy_only=False))

    def latest_rows(self, article_ids: Sequence[str]) -> np.ndarray:
        """For each article id, the row of its last entry (-1: none)."""
        if not len(self) or not article_ids:
            return np.full(len(article_ids), -1, dtype=np.int64)
        backwards = self.article_id.take(pa.array(np.arange(len(self) - 1, -1, -1)))
        at = pc.index_in(pa.array(list(article_ids), pa.string()), value_set=backwards)
        at = at.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        return np.where(at >= 0, len(self) - 1 - at, -1)
