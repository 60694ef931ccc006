"""The language layer: sentences, and per sentence its tokens, lemmas, tags, noun phrases and tone.

The one place where the project meets its German NLP tools, so no notebook touches tokenizers,
NLTK or textblob-de details:

- :func:`split_sentences` (from :mod:`korea_notes.sentences`): clean articles -> sentences;
- :func:`annotate`: sentences -> the same rows with tokens, lemmas, tags, noun phrases and
  two polarities (see :mod:`korea_notes.tone` for what they mean and misread);
- :func:`token_table`: annotated sentences -> one row per token with its lemma and tag;
- :func:`process`: clean articles -> annotated sentences, both steps at once, reusing the
  on-disk cache (:mod:`korea_notes.cache`) for the sentence split and for the annotations;
- :func:`quote_alignment` (from :mod:`korea_notes.sentences`): how reference quotes fall on the
  sentence boundaries.

Everything runs offline: textblob-de is only used with its ``PatternTokenizer`` (its default
tokenizer needs NLTK data) and no NLTK data or model is ever downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
import simplemma

from korea_notes import tagging, tone
from korea_notes.cache import AnnotationCache
from korea_notes.sentences import (
    SentenceRules,
    article_spans,
    default_rules,
    quote_alignment,
    sentence_table,
    split_sentences,
)

__all__ = [
    "ANNOTATION_COLUMNS",
    "annotate",
    "annotate_sentence",
    "process",
    "quote_alignment",
    "split_sentences",
    "token_table",
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

TOKEN_COLUMNS: tuple[str, ...] = ("article_id", "sentence_id", "position", "token", "lemma", "tag")
"""The columns of :func:`token_table`, in order."""

ITEM_SEPARATOR = " "
"""What separates the tokens, lemmas and tags of a sentence in their columns."""

_ITEM_COLUMNS = (("tokens", "token"), ("lemmas", "lemma"), ("tags", "tag"))

LEMMA_LANGUAGE = "de"

_DTYPES = {
    "tokens": "str",
    "lemmas": "str",
    "tags": "str",
    "noun_phrases": object,
    "polarity_raw": "float64",
    "polarity": "float64",
}

_TOKEN_DTYPES = {column: "int64" if column == "position" else "str" for column in TOKEN_COLUMNS}

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
        "tokens": _joined(parse.tokens, text),
        "lemmas": _joined(tuple(map(lemma, parse.tokens)), text),
        "tags": _joined(parse.tags, text),
        "noun_phrases": tagging.noun_phrases(parse),
        "polarity_raw": polarity_raw,
        "polarity": (
            polarity_raw if corrected_keys == raw_keys else tone.polarity_of_keys(corrected_keys)
        ),
    }


def _joined(items: tuple[str, ...], sentence: str) -> str:
    """``items`` separated by single spaces; an empty item or one holding a space would make
    that ambiguous, and is an error."""
    joined = ITEM_SEPARATOR.join(items)
    # With no empty item, one more item than separators means no item holds a separator.
    if not all(items) or (items and joined.count(ITEM_SEPARATOR) != len(items) - 1):
        bad = [item for item in items if not item or ITEM_SEPARATOR in item]
        raise ValueError(
            f"sentence {sentence!r}: the items {bad} are empty or contain a space, so its "
            "tokens, lemmas or tags cannot be told apart. Fix: the tokenizer, tagger and "
            "lemmatizer must give non-empty items without spaces (see korea_notes/tagging.py)."
        )
    return joined


def annotate(sentences: pd.DataFrame, cache: AnnotationCache | None = _DEFAULT) -> pd.DataFrame:
    """Add tokens, lemmas, tags, noun phrases and tone to each sentence.

    ``sentences`` is the table from :func:`split_sentences` (needs ``article_id`` and
    ``text``; rows of one article in order). Returns a copy with these columns added:

    - ``tokens`` (str): textblob-de's ``PatternTokenizer`` tokens, punctuation included,
      separated by single spaces (no token is empty or holds a space; ``""`` for a sentence
      with no tokens)
    - ``lemmas`` (str): simplemma's German lemma of each token, in the same form and aligned
      with ``tokens`` (used for rule matching)
    - ``tags`` (str): Penn Treebank tag of each token from textblob-de's pattern tagger, in
      the same form and aligned with ``tokens``; textblob-de's ``.tags`` are the pairs whose
      tag is not punctuation
    - ``noun_phrases`` (tuple[str, ...]): textblob-de's noun phrases of two or more words
    - ``polarity_raw`` (float, -1..1): textblob-de's polarity as shipped, identical to
      ``textblob_de.blob.Sentence(text, tokenizer=PatternTokenizer()).sentiment.polarity``;
      nouns never count (see :mod:`korea_notes.tone`)
    - ``polarity`` (float, -1..1): the same with nouns looked up as the lexicon writes them

    :func:`token_table` gives one row per token with its lemma and tag; for one sentence,
    ``row["lemmas"].split(" ") if row["lemmas"] else []`` gives its lemmas as a list.

    Tone is a property of the wording, never a measure of a position. Annotations are cached
    per article in ``cache`` (default: ``.cache/language/`` in the repository; pass ``None``
    to compute everything afresh without reading or writing the cache). Same input, same
    output, with or without the cache.
    """
    if cache is _DEFAULT:
        cache = AnnotationCache()
    columns = _annotation_columns(_article_texts(sentences), cache)
    return _with_annotations(sentences.reset_index(drop=True), columns)


def process(
    clean: pd.DataFrame,
    cache: AnnotationCache | None = _DEFAULT,
    rules: SentenceRules | None = None,
) -> pd.DataFrame:
    """Split the clean articles into sentences and annotate them, from the cache where it can.

    ``clean`` is the table from :func:`korea_notes.cleaning.clean_articles` (needs
    ``article_id``, ``published``, ``clean_text`` and ``sections``); ``rules`` the splitting
    rules (default: ``korea_notes/sentences.yml``). Returns the table of
    ``annotate(split_sentences(clean, rules), cache)``: the columns of :func:`split_sentences`
    followed by those of :func:`annotate`, identical values, same row order.

    ``cache`` (default: ``.cache/language/`` in the repository; ``None``: compute everything,
    read and write nothing) keeps per article both where its sentences are and their
    annotations (see :mod:`korea_notes.cache`), so a second run over an unchanged corpus
    neither splits nor annotates; an article is re-split when its text, section labels, the
    rules or the splitting code change, and re-annotated only when its sentences or the
    annotation code change. ``cache.split_hits`` / ``split_misses`` and ``cache.hits`` /
    ``misses`` record which articles were served from disk at each level.
    """
    if cache is _DEFAULT:
        cache = AnnotationCache()
    rules = rules or default_rules()
    article_ids = clean["article_id"].tolist()
    spans = _spans(
        article_ids, clean["clean_text"].tolist(), clean["sections"].tolist(), rules, cache
    )
    sentences = sentence_table(clean, spans)
    texts = sentences["text"].tolist()
    runs: list[tuple[str, list[str]]] = []
    end = 0
    for article_id, article in zip(article_ids, spans, strict=True):
        if article:
            start, end = end, end + len(article)
            runs.append((article_id, texts[start:end]))
    columns = _annotation_columns(runs, cache)
    return _with_annotations(sentences, columns)


def _spans(
    article_ids: list[str],
    clean_texts: list[str],
    sections: list[tuple[str, ...]],
    rules: SentenceRules,
    cache: AnnotationCache | None,
) -> list[list[tuple[int, int, int, int]]]:
    """Where each article's sentences are: from the run entry of an earlier call over the same
    articles, else per article from its sentence entry, else split (and stored)."""
    if cache is None:
        return [
            article_spans(*article, rules)
            for article in zip(article_ids, clean_texts, sections, strict=True)
        ]
    rules_text = repr(rules)
    keys = [
        cache.sentence_key(rules_text, text, labels)
        for text, labels in zip(clean_texts, sections, strict=True)
    ]
    spans = cache.load_run(article_ids, keys, clean_texts, sections)
    if spans is not None:
        return spans
    spans = []
    for article_id, key, text, labels in zip(
        article_ids, keys, clean_texts, sections, strict=True
    ):
        article = cache.load_spans(article_id, key, text, labels)
        if article is None:
            article = article_spans(article_id, text, labels, rules)
            cache.store_spans(key, article)
        spans.append(article)
    cache.store_run(keys, spans)
    return spans


def _annotation_columns(
    runs: list[tuple[str, list[str]]], cache: AnnotationCache | None
) -> dict[str, list]:
    """The annotation columns of the sentences of each (article_id, sentence texts) run."""
    columns: dict[str, list] = {column: [] for column in ANNOTATION_COLUMNS}
    for article_id, texts in runs:
        for column, values in _article_annotations(article_id, texts, cache).items():
            columns[column].extend(values)
    return columns


def _with_annotations(sentences: pd.DataFrame, columns: dict[str, list]) -> pd.DataFrame:
    """``sentences`` (with a default index) and the annotation ``columns``, as a new table."""
    annotations = {
        column: pd.Series(columns[column], dtype=_DTYPES[column], index=sentences.index)
        for column in ANNOTATION_COLUMNS
    }
    return pd.DataFrame({**{column: sentences[column] for column in sentences}, **annotations})


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


def token_table(annotated: pd.DataFrame) -> pd.DataFrame:
    """One row per token of the annotated sentences, in order.

    ``annotated`` comes from :func:`annotate` or :func:`process` (needs ``article_id``,
    ``sentence_id``, ``tokens``, ``lemmas`` and ``tags``). Columns:

    - ``article_id``, ``sentence_id`` (str): the token's sentence
    - ``position`` (int): 0-based position of the token in its sentence
    - ``token``, ``lemma``, ``tag`` (str): the token, its lemma and its Penn tag

    Raises ``ValueError`` naming the sentence when its tokens, lemmas or tags are missing or
    differ in number (a table edited by hand, or read back from a file that turned empty
    strings into missing values).
    """
    for column, _ in _ITEM_COLUMNS:
        missing = annotated[column].isna().to_numpy()
        if missing.any():
            sentence_id = annotated["sentence_id"].to_numpy()[missing.argmax()]
            raise ValueError(
                f"sentence {sentence_id}: no value in {column!r}. Fix: take tokens, lemmas and "
                'tags unchanged from annotate() (a sentence with no tokens has "", not a '
                "missing value; read saved tables with keep_default_na=False)."
            )
    items = {
        name: [value.split(ITEM_SEPARATOR) if value else [] for value in annotated[column]]
        for column, name in _ITEM_COLUMNS
    }
    counts = list(map(len, items["token"]))
    for name in ("lemma", "tag"):
        other = list(map(len, items[name]))
        if other != counts:
            row = next(i for i, (n, m) in enumerate(zip(counts, other, strict=True)) if n != m)
            raise ValueError(
                f"sentence {annotated['sentence_id'].iloc[row]}: {counts[row]} tokens but "
                f"{other[row]} {name}s. Fix: take tokens, lemmas and tags unchanged from "
                "annotate()."
            )
    sizes = np.asarray(counts, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    columns = {
        "article_id": np.repeat(annotated["article_id"].to_numpy(dtype=object), sizes),
        "sentence_id": np.repeat(annotated["sentence_id"].to_numpy(dtype=object), sizes),
        "position": np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(starts, sizes),
        **{name: list(chain.from_iterable(items[name])) for _, name in _ITEM_COLUMNS},
    }
    return pd.DataFrame(
        {
            column: pd.Series(columns[column], dtype=_TOKEN_DTYPES[column])
            for column in TOKEN_COLUMNS
        }
    )
