"""Human codes stand: stored under corpus/annotations/human/ (one JSON-lines file per sample),
they replace the machine's codes of their sentences in the claims, the tables, the figures and
the evidence pages, each claim marked with its source."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from korea_notes import figures, timeline
from korea_notes.evaluation import evaluate_set
from korea_notes.evidence import evidence_table
from korea_notes.human import (
    HumanCodesError,
    apply_human_codes,
    load_human_codes,
    store_human_codes,
    with_human_codes,
)
from korea_notes.positions import code_positions, prepare_sentences
from korea_notes.report import evidence_page

OFFER = "2013-06-16_ndc-offers-talks/p00s00"
"""'Die nordkoreanische Führung hat den USA erstmals wieder hochrangige Gespräche
angeboten.'"""


@pytest.fixture(scope="module")
def attributed(articles) -> pd.DataFrame:
    return prepare_sentences(articles)


@pytest.fixture(scope="module")
def machine(attributed) -> pd.DataFrame:
    return code_positions(attributed)


def record(attributed, sentence_id, claims, **extra):
    row = attributed.set_index("sentence_id").loc[sentence_id]
    return {"id": sentence_id, "text": row["text"], "context_before": "",
            "date": str(row["published"].date()), "outlet": "", "article_id": row["article_id"],
            "claims": claims, "borderline": False, "coding": "single", "coders": ["anna"],
            "sample": "round1", "row": 1, "sheet": "round1_anna.xlsx", "note": None} | extra


@pytest.fixture
def one_stored(attributed, tmp_path):
    """One human-coded sentence: North Korea offers talks and shows flexibility."""
    claims = [{"actor": "DPRK", "target": "USA", "category": category, "condition_type": None,
               "borderline": False} for category in ("OFFER_TALKS", "FLEXIBILITY")]
    store_human_codes([record(attributed, OFFER, claims)], "round1", tmp_path)
    return tmp_path


def test_the_machine_codes_the_sentence_otherwise(machine):
    assert set(machine.loc[machine["sentence_id"] == OFFER, "category"]) == {"OFFER_TALKS"}


def test_with_one_human_coded_sentence_the_evidence_table_shows_it_as_human(
        machine, attributed, articles, one_stored):
    claims = apply_human_codes(machine, attributed, directory=one_stored)
    table = evidence_table(claims, articles)
    mine = table[table["sentence_id"] == OFFER]
    assert list(mine["source"]) == ["human", "human"]
    assert set(mine["category"]) == {"OFFER_TALKS", "FLEXIBILITY"}
    assert set(table.loc[table["sentence_id"] != OFFER, "source"]) == {"machine"}
    assert mine["rule"].iloc[0] == "human: round1.jsonl line 1"
    page = evidence_page(table)
    assert page.count('data-source="human"') == 2 and "<option value=\"human\">" in page


def test_with_one_human_coded_sentence_the_figure_shows_it_as_human(
        machine, attributed, articles, one_stored):
    claims = apply_human_codes(machine, attributed, directory=one_stored)
    table = timeline.positions_by_period(claims, "article", articles=articles)
    fig, data = figures.position_timeline(table, timeline.period_table(articles, "article"))
    marked = data[data["human_claims"] > 0]
    assert list(zip(marked["actor"], marked["category"], strict=True)) == [
        ("DPRK", "OFFER_TALKS"), ("DPRK", "FLEXIBILITY")]
    assert f"Human codes: 2 of {len(data)} marks" in fig.axes[0].get_title("left")
    outlined = [c for c in fig.axes[0].collections
                if tuple(c.get_edgecolor()[0][:3]) == (0.0, 0.0, 0.0)]
    assert len(outlined) == 2


