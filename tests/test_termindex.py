"""The term index answers exactly as testing each term set at each token would."""

from __future__ import annotations

import pickle
import re

import pytest

from korea_notes.codebook import load_codebook
from korea_notes.cues import occurrences, parse
from korea_notes.termindex import TermIndex, _termsets
from korea_notes.terms import TermSet


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def parsed_corpus(sentences, dev_texts, codebook):
    return [parse(text, codebook) for text in [*sentences["text"], *dev_texts]]


def test_the_index_holds_every_term_set_of_the_codebook_with_phrase_parts(codebook):
    index = codebook.term_index
    termsets = list(_termsets(codebook))
    assert all(index.slot(terms) is not None for terms in termsets)
    assert any(terms.phrases for terms in termsets)
    assert index.size <= len(termsets)  # equal term sets share a slot


def test_the_index_fits_exactly_the_tokens_term_set_fits_does_on_the_corpus(
        parsed_corpus, codebook):
    index = codebook.term_index
    termsets = list(_termsets(codebook))
    checked = disagreements = 0
    for parsed in parsed_corpus:
        for token in parsed.tokens:
            fitting = index.fitting(token.lower, token.keys)
            for terms in termsets:
                checked += 1
                disagreements += (index.slot(terms) in fitting) != terms.fits(token.lower,
                                                                                token.keys)
    assert checked > 1_000_000
    assert disagreements == 0


def test_occurrences_are_those_of_a_scan_of_every_token(parsed_corpus, codebook):
    gap = codebook.settings["phrase_gap"]
    termsets = [terms for terms in _termsets(codebook) if terms]
    for parsed in parsed_corpus[:300]:
        n = len(parsed.tokens)
        unindexed = parse(parsed.text, codebook)
        unindexed.index, unindexed._fits = None, None
        unindexed.cache.clear()
        unindexed._starts.clear()
        for terms in termsets:
            assert occurrences(terms, parsed, 0, n, gap) == \
                occurrences(terms, unindexed, 0, n, gap), (parsed.text, terms.literals)


def test_a_term_set_from_outside_the_codebook_is_matched_by_testing_each_token(codebook):
    parsed = parse("Nordkorea lehnt Gespräche mit den USA ab.", codebook)
    outside = TermSet(words=frozenset({"gespräch"}))
    assert codebook.term_index.slot(outside) is None
    assert occurrences(outside, parsed, 0, len(parsed.tokens), 1) == [(2, 2)]


def test_a_regular_expression_fits_a_key_only_when_it_matches_the_whole_key():
    terms = TermSet(regexes=(re.compile(r"sanktion\w*"),))
    index = TermIndex([terms])
    assert index.fitting("sanktionen", {"sanktionen", "sanktion"}) == {index.slot(terms)}
    assert index.fitting("uno-sanktionen", {"uno-sanktionen"}) == frozenset()


def test_a_pickled_codebook_keeps_a_working_index(codebook):
    assert codebook.term_index.size > 0  # built before pickling, so the copy carries one
    copy = pickle.loads(pickle.dumps(codebook))
    parsed = parse("Die USA verlangen die vollständige Denuklearisierung.", copy)
    original = parse("Die USA verlangen die vollständige Denuklearisierung.", codebook)
    gap = codebook.settings["phrase_gap"]
    for mine, theirs in zip(_termsets(copy), _termsets(codebook), strict=True):
        assert copy.term_index.slot(mine) is not None
        assert occurrences(mine, parsed, 0, len(parsed.tokens), gap) == \
            occurrences(theirs, original, 0, len(original.tokens), gap)


def test_regexes_with_back_references_or_inline_flags_still_match_one_by_one():
    terms = TermSet(regexes=(re.compile(r"(ab)\1"), re.compile(r"(?i)nord\w*"),
                             re.compile(r"(c)d")))
    index = TermIndex([terms])
    slot = index.slot(terms)
    assert index.fitting("abab", {"abab"}) == {slot}
    assert index.fitting("nordkorea", {"nordkorea"}) == {slot}
    assert index.fitting("cd", {"cd"}) == {slot}
    assert index.fitting("abcd", {"abcd"}) == frozenset()
