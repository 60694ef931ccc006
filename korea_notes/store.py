"""The pipeline's cache on disk: every stage's table in Parquet partitions, and an index of
where each article's rows are.

Layout under the cache folder (default ``.cache/pipeline/`` in the repository, git-ignored):

- ``parts/<table>/<partition key>.parquet``: the rows of one table for one partition of
  consecutive articles, in article order (:mod:`korea_notes.tablecodec` keeps dtypes exact).
  The files of one table, in partition order, are the table (``pyarrow.dataset`` or DuckDB read
  them as one).
- ``parts/coding/``: likewise, the coding stage's coding keys, one per sentence, kept for its
  next run (:mod:`korea_notes.recoding`; a *kept* table of
  :class:`korea_notes.stages.Stage`, not part of the pipeline's output).
- ``index/<stage>.parquet``: one row per article and stage *key*: :data:`INDEX_COLUMNS`, then
  ``<table>.offset`` and ``<table>.rows`` for each table of the stage (where the article's rows
  are in the partition file). The key of an article at a stage is the SHA-256 of the stage's
  code fingerprint and the digests of the article's rows in the stage's inputs, so an entry is
  found again exactly when the article's input and the stage's code are what they were. An
  index is held in memory compactly (:class:`korea_notes.cacheindex.StageIndex`). While a run
  goes on, the entries its tasks report are appended to ``index/<stage>.new.<pid>.parquet``
  (:class:`IndexJournal`) rather than held; at the end each stage's new entries are read and
  the index is rewritten with them, its old entries read and written a batch at a time.
- ``aggregates/<key>/<table>.parquet``: the aggregates over all claims, keyed by the claims'
  digests, the articles' dates, the period and the aggregates' code.

Files are written atomically (a temporary file, then a rename), by content key, so a file that
exists is complete and never changes; the index is rewritten whole at the end of a run. Nothing
is ever unpickled. Entries of earlier runs are kept, so going back to an earlier codebook finds
its claims again; :meth:`PipelineCache.prune` removes what the last run did not use.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from korea_notes import cacheindex
from korea_notes.cacheindex import StageIndex, raw_column
from korea_notes.paths import CACHE_DIR
from korea_notes.stages import STAGES, Stage
from korea_notes.tablecodec import read_parquet, write_parquet

PIPELINE_CACHE_DIR: Path = CACHE_DIR / "pipeline"
"""Where :func:`korea_notes.pipeline.run_pipeline` keeps its cache by default."""

INDEX_COLUMNS: tuple[str, ...] = ("key", "article_id", "digest", "part")
"""The first columns of a stage index: the article's key at the stage, its id, the digest of
its rows in the stage's tables, and the key of the partition whose files hold them."""

STAGE_BY_NAME: dict[str, Stage] = {stage.name: stage for stage in STAGES}


def index_columns(stage: Stage) -> list[str]:
    """All columns of the index of ``stage``."""
    return [*INDEX_COLUMNS, *(f"{table}.{what}" for table in stage.stored
                              for what in ("offset", "rows"))]


def index_schema(stage: Stage) -> pa.Schema:
    """The Arrow schema of the index of ``stage``: :data:`INDEX_COLUMNS` as strings, then
    the offsets and row counts as 64-bit integers."""
    return pa.schema([(name, pa.string() if name in INDEX_COLUMNS else pa.int64())
                      for name in index_columns(stage)])


def index_table(stage: Stage, frame: pd.DataFrame) -> pa.Table:
    """Index entries of ``stage`` given as a DataFrame, as an Arrow table of its schema."""
    schema = index_schema(stage)
    return pa.Table.from_arrays(
        [pa.array(frame[item.name].to_numpy(dtype=object if item.type == pa.string()
                                            else np.int64), type=item.type)
         for item in schema], schema=schema)


