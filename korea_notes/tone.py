"""Tone: the polarity of a sentence by textblob-de's German polarity lexicon, raw and corrected.

Tone says whether a sentence uses positive or negative words. It is never a measure of a
position: a refusal can score positive and an offer negative (see the misreadings below), and
once nouns count, a demand to lift sanctions scores negative because "Sanktion" does.

How textblob-de 0.4.3 scores a sentence (``PatternAnalyzer``, used by ``.sentiment``): it
lemmatises the sentence with pattern.de, then pattern's ``Sentiment`` looks up every lemma,
**lower-cased**, in ``textblob_de/data/de-sentiment.xml`` (German Polarity Lexicon, Klenner et
al. 2010; polarity -1 to +1). Polarity is the mean over the words found, neutral entries (0.0)
included; a word found right after a negation ("nicht", "ohne", "nie", "nein", "kein", "keine",
"keiner", "nichts"; kept across unknown tokens of one character) counts -0.5 times its value;
a known adjective or adverb right before another known word is merged with it (the pair takes
the second word's value). A sentence without any known word scores 0.0.

**The fault corrected here.** The lexicon writes nouns capitalised ("Frieden" +1.0, "Krieg"
-1.0, "Sanktion" -1.0, "Bedrohung" -1.0; 3825 of its 7964 entries are nouns), but the lookup
lower-cases every word first (``textblob_de/ext/_pattern/text/__init__.py``, line 1972,
``Sentiment.__call__``: ``w.lower()`` for a string input), so no noun is ever found. Verbs and
adjectives are written in lower case and are found.

- ``polarity_raw`` (:func:`polarity_raw`): textblob-de's polarity exactly as shipped, the same
  number ``textblob_de.blob.Sentence(text, tokenizer=PatternTokenizer()).sentiment.polarity``
  gives. Nouns never count.
- ``polarity`` (:func:`polarity`): the same computation, except that a capitalised word (after
  textblob-de's lemmatiser, which capitalises nouns and names) is looked up as written when
  the lexicon has it so; every other word is lower-cased as before. Nouns now count, with two
  side effects of the unchanged scoring rules: the lexicon's neutral nouns (0.0: "Land",
  "Ziel", "Kommission") pull the mean towards 0, as its neutral adjectives always did; and an
  adjective right before a known noun is read as the noun's modifier, so the pair takes the
  noun's value ("humanitäre Fragen": raw +1.0 from "humanitär", corrected 0.0 from "Frage").

What both misread (real sentences of the corpus and ``dev_sentences.jsonl``; tested in
``tests/test_tone.py``):

- **Negation** flips and halves only the next known word: "nicht einseitig" counts +0.35
  ("einseitig" -0.7); a negation further away, or one that negates a verb the lexicon lacks
  ("will nicht auf Atomwaffen verzichten"), is lost.
- **"ohne"** is on the negation list. That is right for "ohne Erfolg" (-0.5), but any known
  word after "ohne" is flipped whatever "ohne" means there; "Gespräche ohne Vorbedingungen",
  an offer, scores nothing only because "Vorbedingung" is not in the lexicon.
- **Split verbs** are lemmatised without their particle: "lehnte ... ab" is looked up as
  "lehnen", not "ablehnen" (-1.0), so "Gleichzeitig lehnte sie das Angebot für Gespräche ohne
  Vorbedingungen ab." scores 0.0 raw and +0.7 corrected ("Angebot").
- **Lemma errors**: pattern lemmatises "hieß" (in "hieß es", "it was said") as "hassen"
  (-1.0), so every sentence reporting what "hieß es" is pushed negative.
- **Domain words** carry their everyday tone: "Frieden", "Abrüstung" and "Angebot" are
  positive, "Sanktion", "Krieg" and "Bedrohung" negative, whoever says them and whatever they
  demand; "Spannung" is +1.0 (suspense), although the news means tensions; names and technical
  words ("Denuklearisierung", "Atomprogramm") score nothing.
- Subjectivity is 0.0 for all but 7 of the 7964 entries, so textblob-de's subjectivity is
  almost always 0; it is not reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
from textblob_de.packages import pattern_text
from textblob_de.sentiments import sentiment as _shipped

from korea_notes import tagging


class _Lexicon(dict):
    """textblob-de's polarity lexicon in a plain dict, scored by pattern's own methods.

    The shipped object is a lazily loaded dict whose every lookup goes through a Python-level
    wrapper; the data, the scoring code and the settings here are the shipped ones.
    """

    __call__ = pattern_text.Sentiment.__call__
    assessments = pattern_text.Sentiment.assessments

    def __init__(self, shipped: pattern_text.Sentiment) -> None:
        super().__init__(shipped.items())
        self.labeler = dict(shipped.labeler)
        self.negations = tuple(shipped.negations)
        self.modifiers = tuple(shipped.modifiers)
        self.modifier = shipped.modifier
        self.tokenizer = shipped.tokenizer


_lexicon = _Lexicon(_shipped)

NEGATIONS: tuple[str, ...] = _lexicon.negations
"""The words textblob-de treats as negations (it includes "ohne")."""


def lookup_keys_raw(words: Sequence[str]) -> list[str]:
    """The keys textblob-de looks up for ``words``: each word lower-cased."""
    return list(map(str.lower, words))


def lookup_keys_corrected(words: Sequence[str]) -> list[str]:
    """The keys with the noun fault corrected: a capitalised word the lexicon has as written
    (a noun entry) is looked up as written; every other word lower-cased as before."""
    return list(map(_corrected_key, words))


@lru_cache(maxsize=200_000)
def _corrected_key(word: str) -> str:
    return word if word[:1].isupper() and word in _lexicon else word.lower()


def polarity_of_keys(keys: Sequence[str]) -> float:
    """Mean polarity of the lexicon keys ``keys``, scored as pattern's ``Sentiment`` scores them.

    The same rules as ``Sentiment.assessments`` with no part-of-speech tags (how textblob-de
    calls it), on precomputed entries: a known word scores its polarity; a known word after a
    modifier (a known adjective or adverb) replaces the modifier's score by its own times the
    modifier's intensity; a negation before a known word (across unknown tokens of one
    character) inverts the intensity and later halves and flips the score; an unknown word
    ending a modifier's reach, "!" (x1.25), "(!)" (0.0) and emoticons as pattern has them. The
    result is the mean score, 0.0 when nothing scored. ``tests/test_tone.py`` checks it equals
    pattern's own ``Sentiment`` on generated input.
    """
    scores: list[list] = []  # [polarity, intensity, negated] per scored word group
    modifier: str | None = None
    negation: str | None = None
    for key in keys:
        entry = _ENTRIES.get(key)
        if entry is not None:
            polarity, intensity, is_modifier = entry
            if modifier is None:
                scores.append([polarity, intensity, False])
            else:
                last = scores[-1]
                last[0] = max(-1.0, min(polarity * last[1], 1.0))
                last[1] = intensity
            if negation is not None:
                scores[-1][1] = 1.0 / scores[-1][1]
                scores[-1][2] = True
            modifier = key if is_modifier else None
            negation = key if key in _NEGATION_SET else None
            continue
        if key in _NEGATION_SET:
            negation = key
        elif negation and len(key.strip("'")) > 1:
            negation = None
        if negation is not None and modifier is not None and _lexicon.modifier(modifier):
            scores[-1][2] = True
            negation = None
        elif modifier is not None and len(key) > 2:
            modifier = None
        _score_marks(key, scores)
    total = 0
    for polarity, _intensity, negated in scores:
        total += polarity * -0.5 if negated else polarity
    return total / float(len(scores) or 1)


def _score_marks(key: str, scores: list[list]) -> None:
    """pattern's handling of "!", "(!)" and emoticons among unknown tokens."""
    if key == "!" and scores:
        scores[-1][0] = max(-1.0, min(scores[-1][0] * 1.25, 1.0))
    if key == "(!)":
        scores.append([0.0, 1.0, False])
    if key.isalpha() is False and len(key) <= 5 and key not in pattern_text.PUNCTUATION:
        polarity = _EMOTICONS.get(key)
        if polarity is not None:
            scores.append([polarity, 1.0, False])


