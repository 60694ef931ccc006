"""The language layer: sentences, and per sentence its tokens, lemmas, tags, noun phrases and tone.

The one place where the project meets its German NLP tools, so no notebook touches tokenizers,
NLTK or textblob-de details:

- :func:`split_sentences` (from :mod:`korea_notes.sentences`): clean articles -> sentences;
- :func:`annotate`: sentences -> the same rows with tokens, lemmas, tags, noun phrases and
  two polarities (see :mod:`korea_notes.tone` for what they mean and misread);
- :func:`quote_alignment` (from :mod:`korea_notes.sentences`): how reference quotes fall on the
  sentence boundaries.

Everything runs offline: textblob-de is only used with its ``PatternTokenizer`` (its default
tokenizer needs NLTK data) and no NLTK data or model is ever downloaded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pandas as pd
import simplemma

from korea_notes import tagging, tone
from korea_notes.cache import AnnotationCache
from korea_notes.sentences import quote_alignment, split_sentences

__all__ = [
    "ANNOTATION_COLUMNS",
    "annotate",
    "annotate_sentence",
    "quote_alignment",
    "split_sentences",
]

ANNOTATION_COLUMNS: tuple[str, ...] = (
    "tokens",
    "lemmas",
    "tags",
    "noun_phrases",
    "polarity_raw",
    "polarity",
)
"""The columns :func:`annotate` adds, in order."""

LEMMA_LANGUAGE = "de"

_FLOAT_COLUMNS = frozenset({"polarity_raw", "polarity"})
_DTYPES = {
    column: "float64" if column in _FLOAT_COLUMNS else object for column in ANNOTATION_COLUMNS
}

_DEFAULT = object()


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The dictionary form of one German token by simplemma (its data ships with it)."""
    return simplemma.lemmatize(token, lang=LEMMA_LANGUAGE)


def annotate_sentence(text: str) -> dict:
    """The annotation of one sentence, keyed by the names in :data:`ANNOTATION_COLUMNS`."""
    parse = tagging.parse_sentence(text)
    words = tagging.sentiment_words(tagging.sentiment_parse(text) if "/" in text else parse)
    raw_keys = tone.lookup_keys_raw(words)
    corrected_keys = tone.lookup_keys_corrected(words)
    polarity_raw = tone.polarity_of_keys(raw_keys)
    return {
        "tokens": parse.tokens,
        "lemmas": tuple(map(lemma, parse.tokens)),
        "tags": parse.tags,
        "noun_phrases": tagging.noun_phrases(parse),
        "polarity_raw": polarity_raw,
        "polarity": (
            polarity_raw if corrected_keys == raw_keys else tone.polarity_of_keys(corrected_keys)
        ),
    }


def annotate(sentences: pd.DataFrame, cache: AnnotationCache | None = _DEFAULT) -> pd.DataFrame:
    """Add tokens, lemmas, tags, noun phrases and tone to each sentence.

    ``sentences`` is the table from :func:`split_sentences` (needs ``article_id`` and
    ``text``; rows of one article in order). Returns a copy with these columns added:

    - ``tokens`` (tuple[str, ...]): textblob-de's ``PatternTokenizer`` tokens, punctuation
      included
    - ``lemmas`` (tuple[str, ...]): simplemma's German lemma of each token (aligned with
      ``tokens``; used for rule matching)
    - ``tags`` (tuple[str, ...]): Penn Treebank tag of each token from textblob-de's pattern
      tagger (aligned with ``tokens``); textblob-de's ``.tags`` are the pairs whose tag is
      not punctuation
    - ``noun_phrases`` (tuple[str, ...]): textblob-de's noun phrases of two or more words
    - ``polarity_raw`` (float, -1..1): textblob-de's polarity as shipped, identical to
      ``textblob_de.blob.Sentence(text, tokenizer=PatternTokenizer()).sentiment.polarity``;
      nouns never count (see :mod:`korea_notes.tone`)
    - ``polarity`` (float, -1..1): the same with nouns looked up as the lexicon writes them

    Tone is a property of the wording, never a measure of a position. Annotations are cached
    per article in ``cache`` (default: ``.cache/language/`` in the repository; pass ``None``
    to compute everything afresh without reading or writing the cache). Same input, same
    output, with or without the cache.
    """
    if cache is _DEFAULT:
        cache = AnnotationCache()
    columns: dict[str, list] = {column: [] for column in ANNOTATION_COLUMNS}
    with _collector_paused():
        for article_id, texts in _article_texts(sentences):
            for column, values in _article_annotations(article_id, texts, cache).items():
                columns[column].extend(values)
    result = sentences.reset_index(drop=True).copy()
    for column in ANNOTATION_COLUMNS:
        result[column] = pd.Series(columns[column], dtype=_DTYPES[column], index=result.index)
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk of acyclic objects.

    Annotating builds millions of small tuples of strings, which cannot form reference
    cycles; letting the collector walk them again and again costs about a third of a cached
    run and a tenth of a fresh one. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _article_texts(sentences: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(article_id, sentence texts) per run of consecutive rows of one article."""
    runs: list[tuple[str, list[str]]] = []
    pairs = zip(sentences["article_id"].tolist(), sentences["text"].tolist(), strict=True)
    for article_id, text in pairs:
        if not runs or runs[-1][0] != article_id:
            runs.append((article_id, []))
        runs[-1][1].append(text)
    return runs


def _article_annotations(
    article_id: str, texts: list[str], cache: AnnotationCache | None
) -> dict[str, list]:
    """The annotation columns of one article's sentences, from the cache or computed."""
    if cache is not None:
        cached = cache.load(article_id, texts)
        if cached is not None:
            return {column: cached[column] for column in ANNOTATION_COLUMNS}
    computed = [annotate_sentence(text) for text in texts]
    columns = {column: [row[column] for row in computed] for column in ANNOTATION_COLUMNS}
    if cache is not None:
        cache.store(texts, list(zip(texts, *columns.values(), strict=True)))
    return columns
