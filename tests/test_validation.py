"""Validation of the coder against the reference coding (korea_notes.validation).

The floors are computed from the real pipeline on the real files: the five corpus articles
against corpus/annotations/seed_positions.jsonl, and the development sentences.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from korea_notes.evaluation import evaluate_set
from korea_notes.positions import CLAIM_COLUMNS, code_positions, prepare_sentences
from korea_notes.reference import REFERENCE_DIR, load_reference_positions, load_sentence_set
from korea_notes.validation import (
    ValidationError,
    compare_coders,
    confusion_table,
    error_table,
    evaluate,
    krippendorff_alpha,
    same_text,
    sentence_scores,
)

HELDOUT_TUNE = REFERENCE_DIR / "heldout_tune.jsonl"


@pytest.fixture(scope="module")
def sentences(articles) -> pd.DataFrame:
    return prepare_sentences(articles)


@pytest.fixture(scope="module")
def reference(articles) -> pd.DataFrame:
    return load_reference_positions(articles)


@pytest.fixture(scope="module")
def evaluation(sentences, reference):
    return evaluate(code_positions(sentences), reference, sentences)


@pytest.fixture(scope="module")
def dev():
    return evaluate_set(REFERENCE_DIR / "dev_sentences.jsonl")


def metric(evaluation, name: str) -> float:
    summary = evaluation.summary.set_index("metric")["value"]
    return float(summary[name])


def claim(article: str, sentence: str, actor: str, category: str) -> dict:
    row = {column: None for column in CLAIM_COLUMNS}
    row.update(article_id=article, sentence_id=f"{article}/{len(sentence)}", sentence=sentence,
               actor=actor, category=category)
    return row


def reference_row(line: int, article: str, quote: str, actor: str, category: str,
                  borderline: bool = False) -> dict:
    return {"line": line, "article_id": article, "quote": quote, "actor": actor,
            "category": category, "borderline": borderline, "note": ""}


def test_an_unknown_reference_category_is_reported_with_its_line(reference):
    broken = reference.copy()
    broken.loc[0, "category"] = "OFFER_PEACE"
    with pytest.raises(ValidationError, match=r"line 1: OFFER_PEACE.*Fix"):
        evaluate(pd.DataFrame(columns=list(CLAIM_COLUMNS)), broken)


# --- floors on the real pipeline ------------------------------------------------------------


def test_sentence_level_micro_f1_on_the_five_articles_is_at_least_095(evaluation):
    assert metric(evaluation, "sentence_micro_f1") >= 0.95


def test_article_level_f1_on_the_five_articles_is_at_least_090(evaluation):
    assert metric(evaluation, "article_micro_f1") >= 0.90


def test_dev_sentences_category_micro_f1_is_at_least_090(dev):
    assert dev.metric("micro_f1") >= 0.90


def test_dev_sentences_actor_accuracy_where_a_category_was_found_is_at_least_080(dev):
    assert dev.metric("actor_accuracy") >= 0.80


# --- tune sentences (corpus/annotations/heldout_tune.jsonl) --------------------------------
# 80 sentences written from the category definitions by someone who never saw the rules (see
# corpus/annotations/README.md). Before the cues were generalised the coder scored micro F1
# 0.724 (P 0.85, R 0.71) on them; the method was then improved while inspecting its errors here
# (broader lemma vocabularies, negation scope, condition roles, actor rules), so the score below
# is IN-SAMPLE: 0.963 (P 0.98, R 0.95), actor accuracy 1.00 when written. The floors leave a
# margin below that; they guard against regressions, not a claim about unseen text.


@pytest.fixture(scope="module")
def heldout():
    return evaluate_set(HELDOUT_TUNE)


def test_heldout_tune_sentences_are_eighty_with_a_fifth_without_category():
    tune = load_sentence_set(HELDOUT_TUNE)
    assert len(tune) == 80
    assert sum(1 for categories in tune["categories"] if not categories) == 16


def test_heldout_tune_category_micro_f1_keeps_its_in_sample_floor_of_090(heldout):
    assert heldout.metric("micro_f1") >= 0.90


def test_heldout_tune_actor_accuracy_keeps_its_in_sample_floor_of_090(heldout):
    assert heldout.metric("actor_accuracy") >= 0.90


# --- second tune set (corpus/annotations/heldout_tune2.jsonl) -----------------------------
# 100 sentences written later, independently, from the category definitions. Scored first after
# the tuning above: micro F1 0.752 (P 0.815, R 0.698), actor accuracy 0.96. The method was then
# broadened by principle (developer sentences per category written first, batch eight in
# test_positions.py) while inspecting its errors here, so the score is IN-SAMPLE: 0.889
# (P 0.916, R 0.863), actor accuracy 0.95 when written. The floors guard against regressions.

HELDOUT_TUNE2 = REFERENCE_DIR / "heldout_tune2.jsonl"


@pytest.fixture(scope="module")
def heldout2():
    return evaluate_set(HELDOUT_TUNE2)


def test_heldout_tune2_category_micro_f1_keeps_its_in_sample_floor_of_085(heldout2):
    assert heldout2.metric("micro_f1") >= 0.85


def test_heldout_tune2_actor_accuracy_keeps_its_in_sample_floor_of_090(heldout2):
    assert heldout2.metric("actor_accuracy") >= 0.90


def test_heldout_tune_recall_is_at_least_half_in_every_category(heldout):
    categories = heldout.categories.set_index("category").drop(index=["micro", "macro"])
    weak = categories[categories["recall"] < 0.5]
    assert weak.empty, weak[["tp", "fn", "recall"]]


# --- what evaluate returns ------------------------------------------------------------------


def test_scores_cover_both_levels_with_micro_and_macro(evaluation):
    scores = evaluation.scores
    for level in ("sentence", "article"):
        categories = set(scores.loc[scores.level == level, "category"])
        assert {"micro", "macro"} <= categories


def test_every_counted_error_is_listed_with_its_sentence(evaluation):
    micro = evaluation.scores.set_index(["level", "category"]).loc[("sentence", "micro")]
    errors = evaluation.errors
    assert (errors.kind == "miss").sum() == micro["fn"]
    assert (errors.kind == "false_alarm").sum() == micro["fp"]
    assert errors["sentence"].str.len().min() > 0


def test_borderline_rows_stay_visible_in_the_error_list(evaluation, reference):
    listed = evaluation.errors[evaluation.errors.kind.str.startswith("borderline")]
    assert not listed["counted"].any()
    rows = listed["kind"].isin(["borderline_hit", "borderline_miss"]).sum()
    assert rows == reference["borderline"].sum()


def test_confusion_table_is_square_over_categories_and_none(evaluation):
    table = evaluation.confusion
    assert list(table.index) == list(table.columns)
    assert table.index[-1] == "(none)"


def test_alpha_is_reported_overall_and_per_category(evaluation):
    alpha = evaluation.alpha
    assert alpha.iloc[0]["scope"] == "all categories"
    assert 0 < alpha.iloc[0]["alpha"] <= 1
    assert len(alpha) == 13


def test_actor_accuracy_is_judged_where_the_category_was_found(evaluation):
    assert len(evaluation.actors) > 0
    assert evaluation.actors["correct"].dtype == bool


# --- scoring rules on small hand-made data --------------------------------------------------


def test_a_sentence_matches_a_quote_it_contains_or_lies_inside():
    quote = 'Er sagte: "Wir sind bereit." Dann ging er.'
    assert same_text('Er sagte: „Wir sind bereit.“ Dann ging er.', quote)
    assert same_text('Wir sind bereit, heute und morgen zu reden. Er sagte: "Wir sind bereit." '
                     "Dann ging er.", quote)
    assert not same_text("Dann ging er.", quote)


def test_a_claim_matching_only_a_borderline_row_is_no_false_alarm():
    claims = pd.DataFrame([claim("a", "Kim lobte Trump sehr.", "DPRK", "PRAISE_RELATIONSHIP"),
                           claim("a", "Kim droht den USA offen.", "DPRK", "THREAT")])
    reference = pd.DataFrame([
        reference_row(1, "a", "Kim lobte Trump sehr.", "DPRK", "PRAISE_RELATIONSHIP", True),
        reference_row(2, "a", "Kim droht den USA offen.", "DPRK", "THREAT")])
    micro = sentence_scores(claims, reference).set_index("category").loc["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 0, 0)


def test_a_claim_with_the_wrong_actor_is_a_miss_and_a_false_alarm():
    claims = pd.DataFrame([claim("a", "Kim droht den USA offen.", "USA", "THREAT")])
    reference = pd.DataFrame([reference_row(1, "a", "Kim droht den USA offen.", "DPRK",
                                            "THREAT")])
    errors = error_table(claims, reference)
    assert sorted(errors["kind"]) == ["false_alarm", "miss"]


def test_confusion_crosses_unmatched_categories_of_one_sentence():
    claims = pd.DataFrame([claim("a", "Kim droht den USA offen.", "DPRK", "THREAT")])
    reference = pd.DataFrame([
        reference_row(1, "a", "Kim droht den USA offen.", "DPRK", "REJECT_TALKS")])
    table = confusion_table(claims, reference)
    assert table.loc["REJECT_TALKS", "THREAT"] == 1
    assert table.to_numpy().sum() == 1


# --- Krippendorff's alpha -------------------------------------------------------------------


def test_alpha_reproduces_krippendorffs_published_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units.
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = list(zip(*observers, strict=True))
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=0.001)


def test_alpha_is_one_for_perfect_agreement_and_below_zero_for_systematic_disagreement():
    assert krippendorff_alpha([("a", "a"), ("b", "b"), ("a", "a")]) == 1.0
    assert krippendorff_alpha([("a", "b"), ("b", "a"), ("a", "b")]) < 0


def test_alpha_is_undefined_without_variation():
    assert math.isnan(krippendorff_alpha([("a", "a"), ("a", "a")]))


# --- development sentences and baselines ----------------------------------------------------


def test_the_coder_beats_both_baselines_and_each_part_adds_something():
    table = compare_coders().set_index("coder")
    assert list(table.index) == ["majority", "keywords", "coder"]
    for column in ("sentence_f1", "article_f1", "dev_f1", "alpha"):
        assert table.loc["coder", column] > table.loc["keywords", column] > \
            table.loc["majority", column], column
