"""The language layer as a whole: the full pipeline offline, and the annotated sentence table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from textblob_de import PatternTokenizer
from textblob_de.blob import Sentence

from korea_notes.cache import AnnotationCache
from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.language import ANNOTATION_COLUMNS, annotate, annotate_sentence, split_sentences
from korea_notes.paths import PROJECT_DIR
from korea_notes.sentences import SENTENCE_COLUMNS

OFFLINE_RUN = textwrap.dedent(
    """
    import json, os, socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse()

    socket.socket = NoSocket
    socket.create_connection = refuse
    os.environ["NLTK_DATA"] = sys.argv[1]

    import nltk
    nltk.data.path[:] = [sys.argv[1]]

    def no_nltk_data(*args, **kwargs):
        raise LookupError("NLTK data requested")

    nltk.data.load = no_nltk_data
    nltk.data.find = no_nltk_data

    from korea_notes.cleaning import clean_articles
    from korea_notes.corpus import load_articles
    from korea_notes.language import annotate, split_sentences

    try:
        socket.socket()
        blocked = False
    except OSError:
        blocked = True

    clean, _changes = clean_articles(load_articles())
    table = annotate(split_sentences(clean), cache=None)
    print(json.dumps({
        "sentences": len(table),
        "tokens": int(table["tokens"].map(len).sum()),
        "noun_phrases": int(table["noun_phrases"].map(len).sum()),
        "scored": int((table["polarity"] != 0).sum()),
        "nltk_dir_entries": len(os.listdir(sys.argv[1])),
        "socket_blocked": blocked,
    }))
    """
)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return split_sentences(clean_articles(load_articles())[0])


@pytest.fixture(scope="module")
def annotated(sentences, tmp_path_factory) -> pd.DataFrame:
    return annotate(sentences, cache=AnnotationCache(tmp_path_factory.mktemp("cache")))


def test_the_whole_pipeline_runs_with_network_and_nltk_data_blocked(tmp_path):
    nltk_data = tmp_path / "nltk_data"
    nltk_data.mkdir()
    environment = dict(os.environ, PYTHONPATH=str(PROJECT_DIR), PYTHONHASHSEED="0")
    finished = subprocess.run(
        [sys.executable, "-c", OFFLINE_RUN, str(nltk_data)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    assert summary["sentences"] > 70 and summary["tokens"] > 1500
    assert summary["noun_phrases"] > 0 and summary["scored"] > 0
    assert summary["nltk_dir_entries"] == 0 and summary["socket_blocked"]


def test_annotate_adds_the_documented_columns(sentences, annotated):
    assert tuple(annotated.columns) == SENTENCE_COLUMNS + ANNOTATION_COLUMNS
    pd.testing.assert_frame_equal(annotated[list(SENTENCE_COLUMNS)], sentences)
    for column in ("tokens", "lemmas", "tags", "noun_phrases"):
        assert annotated[column].map(lambda value: isinstance(value, tuple)).all()
    for column in ("polarity_raw", "polarity"):
        assert str(annotated[column].dtype) == "float64"


def test_tokens_lemmas_and_tags_are_aligned(annotated):
    lengths = annotated[["tokens", "lemmas", "tags"]].map(len)
    assert (lengths["tokens"] == lengths["lemmas"]).all()
    assert (lengths["tokens"] == lengths["tags"]).all()


def test_lemmas_are_dictionary_forms(annotated):
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    lemma_of = dict(zip(row["tokens"], row["lemmas"], strict=True))
    assert lemma_of["Gespräche"] == "Gespräch"
    assert lemma_of["Vorbedingungen"] == "Vorbedingung"
    assert lemma_of["haben"] == "haben"


def test_noun_phrases_are_textblob_de_phrases_with_its_tagging_errors(annotated):
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    # pattern tags "Atomwaffenprogramm" as an adjective (JJ), so the phrase runs on into
    # "Gespräche"; "ohne Vorbedingungen" is a prepositional phrase, not a noun phrase.
    assert row["tags"][row["tokens"].index("Atomwaffenprogramm")] == "JJ"
    assert row["noun_phrases"] == ("nordkoreanische Atomwaffenprogramm Gespräche",)


def test_raw_polarity_is_what_textblob_de_gives_each_sentence(annotated):
    tokenizer = PatternTokenizer()
    shipped = [Sentence(text, tokenizer=tokenizer).sentiment.polarity for text in annotated["text"]]
    assert list(annotated["polarity_raw"]) == shipped


def test_corrected_polarity_differs_only_where_a_noun_is_in_the_lexicon(annotated):
    changed = annotated[annotated["polarity"] != annotated["polarity_raw"]]
    assert len(changed) > 0
    for text in changed["text"]:
        assert any(word[:1].isupper() for word in text.split())


def test_annotating_twice_gives_identical_tables(sentences, annotated):
    again = annotate(sentences, cache=None)
    assert again.to_csv(index=False) == annotated.to_csv(index=False)


def test_one_sentence_can_be_annotated_on_its_own(annotated):
    row = annotated.iloc[5]
    single = annotate_sentence(row["text"])
    assert single == {column: row[column] for column in ANNOTATION_COLUMNS}


def test_an_empty_table_annotates_to_an_empty_table(sentences):
    empty = annotate(sentences.iloc[0:0], cache=None)
    assert len(empty) == 0 and tuple(empty.columns) == SENTENCE_COLUMNS + ANNOTATION_COLUMNS
