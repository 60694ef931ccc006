"""The pipeline in one call: in memory, the tables of the step-by-step calls (serial, on worker
processes, on Dask); streamed through the cache, the same tables byte for byte; and every stage
served from the cache unless its input or its code changed."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import sys

import pandas as pd
import pyarrow.dataset
import pytest

from korea_notes.actors import find_mentions
from korea_notes.attribution import attribute_sentences
from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.dependencies import Dependencies
from korea_notes.language import annotate, split_sentences
from korea_notes.paths import CORPUS_DIR, PROJECT_DIR
from korea_notes.pipeline import (
    ARTICLE_TABLES,
    PipelineCache,
    aggregate,
    partition_bounds,
    run_pipeline,
)
from korea_notes.positions import CLAIM_COLUMNS, code_positions
from korea_notes.stages import STAGES, key
from korea_notes.streaming import CacheFileError

STAGE_NAMES = [stage.name for stage in STAGES]


def assert_identical(tables, expected, names=None) -> None:
    """Same tables byte for byte: columns, dtypes, and every value with its Python type."""
    for name in names or list(expected):
        got, want = tables[name], expected[name]
        assert list(got.columns) == list(want.columns), name
        assert list(got.dtypes) == list(want.dtypes), name
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)
        for column in want.columns:
            assert [type(value) for value in got[column]] == \
                [type(value) for value in want[column]], (name, column)
        assert got.to_csv(index=False) == want.to_csv(index=False), name


@pytest.fixture(scope="module")
def stepwise(articles) -> dict[str, pd.DataFrame]:
    """The tables made by calling each step on the whole corpus, as a notebook does."""
    clean, changes = clean_articles(articles)
    sentences = split_sentences(clean)
    attributed = attribute_sentences(sentences)
    mentions = find_mentions(attributed)
    return {"clean": clean, "changes": changes, "sentences": sentences,
            "annotated": annotate(sentences, cache=None), "attributed": attributed,
            "mentions": mentions, "claims": code_positions(attributed, mentions=mentions)}


@pytest.fixture(scope="module")
def serial() -> dict[str, pd.DataFrame]:
    return run_pipeline(workers=1, cache=None, progress=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic corpus folder of 40 articles (the benchmark's generator) and its tables in
    memory."""
    path = PROJECT_DIR / "benchmarks" / "bench_pipeline.py"
    spec = importlib.util.spec_from_file_location("bench_pipeline", path)
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, bench)
    spec.loader.exec_module(bench)
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    bench.write_corpus(folder, 40, bench.real_pools(), seed=3)
    return folder, run_pipeline(corpus=folder, workers=2, cache=None, progress=False)


def streamed(cache_dir, articles=None, **options):
    options = {"workers": 1, "progress": False, "partition_size": 2, **options}
    return run_pipeline(articles, cache=PipelineCache(cache_dir), **options)


# --- in memory ---------------------------------------------------------------------------------


def test_serial_run_of_the_corpus_gives_the_tables_of_the_step_by_step_calls(serial, stepwise):
    assert_identical(serial, stepwise, ARTICLE_TABLES)


def test_claims_have_the_claim_columns_and_cover_every_article(serial, articles):
    assert tuple(serial["claims"].columns) == CLAIM_COLUMNS
    assert set(serial["claims"]["article_id"]) == set(articles["article_id"])


def test_worker_processes_give_identical_tables(articles, serial):
    parallel = run_pipeline(articles, workers=2, chunk_size=1, cache=None, progress=False)
    assert_identical(parallel, serial)


def test_aggregates_are_the_timeline_tables_of_all_claims(serial, articles):
    timeline = pytest.importorskip("korea_notes.timeline")
    expected = timeline.positions_by_period(serial["claims"], "year", articles=articles)
    pd.testing.assert_frame_equal(serial["positions"], expected)
    assert aggregate(serial["claims"], articles).keys() == {"positions", "preconditions"}


def test_progress_bar_counts_articles(articles, capsys):
    run_pipeline(articles.iloc[:2], workers=1, cache=None, progress=True)
    assert "2/2" in capsys.readouterr().err


def test_no_articles_give_empty_tables_with_their_columns(articles, serial, tmp_path):
    for tables in (run_pipeline(articles.iloc[:0], workers=2, cache=None, progress=False),
                   streamed(tmp_path, articles.iloc[:0])):
        for name in ARTICLE_TABLES:
            assert tables[name].empty
            assert list(tables[name].columns) == list(serial[name].columns), name


def test_workers_must_be_at_least_one(articles):
    with pytest.raises(ValueError, match="workers must be at least 1"):
        run_pipeline(articles, workers=0, cache=None)


