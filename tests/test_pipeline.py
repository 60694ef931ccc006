"""The pipeline in one call: the same tables as the step-by-step calls, serial, on worker
processes and on a Dask cluster, with and without the annotation cache."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from korea_notes.actors import find_mentions
from korea_notes.attribution import attribute_sentences
from korea_notes.cache import AnnotationCache
from korea_notes.cleaning import clean_articles
from korea_notes.language import annotate, split_sentences
from korea_notes.pipeline import ARTICLE_TABLES, ClaimsCache, aggregate, run_pipeline
from korea_notes.positions import CLAIM_COLUMNS, code_positions


@pytest.fixture(scope="module")
def stepwise(articles) -> dict[str, pd.DataFrame]:
    """The tables made by calling each step on the whole corpus, as a notebook does."""
    clean, changes = clean_articles(articles)
    sentences = split_sentences(clean)
    attributed = attribute_sentences(sentences)
    return {"clean": clean, "changes": changes, "sentences": sentences,
            "annotated": annotate(sentences, cache=None), "attributed": attributed,
            "claims": code_positions(attributed, mentions=find_mentions(attributed))}


@pytest.fixture(scope="module")
def serial() -> dict[str, pd.DataFrame]:
    return run_pipeline(workers=1, cache=None, progress=False)


def assert_same_tables(tables: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame],
                       names=ARTICLE_TABLES) -> None:
    for name in names:
        pd.testing.assert_frame_equal(tables[name], expected[name], obj=name)


def test_serial_run_of_the_corpus_gives_the_tables_of_the_step_by_step_calls(serial, stepwise):
    assert_same_tables(serial, stepwise)


def test_claims_have_the_claim_columns_and_cover_every_article(serial, articles):
    assert tuple(serial["claims"].columns) == CLAIM_COLUMNS
    assert set(serial["claims"]["article_id"]) == set(articles["article_id"])


def test_worker_processes_give_identical_tables(articles, serial):
    parallel = run_pipeline(articles, workers=2, chunk_size=1, cache=None, progress=False)
    assert_same_tables(parallel, serial, list(serial))


def test_a_dask_cluster_gives_identical_claims(articles, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = run_pipeline(articles, client=client, chunk_size=2, cache=None,
                               progress=False)
    pd.testing.assert_frame_equal(on_dask["claims"], serial["claims"])
    assert_same_tables(on_dask, serial, list(serial))


def test_second_run_serves_every_article_from_the_annotation_cache(articles, serial, tmp_path):
    first = AnnotationCache(tmp_path)
    run_pipeline(articles, workers=2, chunk_size=2, cache=first, claims_cache=None,
                 progress=False)
    second = AnnotationCache(tmp_path)
    again = run_pipeline(articles, workers=2, chunk_size=2, cache=second, claims_cache=None,
                         progress=False)
    assert first.misses == list(articles["article_id"]) and first.hits == []
    assert second.hits == list(articles["article_id"]) and second.misses == []
    assert_same_tables(again, serial, list(serial))


def test_aggregates_are_the_timeline_tables_of_all_claims(serial, articles):
    timeline = pytest.importorskip("korea_notes.timeline")
    expected = timeline.positions_by_period(serial["claims"], "year", articles=articles)
    pd.testing.assert_frame_equal(serial["positions"], expected)
    assert aggregate(serial["claims"], articles).keys() == {"positions", "preconditions"}


def test_progress_bar_counts_articles(articles, capsys):
    run_pipeline(articles.iloc[:2], workers=1, cache=None, progress=True)
    assert "2/2" in capsys.readouterr().err


def test_no_articles_give_empty_tables_with_their_columns(articles, serial):
    tables = run_pipeline(articles.iloc[:0], workers=2, cache=None, progress=False)
    for name in ARTICLE_TABLES:
        assert tables[name].empty
        assert list(tables[name].columns) == list(serial[name].columns), name


def test_workers_must_be_at_least_one(articles):
    with pytest.raises(ValueError, match="workers must be at least 1"):
        run_pipeline(articles, workers=0, cache=None)


def test_claims_cache_serves_unchanged_articles_and_codes_changed_ones(articles, serial,
                                                                       tmp_path):
    first = ClaimsCache(tmp_path / "claims")
    run_pipeline(articles, workers=1, cache=None, claims_cache=first, progress=False)
    changed = articles.copy()
    changed.loc[0, "raw_text"] = changed.loc[0, "raw_text"].replace("Gespräche", "Verhandlungen")
    second = ClaimsCache(tmp_path / "claims")
    again = run_pipeline(changed, workers=2, chunk_size=2, cache=None, claims_cache=second,
                         progress=False)
    ids = list(articles["article_id"])
    assert first.misses == ids and first.hits == []
    assert second.misses == ids[:1] and second.hits == ids[1:]
    unchanged = again["claims"]["article_id"] != ids[0]
    pd.testing.assert_frame_equal(again["claims"][unchanged].reset_index(drop=True),
                                  serial["claims"][serial["claims"]["article_id"] != ids[0]]
                                  .reset_index(drop=True))


def test_claims_from_the_cache_are_identical_to_coded_claims(articles, serial, tmp_path):
    for _ in range(2):
        tables = run_pipeline(articles, workers=1, cache=None,
                              claims_cache=ClaimsCache(tmp_path), progress=False)
        pd.testing.assert_frame_equal(tables["claims"], serial["claims"])


def test_claims_cache_files_are_json_with_the_claim_columns(articles, tmp_path):
    run_pipeline(articles.iloc[:1], workers=1, cache=None, claims_cache=ClaimsCache(tmp_path),
                 progress=False)
    [path] = tmp_path.glob("*.json")
    data = json.loads(path.read_text("utf-8"))
    assert data["columns"] == list(CLAIM_COLUMNS) and data["published_unit"] == "ns"


def test_unreadable_claims_cache_file_is_recomputed_with_a_warning(articles, serial, tmp_path):
    run_pipeline(articles, workers=1, cache=None, claims_cache=ClaimsCache(tmp_path),
                 progress=False)
    for path in tmp_path.glob("*.json"):
        path.write_text('{"columns": ["wrong"]}', encoding="utf-8")
    cache = ClaimsCache(tmp_path)
    with pytest.warns(UserWarning, match="unreadable claims cache file"):
        tables = run_pipeline(articles, workers=1, cache=None, claims_cache=cache,
                              progress=False)
    assert cache.misses == list(articles["article_id"])
    pd.testing.assert_frame_equal(tables["claims"], serial["claims"])


def test_a_code_change_gives_every_article_a_new_claims_key(articles):
    row = articles.to_dict("records")[0]
    assert ClaimsCache(code="a").key(row) != ClaimsCache(code="b").key(row)
    assert ClaimsCache(code="a").key(row) == ClaimsCache(code="a").key(dict(row))
