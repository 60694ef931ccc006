"""The aggregates of a streamed run, period by period: the aggregates of all claims at once."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes.aggregation import aggregate_by_period
from korea_notes.pipeline import run_pipeline
from korea_notes.stages import aggregate


@pytest.fixture(scope="module")
def corpus_tables(articles):
    return run_pipeline(articles, workers=1, cache=None, progress=False)


def pieces(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[start:start + size] for start in range(0, len(frame), size)]


def claim_rows(claims: pd.DataFrame, articles: pd.DataFrame) -> list[int]:
    counts = claims["article_id"].value_counts()
    return [int(counts.get(article_id, 0)) for article_id in articles["article_id"]]


def assert_same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)
        assert list(got[name].dtypes) == list(want[name].dtypes), name


@pytest.mark.parametrize("period", ["article", "month", "year"])
@pytest.mark.parametrize("size", [1, 7, 1000])
def test_aggregates_period_by_period_are_those_of_all_claims(corpus_tables, articles, period,
                                                             size):
    claims = corpus_tables["claims"]
    meta = articles[["article_id", "published"]]
    got = aggregate_by_period(pieces(claims, size), meta, claim_rows(claims, articles), period)
    assert_same(got, aggregate(claims, meta, period))


def test_articles_out_of_time_order_are_aggregated_whole(corpus_tables, articles):
    order = list(reversed(range(len(articles))))
    shuffled = articles.iloc[order][["article_id", "published"]].reset_index(drop=True)
    claims = pd.concat([corpus_tables["claims"][corpus_tables["claims"]["article_id"] == a]
                        for a in shuffled["article_id"]], ignore_index=True)
    got = aggregate_by_period(pieces(claims, 5), shuffled, claim_rows(claims, shuffled), "year")
    assert_same(got, aggregate(claims, shuffled, "year"))


def test_no_claims_give_the_empty_aggregates(corpus_tables, articles):
    claims = corpus_tables["claims"].iloc[:0]
    meta = articles[["article_id", "published"]]
    got = aggregate_by_period(iter([claims]), meta, [0] * len(meta), "year")
    assert_same(got, aggregate(claims, meta, "year"))
