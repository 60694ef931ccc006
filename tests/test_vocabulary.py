"""Frequent lemmas and noun phrases per article."""

from __future__ import annotations

import pandas as pd
import pytest

import korea_notes as kn
from korea_notes.vocabulary import CONTENT_TAGS, frequent_lemmas, frequent_noun_phrases

NDC = "2013-06-16_ndc-offers-talks"


@pytest.fixture(scope="module")
def annotated() -> pd.DataFrame:
    clean, _ = kn.clean_articles(kn.load_articles())
    return kn.annotate(kn.split_sentences(clean), cache=None)


def test_frequent_lemmas_are_content_words_ranked_by_count(annotated):
    table = frequent_lemmas(annotated, top=10)
    ndc = table[table["article_id"] == NDC]
    assert list(ndc["rank"]) == list(range(1, 11))
    assert ndc["count"].is_monotonic_decreasing
    assert {"Denuklearisierung", "Südkorea", "Gespräch"} <= set(ndc["lemma"])
    assert not {"sein", "haben", "und", "der", ","} & set(table["lemma"])


def test_lemma_counts_are_the_content_tokens_with_that_lemma(annotated):
    table = frequent_lemmas(annotated, top=3)
    top = table.iloc[0]
    rows = annotated[annotated["article_id"] == top["article_id"]]
    found = sum(
        lemma == top["lemma"] and tag.startswith(CONTENT_TAGS)
        for lemmas, tags in zip(rows["lemmas"], rows["tags"], strict=True)
        for lemma, tag in zip(lemmas.split(" "), tags.split(" "), strict=True)
    )
    assert found == top["count"]


def test_noun_phrases_repeated_in_an_article_come_first(annotated):
    table = frequent_noun_phrases(annotated, top=3)
    first = table[(table["article_id"] == NDC) & (table["rank"] == 1)].iloc[0]
    assert first["count"] == 2
    assert first["noun_phrase"] in {"hochrangige gespräche", "nordkoreanische führung"}
