"""The validation sample: stratified by period and by what the coder found, seeded, blind,
never a sentence a human has coded already."""

from __future__ import annotations

import pandas as pd
import pytest
from loop_support import PERIOD, SEED, corpus_run, drawn
from openpyxl import load_workbook

from korea_notes.human import human_records, human_sentence_ids, store_human_codes
from korea_notes.sampling import (
    SamplingError,
    allocate,
    draw_sample,
    key_path,
    read_key,
    write_sample,
)
from korea_notes.sheets import CODER_COLUMNS, SHEET_COLUMNS, sheet_rows, vocabulary


@pytest.fixture(scope="module")
def run(articles):
    return corpus_run(articles)


def test_the_same_seed_draws_the_same_sample_into_identical_files(run, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        drawn(run, folder)
    for name in ("round1.xlsx", "round1.key.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_another_seed_draws_other_sentences(run):
    one = draw_sample(run.pool(), 40, "r", seed=1)
    other = draw_sample(run.pool(), 40, "r", seed=2)
    assert set(one["sentence_id"]) != set(other["sentence_id"])


def test_every_stratum_of_period_and_finding_gets_a_sentence_sentences_without_claims_too(run):
    pool = run.pool()
    sample = draw_sample(pool, 40, "r", SEED)
    strata = set(pool["period"] + ":" + pool["found"])
    assert set(sample["stratum"]) == strata
    assert (sample["found"] == "none").sum() >= len(set(pool["period"]))


def test_each_sentence_stands_for_its_stratum_so_the_weights_add_up_to_the_pool(run):
    pool = run.pool()
    sample = draw_sample(pool, 40, "r", SEED)
    sizes = (pool["period"] + ":" + pool["found"]).value_counts()
    for row in sample.itertuples(index=False):
        assert row.stratum_sentences == sizes[row.stratum]
        assert row.weight == row.stratum_sentences / row.stratum_sampled
    assert sample["weight"].sum() == pytest.approx(len(pool))


def test_allocation_gives_larger_strata_more_but_less_than_in_proportion():
    counts = allocate({"big": 400, "middle": 100, "small": 4}, 60)
    assert sum(counts.values()) == 60
    assert counts["big"] > counts["middle"] > counts["small"] >= 1
    assert counts["big"] / counts["middle"] < 400 / 100


def test_a_sample_larger_than_the_corpus_takes_every_sentence_once(run):
    sample = draw_sample(run.pool(), 10_000, "all", SEED)
    assert sorted(sample["sentence_id"]) == sorted(run.sentences["sentence_id"])
    assert set(sample["weight"]) == {1.0}


def test_a_sample_smaller_than_the_number_of_strata_is_refused_with_the_fix(run):
    with pytest.raises(SamplingError, match=r"cannot cover the \d+ strata.*Fix: draw at least"):
        draw_sample(run.pool(), 3, "r", SEED)


def test_a_sentence_with_stored_human_codes_is_never_drawn(run, tmp_path):
    first = draw_sample(run.pool(), 40, "first", SEED)
    codes = pd.DataFrame([{"coder": "c", "file": "c.xlsx", "line": 2, "sample": "first",
                           "row": r.row, "sentence_id": r.sentence_id, "actor": None,
                           "target": None, "category": None, "condition_type": None,
                           "borderline": False, "note": None} for r in first.itertuples()])
    store_human_codes(human_records(codes, first), "first", tmp_path)
    coded = human_sentence_ids(tmp_path)
    again = draw_sample(run.pool(coded), 10_000, "second", SEED)
    assert len(coded) == 40
    assert not set(again["sentence_id"]) & coded
    assert len(again) == len(run.sentences) - 40


def test_the_sheet_is_blind_the_key_holds_what_the_coder_found(run, tmp_path):
    sample, sheet = drawn(run, tmp_path)
    rows = sheet_rows(sheet)
    header = list(load_workbook(sheet, read_only=True)["sample"].iter_rows(values_only=True))[0]
    assert list(header) == list(SHEET_COLUMNS)
    assert all(not cells[column] for _, cells in rows for column in CODER_COLUMNS)
    coded_text = " ".join(" ".join(cells.values()) for _, cells in rows)
    assert "machine" not in " ".join(header) and "OFFER_TALKS" not in coded_text
    key = read_key(key_path(sheet))
    assert list(key["machine_claims"]) == list(sample["machine_claims"])
    assert key["machine_claims"].str.contains("OFFER_TALKS").any()


def test_the_rows_are_shuffled_so_their_order_tells_nothing(run):
    sample = draw_sample(run.pool(), 40, "r", SEED)
    assert list(sample["stratum"]) != sorted(sample["stratum"])
    assert list(sample["row"]) == list(range(1, 41))


def test_the_xlsx_has_drop_downs_of_the_valid_codes_and_the_codebook(run, tmp_path):
    _, sheet = drawn(run, tmp_path)
    book = load_workbook(sheet)
    assert book.sheetnames == ["sample", "lists", "how to code", "codebook"]
    words = vocabulary()
    lists = {column[0].value: [cell.value for cell in column[1:] if cell.value]
             for column in book["lists"].iter_cols()}
    assert lists["claimant"] == lists["target"] == list(words.actors)
    assert lists["categories"] == [*words.categories, "NONE"]
    assert lists["condition_type"] == list(words.condition_types)
    validations = {str(v.sqref).split(":")[0][0]: v.formula1
                   for v in book["sample"].data_validations.dataValidation}
    letters = {column: chr(ord("A") + SHEET_COLUMNS.index(column)) for column in lists}
    for column, letter in letters.items():
        assert validations[letter].startswith("lists!$"), column
    codebook = [cell.value for cell in book["codebook"]["A"]]
    assert set(words.categories) <= set(codebook)


def test_write_sample_refuses_to_overwrite_a_sheet(run, tmp_path):
    sample, sheet = drawn(run, tmp_path)
    with pytest.raises(SamplingError, match="already exist.*--force"):
        write_sample(sample, sheet, PERIOD, SEED)
