"""One partition of articles through every stage, from the cache where it can: the work of one
task of :func:`korea_notes.pipeline.run_pipeline`, run in a worker process or on Dask.

For each stage in data-flow order, an article's key (:func:`stage_key`) is looked up among the
index entries of that article; an article found is not computed again, the others are computed
together from their input rows (kept from an earlier stage of this task, or read from the
partition files that hold them). The stage's tables for the whole partition are then written as
one file each, unless the files of exactly these entries exist already. A stage whose output for
an article is unchanged gives the same digest, so the stages after it find that article again
(an edit that changes nothing downstream recomputes nothing downstream).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np
import pandas as pd
import pyarrow as pa

from korea_notes.stages import STAGES, Stage, input_tables, key
from korea_notes.store import PipelineCache, index_columns
from korea_notes.tablecodec import (
    CodecError,
    columns_signature,
    concat_pieces,
    piece_digest,
    row_hashes,
)

TEXT_COLUMNS: tuple[str, ...] = ("raw_text", "text_sha256")
"""The columns of an articles table that hold its text or the text's SHA-256."""


class CacheFileError(RuntimeError):
    """A file of the pipeline cache cannot be read; the message names it and the fix."""


def article_digests(articles: pd.DataFrame) -> list[str]:
    """The digest of each article's row: its metadata and the SHA-256 of its text (from
    ``text_sha256``, or computed from ``raw_text``), so an article loaded with or without its
    text has the same digest."""
    meta = [column for column in articles.columns if column not in TEXT_COLUMNS]
    if "text_sha256" in articles.columns:
        texts = [str(value) for value in articles["text_sha256"]]
    else:
        texts = [hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()
                 for text in articles["raw_text"]]
    values = [[_text(value) for value in articles[column].tolist()] for column in meta]
    header = "\0".join(meta)
    return [key("article", header, *row) for row in zip(*values, texts, strict=True)]


def _text(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or (isinstance(value, float) and value != value):
        return "\x01missing"
    return str(value)


def stage_key(stage: Stage, code: str, inputs: Sequence[str]) -> str:
    """The key of one article at ``stage``: the stage, its code and its input digests."""
    return key("stage", stage.name, code, *inputs)


def partition_key(stage: Stage, keys: Sequence[str]) -> str:
    """The key of a partition's files of ``stage``: its articles' keys, in order."""
    return key("part", stage.name, *keys)


@dataclass
class Task:
    """One partition: its ``articles`` (rows of the articles table, with ``raw_text``, or with
    ``text_sha256`` and then read from ``corpus``), the cache folder, the code fingerprint of
    every stage, and per stage the index entries of these articles (all versions)."""

    number: int
    articles: pd.DataFrame
    corpus: str | None
    directory: str
    codes: dict[str, str]
    entries: dict[str, pd.DataFrame]


@dataclass
class TaskResult:
    """What a task did: per stage the entry of each article (an index table, in article
    order) and the articles it computed; per table the partition key of its file; and the
    stages whose entries the index does not have yet (``written``: some article computed, or
    the partition's files written anew from stored rows)."""

    number: int
    entries: dict[str, pd.DataFrame]
    parts: dict[str, str]
    computed: dict[str, list[str]] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)


def run_task(task: Task) -> TaskResult:
    """Every stage for the task's partition (see the module docstring)."""
    cache = PipelineCache(task.directory)
    ids = [str(value) for value in task.articles["article_id"]]
    digests: dict[str, list[str]] = {"articles": article_digests(task.articles)}
    frames = _Frames(cache, task, ids)
    result = TaskResult(task.number, {}, {})
    for stage in STAGES:
        keys = [stage_key(stage, task.codes[stage.name], inputs)
                for inputs in zip(*(digests[name] for name in stage.inputs), strict=True)]
        found = _lookup(task.entries[stage.name], ids, keys, _readable(cache, stage))
        missing = [position for position, row in enumerate(found) if row is None]
        computed = _compute(stage, frames, [ids[i] for i in missing]) \
            if missing or not ids else {}
        part = partition_key(stage, keys)
        indexed = _indexed(stage, cache, ids, found, part)
        entries = _entries(stage, cache, frames, ids, keys, found, computed, part, indexed)
        if not indexed:
            result.written.append(stage.name)
        digests[stage.name] = list(entries["digest"])
        result.entries[stage.name] = entries
        result.computed[stage.name] = [ids[i] for i in missing]
        result.parts.update({table: part for table in stage.stored})
    return result


