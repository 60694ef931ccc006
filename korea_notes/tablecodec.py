"""Pipeline tables to Parquet and back, unchanged; joining pieces of a table; digests of rows.

Parquet (through pyarrow, the reference implementation of the format) knows strings, numbers,
dates and lists, but not pandas' exact dtypes nor Python tuples. :func:`write_parquet` records
each column's pandas dtype, and for ``object`` columns what their values are, in the file's
metadata, and :func:`read_parquet` restores them, so a table read back is identical to the one
written: same columns, dtypes and values (tuples as tuples, None as None, NaN as NaN).

``object`` columns may hold text (str, with None or NaN for missing values, not both) or tuples
(of strings, numbers or tuples); anything else is refused with an error naming the column.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

METADATA_KEY = b"korea_notes"
"""The key of the column descriptions in a Parquet file's metadata."""

FORMAT = 1
"""Version of the column descriptions; a file of another version is not read."""


class CodecError(TypeError):
    """A column cannot be stored in Parquet as it is; the message names it and the fix."""


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` (its index is not kept) to ``path`` atomically; returns the path."""
    path = Path(path)
    columns = {}
    arrays = []
    for name in frame.columns:
        description, array = _encode(str(name), frame[name])
        columns[str(name)] = description
        arrays.append(array)
    table = pa.Table.from_arrays(arrays, names=[str(name) for name in frame.columns])
    meta = json.dumps({"format": FORMAT, "columns": columns}, sort_keys=True)
    table = table.replace_schema_metadata({METADATA_KEY: meta.encode()})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, path)
    return path


def read_parquet(path: str | Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The table written by :func:`write_parquet` (or only ``columns`` of it), as it was."""
    table = pq.read_table(path, columns=list(columns) if columns is not None else None)
    raw = (table.schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        raise CodecError(f"{path}: not a korea_notes table (no column descriptions)")
    meta = json.loads(raw)
    if meta.get("format") != FORMAT:
        raise CodecError(f"{path}: table format {meta.get('format')}, expected {FORMAT}")
    data = {name: pd.Series(_decode(table.column(name), meta["columns"][name]), copy=False)
            for name in table.column_names}
    return pd.DataFrame(data, columns=table.column_names)


# --- columns -----------------------------------------------------------------------------------


def _encode(name: str, series: pd.Series) -> tuple[dict[str, Any], pa.Array]:
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype):
        na = "nan" if _is_nan(dtype.na_value) else "na"
        return ({"kind": "string", "storage": dtype.storage, "na": na},
                pa.array(series.to_numpy(dtype=object, na_value=None), type=pa.string()))
    if isinstance(dtype, pd.CategoricalDtype):
        return ({"kind": "category", "categories": [str(c) for c in dtype.categories],
                 "ordered": bool(dtype.ordered)},
                pa.array(series.astype(object).where(series.notna(), None).to_numpy(),
                         type=pa.string()))
    if dtype == np.dtype(object):
        return _encode_objects(name, series)
    if isinstance(dtype, np.dtype) and dtype.kind in "biufM":
        return {"kind": "numpy", "dtype": dtype.str}, pa.array(series.to_numpy())
    raise CodecError(f"column {name!r} has dtype {dtype}, which the pipeline cache does not "
                     "store. Fix: give the column a numpy, string or category dtype.")


def _encode_objects(name: str, series: pd.Series) -> tuple[dict[str, Any], pa.Array]:
    values = series.to_list()
    present = [value for value in values if not _missing(value)]
    nones = sum(value is None for value in values)
    nans = len(values) - len(present) - nones
    if nones and nans:
        raise CodecError(f"column {name!r} marks missing values both as None and as NaN. "
                         "Fix: use one of them in the stage that makes the column.")
    missing = "nan" if nans else "none"
    if all(isinstance(value, str) for value in present):
        cells = [None if _missing(value) else value for value in values]
        return {"kind": "text", "missing": missing}, pa.array(cells, type=pa.string())
    if all(isinstance(value, tuple) for value in present):
        cells = [None if _missing(value) else _as_lists(value) for value in values]
        try:
            return {"kind": "tuple", "missing": missing}, pa.array(cells)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise CodecError(f"column {name!r} holds tuples of mixed types ({error}). Fix: "
                             "give every tuple of the column items of one type.") from error
    kinds = sorted({type(value).__name__ for value in present})
    raise CodecError(f"column {name!r} holds {kinds}; the pipeline cache stores object columns "
                     "of text or of tuples. Fix: make the column text, tuples or numbers.")


def _decode(column: pa.ChunkedArray, description: dict[str, Any]) -> Any:
    kind = description["kind"]
    if kind == "string":
        na = np.nan if description["na"] == "nan" else pd.NA
        dtype = pd.StringDtype(description["storage"], na_value=na)
        return pd.array(column.to_pylist(), dtype=dtype)
    if kind == "category":
        dtype = pd.CategoricalDtype(description["categories"], ordered=description["ordered"])
        return pd.Categorical(column.to_pylist(), dtype=dtype)
    if kind == "numpy":
        return column.to_numpy().astype(np.dtype(description["dtype"]), copy=False)
    missing = np.nan if description["missing"] == "nan" else None
    cells = column.to_pylist()
    out = np.empty(len(cells), dtype=object)
    if kind == "tuple":
        out[:] = [missing if cell is None else _as_tuples(cell) for cell in cells]
    else:
        out[:] = [missing if cell is None else cell for cell in cells]
    return pd.Series(out, dtype=object, copy=False)


def _as_lists(value: Any) -> Any:
    return [_as_lists(item) for item in value] if isinstance(value, tuple) else value


def _as_tuples(value: Any) -> Any:
    return tuple(_as_tuples(item) for item in value) if isinstance(value, list) else value


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _missing(value: Any) -> bool:
    return value is None or _is_nan(value) or value is pd.NA or value is pd.NaT


# --- joining and digests -----------------------------------------------------------------------


def concat_pieces(pieces: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack pieces of one table (parts of its rows, in order) into the table.

    Empty pieces are left out, so that they cannot change a column's type (an empty claims
    table has object columns); all empty: the first piece. A piece whose column holds only
    missing values as ``object`` (a stage given only articles without, say, conditions makes
    such a column) takes the dtype the other pieces agree on, as it would have had if its rows
    had been computed together with theirs. So the table is the same however its rows were cut
    into pieces.
    """
    filled = [piece for piece in pieces if len(piece)]
    if not filled:
        return pieces[0].reset_index(drop=True)
    if len(filled) == 1:
        return filled[0].reset_index(drop=True)
    filled = _agree_on_dtypes(filled)
    return pd.concat(filled, ignore_index=True)


def _agree_on_dtypes(pieces: list[pd.DataFrame]) -> list[pd.DataFrame]:
    columns = pieces[0].columns
    casts: list[dict[str, Any]] = [{} for _ in pieces]
    # One dtypes lookup per piece: selecting each column of each piece costs more than the
    # concatenation itself for a partition of many small pieces.
    piece_dtypes = [list(piece.dtypes) for piece in pieces]
    for number, column in enumerate(columns):
        dtypes = [row[number] for row in piece_dtypes]
        if all(dtype == dtypes[0] for dtype in dtypes):
            continue
        blank = [dtype == np.dtype(object) and piece[column].isna().all()
                 for piece, dtype in zip(pieces, dtypes, strict=True)]
        others = {str(dtype): dtype for dtype, empty in zip(dtypes, blank, strict=True)
                  if not empty}
        if len(others) == 1:
            target = next(iter(others.values()))
            for index, empty in enumerate(blank):
                if empty:
                    casts[index][column] = target
    return [piece.astype(cast) if cast else piece for piece, cast in zip(pieces, casts,
                                                                          strict=True)]


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of ``frame``, from its values (pandas' ``hash_pandas_object``;
    tuples hash by their text)."""
    if not len(frame):
        return np.zeros(0, dtype=np.uint64)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def columns_signature(frame: pd.DataFrame) -> bytes:
    """The column names of ``frame``, for digests: a table with other columns differs."""
    return "\0".join(map(str, frame.columns)).encode()


def piece_digest(signature: bytes, hashes: np.ndarray) -> str:
    """SHA-256 of a table piece: its column signature and its row hashes."""
    digest = hashlib.sha256(signature)
    digest.update(len(hashes).to_bytes(8, "little"))
    digest.update(np.ascontiguousarray(hashes).tobytes())
    return digest.hexdigest()
