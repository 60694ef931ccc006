"""Sentence splitting: each case German news throws at a splitter, on real sentences of the corpus
and of dev_sentences.jsonl, the sentence table's contract, and the quote-boundary figure."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from korea_notes.cleaning import normalise
from korea_notes.reference import REFERENCE_DIR, reference_file
from korea_notes.sentences import (
    RULES_FILE,
    SENTENCE_COLUMNS,
    SentenceRulesError,
    load_sentence_rules,
    quote_alignment,
    split_sentences,
    split_text,
)

KIM_2025 = "2025-09-22_kim-offers-talks-on-conditions"


def dev_sentence(sentence_id: str) -> str:
    path = REFERENCE_DIR / "dev_sentences.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == sentence_id:
            return row["text"]
    raise KeyError(sentence_id)


# --- boundaries that are real ------------------------------------------------------------------


def test_a_headline_without_full_stop_is_a_sentence_of_its_own(sentences):
    first = sentences[sentences["article_id"] == KIM_2025].iloc[0]
    assert first["section"] == "headline"
    assert first["text"] == "Nordkorea bietet den USA Gespräche an - Atomwaffen unverhandelbar"


def test_a_line_break_ends_a_sentence():
    text = (
        "Kim will nicht auf Atomwaffen verzichten\n"
        "Gleichzeitig machte er deutlich, dass sein Land niemals auf Atomwaffen verzichten werde."
    )
    assert split_text(text) == text.split("\n")


def test_full_stops_between_sentences_split(clean):
    paragraph = clean.set_index("article_id").loc[
        "2013-06-16_ndc-offers-talks", "clean_text"
    ].split("\n\n")[0]
    assert split_text(paragraph) == [
        "Die nordkoreanische Führung hat den USA erstmals wieder hochrangige Gespräche angeboten.",
        'Ziel solle sein, "Frieden und Stabilität in der Region zu sichern und die Spannungen auf '
        'der koreanischen Halbinsel zu lockern", hieß es in einer Erklärung der nationalen '
        "Verteidigungskommission.",
        "Zeitpunkt und Ort könnten die USA bestimmen.",
    ]


def test_every_dev_sentence_stays_one_sentence():
    lines = reference_file("dev_sentences.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    split = {text: split_text(text) for text in texts}
    assert {text: parts for text, parts in split.items() if parts != [text]} == {}


# --- periods that do not end a sentence ---------------------------------------------------------


def test_a_date_with_a_month_name_does_not_split():
    # the dev sentence with "Um 15.51 Uhr am 30. Juni 2019"
    sentence = _dev_text_containing("30. Juni 2019")
    following = "Schweden vermittelt in dem Konflikt."
    assert split_text(f"{sentence} {following}") == [sentence, following]


def _dev_text_containing(fragment: str) -> str:
    lines = reference_file("dev_sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return next(json.loads(line)["text"] for line in lines if fragment in line)


def test_a_numeric_date_does_not_split(articles):
    # the video stamp of the 2025 article, as it stands in the raw text
    raw = articles.set_index("article_id").loc[KIM_2025, "raw_text"]
    stamp = next(line for line in raw.splitlines() if line.startswith("03.09.2025"))
    assert split_text(stamp) == [stamp]


def test_an_ordinal_number_does_not_split(articles):
    # the photo caption of the 2025 article (removed by cleaning, so taken from the raw text)
    raw = articles.set_index("article_id").loc[KIM_2025, "raw_text"]
    caption = next(line for line in raw.splitlines() if "80. Jahrestages" in line)
    assert split_text(caption) == [caption]


@pytest.mark.parametrize(
    ("written", "abbreviation"),
    [("unter anderem", "u. a."), ("unter anderem", "u.a."), ("unter anderem", "z. B.")],
)
def test_abbreviations_do_not_split(written, abbreviation):
    # dev h001 with "unter anderem" written as the usual abbreviation
    sentence = dev_sentence("h001").replace(written, abbreviation)
    assert abbreviation in sentence
    assert split_text(sentence) == [sentence]


def test_nr_before_a_number_does_not_split():
    # dev sentence with the resolution number the UN sanctions rest on
    sentence = _dev_text_containing("Die USA setzen die UN-Sanktionen").replace(
        "die UN-Sanktionen", "die UN-Sanktionen nach Resolution Nr. 2397"
    )
    assert split_text(sentence) == [sentence]


def test_a_title_before_a_name_does_not_split():
    sentence = dev_sentence("h001").replace("Die nordkoreanische Führung", "Dr. Kim")
    assert split_text(sentence) == [sentence]


def test_an_omission_mark_inside_a_quotation_does_not_split(clean):
    text = clean.set_index("article_id").loc[KIM_2025, "clean_text"]
    paragraph = next(part for part in text.split("\n\n") if "(...)" in part)
    assert split_text(paragraph) == [paragraph]


def test_an_omission_mark_before_a_capital_does_not_split(clean):
    text = clean.set_index("article_id").loc[KIM_2025, "clean_text"]
    paragraph = next(part for part in text.split("\n\n") if "(...)" in part)
    edited = paragraph.replace("(...) eine echte", "(...) Eine echte")
    assert split_text(edited) == [edited]


def test_a_quotation_of_two_sentences_with_its_attribution_is_one_sentence():
    sentence = _dev_text_containing("so weit gegangen, wie wir konnten.")
    assert split_text(sentence) == [sentence]


def test_a_quotation_of_two_sentences_after_a_sentence_splits_only_before_it():
    introduction = "Kim warf Trump vor, Zusagen nicht einhalten zu wollen."
    quotation = (
        "„Wir sind mit den Vereinigten Staaten als Verhandlungspartner so weit gegangen, wie wir "
        "konnten. Was dabei deutlich wurde, ist nicht der Wille einer Großmacht zu friedlicher "
        "Koexistenz.“"
    )
    assert split_text(f"{introduction} {quotation}") == [introduction, quotation]


def test_swiss_guillemets_are_quotation_marks():
    sentence = _dev_text_containing("«die mehr beissen»")
    following = "Das sagte Obama."
    assert split_text(f"{sentence} {following}") == [sentence, following]


# --- the sentence table ---------------------------------------------------------------------


def test_sentence_table_has_the_contract_columns(sentences):
    assert tuple(sentences.columns) == SENTENCE_COLUMNS
    assert str(sentences["published"].dtype) == "datetime64[ns]"
    for column in ("paragraph", "sentence", "start", "end"):
        assert str(sentences[column].dtype) == "int64"


def test_each_sentence_is_its_span_of_the_clean_text(clean, sentences):
    texts = clean.set_index("article_id")["clean_text"]
    for row in sentences.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_sentence_ids_are_unique_and_name_paragraph_and_position(sentences):
    assert sentences["sentence_id"].is_unique
    first = sentences.iloc[0]
    assert first["sentence_id"] == f"{first['article_id']}/p00s00"
    counts = sentences.groupby("article_id")["sentence"].agg(["min", "max", "count"])
    assert (counts["min"] == 0).all()
    assert (counts["max"] == counts["count"] - 1).all()


def test_every_sentence_carries_its_paragraph_section(clean, sentences):
    sections = clean.set_index("article_id")["sections"]
    for row in sentences.itertuples():
        assert row.section == sections[row.article_id][row.paragraph]


def test_crossheads_and_teasers_are_labelled(sentences):
    assert set(sentences["section"]) == {"headline", "teaser", "crosshead", "body"}


def test_splitting_twice_gives_identical_tables(clean, sentences):
    assert split_sentences(clean).to_csv(index=False) == sentences.to_csv(index=False)


def test_mismatched_section_labels_are_reported_with_the_article(clean):
    broken = clean.copy()
    broken.at[broken.index[0], "sections"] = ("body",)
    with pytest.raises(ValueError, match=broken.iloc[0]["article_id"]):
        split_sentences(broken)


# --- the rules file ------------------------------------------------------------------------------


def test_rules_file_loads_with_every_list_filled():
    rules = load_sentence_rules()
    assert "z. B." in rules.abbreviations and "Juni" in rules.months
    assert ("„", "“") in rules.quotation_marks and ("(", ")") in rules.brackets


def test_a_malformed_rules_file_names_the_key_and_the_fix(tmp_path):
    broken = tmp_path / "sentences.yml"
    broken.write_text(
        RULES_FILE.read_text(encoding="utf-8").replace("months:", "months: 12\nunused:"),
        encoding="utf-8",
    )
    with pytest.raises(SentenceRulesError, match=r"'months'.*Fix"):
        load_sentence_rules(broken)


def test_the_rules_file_decides_the_split(tmp_path, articles):
    raw = articles.set_index("article_id").loc[KIM_2025, "raw_text"]
    caption = next(line for line in raw.splitlines() if "80. Jahrestages" in line)
    edited = tmp_path / "sentences.yml"
    text = RULES_FILE.read_text(encoding="utf-8")
    edited.write_text(text.replace("  - des\n", ""), encoding="utf-8")
    assert split_text(caption, load_sentence_rules(edited)) == [
        caption[: caption.index("80.") + 3],
        caption[caption.index("Jahrestages") :],
    ]


# --- the quote-boundary figure -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes(articles) -> pd.DataFrame:
    lines = reference_file("seed_positions.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    article_of = dict(zip(articles["source_file"], articles["article_id"], strict=True))
    return pd.DataFrame(
        {
            "article_id": [article_of[row["file"]] for row in rows],
            "quote": [normalise(row["quote"]) for row in rows],
        }
    )


def test_at_least_95_percent_of_reference_quotes_respect_sentence_boundaries(
    sentences, seed_quotes
):
    alignment = quote_alignment(sentences, seed_quotes)
    assert len(alignment) == 80
    assert alignment["aligned"].mean() >= 0.95


def test_no_reference_quote_is_cut_by_a_boundary(sentences, seed_quotes):
    alignment = quote_alignment(sentences, seed_quotes)
    assert "cut" not in set(alignment["outcome"])


def test_quote_alignment_recognises_a_union_and_a_cut():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "sentence_id": ["a/p00s00", "a/p00s01", "a/p00s02"],
            "sentence": [0, 1, 2],
            "text": ["Zeitpunkt und Ort", "könnten die USA bestimmen.", "Es gehe um Frieden."],
        }
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "quote": [
                "Zeitpunkt und Ort könnten die USA bestimmen.",
                "Ort könnten die USA",
                "Es gehe um Frieden.",
                "Es gehe um Frieden.",
            ],
        }
    )
    outcomes = list(quote_alignment(sentences, quotes)["outcome"])
    assert outcomes == ["union", "cut", "inside", "not_found"]
