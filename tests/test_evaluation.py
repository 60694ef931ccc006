"""Scoring the coder on a set of coded sentences (korea_notes.evaluation and the ``evaluate``
command), and the floors the coder keeps on the development sentences."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from korea_notes.__main__ import main
from korea_notes.evaluation import (
    ERROR_COLUMNS,
    SETS_FILE,
    SUMMARY_METRICS,
    VALIDITY_COLUMNS,
    EvaluationError,
    compare_sets,
    evaluate_set,
    reference_sets,
    score_set,
    validity_table,
)
from korea_notes.positions import CLAIM_COLUMNS
from korea_notes.reference import REFERENCE_DIR, load_sentence_set

DEV2 = REFERENCE_DIR / "dev_sentences_2.jsonl"


def write_set(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")


def claims_of(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    """Coder claims (sentence_id, actor, category), the other columns empty."""
    return pd.DataFrame([{column: None for column in CLAIM_COLUMNS}
                         | {"sentence_id": s, "article_id": s.split("/")[0], "actor": a,
                            "category": c, "rule": "test/rule"} for s, a, c in rows],
                        columns=list(CLAIM_COLUMNS))


@pytest.fixture(scope="module")
def dev2():
    return evaluate_set(DEV2)


@pytest.fixture()
def tiny(tmp_path):
    path = tmp_path / "tiny.jsonl"
    write_set(path, [
        {"id": "t1", "text": "Nordkorea droht den USA.", "date": "2017-08",
         "claims": [{"actor": "DPRK", "target": "USA", "category": "THREAT",
                     "condition_type": None}]},
        {"id": "t2", "text": "Die Gespräche dauerten acht Stunden.", "date": "2019-10-05",
         "claims": []},
        {"id": "t3", "text": "Ein umstrittener Satz.", "date": "2019", "borderline": True,
         "claims": [{"actor": "USA", "target": "DPRK", "category": "OFFER_TALKS",
                     "condition_type": None}]},
        {"id": "t4", "text": "Ein Satz mit einer strittigen Forderung.", "date": "2019",
         "claims": [{"actor": "USA", "target": "DPRK", "category": "DEMAND_DENUCLEARIZATION",
                     "condition_type": None, "borderline": True}]},
    ])
    return load_sentence_set(path)


# --- the scoring rules ---------------------------------------------------------------------------


def test_a_category_found_with_the_reference_actor_is_a_hit(tiny):
    result = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT")), tiny)
    assert result.metric("micro_f1") == 1.0
    assert result.metric("actor_accuracy") == 1.0
    assert result.errors.empty


def test_the_right_category_with_another_actor_is_a_wrong_actor_not_a_miss(tiny):
    result = score_set(claims_of(("t1/p00s00", "USA", "THREAT")), tiny)
    assert result.metric("recall") == 1.0
    assert result.metric("actor_accuracy") == 0.0
    assert list(result.errors["kind"]) == ["wrong_actor"]
    assert result.metric("claim_f1") == 0.0


def test_a_claim_on_a_sentence_without_a_position_is_a_false_alarm(tiny):
    result = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT"),
                                 ("t2/p00s00", "USA", "OFFER_TALKS")), tiny)
    # t2 is the one sentence with no claim at all (t4 has a borderline one)
    assert result.metric("no_position_sentences") == 1
    assert result.metric("false_alarm_rate") == 1.0
    row = result.errors.iloc[0]
    assert (row["id"], row["kind"], row["category"], row["coder_actor"]) == \
        ("t2", "false_alarm", "OFFER_TALKS", "USA")


def test_a_borderline_sentence_is_set_aside(tiny):
    result = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT"),
                                 ("t3/p00s00", "USA", "THREAT")), tiny)
    assert result.metric("precision") == 1.0
    assert result.metric("scored_sentences") == 3


def test_a_category_only_a_borderline_claim_gives_is_neither_missed_nor_false(tiny):
    found = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT"),
                                ("t4/p00s00", "USA", "DEMAND_DENUCLEARIZATION")), tiny)
    silent = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT")), tiny)
    assert found.metric("micro_f1") == silent.metric("micro_f1") == 1.0


def test_a_missed_category_names_the_reference_actor(tiny):
    result = score_set(claims_of(), tiny)
    assert result.metric("recall") == 0.0
    row = result.errors.iloc[0]
    assert (row["kind"], row["category"], row["reference_actor"], row["coder_actor"]) == \
        ("miss", "THREAT", "DPRK", None)


def test_the_tables_have_their_documented_columns(tiny):
    result = score_set(claims_of(("t1/p00s00", "DPRK", "THREAT")), tiny)
    assert list(result.summary["metric"]) == list(SUMMARY_METRICS)
    assert list(result.errors.columns) == list(ERROR_COLUMNS)
    assert list(result.categories["category"])[-2:] == ["micro", "macro"]


def test_a_set_in_the_actors_format_is_scored_by_its_categories():
    result = evaluate_set(REFERENCE_DIR / "dev_sentences.jsonl")
    assert result.metric("sentences") == 33
    assert result.metric("micro_f1") > 0.9


def test_an_unknown_category_is_refused_with_its_record(tmp_path):
    path = tmp_path / "bad.jsonl"
    write_set(path, [{"id": "x1", "text": "Ein Satz.", "date": "2020",
                      "claims": [{"actor": "USA", "category": "OFFER_PEACE"}]}])
    with pytest.raises(EvaluationError, match=r"OFFER_PEACE.*x1.*Fix"):
        evaluate_set(path)


def test_the_context_sentence_resolves_who_speaks(tmp_path):
    """A real record (b116): "so die Agentur" points to the agency named the sentence before."""
    record = next(json.loads(line) for line in DEV2.read_text(encoding="utf-8").splitlines()
                  if json.loads(line)["id"] == "b116")
    path = tmp_path / "one.jsonl"
    write_set(path, [record])
    assert evaluate_set(path).metric("actor_accuracy") == 1.0
    assert evaluate_set(path, context=False).metric("actor_accuracy") == 0.0


def test_sets_compare_side_by_side():
    table = compare_sets({"dev": REFERENCE_DIR / "dev_sentences.jsonl"})
    assert list(table.columns) == ["set", *SUMMARY_METRICS]
    assert table.loc[0, "set"] == "dev"


# --- in-sample and out-of-sample ----------------------------------------------------------------


def test_every_sentence_set_is_listed_with_whether_rules_were_tuned_on_it():
    sets = reference_sets().set_index("file")
    assert sets.loc["heldout_test.jsonl", "tuned_on"] == "no"
    assert sets.loc["dev_sentences_2.jsonl", "tuned_on"] == "yes"


def test_a_set_missing_from_the_list_is_reported_with_the_fix(tmp_path):
    listing = tmp_path / "sets.csv"
    lines = SETS_FILE.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("heldout_test.jsonl,")]
    listing.write_text("\n".join(kept) + "\n", encoding="utf-8")
    for name in [line.split(",")[0] for line in lines[1:]]:
        (tmp_path / name).write_text((REFERENCE_DIR / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"heldout_test.jsonl is not listed.*Fix"):
        reference_sets(listing)


def test_a_bad_tuned_on_value_names_its_line(tmp_path):
    listing = tmp_path / "sets.csv"
    text = SETS_FILE.read_text(encoding="utf-8").replace(",no,", ",maybe,")
    listing.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"line 6: tuned_on 'maybe'"):
        reference_sets(listing)


def test_the_validity_table_puts_in_sample_and_out_of_sample_side_by_side():
    table = validity_table(sets=reference_sets().iloc[[0, 4]])
    assert list(table.columns) == list(VALIDITY_COLUMNS)
    assert list(table["sample"]) == ["in-sample", "out-of-sample"]
    assert table["micro_f1"].between(0, 1).all()
    assert table["micro_f1_without_context"].notna().all()


# --- the command ---------------------------------------------------------------------------------


def test_the_evaluate_command_prints_scores_and_every_error(capsys):
    assert main(["evaluate", str(DEV2)]) == 0
    out = capsys.readouterr().out
    assert "micro_f1" in out and "false_alarm_rate" in out
    assert "error(s): misses, false alarms and wrong actors" in out


def test_the_evaluate_command_writes_json_for_machines(capsys, dev2):
    assert main(["evaluate", str(DEV2), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["micro_f1"] == pytest.approx(dev2.metric("micro_f1"))
    assert len(document["errors"]) == len(dev2.errors)


def test_the_evaluate_command_names_a_missing_file(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nowhere.jsonl")]) == 2
    assert "Fix:" in capsys.readouterr().err


def test_the_evaluate_command_names_a_bad_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    assert main(["evaluate", str(path)]) == 2
    assert "line 1: not valid JSON" in capsys.readouterr().err


# --- floors on the development sentences 2 (in-sample since 2026-12-03) -------------------------


def test_dev_sentences_2_category_micro_f1_is_at_least_080(dev2):
    assert dev2.metric("micro_f1") >= 0.80


def test_dev_sentences_2_claims_on_at_most_a_tenth_of_the_sentences_without_a_position(dev2):
    assert dev2.metric("no_position_sentences") >= 60
    assert dev2.metric("false_alarm_rate") <= 0.10


def test_dev_sentences_2_actor_accuracy_is_at_least_085(dev2):
    assert dev2.metric("actor_accuracy") >= 0.85