def _entries(lexicon: _Lexicon) -> dict[str, tuple[float, float, bool]]:
    """(polarity, intensity, is a modifier) per lexicon key, averaged over parts of speech."""
    return {
        word: (
            senses[None][0],
            senses[None][2],
            any(tag in senses for tag in lexicon.modifiers),
        )
        for word, senses in lexicon.items()
        if None in senses
    }


def _emoticon_polarities() -> dict[str, float]:
    polarities: dict[str, float] = {}
    for (_name, polarity), faces in pattern_text.EMOTICONS.items():
        for face in faces:
            polarities.setdefault(face.lower(), polarity)
    return polarities


_ENTRIES = _entries(_lexicon)
_NEGATION_SET = frozenset(NEGATIONS)
_EMOTICONS = _emoticon_polarities()


def shipped_polarity_of_keys(keys: Sequence[str]) -> float:
    """The same number by calling pattern's ``Sentiment`` itself (slower; for checking)."""
    return float(_lexicon(list(keys))[0])


def polarity_raw(text: str) -> float:
    """textblob-de's polarity of ``text`` as shipped (nouns never count); see module docs."""
    return polarity_of_keys(lookup_keys_raw(_words(text)))


def polarity(text: str) -> float:
    """The polarity of ``text`` with nouns looked up as the lexicon writes them."""
    return polarity_of_keys(lookup_keys_corrected(_words(text)))


def _words(text: str) -> list[str]:
    return tagging.sentiment_words(tagging.sentiment_parse(text))


def tone_words(text: str) -> pd.DataFrame:
    """Which words of ``text`` make its tone, one row per scored word group and version.

    Columns: ``version`` ("raw" as shipped or "corrected"), ``words`` (str: the scored word,
    with a preceding negation or modifier it was merged with, e.g. "nicht gut"), ``polarity``
    (float: its contribution, after negation), ``negated`` (bool). The mean of ``polarity``
    per version is the sentence's ``polarity_raw`` / ``polarity``.
    """
    words = _words(text)
    rows = []
    for version, keys in (
        ("raw", lookup_keys_raw(words)),
        ("corrected", lookup_keys_corrected(words)),
    ):
        for chunk, score, _subjectivity, _label in _lexicon.assessments(
            ((key, None) for key in keys), True
        ):
            rows.append(
                {
                    "version": version,
                    "words": " ".join(chunk),
                    "polarity": float(score),
                    "negated": bool(chunk and chunk[0] in NEGATIONS),
                }
            )
    return pd.DataFrame(rows, columns=["version", "words", "polarity", "negated"])


def lexicon_entry(word: str) -> float | None:
    """The polarity the lexicon gives ``word`` exactly as written (any part of speech), or None."""
    if word not in _lexicon:
        return None
    return float(_lexicon[word][None][0])
