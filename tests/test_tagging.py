"""The fast parse gives exactly what textblob-de gives: tokens, tags, chunks, noun phrases and the
words its sentiment analyser looks up, on every real sentence and on generated input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob.utils import PUNCTUATION_REGEX
from textblob_de import PatternTokenizer, TextBlobDE
from textblob_de.lemmatizers import PatternParserLemmatizer
from textblob_de.packages import pattern_text

from korea_notes import tagging


@pytest.fixture(scope="module")
def texts(sentences, dev_texts) -> list[str]:
    corpus = list(sentences["text"])
    headline_with_slash = "Von dpa/tap/RND"  # the byline of the 2019 article, before cleaning
    return corpus + dev_texts + [headline_with_slash]


def textblob_tags(text: str) -> list[tuple[str, str]]:
    return [(str(word), tag) for word, tag in TextBlobDE(text, tokenizer=PatternTokenizer()).tags]


def test_tags_are_textblob_de_tags_on_every_real_sentence(texts):
    for text in texts:
        parse = tagging.parse_sentence(text)
        ours = [
            (token, tag)
            for token, tag in zip(parse.tokens, parse.tags, strict=True)
            if not PUNCTUATION_REGEX.match(tag)
        ]
        assert ours == textblob_tags(text), text


def test_tokens_are_pattern_tokenizer_tokens_on_every_real_sentence(texts):
    tokenizer = PatternTokenizer()
    assert [tagging.tokenize(text) for text in texts] == [tokenizer.tokenize(t) for t in texts]


def test_noun_phrases_are_textblob_de_noun_phrases_on_every_real_sentence(texts):
    for text in texts:
        expected = tuple(TextBlobDE(text, tokenizer=PatternTokenizer()).noun_phrases)
        assert tagging.noun_phrases(tagging.parse_sentence(text)) == expected, text


def test_sentiment_words_are_the_lemmas_textblob_de_scores(texts):
    lemmatizer = PatternParserLemmatizer(tokenizer=PatternTokenizer())
    for text in texts:
        lemmas = " ".join(lemma for lemma, _tag in lemmatizer.lemmatize(text))
        expected = " ".join(pattern_text.find_tokens(lemmas)).split()
        assert tagging.sentiment_words(tagging.sentiment_parse(text)) == expected, text


def test_a_slash_is_kept_in_the_tokens_but_replaced_for_the_sentiment_analyser():
    assert "dpa/tap/RND" in tagging.parse_sentence("Von dpa/tap/RND").tokens
    assert "dpa/tap/RND" not in tagging.sentiment_parse("Von dpa/tap/RND").tokens


def test_empty_text_has_an_empty_parse():
    assert tagging.parse_sentence("  ") == tagging.Parse((), (), (), ())


# --- generated input: the shortcuts never change a result --------------------------------------

TRICKY = list("aBcXyZ .,;:!?()\"'-/…„“”‘’«»D38xo\u00a0") + ["Dr.", "z.B.", "usw.", "...", "'s"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=30).map("".join))
def test_tokenize_matches_pattern_tokenizer_on_generated_text(text):
    assert tagging.tokenize(text) == PatternTokenizer().tokenize(text)


TAGS = ["NN", "NNS", "NNP", "DT", "CD", "CC", ",", "RB", "RBR", "JJ", "JJR", "VB", "VBN", "MD",
        "TO", "RP", "IN", "PRP", "PRP$", "WDT", "WRB", "WP", ".", ":", "(", ")", "UH", "FW"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TAGS), min_size=1, max_size=20))
def test_chunk_tags_match_pattern_find_chunks_on_generated_tag_sequences(tags):
    expected = [item[2] for item in pattern_text.find_chunks([["w", t] for t in tags], "de")]
    assert list(tagging.chunk_tags(tags)) == expected


WORDS = ["Die", "USA", "haben", "Nordkorea", "Gespräche", "ohne", "Vorbedingungen", "angeboten",
         "nicht", "gut", "Sanktionen", "sich", "werden", "worden", "und", "der", "zu", "Dr.", ",",
         ".", "Kim", "sagte", "neue", "einseitig", "abbauen", "hieß", "es", "Frieden", "hält"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join))
def test_tags_match_textblob_de_on_generated_word_sequences(text):
    parse = tagging.parse_sentence(text)
    ours = [(w, t) for w, t in zip(parse.tokens, parse.tags, strict=True)
            if not PUNCTUATION_REGEX.match(t)]
    assert ours == textblob_tags(text)


def test_parse_is_a_frozen_record():
    parse = tagging.parse_sentence("Die USA haben Nordkorea Gespräche angeboten.")
    assert isinstance(parse.tokens, tuple)
    assert len({len(parse.tokens), len(parse.tags), len(parse.chunks), len(parse.lemmas)}) == 1
    with pytest.raises(AttributeError):
        parse.tokens = ()  # type: ignore[misc]


def test_parse_results_do_not_depend_on_call_order(texts):
    forward = [tagging.parse_sentence(text) for text in texts]
    backward = [tagging.parse_sentence(text) for text in reversed(texts)][::-1]
    assert pd.Series(forward).equals(pd.Series(backward))


def test_the_memo_of_unknown_words_is_bounded_and_keeps_their_tags():
    from korea_notes.tagging import _tagger

    tagger = _tagger()
    words = ["Verhandlungsbereitschaftsbekundung", "Gipfelnachbereitung"]
    first = tagger.tag(words)
    assert tagger._unknown_tag.cache_info().maxsize is not None
    assert tagger.tag(words) == first
