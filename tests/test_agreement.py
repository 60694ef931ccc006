"""Filled sheets measured: agreement between coders, and the humans against the coder with the
scorer of ``evaluate``, so that a sheet filled with the reference coding gives the scores
``evaluate`` gives on the same sentences."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from loop_support import corpus_run, drawn, filled

from korea_notes.agreement import agree, coder_claims
from korea_notes.evaluation import evaluate_set, score_set
from korea_notes.reference import load_reference_positions, load_sentence_set, locate_quote
from korea_notes.sheets import SheetError, write_sheet


@pytest.fixture(scope="module")
def run(articles):
    return corpus_run(articles)


@pytest.fixture(scope="module")
def sheets(run, tmp_path_factory):
    """A sample of 40, its sheet filled with the reference coding, and a second reader's
    sheet that codes the disputable (borderline) rows the other way."""
    folder = tmp_path_factory.mktemp("coding")
    sample, _ = drawn(run, folder)
    _, reference = filled(run, sample, folder / "round1_reference.xlsx")
    _, second = filled(run, sample, folder / "round1_second.xlsx",
                       run.gold[~run.gold["borderline"]])
    return sample, reference, second


def reference_set(run, sample, path):
    """The sampled sentences with the reference coding, written in the claims format straight
    from seed_positions.jsonl: each row to the sentence sharing most characters with its
    quote."""
    reference = load_reference_positions(run.articles)
    by_article = {a: g for a, g in run.sentences.groupby("article_id", sort=False)}
    owner: dict[str, list[dict]] = {}
    for row in reference.itertuples(index=False):
        shared = locate_quote(by_article[row.article_id], row.quote)
        if shared:
            best = max(shared, key=lambda s: (shared[s], -list(shared).index(s)))
            owner.setdefault(best, []).append({
                "actor": row.actor, "target": row.target, "category": row.category,
                "condition_type": None, "borderline": bool(row.borderline)})
    lines = []
    for drawn_row in sample.itertuples(index=False):
        texts = list(by_article[drawn_row.article_id]["text"])
        ids = list(by_article[drawn_row.article_id]["sentence_id"])
        at = ids.index(drawn_row.sentence_id)
        lines.append(json.dumps({
            "id": drawn_row.sentence_id, "text": texts[at], "date": drawn_row.date,
            "context_before": texts[at - 1] if at else "",
            "claims": owner.get(drawn_row.sentence_id, [])}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_agree_on_the_reference_coding_reproduces_evaluate_on_the_same_sentences(
        run, sheets, tmp_path):
    sample, reference, _ = sheets
    result = agree([reference], articles=run.articles, coding="sentence")
    evaluated = evaluate_set(reference_set(run, sample, tmp_path / "same.jsonl"))
    pd.testing.assert_frame_equal(result.summary.drop(columns="human"), evaluated.summary)
    pd.testing.assert_frame_equal(result.scores.drop(columns="human"), evaluated.categories)
    pd.testing.assert_frame_equal(result.errors.drop(columns="human"), evaluated.errors)
    assert evaluated.metric("scored_sentences") == 40


def test_agree_by_default_scores_the_claims_as_coded_in_their_articles(run, sheets, tmp_path):
    sample, reference, _ = sheets
    result = agree([reference], articles=run.articles)
    sentence_set = load_sentence_set(reference_set(run, sample, tmp_path / "same.jsonl"))
    expected = score_set(coder_claims(sentence_set, run.claims, "corpus"), sentence_set)
    pd.testing.assert_frame_equal(result.summary.drop(columns="human"), expected.summary)
    pd.testing.assert_frame_equal(result.scores.drop(columns="human"), expected.categories)


def test_two_identical_sheets_agree_perfectly(run, sheets, tmp_path):
    sample, reference, _ = sheets
    copy = tmp_path / "round1_copy.xlsx"
    copy.write_bytes(reference.read_bytes())
    result = agree([reference, copy], articles=run.articles, resamples=50)
    coded = result.intercoder[result.intercoder["coded"] > 0]
    assert set(coded["alpha"]) == {1.0} and set(coded["agreement"]) == {1.0}
    assert result.disagreements.empty


def test_the_sentences_two_coders_disagree_on_are_listed_with_both_codes(run, sheets):
    sample, reference, second = sheets
    result = agree([reference, second], articles=run.articles, resamples=200)
    doubtful = set(run.gold.loc[run.gold["borderline"], "sentence_id"]) & set(
        sample["sentence_id"])
    assert set(result.disagreements["sentence_id"]) == doubtful
    assert all("round1_reference: " in c and "round1_second: " in c
               for c in result.disagreements["codes"])
    overall = result.intercoder.set_index("scope").loc["all categories"]
    assert overall["alpha_low"] <= overall["alpha"] <= overall["alpha_high"]
    assert overall["alpha"] < 1.0 and overall["agreement"] < 1.0
    assert set(result.summary["human"]) == {"round1_reference", "round1_second"}


def test_per_period_counts_add_up_to_the_sentence_level_scores(run, sheets):
    _, reference, _ = sheets
    result = agree([reference], articles=run.articles)
    periods = result.periods[result.periods["category"] != "micro"]
    summed = periods.groupby("category")[["tp", "fp", "fn"]].sum()
    scores = result.scores.set_index("category").loc[summed.index, ["tp", "fp", "fn"]]
    assert (summed == scores).all().all()
    assert set(periods["period"]) == set(sheets[0]["period"])


def test_a_human_code_the_coder_lacks_is_listed_as_a_miss_with_its_sentence(run, sheets,
                                                                           tmp_path):
    sample, reference, _ = sheets
    from korea_notes.sheets import blank_sheet, fill_sheet

    sheet = fill_sheet(blank_sheet(sample), run.gold)
    nothing = sheet.index[sheet["categories"] == "NONE"][0]
    sheet.loc[nothing, ["claimant", "categories"]] = ["ROK", "THREAT"]
    path = write_sheet(sheet, tmp_path / "round1_changed.xlsx")
    (tmp_path / "round1.key.csv").write_bytes(
        (reference.parent / "round1.key.csv").read_bytes())
    errors = agree([path], articles=run.articles).errors
    miss = errors[(errors["kind"] == "miss") & (errors["id"] == sheet.loc[nothing,
                                                                           "sentence_id"])]
    assert list(miss["category"]) == ["THREAT"]
    assert miss["text"].iloc[0] == sheet.loc[nothing, "sentence"]


def test_agree_collects_the_bad_cells_of_every_sheet_before_refusing(run, sheets, tmp_path):
    sample, reference, _ = sheets
    from korea_notes.sheets import blank_sheet, fill_sheet

    paths = []
    for name, row in (("round1_a", 0), ("round1_b", 1)):
        sheet = fill_sheet(blank_sheet(sample), run.gold)
        sheet.loc[row, "categories"] = "UNKNOWN"
        paths.append(write_sheet(sheet, tmp_path / f"{name}.csv"))
    (tmp_path / "round1.key.csv").write_bytes(
        (reference.parent / "round1.key.csv").read_bytes())
    with pytest.raises(SheetError) as caught:
        agree(paths, articles=run.articles)
    assert [(p.file.split("/")[-1], p.line) for p in caught.value.problems] == [
        ("round1_a.csv", 2), ("round1_b.csv", 3)]


def test_a_sheet_without_its_key_is_refused_with_the_fix(run, sheets, tmp_path):
    _, reference, _ = sheets
    alone = tmp_path / "round1_reference.xlsx"
    alone.write_bytes(reference.read_bytes())
    with pytest.raises(SheetError, match="key file is missing.*--key"):
        agree([alone], articles=run.articles)


def test_the_loop_is_importable_from_korea_notes_validation():
    from korea_notes import agreement, estimates, human, sampling, sheets, validation

    modules = {"agreement": agreement, "estimates": estimates, "human": human,
               "sampling": sampling, "sheets": sheets}
    for module, names in validation.LOOP_FUNCTIONS.items():
        for name in names:
            assert getattr(validation, name) is getattr(modules[module], name)
