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

from korea_notes import language, tagging
from korea_notes.cache import AnnotationCache
from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.language import (
    ANNOTATION_COLUMNS,
    TOKEN_COLUMNS,
    annotate,
    annotate_sentence,
    process,
    split_sentences,
    token_table,
)
from korea_notes.paths import PROJECT_DIR
from korea_notes.sentences import RULES_FILE, SENTENCE_COLUMNS, load_sentence_rules

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
    from korea_notes.language import annotate, split_sentences, token_table

    try:
        socket.socket()
        blocked = False
    except OSError:
        blocked = True

    clean, _changes = clean_articles(load_articles())
    table = annotate(split_sentences(clean), cache=None)
    print(json.dumps({
        "sentences": len(table),
        "tokens": len(token_table(table)),
        "noun_phrases": int(table["noun_phrases"].map(len).sum()),
        "scored": int((table["polarity"] != 0).sum()),
        "nltk_dir_entries": len(os.listdir(sys.argv[1])),
        "socket_blocked": blocked,
    }))
    """
)


@pytest.fixture(scope="module")
def clean() -> pd.DataFrame:
    return clean_articles(load_articles())[0]


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
    for column in ("tokens", "lemmas", "tags"):
        assert str(annotated[column].dtype) == "str"
        assert annotated[column].map(lambda value: isinstance(value, str)).all()
    assert annotated["noun_phrases"].map(lambda value: isinstance(value, tuple)).all()
    for column in ("polarity_raw", "polarity"):
        assert str(annotated[column].dtype) == "float64"


def test_tokens_lemmas_and_tags_are_aligned(annotated):
    lengths = annotated[["tokens", "lemmas", "tags"]].map(lambda items: len(items.split(" ")))
    assert (lengths["tokens"] == lengths["lemmas"]).all()
    assert (lengths["tokens"] == lengths["tags"]).all()


def test_tokens_are_the_words_and_punctuation_of_the_sentence_separated_by_spaces(annotated):
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    tokens = row["tokens"].split(" ")
    assert tokens[:4] == ["Die", "USA", "haben", "Nordkorea"]
    assert "".join(tokens) == "".join(row["text"].split())


def test_lemmas_are_dictionary_forms(annotated):
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    lemma_of = dict(zip(row["tokens"].split(" "), row["lemmas"].split(" "), strict=True))
    assert lemma_of["Gespräche"] == "Gespräch"
    assert lemma_of["Vorbedingungen"] == "Vorbedingung"
    assert lemma_of["haben"] == "haben"


def test_noun_phrases_are_textblob_de_phrases_with_its_tagging_errors(annotated):
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    # pattern tags "Atomwaffenprogramm" as an adjective (JJ), so the phrase runs on into
    # "Gespräche"; "ohne Vorbedingungen" is a prepositional phrase, not a noun phrase.
    tag_of = dict(zip(row["tokens"].split(" "), row["tags"].split(" "), strict=True))
    assert tag_of["Atomwaffenprogramm"] == "JJ"
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


def test_a_token_holding_a_space_is_an_error_naming_the_sentence(monkeypatch):
    text = "Kim Jong Un lehnt Gespräche ab."
    parse = tagging.parse_sentence(text)
    spaced = tagging.Parse(("Kim Jong Un", *parse.tokens[3:]), *(
        (parse.tags[2], *values[3:]) for values in (parse.tags, parse.chunks, parse.lemmas)
    ))
    monkeypatch.setattr(tagging, "parse_sentence", lambda _text: spaced)
    with pytest.raises(ValueError, match=r"Kim Jong Un lehnt.*\['Kim Jong Un'\].*Fix"):
        annotate_sentence(text)


def test_an_empty_lemma_is_an_error_naming_the_sentence(monkeypatch):
    monkeypatch.setattr(language, "lemma", lambda token: "" if token == "Gespräche" else token)
    with pytest.raises(ValueError, match=r"Kim lehnt Gespräche ab.*\[''\].*Fix"):
        annotate_sentence("Kim lehnt Gespräche ab.")


def test_a_sentence_without_tokens_has_empty_strings():
    annotation = annotate_sentence("   ")
    assert (annotation["tokens"], annotation["lemmas"], annotation["tags"]) == ("", "", "")


# --- token_table(): one row per token ------------------------------------------------------------


def test_the_token_table_has_one_row_per_token_with_its_lemma_and_tag(annotated):
    tokens = token_table(annotated)
    assert tuple(tokens.columns) == TOKEN_COLUMNS
    for column in ("tokens", "lemmas", "tags"):
        assert len(tokens) == sum(value.count(" ") + 1 for value in annotated[column])
    row = annotated[annotated["text"].str.startswith("Die USA haben Nordkorea im Konflikt")].iloc[0]
    sentence = tokens[tokens["sentence_id"] == row["sentence_id"]]
    assert list(sentence["position"]) == list(range(len(sentence)))
    assert " ".join(sentence["token"]) == row["tokens"]
    found = sentence[sentence["token"] == "Gespräche"].iloc[0]
    assert (found["lemma"], found["tag"], found["article_id"]) == (
        "Gespräch", "NN", row["article_id"]
    )


def test_the_token_table_names_a_sentence_whose_lemmas_do_not_match_its_tokens(annotated):
    edited = annotated.copy()
    edited.loc[3, "lemmas"] = edited.loc[3, "lemmas"] + " extra"
    with pytest.raises(ValueError, match=f"sentence {edited.loc[3, 'sentence_id']}: .* lemmas"):
        token_table(edited)


def test_the_token_table_names_a_sentence_with_a_missing_value(annotated):
    edited = annotated.copy()
    edited.loc[4, "tags"] = None
    with pytest.raises(ValueError, match=f"sentence {edited.loc[4, 'sentence_id']}: .*'tags'"):
        token_table(edited)


def test_the_token_table_has_no_row_for_a_sentence_without_tokens(annotated):
    edited = annotated.iloc[0:2].copy()
    edited.loc[1, ["tokens", "lemmas", "tags"]] = ""
    tokens = token_table(edited)
    assert set(tokens["sentence_id"]) == {edited.loc[0, "sentence_id"]}
    assert len(tokens) == edited.loc[0, "tokens"].count(" ") + 1


def test_the_token_table_of_no_sentences_is_empty_with_its_columns_and_types(annotated):
    empty = token_table(annotated.iloc[0:0])
    assert len(empty) == 0 and tuple(empty.columns) == TOKEN_COLUMNS
    assert str(empty["position"].dtype) == "int64" and str(empty["token"].dtype) == "str"


# --- process(): clean articles to annotated sentences in one call -------------------------------


def test_process_gives_the_table_of_split_sentences_then_annotate(clean, annotated):
    pd.testing.assert_frame_equal(process(clean, cache=None), annotated)


def test_process_gives_the_same_table_from_an_empty_and_a_full_cache(tmp_path, clean, annotated):
    first = process(clean, cache=AnnotationCache(tmp_path))
    second = process(clean, cache=AnnotationCache(tmp_path))
    pd.testing.assert_frame_equal(first, annotated)
    pd.testing.assert_frame_equal(second, annotated)


def test_process_splits_with_the_rules_it_is_given(tmp_path, clean):
    # The 2025 article's photo caption holds "des 80. Jahrestages"; without "des" among the
    # ordinal cues the splitter cuts after "80.".
    kim = "2025-09-22_kim-offers-talks-on-conditions"
    raw = load_articles().set_index("article_id").loc[kim, "raw_text"]
    caption = next(line for line in raw.splitlines() if "80. Jahrestages" in line)
    variant = clean.copy()
    row = variant.index[variant["article_id"] == kim][0]
    variant.at[row, "clean_text"] = variant.at[row, "clean_text"] + "\n\n" + caption
    variant.at[row, "sections"] = tuple(variant.at[row, "sections"]) + ("caption",)
    rules_file = tmp_path / "sentences.yml"
    rules_file.write_text(
        RULES_FILE.read_text(encoding="utf-8").replace("  - des\n", ""), encoding="utf-8"
    )
    rules = load_sentence_rules(rules_file)
    expected = annotate(split_sentences(variant, rules), cache=None)
    assert len(expected) == len(split_sentences(variant)) + 1
    result = process(variant, cache=AnnotationCache(tmp_path / "cache"), rules=rules)
    pd.testing.assert_frame_equal(result, expected)


def test_process_keeps_the_articles_order_and_index_free_rows(clean, annotated):
    shuffled = clean.iloc[::-1].set_index(pd.Index(range(100, 100 + len(clean))))
    result = process(shuffled, cache=None)
    assert list(result.index) == list(range(len(result)))
    assert list(dict.fromkeys(result["article_id"])) == list(shuffled["article_id"])
    by_article = result.sort_values(["article_id", "sentence"]).reset_index(drop=True)
    expected = annotated.sort_values(["article_id", "sentence"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(by_article, expected)


def test_process_reports_mismatched_section_labels_with_the_article(tmp_path, clean):
    broken = clean.copy()
    broken.at[broken.index[0], "sections"] = ("body",)
    with pytest.raises(ValueError, match=broken.iloc[0]["article_id"]):
        process(broken, cache=AnnotationCache(tmp_path))


def test_process_of_no_articles_is_an_empty_annotated_table(clean):
    empty = process(clean.iloc[0:0], cache=None)
    assert len(empty) == 0 and tuple(empty.columns) == SENTENCE_COLUMNS + ANNOTATION_COLUMNS
