"""The whole analysis in one call: articles in, every table of the data flow out, streamed by
partition through an on-disk cache of every stage.

:func:`run_pipeline` runs the stages of :mod:`korea_notes.stages` (clean, split, annotate,
attribute, find mentions, code) article by article and then the aggregates over all claims:

- **Streaming** (the default): the corpus is cut into partitions of consecutive articles
  (:func:`partition_bounds`), each partition is one task, and each task writes every stage's
  table for its articles as Parquet files under the cache (:mod:`korea_notes.store`), so a
  worker's memory is bounded by a partition, not by the corpus. The calling process holds the
  articles' metadata and the cache's index (compactly:
  :class:`korea_notes.cacheindex.StageIndex`), never the texts (the tasks read them) nor the
  tables; its worker processes are started before it loads the index, so they hold no copy
  of it (:func:`korea_notes.executors.worker_pool`), and for a large corpus folder the
  metadata is loaded by a child process started before them
  (:class:`korea_notes.executors.Child`); the index entries the tasks report are appended to
  a journal on disk as they come (:class:`korea_notes.store.IndexJournal`). The result is a
  :class:`PipelineTables`, which reads a table from its files when it is asked for (or one
  partition at a time: :meth:`PipelineTables.partitions`).
- **In memory** (``cache=None``): every table computed in memory and returned as a dict, with
  nothing read or written; the reference the streamed tables are tested against (identical).

Every stage is cached per article, keyed by the article's input rows and the stage's code
(:func:`korea_notes.stages.code_fingerprints`): an unchanged corpus is served entirely from the
cache (partitions whose every entry is there are not even given to a worker, and the aggregates
are stored too); a changed codebook re-runs only the coding and the aggregates; a changed actor
lexicon attribution, mentions, coding and the aggregates; an added or changed article computes
only that article (its partition's files are written again from the stored rows of the others).

Tasks run in this process (``workers=1``, and when one task is left and no pool was started),
on a pool of processes (``workers=None``: every core) or on a Dask cluster (``client``); on a
cluster the cache folder must be one that the workers and this process share (a local
cluster, or a shared file system): workers write the partition files, and only their index
entries travel back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from korea_notes.aggregation import each_period
from korea_notes.cacheindex import StageIndex, hex_digests, raw_digests
from korea_notes.corpus import METADATA_FILE
from korea_notes.executors import (
    Child,
    can_fork,
    client_cores,
    execute,
    worker_count,
    worker_pool,
)
from korea_notes.paths import CORPUS_DIR
from korea_notes.stages import (
    AGGREGATES,
    ARTICLE_TABLES,
    STAGES,
    aggregate,
    code_fingerprints,
    key,
    run_stages,
    warm_up,
)
from korea_notes.store import PipelineCache, check_visible
from korea_notes.streaming import Task, TaskResult, article_digests, partition_key, run_task
from korea_notes.streaming import stage_key as _stage_key
from korea_notes.tablecodec import concat_pieces, read_parquet, write_parquet

__all__ = [
    "AGGREGATES", "ARTICLE_TABLES", "DEFAULT_PERIOD", "PARTITION_SIZE", "PipelineCache",
    "PipelineTables", "aggregate", "partition_bounds", "run_pipeline",
]

DEFAULT_PERIOD = "year"
"""Period of the aggregates unless ``period`` is given (see :mod:`korea_notes.timeline`)."""

PARTITION_SIZE = 100
"""About the articles per partition; a partition has between a quarter and twice that (a
worker's memory is bounded by the largest partition it is given)."""

MAX_CHUNK = 100
"""Most articles in one chunk of an in-memory run."""

PROGRESS_THRESHOLD = 200
"""Corpora of at least this many articles show a progress bar unless ``progress=False``."""

LOAD_APART_BYTES = 1_000_000
"""A corpus whose metadata file has at least this many bytes (some 4,000 articles) is checked
in a child process (:class:`korea_notes.executors.Child`), which gives back to the machine
what the check allocated: some 1.5 kB per article that this process would otherwise keep."""

_DEFAULT = object()


def partition_bounds(article_ids: list[str], size: int = PARTITION_SIZE) -> list[tuple[int, int]]:
    """Cut the articles (in corpus order) into partitions: ``(start, end)`` of each.

    The cuts are made by content: after an article whose id hashes to a multiple of about
    ``size`` (once a partition has a quarter of ``size``), or at twice ``size``. So an
    article added or removed changes only the partition it falls in (and rarely the next),
    however many articles come before it. An empty corpus is one empty partition.
    """
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    if not article_ids:
        return [(0, 0)]
    least, most = max(1, size // 4), 2 * size
    modulus = max(1, size - least)
    bounds, start = [], 0
    for position, article_id in enumerate(article_ids):
        length = position + 1 - start
        cut = int(key("partition", article_id)[:12], 16) % modulus == 0
        if (length >= least and cut) or length >= most:
            bounds.append((start, position + 1))
            start = position + 1
    if start < len(article_ids):
        bounds.append((start, len(article_ids)))
    return bounds


@dataclass
class PipelineTables(Mapping):
    """The tables of a streamed run: a read-only mapping of table name -> DataFrame.

    ``tables["claims"]`` reads the table from its partition files (the same table as the
    in-memory run's); :meth:`partitions` gives it one partition at a time and :meth:`files`
    names the Parquet files (``pyarrow.dataset.dataset(files)`` or DuckDB read them as one
    table; tuples are lists there). The aggregates are read from their files too (they hold
    every claim's sentence, so they grow with the corpus). ``computed`` and
    ``served`` list, per stage, the article ids computed in this run and those taken from the
    cache, in corpus order; ``rows`` counts each table's rows.
    """

    cache: PipelineCache
    parts: dict[str, list[str]]
    aggregates: dict[str, list[Path]]
    computed: dict[str, list[str]]
    served: dict[str, list[str]]
    rows: dict[str, int]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self.aggregates:
            return concat_pieces([read_parquet(path) for path in self.aggregates[name]])
        if name not in self.parts:
            raise KeyError(name)
        return concat_pieces(list(self.partitions(name)))

    def __iter__(self) -> Iterator[str]:
        return iter([*self.parts, *self.aggregates])

    def __len__(self) -> int:
        return len(self.parts) + len(self.aggregates)

    def partitions(self, name: str) -> Iterator[pd.DataFrame]:
        """The table ``name`` one partition at a time, in order."""
        for part in self.parts[name]:
            yield self.cache.read_part(name, part)

    def files(self, name: str) -> list[Path]:
        """The Parquet files of table ``name``, in order."""
        return [self.cache.part_path(name, part) for part in self.parts[name]]


def run_pipeline(articles: pd.DataFrame | None = None, workers: int | None = None,
                 client: Any = None, progress: bool | None = None, cache: Any = _DEFAULT, *,
                 corpus: str | Path | None = None, partition_size: int = PARTITION_SIZE,
                 chunk_size: int | None = None, period: str = DEFAULT_PERIOD
                 ) -> Mapping[str, pd.DataFrame]:
    """Every table of the data flow.

    - ``articles``: an articles table (the columns of :func:`korea_notes.load_articles`, with
      ``raw_text``, or ``load_articles(corpus, text=False)`` with ``corpus`` given); default:
      the corpus folder ``corpus`` (default ``corpus/``), whose texts are then read by the
      tasks, a partition at a time.
    - ``workers``: processes on this machine (default: every core); 1 runs in this process.
    - ``client``: a ``distributed.Client``; when given, tasks run on its cluster.
    - ``progress``: show a progress bar (tqdm, on stderr); default: for corpora of at least
      :data:`PROGRESS_THRESHOLD` articles.
    - ``cache``: a :class:`~korea_notes.store.PipelineCache` or a folder (default: the
      project's ``.cache/pipeline/``): stream through it; None: run in memory.
    - ``partition_size``: average articles per partition (streaming); ``chunk_size``: articles
      per task of an in-memory run (default: about four tasks per worker, at most
      :data:`MAX_CHUNK`); ``period``: period of the aggregates (article, month, year).

    Returns the tables of :data:`korea_notes.stages.ARTICLE_TABLES` (``clean``, ``changes``,
    ``sentences``, ``annotated``, ``attributed``, ``mentions``, ``claims``), then the
    aggregates of :data:`korea_notes.stages.AGGREGATES` (``positions``: columns
    :data:`korea_notes.timeline.POSITION_COLUMNS`, ``preconditions``:
    :data:`korea_notes.timeline.PRECONDITION_COLUMNS`): a dict in memory, a
    :class:`PipelineTables` when streamed. The same articles give the same tables, streamed or
    in memory, whatever ``workers``, ``client``, ``partition_size`` and ``chunk_size``.
    """
    n_workers = worker_count(workers)
    if cache is None:
        if articles is None:
            from korea_notes.corpus import load_articles
            articles = load_articles(corpus)
        return _in_memory(articles, n_workers, client, progress, chunk_size, period)
    cache = cache if isinstance(cache, PipelineCache) else PipelineCache(
        *(() if cache is _DEFAULT else (Path(cache),)))
    if articles is not None and "raw_text" not in articles.columns and corpus is None:
        raise ValueError("the articles table has no raw_text. Fix: pass the corpus folder it "
                         "was loaded from as corpus=..., or load it with its texts.")
    options = {"workers": n_workers, "client": client, "progress": progress,
               "partition_size": partition_size, "period": period}
    if articles is None:
        from korea_notes.corpus import load_articles
        corpus = Path(corpus) if corpus is not None else CORPUS_DIR
        metadata = corpus / METADATA_FILE
        if metadata.is_file() and metadata.stat().st_size >= LOAD_APART_BYTES and (
                client is None and n_workers > 1 and can_fork()):
            # Checked in a child process; the workers start while it runs, so that they hold
            # no copy of the articles' metadata, nor of the cache's index loaded next.
            loader = Child(load_articles, corpus, text=False)
            try:
                with worker_pool(n_workers if client is None else 1) as pool:
                    return _streamed(loader.result(), corpus, cache, pool, **options)
            finally:
                loader.close()
        articles = load_articles(corpus, text=False)
    elif "raw_text" in articles.columns:
        corpus = None
    pooled = client is None and n_workers > 1 and len(articles) > partition_size
    with worker_pool(n_workers if pooled else 1) as pool:
        return _streamed(articles, corpus, cache, pool, **options)


# --- in memory ---------------------------------------------------------------------------------


def _in_memory(articles: pd.DataFrame, workers: int, client: Any, progress: bool | None,
               chunk_size: int | None, period: str) -> dict[str, pd.DataFrame]:
    parallel = client_cores(client) if client is not None else workers
    size = chunk_size or _chunk_size(len(articles), parallel)
    chunks = [articles.iloc[start:start + size] for start in range(0, len(articles), size)]
    chunks = chunks or [articles]
    show = progress if progress is not None else len(articles) >= PROGRESS_THRESHOLD
    if client is None and workers > 1 and len(chunks) > 1:
        warm_up(stage.name for stage in STAGES)
    results = execute(run_stages, chunks, [len(chunk) for chunk in chunks], workers=workers,
                      client=client, show=show)
    tables = {name: concat_pieces([result[name] for result in results])
              for name in ARTICLE_TABLES}
    tables.update(aggregate(tables["claims"], articles, period))
    return tables


def _chunk_size(n_articles: int, parallel: int) -> int:
    """About four chunks per worker, at most :data:`MAX_CHUNK` articles each."""
    if parallel <= 1:
        return max(1, min(MAX_CHUNK, n_articles))
    return max(1, min(MAX_CHUNK, math.ceil(n_articles / (4 * parallel))))


# --- streamed ----------------------------------------------------------------------------------


def _streamed(articles: pd.DataFrame, corpus: Path | None, cache: PipelineCache, pool: Any, *,
              workers: int, client: Any, progress: bool | None, partition_size: int,
              period: str) -> PipelineTables:
    articles = articles.reset_index(drop=True)
    show = progress if progress is not None else len(articles) >= PROGRESS_THRESHOLD
    codes = code_fingerprints()
    ids = [str(value) for value in articles["article_id"]]
    bounds = partition_bounds(ids, partition_size)
    indexes = {stage.name: cache.load_index(stage.name) for stage in STAGES}
    plan = _Plan(articles, codes, indexes)
    done = [number for number, bound in enumerate(bounds) if plan.complete(cache, *bound)]
    finished = set(done)
    todo = [number for number in range(len(bounds)) if number not in finished]
    tasks = _Tasks(plan, [bounds[number] for number in todo], todo, corpus, cache)
    journal = cache.journal()
    try:
        results: list[_Finished] = execute(
            run_task, tasks if client is None else list(tasks),
            [bounds[n][1] - bounds[n][0] for n in todo], workers=workers, client=client,
            show=show, done=sum(bounds[n][1] - bounds[n][0] for n in done), total=len(ids),
            pool=pool, keep=lambda result: _Finished.of(result, journal, cache, client))
        if pool is not None:
            pool.shutdown()  # the workers' memory back before the aggregates
        journal.commit()
    finally:
        journal.discard()
    by_number = {result.number: result for result in results}
    parts: dict[str, list[str]] = {table: [] for table in ARTICLE_TABLES}
    claims_digests: list[str] = []
    claim_rows: list[int] = []
    rows = dict.fromkeys(ARTICLE_TABLES, 0)
    computed: dict[str, list[str]] = {stage.name: [] for stage in STAGES}
    for number, (start, end) in enumerate(bounds):
        result = by_number.get(number) or plan.finished(number, start, end)
        for table in ARTICLE_TABLES:
            parts[table].append(result.parts[table])
            rows[table] += int(result.rows[table].sum())
        claims_digests.extend(result.claims_digests)
        claim_rows.extend(int(value) for value in result.rows["claims"])
        for stage, positions in result.computed.items():
            computed[stage].extend(ids[start + position] for position in positions)
    tables = PipelineTables(
        cache, parts, {}, computed,
        {name: _served(ids, values) for name, values in computed.items()}, rows)
    del plan, tasks, indexes  # the index's memory back before the aggregates
    tables.aggregates = _aggregates(tables, articles, claims_digests, claim_rows,
                                    codes["aggregates"], period)
    return tables


def _served(ids: list[str], computed: list[str]) -> list[str]:
    """The ids not computed, in corpus order."""
    if not computed:
        return list(ids)
    skip = set(computed)
    return [article_id for article_id in ids if article_id not in skip]


@dataclass
class _Finished:
    """What the calling process keeps of a partition: per table its partition key and each
    article's row count, the claims' digests, and per stage the positions (in the partition)
    of the articles computed in this run."""

    number: int
    parts: dict[str, str]
    rows: dict[str, np.ndarray]
    claims_digests: list[str]
    computed: dict[str, np.ndarray]

    @classmethod
    def of(cls, result: TaskResult, journal: Any, cache: PipelineCache, client: Any
           ) -> _Finished:
        """The task's result kept, its new index entries handed to ``journal``."""
        rows, computed = {}, {}
        for stage in STAGES:
            entries = result.entries[stage.name]
            positions = {str(article_id): position
                         for position, article_id in enumerate(entries["article_id"])}
            computed[stage.name] = np.array(
                [positions[article_id] for article_id in result.computed[stage.name]],
                dtype=np.int32)
            if stage.name in result.written:
                journal.add(stage.name, entries)
            for table in stage.tables:
                if client is not None:
                    check_visible(cache, table, result.parts[table])
                rows[table] = entries[f"{table}.rows"].to_numpy(dtype=np.int64)
        return cls(result.number, {table: result.parts[table] for table in ARTICLE_TABLES},
                   rows, [str(value) for value in result.entries["claims"]["digest"]],
                   computed)


class _Tasks(Sequence):
    """The tasks of the partitions still to do, each made when it is asked for."""

    def __init__(self, plan: _Plan, bounds: list[tuple[int, int]], numbers: list[int],
                 corpus: Path | None, cache: PipelineCache) -> None:
        self.plan, self.bounds, self.numbers = plan, bounds, numbers
        self.corpus, self.cache = corpus, cache

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index):  # noqa: ANN001 - int, or a slice from Sequence's mixins
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.plan.task(self.numbers[index], self.bounds[index], self.corpus, self.cache)


class _Plan:
    """What the index says about every article before any task runs: its key at each stage
    (while its inputs are known), and the entry found under it. Keys and digests are held as
    32 raw bytes and looked up by binary search, and the indexes compactly
    (:class:`korea_notes.cacheindex.StageIndex`), so the plan of a large corpus stays small."""

    def __init__(self, articles: pd.DataFrame, codes: dict[str, str],
                 indexes: dict[str, StageIndex]) -> None:
        self.articles, self.indexes, self.codes = articles, indexes, codes
        self.ids = [str(value) for value in articles["article_id"]]
        # Each stage's digests in hex, made once: the keys of the stages that read it hash them.
        hexes: dict[str, list[str]] = {"articles": article_digests(articles)}
        self.keys: dict[str, np.ndarray] = {}
        self.hits: dict[str, np.ndarray] = {}
        self.latest: dict[str, np.ndarray] = {}  # stage with kept tables -> row or -1
        for stage in STAGES:
            index = indexes[stage.name]
            if stage.kept:
                self.latest[stage.name] = index.latest_rows(self.ids)
            inputs = [hexes[name] for name in stage.inputs]
            keys = raw_digests([_stage_key(stage, codes[stage.name], values)
                                if all(values) else "" for values in zip(*inputs, strict=True)])
            hits = _find(index.key, keys)
            self.keys[stage.name], self.hits[stage.name] = keys, hits
            known = np.zeros(len(keys), dtype="S32")
            known[hits >= 0] = index.digest[hits[hits >= 0]]
            hexes[stage.name] = hex_digests(known)

    def complete(self, cache: PipelineCache, start: int, end: int) -> bool:
        """True when every stage of every article of the partition is in the index, under
        the partition's own files."""
        if start == end:
            return False
        for stage in STAGES:
            hits = self.hits[stage.name][start:end]
            if hits.min() < 0:
                return False
            part = self.part(stage.name, start, end)
            if not self.indexes[stage.name].in_part(hits, part) or not all(
                    cache.has_part(table, part) for table in stage.stored):
                return False
        return True

    def part(self, stage: str, start: int, end: int) -> str:
        return partition_key(_STAGE_BY_NAME[stage], hex_digests(self.keys[stage][start:end]))

    def finished(self, number: int, start: int, end: int) -> _Finished:
        """What the index says of a complete partition (see :meth:`complete`)."""
        parts, rows = {}, {}
        for stage in STAGES:
            index, hits = self.indexes[stage.name], self.hits[stage.name][start:end]
            part = self.part(stage.name, start, end)
            for table in stage.tables:
                parts[table] = part
                rows[table] = index.numbers[f"{table}.rows"][hits]
        claims = self.indexes["claims"].digest[self.hits["claims"][start:end]]
        return _Finished(number, parts, rows, hex_digests(claims),
                         {stage.name: np.zeros(0, dtype=np.int32) for stage in STAGES})

    def task(self, number: int, bound: tuple[int, int], corpus: Path | None,
             cache: PipelineCache) -> Task:
        """The task of one partition, with the index entries it may need: the entry found for
        each article, every entry of an article whose key depends on what the task computes
        first, and, at a stage with kept tables, the latest entry of an article not found (its
        previous run, see :class:`korea_notes.stages.Stage`)."""
        start, end = bound
        entries = {}
        for stage in STAGES:
            index = self.indexes[stage.name]
            hits = self.hits[stage.name][start:end]
            unknown = self.keys[stage.name][start:end] == b""
            rows = [hits[hits >= 0],
                    index.rows_of([self.ids[start + i] for i in np.flatnonzero(unknown)])]
            if stage.kept:
                latest = self.latest[stage.name][start:end][(hits < 0) & ~unknown]
                rows.append(latest[latest >= 0])
            entries[stage.name] = index.frame(np.concatenate(rows))
        return Task(number, self.articles.iloc[start:end].reset_index(drop=True),
                    None if corpus is None else str(corpus), str(cache.directory), self.codes,
                    entries)


_STAGE_BY_NAME = {stage.name: stage for stage in STAGES}


def _find(known: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The position in ``known`` of each of ``wanted`` (-1: not there or unknown)."""
    if not len(known) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(known, kind="stable")
    ordered = known[order]
    at = np.minimum(np.searchsorted(ordered, wanted), len(known) - 1)
    match = (ordered[at] == wanted) & (wanted != b"")
    return np.where(match, order[at], -1).astype(np.int64)


AGGREGATE_ROWS = 50
"""Rows of an aggregate per stored file (a row can hold thousands of evidence sentences)."""


def _aggregates(tables: PipelineTables, articles: pd.DataFrame, claims_digests: list[str],
                claim_rows: list[int], code: str, period: str) -> dict[str, list[Path]]:
    """The files of the aggregates over all claims, from the cache when the claims, the
    articles' dates, the period and the aggregates' code are those of a stored run; else
    computed a period at a time and written as they come, so that they are never all in
    memory."""
    dates = [f"{article_id}@{published}" for article_id, published in
             zip(articles["article_id"], articles["published"], strict=True)]
    aggregate_key = key("aggregates", code, period, *dates, "\x02", *claims_digests)
    folder = tables.cache.directory / "aggregates" / aggregate_key
    done = folder / "complete"
    if not done.is_file():
        writer = _AggregateWriter(folder)
        each_period(tables.partitions("claims"), articles[["article_id", "published"]],
                    claim_rows, period, writer.take)
        writer.close()
        folder.mkdir(parents=True, exist_ok=True)
        done.write_text("\n".join(writer.files) + "\n", encoding="utf-8")
    files: dict[str, list[Path]] = {name: [] for name, _ in AGGREGATES}
    for line in done.read_text(encoding="utf-8").split():
        files[line.split("/")[0]].append(folder / line)
    return files


class _AggregateWriter:
    """Writes each aggregate's rows, as they come, to files of about :data:`AGGREGATE_ROWS`
    rows (``<name>/<number>.parquet``); ``files`` lists them in order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: dict[str, list[pd.DataFrame]] = {}
        self.files: list[str] = []

    def take(self, name: str, rows: pd.DataFrame) -> None:
        held = self.held.setdefault(name, [])
        held.append(rows)
        if sum(len(piece) for piece in held) >= AGGREGATE_ROWS:
            self._flush(name)

    def close(self) -> None:
        for name in list(self.held):
            self._flush(name)

    def _flush(self, name: str) -> None:
        held = self.held.pop(name, [])
        written = [line for line in self.files if line.startswith(name + "/")]
        if not held or (written and not any(len(piece) for piece in held)):
            return
        relative = f"{name}/{len(written):05d}.parquet"
        write_parquet(concat_pieces(held), self.folder / relative)
        self.files.append(relative)