# --- streamed: the same tables -----------------------------------------------------------------


def test_streamed_run_of_the_corpus_gives_the_in_memory_tables_byte_for_byte(serial, tmp_path):
    assert_identical(streamed(tmp_path, workers=2), serial)


def test_streamed_run_of_a_synthetic_corpus_gives_the_in_memory_tables(synthetic, tmp_path):
    folder, in_memory = synthetic
    tables = streamed(tmp_path, corpus=folder, workers=2, partition_size=8)
    assert len(set(tables.parts["claims"])) > 1
    assert_identical(tables, in_memory)


def test_tables_served_from_the_cache_are_the_computed_tables(synthetic, tmp_path):
    folder, in_memory = synthetic
    streamed(tmp_path, corpus=folder, partition_size=8)
    assert_identical(streamed(tmp_path, corpus=folder, partition_size=8), in_memory)


def test_loaded_articles_and_the_corpus_folder_give_the_same_tables(articles, serial, tmp_path):
    from_folder = streamed(tmp_path / "a", corpus=CORPUS_DIR)
    from_table = streamed(tmp_path / "b", articles)
    assert_identical(from_folder, serial)
    assert_identical(from_table, serial)


def test_articles_without_texts_need_their_corpus_folder(tmp_path):
    with pytest.raises(ValueError, match="corpus="):
        streamed(tmp_path, load_articles(text=False))


def test_a_dask_cluster_streams_the_same_tables(articles, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = streamed(tmp_path, articles, client=client)
        in_memory = run_pipeline(articles, client=client, chunk_size=2, cache=None,
                                 progress=False)
    assert_identical(on_dask, serial)
    assert_identical(in_memory, serial)


def test_a_table_read_by_partition_is_the_table(serial, tmp_path):
    tables = streamed(tmp_path)
    parts = list(tables.partitions("sentences"))
    assert len(parts) == len(tables.files("sentences")) > 1
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), serial["sentences"])


def test_partition_files_are_one_parquet_dataset(serial, tmp_path):
    tables = streamed(tmp_path)
    dataset = pyarrow.dataset.dataset([str(path) for path in tables.files("claims")])
    assert dataset.count_rows() == len(serial["claims"]) == tables.rows["claims"]


# --- streamed: what is computed ----------------------------------------------------------------


def test_first_run_computes_every_stage_of_every_article(articles, tmp_path):
    tables = streamed(tmp_path, articles)
    ids = list(articles["article_id"])
    assert tables.computed == {name: ids for name in STAGE_NAMES}
    assert tables.served == {name: [] for name in STAGE_NAMES}


def test_unchanged_corpus_is_served_entirely_from_the_cache(articles, tmp_path, monkeypatch):
    streamed(tmp_path, articles)
    import korea_notes.aggregation as aggregation
    import korea_notes.pipeline as pipeline

    monkeypatch.setattr(aggregation, "aggregate", _fail("the aggregates were computed again"))
    monkeypatch.setattr(pipeline, "run_task", _fail("a partition was given to a task"))
    again = streamed(tmp_path, articles)
    assert again.computed == {name: [] for name in STAGE_NAMES}
    assert again.served == {name: list(articles["article_id"]) for name in STAGE_NAMES}


def _edit(monkeypatch, data_file: str) -> None:
    """Make every fingerprint that depends on ``data_file`` what an edit of it would make."""
    original = Dependencies.fingerprint

    def fingerprint(self):
        base = original(self)
        return key(base, "edited") if data_file in self.data else base

    monkeypatch.setattr(Dependencies, "fingerprint", fingerprint)


def _recomputed(tables) -> list[str]:
    return [name for name in STAGE_NAMES if tables.computed[name]]


def test_changed_codebook_recomputes_only_coding_and_the_aggregates(articles, serial, tmp_path,
                                                                    monkeypatch):
    streamed(tmp_path, articles)
    _edit(monkeypatch, "codebook.yml")
    import korea_notes.aggregation as aggregation

    calls = []
    monkeypatch.setattr(aggregation, "aggregate", lambda *a: calls.append(1) or aggregate(*a))
    again = streamed(tmp_path, articles)
    assert _recomputed(again) == ["claims"]
    assert again.computed["claims"] == list(articles["article_id"])
    assert calls, "the aggregates were not computed again"
    assert_identical(again, serial)


def test_changed_actor_lexicon_recomputes_attribution_and_what_follows(articles, tmp_path,
                                                                       monkeypatch):
    streamed(tmp_path, articles)
    _edit(monkeypatch, "actors.yml")
    assert _recomputed(streamed(tmp_path, articles)) == ["attributed", "mentions", "claims"]


