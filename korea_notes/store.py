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
  found again exactly when the article's input and the stage's code are what they were.
- ``aggregates/<key>/<table>.parquet``: the aggregates over all claims, keyed by the claims'
  digests, the articles' dates, the period and the aggregates' code.

Files are written atomically (a temporary file, then a rename), by content key, so a file that
exists is complete and never changes; the index is rewritten whole at the end of a run. Nothing
is ever unpickled. Entries of earlier runs are kept, so going back to an earlier codebook finds
its claims again; :meth:`PipelineCache.prune` removes what the last run did not use.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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

    def load_index(self, stage: str) -> pd.DataFrame:
        """The index of ``stage`` (empty, with its columns, when there is none yet)."""
        path = self.index_path(stage)
        columns = index_columns(STAGE_BY_NAME[stage])
        if not path.is_file():
            return _empty_index(columns)
        index = read_parquet(path)
        if list(index.columns) != columns:  # the stage's tables changed: start afresh
            return _empty_index(columns)
        return index

    def save_index(self, stage: str, old: pd.DataFrame, new: Iterable[pd.DataFrame]) -> None:
        """Write the index of ``stage``: the ``new`` entries, and the ``old`` ones whose key
        none of them has."""
        added = [frame for frame in new if len(frame)]
        if not added:
            return
        fresh = pd.concat(added, ignore_index=True).drop_duplicates("key", keep="last")
        kept = old[~old["key"].isin(fresh["key"])]
        merged = pd.concat([kept, fresh], ignore_index=True) if len(kept) else fresh
        for column in merged.columns:
            if column.endswith((".offset", ".rows")):
                merged[column] = merged[column].astype("int64")
        write_parquet(merged.reset_index(drop=True), self.index_path(stage))

    def aggregate_path(self, key: str, table: str) -> Path:
        return self.directory / "aggregates" / key / f"{table}.parquet"

    def prune(self, keep: dict[str, Iterable[str]]) -> int:
        """Remove the partition files of every table but the ``keep`` ones (table -> partition
        keys, e.g. :meth:`korea_notes.pipeline.PipelineTables.parts`) and their index
        entries, and every stored aggregate; returns the number of files removed."""
        removed = 0
        for stage in STAGES:
            index = self.load_index(stage.name)
            wanted = set(keep.get(stage.tables[0], ()))
            self._rewrite_index(stage.name, index[index["part"].isin(wanted)])
            for table in stage.stored:
                folder = self.directory / "parts" / table
                for path in folder.glob("*.parquet") if folder.is_dir() else ():
                    if path.stem not in wanted:
                        path.unlink()
                        removed += 1
        aggregates = self.directory / "aggregates"
        if aggregates.is_dir():
            removed += sum(1 for _ in aggregates.rglob("*.parquet"))
            shutil.rmtree(aggregates)
        return removed

    def _rewrite_index(self, stage: str, index: pd.DataFrame) -> None:
        path = self.index_path(stage)
        if path.is_file():
            write_parquet(index.reset_index(drop=True), path)


def _empty_index(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="int64" if column.endswith((".offset", ".rows"))
                                           else "str") for column in columns})


def check_visible(cache: PipelineCache, table: str, part: str) -> None:
    """Raise when a partition file a worker reported is not there (a Dask worker on another
    machine wrote it to its own disk)."""
    if not cache.has_part(table, part):
        raise FileNotFoundError(
            f"{cache.part_path(table, part)}: a worker wrote this partition, but this process "
            "cannot see it. Fix: put the pipeline cache on a file system that the Dask workers "
            "and this process share (run_pipeline(cache=PipelineCache(shared_folder)))."
        )
