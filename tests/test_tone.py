"""Tone: raw polarity is textblob-de's own number; the corrected polarity lets nouns count. Each
expected value is worked out from the lexicon entries named in the test (de-sentiment.xml),
not copied from the output; every sentence is real (corpus or dev_sentences.jsonl) unless noted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob_de import PatternTokenizer
from textblob_de.blob import Sentence

from korea_notes.tone import (
    NEGATIONS,
    lexicon_entry,
    polarity,
    polarity_of_keys,
    polarity_raw,
    shipped_polarity_of_keys,
    tone_words,
)


@pytest.fixture(scope="module")
def texts(sentences, dev_texts) -> list[str]:
    return list(sentences["text"]) + dev_texts


def test_raw_polarity_is_textblob_de_polarity_on_every_real_sentence(texts):
    tokenizer = PatternTokenizer()
    for text in texts:
        shipped = Sentence(text, tokenizer=tokenizer).sentiment.polarity
        assert polarity_raw(text) == shipped, text


def test_the_lexicon_writes_nouns_capitalised_and_the_lookup_misses_them():
    assert lexicon_entry("Desinteresse") == -1.0
    assert lexicon_entry("desinteresse") is None
    assert lexicon_entry("Frieden") == 1.0 and lexicon_entry("frieden") is None


def test_a_noun_never_scores_raw_but_scores_corrected():
    sentence = (
        "Nachdem Nordkorea sein Desinteresse an dem Dialog gezeigt hat, deuten die USA ihre "
        "Gesprächsbereitschaft an."
    )
    # Only "Desinteresse" (NN, -1.0) is in the lexicon; raw lower-cases it and finds nothing.
    assert [lexicon_entry(w) for w in ("Dialog", "Gesprächsbereitschaft", "zeigen")] == [None] * 3
    assert polarity_raw(sentence) == 0.0
    assert polarity(sentence) == -1.0


def test_a_known_noun_joins_the_mean_of_the_adjectives():
    sentence = (
        "Washington liege falsch, wenn es glaube, dass eine Abrüstung Nordkoreas möglich sei."
    )
    # "falsch" (JJ) -1.0; "Abrüstung" (NN) +0.7; "möglich", "glauben", "liegen" unknown.
    assert lexicon_entry("falsch") == -1.0 and lexicon_entry("Abrüstung") == 0.7
    assert polarity_raw(sentence) == -1.0
    assert polarity(sentence) == pytest.approx((-1.0 + 0.7) / 2)


def test_negation_flips_and_halves_the_next_known_word():
    sentence = (
        "Zugleich machte die Kommission deutlich, dass Nordkorea nicht einseitig sein "
        "Atomprogramm abbauen will."
    )
    # "nicht einseitig": -0.7 * -0.5 = +0.35; "abbauen" -0.7; corrected adds "Kommission" 0.0.
    assert lexicon_entry("einseitig") == -0.7 and lexicon_entry("abbauen") == -0.7
    assert lexicon_entry("Kommission") == 0.0
    assert polarity_raw(sentence) == pytest.approx((0.35 - 0.7) / 2)
    assert polarity(sentence) == pytest.approx((0.0 + 0.35 - 0.7) / 3)
    negated = tone_words(sentence).query("version == 'raw' and negated")
    assert list(negated["words"]) == ["nicht einseitig"]


def test_ohne_counts_as_a_negation():
    # Constructed: no real sentence here has a lexicon word right after "ohne"
    # ("Gespräche ohne Vorbedingungen": "Vorbedingung" is not in the lexicon).
    assert "ohne" in NEGATIONS and lexicon_entry("Vorbedingung") is None
    sentence = "Die Gespräche in Hanoi endeten ohne Erfolg."
    # "Erfolg" (NN) +1.0, negated: +1.0 * -0.5 = -0.5; raw never sees the noun.
    assert polarity_raw(sentence) == 0.0
    assert polarity(sentence) == -0.5


def test_a_split_verb_loses_its_particle_so_a_refusal_reads_positive():
    sentence = "Gleichzeitig lehnte sie das Angebot für Gespräche ohne Vorbedingungen ab."
    # "lehnte ... ab" is looked up as "lehnen" (absent), not "ablehnen" (-1.0);
    # the only known word is the noun "Angebot" +0.7.
    assert lexicon_entry("ablehnen") == -1.0 and lexicon_entry("lehnen") is None
    assert lexicon_entry("Angebot") == 0.7
    assert polarity_raw(sentence) == 0.0
    assert polarity(sentence) == 0.7


def test_an_adjective_before_a_known_noun_takes_the_nouns_value():
    sentence = (
        "Es sollte um die Normalisierung gemeinsamer Wirtschaftsprojekte und humanitäre Fragen "
        "gehen."
    )
    # "humanitär" (JJ) +1.0 modifies the next known word: raw has none, corrected has
    # "Frage" (NN) 0.0, so the pair "humanitär Fragen" scores 0.0.
    assert lexicon_entry("humanitär") == 1.0 and lexicon_entry("Frage") == 0.0
    assert polarity_raw(sentence) == 1.0
    assert polarity(sentence) == 0.0


def test_hiess_es_is_read_as_hassen():
    sentence = (
        'Es gehe um "die Denuklearisierung der gesamten koreanischen Halbinsel, einschließlich '
        "Südkoreas, und die gründlichste Denuklearisierung, die auf die Beseitigung der nuklearen "
        'Bedrohungen gegen uns durch die USA gerichtet ist", hieß es weiter.'
    )
    # pattern lemmatises "hieß" as "hassen" (-1.0), the only lower-case lexicon word here.
    assert lexicon_entry("hassen") == -1.0 and lexicon_entry("heissen") is None
    raw = tone_words(sentence).query("version == 'raw'")
    assert list(raw["words"]) == ["hassen"]
    assert polarity_raw(sentence) == -1.0


def test_tone_words_average_to_the_polarities(texts):
    for text in texts[:40]:
        words = tone_words(text)
        for version, value in (("raw", polarity_raw(text)), ("corrected", polarity(text))):
            scores = words.loc[words["version"] == version, "polarity"]
            expected = scores.mean() if len(scores) else 0.0
            assert value == pytest.approx(expected), text


def test_polarity_stays_between_minus_one_and_one(texts):
    values = [polarity(text) for text in texts] + [polarity_raw(text) for text in texts]
    assert all(-1.0 <= value <= 1.0 for value in values)


# --- the fast scorer is pattern's scorer ---------------------------------------------------------

SCORED_KEYS = [
    "gut", "schlecht", "einseitig", "sehr", "wirklich", "freundlich", "ehrlich", "falsch",
    "hoffen", "Frieden", "Krieg", "Land", "Erfolg", "nicht", "ohne", "kein", "nie", "nichts",
    "und", "a", "x", "zu", "über", "!", "(!)", ":)", ":-(", "<3", ":d", "xd", "...", ",", "'",
    "“", "„grossen", "lich", "2019", "extrem", "kaum", "wenig", "mehr",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SCORED_KEYS), max_size=25))
def test_the_fast_scorer_equals_patterns_sentiment_on_generated_input(keys):
    assert polarity_of_keys(keys) == shipped_polarity_of_keys(keys)
