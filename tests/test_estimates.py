"""Corpus-level rates and corrected counts: the sample weighted by its strata, the machine
count corrected by precision and recall, with a seeded bootstrap interval."""

from __future__ import annotations

import pandas as pd
import pytest
from loop_support import corpus_run, drawn, filled

from korea_notes.agreement import agree
from korea_notes.estimates import corpus_rates, corrected_counts, machine_counts

UNITS = pd.DataFrame({"id": ["a", "b", "c", "d"], "stratum": ["x", "x", "y", "y"],
                      "weight": [1.0, 1.0, 10.0, 10.0]})
"""Four sampled sentences: two standing for themselves, two for ten sentences each."""


def counts(rows):
    return pd.DataFrame(rows, columns=["id", "category", "tp", "fp", "fn"])


def test_each_sampled_sentence_counts_for_the_sentences_of_its_stratum():
    found = counts([("a", "THREAT", 1, 0, 0), ("b", "THREAT", 0, 1, 0),
                    ("c", "THREAT", 1, 0, 0), ("d", "THREAT", 0, 0, 1)])
    rates = corpus_rates(UNITS, found, resamples=200).set_index("category").loc["THREAT"]
    assert rates["precision"] == pytest.approx(11 / 12)  # unweighted: 2/3
    assert rates["recall"] == pytest.approx(11 / 21)  # unweighted: 2/3
    assert rates["precision_low"] <= rates["precision"] <= rates["precision_high"]


def test_the_corrected_count_is_the_machine_count_times_precision_over_recall():
    found = counts([("a", "THREAT", 1, 0, 0), ("b", "THREAT", 0, 1, 0),
                    ("c", "THREAT", 1, 0, 0), ("d", "THREAT", 0, 0, 1)])
    machine = pd.DataFrame({"period": ["2019", "2020"], "category": ["THREAT", "THREAT"],
                            "machine": [12, 0]})
    table = corrected_counts(machine, UNITS, found, resamples=500).set_index("period")
    assert table.loc["2019", "estimate"] == pytest.approx(12 * (11 / 12) / (11 / 21))
    assert table.loc["2019", "ci_low"] <= table.loc["2019", "estimate"] \
        <= table.loc["2019", "ci_high"]
    assert table.loc["2019", "ci_low"] < table.loc["2019", "ci_high"]
    assert table.loc["2020", "estimate"] == 0


def test_a_category_no_human_coded_in_the_sample_has_no_estimate_and_says_why():
    found = counts([("a", "THREAT", 0, 1, 0)])
    machine = pd.DataFrame({"period": ["2019"], "category": ["THREAT"], "machine": [3]})
    row = corrected_counts(machine, UNITS, found, resamples=50).iloc[0]
    assert pd.isna(row["estimate"]) and "recall not measured" in row["note"]


def test_the_bootstrap_is_seeded():
    found = counts([("a", "THREAT", 1, 0, 0), ("b", "THREAT", 0, 1, 0),
                    ("c", "THREAT", 1, 0, 0), ("d", "THREAT", 0, 0, 1)])
    first = corpus_rates(UNITS, found, resamples=100, seed=3)
    assert first.equals(corpus_rates(UNITS, found, resamples=100, seed=3))
    assert not first.equals(corpus_rates(UNITS, found, resamples=100, seed=4))


def test_machine_counts_are_sentences_per_period_and_category(articles):
    run = corpus_run(articles)
    table = machine_counts(run.claims, "year")
    sentences = run.claims.drop_duplicates(["sentence_id", "category"])
    assert table["machine"].sum() == len(sentences)
    assert set(table["period"]) == {"2013", "2019", "2020", "2021", "2025"}


def test_on_the_reference_sample_the_estimates_follow_the_measured_errors(articles, tmp_path):
    run = corpus_run(articles)
    sample, _ = drawn(run, tmp_path)
    _, sheet = filled(run, sample, tmp_path / "round1_reference.xlsx")
    result = agree([sheet], articles=articles, resamples=50)
    estimates = result.estimates
    exact = estimates[(estimates["precision"] == 1) & (estimates["recall"] == 1)]
    assert (exact["estimate"] == exact["machine"]).all()
    assert set(estimates["category"]) <= set(result.rates["category"])
    assert len(estimates) == len(machine_counts(run.claims, "year"))