def test_without_stored_codes_the_caption_says_none_rest_on_them(machine, attributed, articles,
                                                                 tmp_path):
    claims = apply_human_codes(machine, attributed, directory=tmp_path)
    table = timeline.positions_by_period(claims, "article", articles=articles)
    fig, data = figures.position_timeline(table, timeline.period_table(articles, "article"))
    assert f"Human codes: 0 of {len(data)} marks" in fig.axes[0].get_title("left")


def test_human_codes_replace_the_machine_claims_of_their_sentence_only(machine, attributed,
                                                                       one_stored):
    claims = apply_human_codes(machine, attributed, directory=one_stored)
    rest = claims[claims["sentence_id"] != OFFER].drop(columns="source").reset_index(drop=True)
    expected = machine[machine["sentence_id"] != OFFER].reset_index(drop=True)
    pd.testing.assert_frame_equal(rest, expected, check_dtype=False)


def test_a_human_claim_takes_the_date_tense_and_speech_of_its_sentence(machine, attributed,
                                                                       one_stored):
    claims = apply_human_codes(machine, attributed, directory=one_stored)
    human = claims[claims["source"] == "human"].iloc[0]
    coded = machine[machine["sentence_id"] == OFFER].iloc[0]
    assert (human["published"], human["tense"]) == (coded["published"], coded["tense"])
    assert human["conditionality"] == "unconditional" and human["modality"] == "asserted"


def test_a_sentence_coded_as_stating_no_position_loses_its_machine_claims(machine, attributed,
                                                                         tmp_path):
    store_human_codes([record(attributed, OFFER, [])], "round1", tmp_path)
    claims = apply_human_codes(machine, attributed, directory=tmp_path)
    assert OFFER not in set(claims["sentence_id"])
    assert len(claims) == len(machine) - int((machine["sentence_id"] == OFFER).sum())


def test_stored_codes_of_a_sentence_that_changed_stop_the_run_with_file_line_and_fix(
        machine, attributed, tmp_path):
    changed = record(attributed, OFFER, [], text="Nordkorea bietet nichts an.")
    store_human_codes([changed], "round1", tmp_path)
    with pytest.raises(HumanCodesError, match=r"round1.jsonl, line 1: sentence .* has changed "
                                              r"in the corpus.*Fix: "):
        apply_human_codes(machine, attributed, directory=tmp_path)


def test_a_stored_file_is_a_reference_set_that_evaluate_scores(attributed, one_stored):
    evaluation = evaluate_set(one_stored / "round1.jsonl")
    assert evaluation.metric("sentences") == 1
    assert set(evaluation.categories["category"]) >= {"OFFER_TALKS", "FLEXIBILITY"}


def test_storing_a_sentence_twice_is_refused_and_writes_nothing(attributed, one_stored):
    again = [record(attributed, OFFER, [])]
    with pytest.raises(HumanCodesError, match="have stored human codes already"):
        store_human_codes(again, "round2", one_stored)
    with pytest.raises(HumanCodesError, match="never overwritten"):
        store_human_codes(again, "round1", one_stored)
    assert sorted(p.name for p in one_stored.iterdir()) == ["round1.jsonl"]


def test_a_stored_record_with_an_unknown_category_is_named_by_file_and_line(tmp_path):
    (tmp_path / "round1.jsonl").write_text(json.dumps(
        {"id": OFFER, "text": "x", "claims": [{"actor": "DPRK", "category": "PEACE"}]}) + "\n",
        encoding="utf-8")
    with pytest.raises(HumanCodesError, match=r"round1.jsonl, line 1: category 'PEACE'"):
        load_human_codes(tmp_path)


def test_the_switch_off_gives_the_machine_codes_marked_machine(machine, attributed, one_stored):
    claims = with_human_codes(machine, attributed, use=False, directory=one_stored)
    assert set(claims["source"]) == {"machine"} and len(claims) == len(machine)


def test_the_repository_stores_no_human_codes_yet_so_the_analysis_is_the_machines(
        machine, attributed):
    assert load_human_codes().empty
    assert set(apply_human_codes(machine, attributed)["source"]) == {"machine"}