def test_changed_cleaning_code_that_keeps_the_clean_text_recomputes_only_cleaning(
        articles, tmp_path, monkeypatch):
    streamed(tmp_path, articles)
    _edit(monkeypatch, "cleaning_rules.yml")
    again = streamed(tmp_path, articles)
    assert again.computed["clean"] == list(articles["article_id"])
    assert again.computed["sentences"] == [] and again.computed["annotated"] == []


def test_one_added_article_computes_only_that_article(articles, serial, tmp_path):
    added = articles["article_id"].iloc[2]
    streamed(tmp_path, articles.drop(index=2))
    again = streamed(tmp_path, articles)
    assert again.computed == {name: [added] for name in STAGE_NAMES}
    assert_identical(again, serial)


def test_one_changed_article_computes_only_that_article(articles, tmp_path):
    streamed(tmp_path, articles)
    changed = articles.copy()
    changed.loc[0, "raw_text"] = changed.loc[0, "raw_text"].replace("Gespräche", "Verhandlungen")
    again = streamed(tmp_path, changed)
    assert again.computed == {name: [articles["article_id"].iloc[0]] for name in STAGE_NAMES}
    assert_identical(again, run_pipeline(changed, workers=1, cache=None, progress=False),
                     ARTICLE_TABLES)


def test_a_deleted_cache_file_is_computed_again(articles, serial, tmp_path):
    tables = streamed(tmp_path, articles)
    tables.files("claims")[0].unlink()
    again = streamed(tmp_path, articles)
    assert _recomputed(again) == ["claims"] and 0 < len(again.computed["claims"]) < len(articles)
    assert_identical(again, serial)


def test_an_unreadable_cache_file_is_named_with_the_fix(articles, tmp_path):
    tables = streamed(tmp_path, articles)
    tables.files("attributed")[0].write_bytes(b"not parquet")
    for path in tables.files("claims"):
        path.unlink()
    with pytest.raises(CacheFileError, match=r"attributed/.*\.parquet: unreadable .*Fix: delete"):
        streamed(tmp_path, articles)


def _fail(message):
    def fail(*_args, **_kwargs):
        raise AssertionError(message)
    return fail


# --- partitions --------------------------------------------------------------------------------


def test_partitions_hold_between_a_quarter_and_twice_the_size():
    ids = [f"article-{number:05d}" for number in range(5000)]
    sizes = [end - start for start, end in partition_bounds(ids, 40)]
    assert sum(sizes) == 5000 and min(sizes[:-1]) >= 10 and max(sizes) <= 80
    assert 62 <= len(sizes) <= 500


def test_an_inserted_article_changes_only_the_partition_it_falls_in():
    ids = [f"article-{number:05d}" for number in range(3000)]
    rng = random.Random(1)
    for _ in range(20):
        changed = [*ids]
        changed.insert(rng.randrange(len(ids)), f"new-{rng.random()}")
        before = {tuple(ids[a:b]) for a, b in partition_bounds(ids, 30)}
        after = {tuple(changed[a:b]) for a, b in partition_bounds(changed, 30)}
        assert len(before - after) <= 2 and len(after - before) <= 3


def test_cache_folder_can_be_given_as_a_path(articles, serial, tmp_path):
    tables = run_pipeline(articles, workers=1, cache=tmp_path, progress=False)
    assert tables.cache.directory == tmp_path
    assert_identical(tables, serial, ["claims"])


def test_prune_keeps_the_files_of_the_last_run(articles, serial, tmp_path, monkeypatch):
    streamed(tmp_path, articles)
    _edit(monkeypatch, "codebook.yml")
    last = streamed(tmp_path, articles)
    cache = PipelineCache(tmp_path)
    assert cache.prune(last.parts) > 0
    monkeypatch.undo()
    _edit(monkeypatch, "codebook.yml")
    again = streamed(tmp_path, articles)
    assert _recomputed(again) == []
    assert_identical(again, serial, ARTICLE_TABLES)
    shutil.rmtree(tmp_path)


# --- memory: what the calling process and its workers hold ------------------------------------


def test_a_large_corpus_is_checked_in_a_child_process_with_the_same_tables(serial, tmp_path,
                                                                           monkeypatch):
    import korea_notes.pipeline as pipeline
    from korea_notes.executors import Child

    started = []

    class Recorded(Child):
        def __init__(self, function, *args, **kwargs):
            super().__init__(function, *args, **kwargs)
            started.append((function, self._process.pid))

    monkeypatch.setattr(pipeline, "LOAD_APART_BYTES", 0)
    monkeypatch.setattr(pipeline, "Child", Recorded)
    _forkable(monkeypatch)
    assert_identical(streamed(tmp_path, corpus=CORPUS_DIR, workers=2), serial)
    assert [function for function, _ in started] == [load_articles]
    assert started[0][1] != os.getpid()


