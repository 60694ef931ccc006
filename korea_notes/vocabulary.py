"""Vocabulary: the most frequent content lemmas and noun phrases of each article.

Content words are the tokens that textblob-de's tagger marks as nouns, proper nouns, adjectives
or verbs (Penn tags ``NN*``, ``JJ*``, ``VB*``), counted by their simplemma lemma; function
words, numbers and punctuation are left out by their tag, auxiliary and modal verbs by a short
list, so no stop-word list is needed.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from korea_notes.language import token_table

CONTENT_TAGS: tuple[str, ...] = ("NN", "JJ", "VB")
"""Prefixes of the Penn tags counted as content words."""

AUXILIARIES: frozenset[str] = frozenset(
    {"sein", "haben", "werden", "können", "müssen", "sollen", "wollen", "dürfen", "mögen"}
)
"""Auxiliary and modal verbs: tagged as verbs, but they carry no content of their own."""

MIN_LEMMA_LENGTH = 3
"""Shorter lemmas (abbreviation remnants, single letters) are not counted."""


def frequent_lemmas(annotated: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` most frequent content lemmas per article.

    ``annotated`` comes from :func:`korea_notes.language.annotate` (needs ``article_id``,
    ``sentence_id``, ``tokens``, ``lemmas`` and ``tags``). One row per (article,
    rank): ``article_id``, ``rank`` (1 = most frequent), ``lemma``, ``count``. Ties are broken
    alphabetically, so the table is the same on every run.
    """
    tokens = token_table(annotated)
    content = tokens[
        tokens["tag"].str.startswith(CONTENT_TAGS)
        & (tokens["lemma"].str.len() >= MIN_LEMMA_LENGTH)
        & ~tokens["lemma"].isin(AUXILIARIES)
    ]
    counts = {
        article_id: Counter(group["lemma"])
        for article_id, group in content.groupby("article_id", sort=False)
    }
    return _ranked(counts, "lemma", top)


def frequent_noun_phrases(annotated: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` most frequent noun phrases per article (textblob-de's noun phrases, compared
    in lower case). Columns: ``article_id``, ``rank``, ``noun_phrase``, ``count``."""
    counts = {
        article_id: Counter(
            phrase.lower() for phrases in group["noun_phrases"] for phrase in phrases
        )
        for article_id, group in annotated.groupby("article_id", sort=False)
    }
    return _ranked(counts, "noun_phrase", top)


def _ranked(counts: dict[str, Counter], column: str, top: int) -> pd.DataFrame:
    rows = []
    for article_id, counter in counts.items():
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
        rows += [
            {"article_id": article_id, "rank": rank, column: term, "count": count}
            for rank, (term, count) in enumerate(ordered, start=1)
        ]
    return pd.DataFrame(rows, columns=["article_id", "rank", column, "count"])