@dataclass
class PipelineCache:
    """The cache folder of the pipeline (see the module docstring for its layout)."""

    directory: Path = PIPELINE_CACHE_DIR

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)

    def part_path(self, table: str, part: str) -> Path:
        return self.directory / "parts" / table / f"{part}.parquet"

    def has_part(self, table: str, part: str) -> bool:
        return self.part_path(table, part).is_file()

    def read_part(self, table: str, part: str, columns: Sequence[str] | None = None
                  ) -> pd.DataFrame:
        return read_parquet(self.part_path(table, part), columns)

    def write_part(self, table: str, part: str, frame: pd.DataFrame) -> Path:
        return write_parquet(frame, self.part_path(table, part))

    def index_path(self, stage: str) -> Path:
        return self.directory / "index" / f"{stage}.parquet"

    def load_index(self, stage: str) -> StageIndex:
        """The index of ``stage``, held compactly (empty, with its columns, when there is
        none yet, or when the stage's tables changed since it was written)."""
        path = self.index_path(stage)
        columns = index_columns(STAGE_BY_NAME[stage])
        return StageIndex.read(path, columns) if path.is_file() else StageIndex.empty(columns)

    def save_index(self, stage: str, new: pa.Table) -> None:
        """Write the index of ``stage``: the ``new`` entries (the last of a key that is there
        twice) after the entries of the index on disk whose key none of them has, read and
        written a batch at a time."""
        if not len(new):
            return
        schema = index_schema(STAGE_BY_NAME[stage])
        keys = np.concatenate([raw_column(chunk) for chunk in new.column("key").chunks])
        _, last = np.unique(keys[::-1], return_index=True)
        fresh = new.take(np.sort(len(keys) - 1 - last)).cast(schema)
        path = self.index_path(stage)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
                if path.is_file():
                    with pq.ParquetFile(path) as old:
                        if old.schema_arrow.names == schema.names:
                            for batch in old.iter_batches(batch_size=cacheindex.BATCH_ROWS):
                                kept = batch.filter(pc.invert(pc.is_in(
                                    batch.column("key"), value_set=fresh.column("key"))))
                                writer.write_table(pa.Table.from_batches([kept]).cast(schema))
                writer.write_table(fresh)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    def journal(self) -> IndexJournal:
        """A journal for the entries a run's tasks report (see :class:`IndexJournal`)."""
        return IndexJournal(self)

    def aggregate_path(self, key: str, table: str) -> Path:
        return self.directory / "aggregates" / key / f"{table}.parquet"

    def prune(self, keep: dict[str, Iterable[str]]) -> int:
        """Remove the partition files of every table but the ``keep`` ones (table -> partition
        keys, e.g. :meth:`korea_notes.pipeline.PipelineTables.parts`) and their index
        entries, and every stored aggregate; returns the number of files removed."""
        removed = 0
        for stage in STAGES:
            wanted = set(keep.get(stage.tables[0], ()))
            path = self.index_path(stage.name)
            if path.is_file():
                index = pq.read_table(path)
                self._rewrite_index(stage.name, index.filter(pc.is_in(
                    index.column("part"), value_set=pa.array(sorted(wanted), pa.string()))))
            for table in stage.stored:
                folder = self.directory / "parts" / table
                for path in folder.glob("*.parquet") if folder.is_dir() else ():
                    if path.stem not in wanted:
                        path.unlink()
                        removed += 1
        index = self.directory / "index"
        for path in index.glob("*.parquet.*.tmp") if index.is_dir() else ():
            path.unlink()  # left by a run that was killed
            removed += 1
        for path in index.glob("*.new.*.parquet") if index.is_dir() else ():
            path.unlink()
            removed += 1
        aggregates = self.directory / "aggregates"
        if aggregates.is_dir():
            removed += sum(1 for _ in aggregates.rglob("*.parquet"))
            shutil.rmtree(aggregates)
        return removed

    def _rewrite_index(self, stage: str, index: pa.Table) -> None:
        path = self.index_path(stage)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            pq.write_table(index, temporary, compression="zstd")
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


class IndexJournal:
    """The index entries a run's tasks report, per stage, appended to a side file of the
    index (``index/<stage>.new.parquet``) as they come, so that a run of many partitions does
    not hold them all; :meth:`commit` merges them into the indexes and removes the files."""

    BUFFER_ROWS = 20_000
    """Entries held per stage before they are appended to its file."""

    def __init__(self, cache: PipelineCache) -> None:
        self.cache = cache
        self._held: dict[str, list[pa.Table]] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def add(self, stage: str, entries: pd.DataFrame) -> None:
        """Append entries of ``stage`` (a DataFrame of its index columns)."""
        if not len(entries):
            return
        held = self._held.setdefault(stage, [])
        held.append(index_table(STAGE_BY_NAME[stage], entries))
        if sum(len(table) for table in held) >= self.BUFFER_ROWS:
            self._flush(stage)

    def commit(self) -> None:
        """Merge each stage's entries into its index (:meth:`PipelineCache.save_index`), then
        remove the side files (on an error the caller removes them: :meth:`discard`)."""
        for stage in list(self._held):
            self._flush(stage)
        for stage, writer in self._writers.items():
            writer.close()
            self.cache.save_index(stage, pq.read_table(self._path(stage)))
        self.discard()

    def discard(self) -> None:
        """Remove the side files (of a run that did not finish, too)."""
        for stage, writer in self._writers.items():
            writer.close()
            self._path(stage).unlink(missing_ok=True)
        self._writers.clear()
        self._held.clear()

    def _flush(self, stage: str) -> None:
        held = self._held.pop(stage, [])
        if not held:
            return
        writer = self._writers.get(stage)
        if writer is None:
            path = self._path(stage)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[stage] = pq.ParquetWriter(
                path, index_schema(STAGE_BY_NAME[stage]), compression="zstd")
        writer.write_table(pa.concat_tables(held))

    def _path(self, stage: str) -> Path:
        # One journal per process: two runs on one cache do not write into each other's.
        return self.cache.directory / "index" / f"{stage}.new.{os.getpid()}.parquet"


def check_visible(cache: PipelineCache, table: str, part: str) -> None:
    """Raise when a partition file a worker reported is not there (a Dask worker on another
    machine wrote it to its own disk)."""
    if not cache.has_part(table, part):
        raise FileNotFoundError(
            f"{cache.part_path(table, part)}: a worker wrote this partition, but this process "
            "cannot see it. Fix: put the pipeline cache on a file system that the Dask workers "
            "and this process share (run_pipeline(cache=PipelineCache(shared_folder)))."
        )