def test_a_corpus_problem_found_in_the_child_process_names_the_file(tmp_path, monkeypatch):
    import korea_notes.pipeline as pipeline
    from korea_notes.corpus import CorpusError

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    broken = sorted((corpus / "articles").iterdir())[0]
    broken.write_bytes(b"\xff\xfe not UTF-8")
    monkeypatch.setattr(pipeline, "LOAD_APART_BYTES", 0)
    _forkable(monkeypatch)
    with pytest.raises(CorpusError) as raised:
        streamed(tmp_path / "cache", corpus=corpus, workers=2)
    assert broken.name in raised.value.files[0] and "Fix" in str(raised.value)


def _forkable(monkeypatch) -> None:
    """Children are forked even if an earlier test left a thread running in this process."""
    import korea_notes.executors as executors
    import korea_notes.pipeline as pipeline

    monkeypatch.setattr(executors, "can_fork", lambda: True)
    monkeypatch.setattr(pipeline, "can_fork", lambda: True)


def test_a_run_leaves_one_index_entry_per_article_and_stage_and_no_journal(articles, tmp_path):
    streamed(tmp_path, articles, workers=2)
    cache = PipelineCache(tmp_path)
    for stage in STAGE_NAMES:
        index = cache.load_index(stage).frame()
        assert sorted(index["article_id"]) == sorted(articles["article_id"])
    assert sorted(path.name for path in (tmp_path / "index").iterdir()) == sorted(
        f"{stage}.parquet" for stage in STAGE_NAMES)


def test_a_run_that_fails_leaves_the_index_as_it_was_and_no_journal(articles, serial,
                                                                     tmp_path, monkeypatch):
    import korea_notes.pipeline as pipeline
    from korea_notes.store import IndexJournal

    monkeypatch.setattr(IndexJournal, "BUFFER_ROWS", 1)  # every entry on disk at once
    streamed(tmp_path, articles)
    before = {path.name: path.read_bytes() for path in (tmp_path / "index").iterdir()}
    real, ran = pipeline.run_task, []

    def fail_second(task):
        ran.append(task.number)
        if len(ran) == 2:
            raise RuntimeError("a task failed")
        return real(task)

    _edit(monkeypatch, "codebook.yml")
    monkeypatch.setattr(pipeline, "run_task", fail_second)
    with pytest.raises(RuntimeError, match="a task failed"):
        streamed(tmp_path, articles)
    assert {path.name: path.read_bytes() for path in (tmp_path / "index").iterdir()} == before
    monkeypatch.setattr(pipeline, "run_task", real)
    assert_identical(streamed(tmp_path, articles), serial, ["clean", "sentences"])


def test_an_index_written_as_a_korea_notes_table_is_read_and_merged(articles, tmp_path,
                                                                    monkeypatch):
    from korea_notes.tablecodec import write_parquet

    streamed(tmp_path, articles)
    cache = PipelineCache(tmp_path)
    entries = cache.load_index("claims").frame()
    write_parquet(entries, cache.index_path("claims"))
    pd.testing.assert_frame_equal(cache.load_index("claims").frame(), entries)
    assert _recomputed(streamed(tmp_path, articles)) == []
    _edit(monkeypatch, "codebook.yml")
    assert _recomputed(streamed(tmp_path, articles)) == ["claims"]
    assert len(cache.load_index("claims")) == 2 * len(articles)
    monkeypatch.undo()
    assert _recomputed(streamed(tmp_path, articles)) == []


def test_a_partition_cut_anew_from_stored_rows_is_served_whole_next_time(synthetic, tmp_path,
                                                                        monkeypatch):
    import korea_notes.pipeline as pipeline

    folder, _ = synthetic
    articles = load_articles(folder)
    streamed(tmp_path, articles, partition_size=8)
    fewer = articles.drop(index=5).reset_index(drop=True)
    first = streamed(tmp_path, fewer, partition_size=8)
    assert _recomputed(first) == []
    monkeypatch.setattr(pipeline, "run_task", _fail("a partition was given to a task"))
    again = streamed(tmp_path, fewer, partition_size=8)
    assert again.parts == first.parts
    cache = PipelineCache(tmp_path)
    for stage in STAGES:
        index = cache.load_index(stage.name).frame()
        latest = index.drop_duplicates("article_id", keep="last")
        wanted = latest[latest["article_id"].isin(fewer["article_id"])]
        assert set(wanted["part"]) <= set(again.parts[stage.tables[0]]), stage.name