def _lookup(entries: pd.DataFrame, ids: list[str], keys: list[str], readable: Callable[[str], bool]
            ) -> list[dict | None]:
    """The index entry of each article with its key, or None (also when the entry's files are
    gone: the article is then computed again)."""
    by_key = {row["key"]: row for row in entries.to_dict("records")}
    found = []
    for article, article_key in zip(ids, keys, strict=True):
        row = by_key.get(article_key)
        ok = row is not None and row["article_id"] == article and readable(row["part"])
        found.append(row if ok else None)
    return found


def _readable(cache: PipelineCache, stage: Stage) -> Callable[[str], bool]:
    """Whether the files of a partition of ``stage`` are there (asked once per partition)."""
    known: dict[str, bool] = {}

    def readable(part: str) -> bool:
        if part not in known:
            known[part] = all(cache.has_part(table, part) for table in stage.stored)
        return known[part]

    return readable


class _Frames:
    """The tables of this partition that the task has in hand or can read, by table name."""

    def __init__(self, cache: PipelineCache, task: Task, ids: list[str]) -> None:
        self.cache, self.task, self.ids = cache, task, ids
        self.whole: dict[str, pd.DataFrame] = {}
        self.where: dict[str, pd.DataFrame] = {}  # table -> entries (part, offset, rows)
        self.files: dict[tuple[str, str], pd.DataFrame] = {}

    def stored(self, table: str, part: str, offset: int, rows: int) -> pd.DataFrame:
        """Rows ``offset`` to ``offset + rows`` of a partition file (each file read once)."""
        if (table, part) not in self.files:
            try:
                self.files[table, part] = self.cache.read_part(table, part)
            except (OSError, pa.ArrowException, CodecError) as error:
                raise CacheFileError(
                    f"{self.cache.part_path(table, part)}: unreadable pipeline cache file "
                    f"({error}). Fix: delete it, or the whole folder {self.cache.directory}, "
                    "and run again.") from error
        return self.files[table, part].iloc[offset:offset + rows]

    def articles(self, wanted: list[str]) -> pd.DataFrame:
        rows = self.task.articles[self.task.articles["article_id"].isin(wanted)]
        if self.task.corpus is None:
            return rows.reset_index(drop=True)
        from korea_notes.corpus import read_texts

        return read_texts(self.task.corpus, rows).reset_index(drop=True)

    def rows(self, table: str, wanted: list[str]) -> pd.DataFrame:
        """The rows of ``table`` for the articles ``wanted`` (in partition order)."""
        if table == "articles":
            return self.articles(wanted)
        if table not in self.whole:
            self.whole[table] = self._read(table)
        frame = self.whole[table]
        if len(wanted) == len(self.ids):
            return frame
        return frame[frame["article_id"].isin(wanted)].reset_index(drop=True)

    def previous(self, stage: Stage, wanted: list[str]) -> dict[str, pd.DataFrame]:
        """``"previous <table>"`` -> the rows of each of the ``wanted`` articles in the latest
        of the task's index entries of ``stage`` whose files are all there (see
        :class:`Stage`); empty when none of them has one."""
        entries = self.task.entries[stage.name]
        entries = entries[entries["article_id"].isin(wanted)]
        entries = entries[[all(self.cache.has_part(table, part) for table in stage.stored)
                           for part in entries["part"]]].drop_duplicates("article_id", keep="last")
        if not len(entries):
            return {}
        return {f"previous {table}": self._pieces(table, entries) for table in stage.stored}

    def _read(self, table: str) -> pd.DataFrame:
        return self._pieces(table, self.where[table])

    def _pieces(self, table: str, entries: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` the index ``entries`` point to, in their order; entries
        whose rows follow each other in one file are read as one slice."""
        runs: list[list] = []  # [part, offset, rows]
        for part, offset, rows in zip(entries["part"], entries[f"{table}.offset"],
                                      entries[f"{table}.rows"], strict=True):
            offset, rows = int(offset), int(rows)
            if runs and runs[-1][0] == part and runs[-1][1] + runs[-1][2] == offset:
                runs[-1][2] += rows
            else:
                runs.append([part, offset, rows])
        return concat_pieces([self.stored(table, part, offset, rows)
                              for part, offset, rows in runs])


def _compute(stage: Stage, frames: _Frames, wanted: list[str]) -> dict[str, pd.DataFrame]:
    inputs = {table: frames.rows(table, wanted) for table in input_tables(stage)}
    if stage.kept and wanted:
        inputs.update(frames.previous(stage, wanted))
    return stage.run(inputs)


def _indexed(stage: Stage, cache: PipelineCache, ids: list[str], found: list[dict | None],
             part: str) -> bool:
    """Whether every article was found in the index under this partition's own files, and
    the files are there: the partition's entries are then the index's as they stand."""
    return bool(ids) and all(row is not None and row["part"] == part for row in found) and all(
        cache.has_part(table, part) for table in stage.stored)


def _entries(stage: Stage, cache: PipelineCache, frames: _Frames, ids: list[str],
             keys: list[str], found: list[dict | None], computed: dict[str, pd.DataFrame],
             part: str, indexed: bool) -> pd.DataFrame:
    """The index entries of the partition at ``stage`` (``indexed``: those found, see
    :func:`_indexed`), writing its files when needed."""
    if indexed:
        entries = pd.DataFrame(found, columns=index_columns(stage))
        for table in stage.stored:
            frames.where[table] = entries
        return entries
    spans = {table: _article_spans(stage, table, computed.get(table), ids) for table in
             stage.stored}
    digests = _computed_digests(stage, computed, spans, ids)
    columns: dict[str, list] = {"key": keys, "article_id": ids, "part": [part] * len(ids),
                                "digest": [row["digest"] if row is not None else digests[i]
                                           for i, row in enumerate(found)]}
    every_computed = all(row is None for row in found)
    for table in stage.stored:
        if every_computed:
            # The computed table holds every article's rows, together and in article order
            # (_article_spans checked it): it is the partition's table as it stands.
            frame = computed[table].reset_index(drop=True)
            counts = [spans[table][position][1] for position in range(len(ids))]
            offsets = [0, *accumulate(counts)][:len(counts)]
            cache.write_part(table, part, frame)
            frames.whole[table] = frame
            columns[f"{table}.offset"], columns[f"{table}.rows"] = offsets, counts
            continue
        pieces, offsets, counts, at = [], [], [], 0
        for position, row in enumerate(found):
            if row is None:
                start, count = spans[table][position]
                piece = computed[table].iloc[start:start + count]
            else:
                count = int(row[f"{table}.rows"])
                piece = frames.stored(table, row["part"], int(row[f"{table}.offset"]), count)
            pieces.append(piece)
            offsets.append(at)
            counts.append(count)
            at += count
        frame = concat_pieces(pieces) if pieces else computed[table]
        cache.write_part(table, part, frame)
        frames.whole[table] = frame
        columns[f"{table}.offset"], columns[f"{table}.rows"] = offsets, counts
    return pd.DataFrame(columns, columns=index_columns(stage))


def _article_spans(stage: Stage, table: str, frame: pd.DataFrame | None, ids: list[str]
                   ) -> dict[int, tuple[int, int]]:
    """Where each computed article's rows are in a computed table: position -> (start, rows).
    A stage must give each article's rows together and in article order."""
    if frame is None:
        return {}
    article_ids = frame["article_id"].astype(str).to_numpy()
    order = {article: position for position, article in enumerate(ids)}
    spans: dict[int, tuple[int, int]] = {}
    start = 0
    last = -1
    while start < len(article_ids):
        article = article_ids[start]
        end = start
        while end < len(article_ids) and article_ids[end] == article:
            end += 1
        position = order.get(article, -1)
        if position <= last or position in spans:
            raise RuntimeError(
                f"stage {stage.name!r}: the rows of article {article} in table {table!r} are "
                "not together and in article order. Fix: the stage must keep the order of its "
                "input articles (korea_notes/stages.py).")
        spans[position] = (start, end - start)
        last = position
        start = end
    for position in range(len(ids)):
        spans.setdefault(position, (0, 0))
    return spans


def _computed_digests(stage: Stage, computed: dict[str, pd.DataFrame],
                      spans: dict[str, dict[int, tuple[int, int]]], ids: list[str]
                      ) -> dict[int, str]:
    """The digest of each computed article's rows in the stage's tables."""
    if not computed:
        return {}
    parts: dict[int, list[str]] = {}
    for table in stage.tables:
        frame = computed[table]
        hashes = row_hashes(frame)
        signature = columns_signature(frame)
        for position, (start, count) in spans[table].items():
            parts.setdefault(position, []).append(
                piece_digest(signature, hashes[start:start + count] if count else
                             np.zeros(0, dtype=np.uint64)))
    return {position: key("digest", *values) for position, values in parts.items()}
