"""The evidence tables: every claim and sentence with the anchors the figures link it by, so
that each mark of a figure selects exactly the rows its data names."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes import timeline
from korea_notes.attribution import attribute_sentences
from korea_notes.evidence import (
    EVIDENCE_TABLE_COLUMNS,
    TONE_TABLE_COLUMNS,
    cell_anchor,
    context_url,
    evidence_table,
    rows_for,
    sentence_texts,
    tone_table,
)
from korea_notes.figures import read_figure_data
from korea_notes.language import annotate
from korea_notes.paths import FIGURES_DIR
from korea_notes.positions import code_positions


@pytest.fixture(scope="module")
def attributed(sentences) -> pd.DataFrame:
    return attribute_sentences(sentences)


@pytest.fixture(scope="module")
def claims(attributed) -> pd.DataFrame:
    return code_positions(attributed)


@pytest.fixture(scope="module")
def table(claims, articles) -> pd.DataFrame:
    return evidence_table(claims, articles)


@pytest.fixture(scope="module")
def tone(claims, attributed) -> pd.DataFrame:
    return tone_table(claims, timeline.with_tense(annotate(attributed)))


def test_an_anchor_joins_its_parts_with_dots_and_keeps_only_url_safe_characters():
    assert cell_anchor("2019-01-03_trump-praises-kim-letter", "USA", "PRECONDITION") == (
        "2019-01-03_trump-praises-kim-letter.USA.PRECONDITION")
    assert cell_anchor("2019", "(unknown)", "OFFER TALKS") == "2019.unknown.OFFER_TALKS"


def test_the_evidence_table_has_one_row_per_claim_in_reading_order(table, claims):
    assert list(table.columns) == list(EVIDENCE_TABLE_COLUMNS)
    assert len(table) == len(claims)
    assert list(table["claim"]) == list(range(1, len(claims) + 1))
    order = table[["published", "article_id", "sentence_id"]].apply(tuple, axis=1)
    assert list(order) == sorted(order)


def test_every_claim_carries_the_anchor_of_its_actor_category_period_cell(table):
    for record in table.to_dict("records"):
        cell = cell_anchor(record["period"], record["actor"], record["category"])
        assert cell in record["anchors"], record["sentence_id"]


def test_a_cell_anchor_selects_as_many_claims_as_the_positions_table_counts(table, claims,
                                                                         articles):
    positions = timeline.positions_by_period(claims, "year", articles=articles,
                                             include_background=True)
    for record in positions.to_dict("records"):
        anchor = cell_anchor(record["period"], record["actor"], record["category"],
                             record["tense"])
        assert len(rows_for(table, anchor)) == record["claims"], anchor


def test_a_precondition_box_selects_the_sentences_its_figure_csv_names(table):
    figure = read_figure_data(FIGURES_DIR / "07_precondition_sequence.csv")
    for record in figure.to_dict("records"):
        anchor = cell_anchor(record["period"], record["actor"], "PRECONDITION",
                             record["condition_type"], record["target"], record["tense"])
        rows = rows_for(table, anchor)
        assert len(rows) == record["claims"], anchor
        assert set(rows["sentence_id"]) == set(record["sentence_ids"].split("|")), anchor


def test_offers_split_into_conditional_and_unconditional_as_the_talks_figure_counts(table):
    figure = read_figure_data(FIGURES_DIR / "06_talks_offers_rejections.csv")
    for record in figure.to_dict("records"):
        for kind in ("unconditional", "conditional"):
            rows = rows_for(table, cell_anchor(record["period"], record["actor"], "offers", kind,
                                               "current"))
            assert rows["sentence_id"].nunique() == record[f"offers_{kind}"]
        rejections = rows_for(table, cell_anchor(record["period"], record["actor"],
                                                 "rejections", "current"))
        assert rejections["sentence_id"].nunique() == record["rejections"]


def test_talks_without_preconditions_are_listed_under_their_condition_type(table):
    chosen = table[table["category"] == timeline.NO_PRECONDITIONS]
    assert len(chosen) > 0
    assert set(chosen["condition_type"]) == {timeline.NO_PRECONDITIONS}


def test_the_context_url_names_the_article_page_and_the_sentence_in_it():
    assert context_url("2019-01-03_trump-praises-kim-letter/p04s00") == (
        "articles/2019-01-03_trump-praises-kim-letter.html#p04s00")


def test_the_tone_table_has_one_row_per_sentence_with_its_stance_anchor(tone, attributed):
    assert list(tone.columns) == list(TONE_TABLE_COLUMNS)
    assert sorted(tone["sentence_id"]) == sorted(attributed["sentence_id"])
    for record in tone.to_dict("records"):
        assert cell_anchor("stance", record["stance"], record["tense"]) in record["anchors"]


def test_a_tone_point_selects_as_many_sentences_as_its_figure_csv_counts(tone):
    figure = read_figure_data(FIGURES_DIR / "08_tone_over_time.csv")
    for record in figure.to_dict("records"):
        rows = rows_for(tone, cell_anchor(record["period"], record["actor"], "tone", "current"))
        assert len(rows) == record["sentences"], (record["period"], record["actor"])


def test_sentence_texts_reads_claims_and_sentences_alike(claims, attributed):
    from_claims = sentence_texts(claims)
    from_sentences = sentence_texts(attributed)
    assert from_claims and all(from_sentences[i] == text for i, text in from_claims.items())
    assert sentence_texts(None) == {}
