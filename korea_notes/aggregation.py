"""The aggregates of a streamed run, one period at a time, so that the claims of the whole
corpus are never in memory at once.

Every aggregate of :data:`korea_notes.stages.AGGREGATES` groups claims by period first and
counts a period's articles from the articles of that period only, so its rows for one period
are those computed from that period's claims and articles alone, and the whole table is those
rows, period after period in time order (tested against the aggregate of all claims at once).
The corpus is in time order, so each period is a run of consecutive articles, and its claims a
run of consecutive rows of the claims partitions; they are read partition by partition and each
period is aggregated as soon as its rows are in. A table of articles not in time order (passed
by hand) is aggregated whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from korea_notes.stages import aggregate
from korea_notes.tablecodec import concat_pieces


def aggregate_by_period(claims: Iterable[pd.DataFrame], articles: pd.DataFrame,
                        claim_rows: Iterable[int], period: str) -> dict[str, pd.DataFrame]:
    """The aggregates of the claims (given as consecutive pieces, e.g. partitions) of
    ``articles`` (``article_id`` and ``published``, in corpus order; ``claim_rows``: the number
    of claims of each) per ``period``: the tables of :func:`korea_notes.stages.aggregate`."""
    pieces: dict[str, list[pd.DataFrame]] = {}
    each_period(claims, articles, claim_rows, period,
                lambda name, table: pieces.setdefault(name, []).append(table))
    return {name: concat_pieces(tables) for name, tables in pieces.items()}


def each_period(claims: Iterable[pd.DataFrame], articles: pd.DataFrame,
                claim_rows: Iterable[int], period: str,
                take: Callable[[str, pd.DataFrame], None]) -> None:
    """Hand each aggregate's rows, period by period in time order, to ``take(name, rows)``
    as soon as they are computed (arguments as :func:`aggregate_by_period`); joined with
    :func:`korea_notes.tablecodec.concat_pieces` they are the aggregates."""
    from korea_notes import timeline

    labels = timeline.period_labels(articles, period).tolist() if len(articles) else []
    runs = _runs(labels)
    in_order = list(timeline.period_table(articles, period)["period"]) if len(articles) else []
    if [label for label, _, _ in runs] != in_order:  # not in time order: all at once
        for name, table in aggregate(concat_pieces(list(claims)), articles, period).items():
            take(name, table)
        return
    bounds = np.concatenate([[0], np.cumsum(np.fromiter(claim_rows, dtype=np.int64))])
    reader = _Rows(iter(claims))
    for _label, start, end in runs:
        rows = reader.take(int(bounds[start]), int(bounds[end]))
        for name, table in aggregate(rows, articles.iloc[start:end], period).items():
            take(name, table)
    if not runs:
        for name, table in aggregate(reader.empty(), articles, period).items():
            take(name, table)


def _runs(labels: list[str]) -> list[tuple[str, int, int]]:
    """(label, start, end) of each run of equal labels."""
    runs: list[tuple[str, int, int]] = []
    for position, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], position + 1)
        else:
            runs.append((label, position, position + 1))
    return runs


class _Rows:
    """Rows ``start`` to ``end`` of the table the pieces make, asked for in increasing order;
    a piece is dropped as soon as no later request can need it."""

    def __init__(self, pieces: Iterator[pd.DataFrame]) -> None:
        self._pieces = pieces
        self._held: list[pd.DataFrame] = []
        self._first = 0  # the row number of the first held row
        self._end = 0  # the row number after the last held row
        self._template: pd.DataFrame | None = None

    def take(self, start: int, end: int) -> pd.DataFrame:
        while self._end < end:
            piece = next(self._pieces)
            if self._template is None:
                self._template = piece.iloc[:0]
            self._held.append(piece)
            self._end += len(piece)
        while self._held and self._first + len(self._held[0]) <= start:
            self._first += len(self._held.pop(0))
        rows, at = [], self._first
        for piece in self._held:
            lo, hi = max(start - at, 0), min(end - at, len(piece))
            if lo < hi:
                rows.append(piece.iloc[lo:hi])
            at += len(piece)
        return concat_pieces(rows) if rows else self.empty()

    def empty(self) -> pd.DataFrame:
        if self._template is None:
            self._template = next(self._pieces).iloc[:0]
        return self._template
