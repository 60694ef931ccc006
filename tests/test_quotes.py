"""Quotations, reported speech and the claimant of every sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes.attribution import ATTRIBUTION_COLUMNS, attribute_sentences, voices_per_article
from korea_notes.cleaning import clean_articles
from korea_notes.language import split_sentences
from korea_notes.quotes import QUOTE_COLUMNS, find_quotes
from korea_notes.reference import (
    accuracy_by_actor,
    attribution_accuracy,
    dev_attribution_accuracy,
    load_dev_sentences,
    load_reference_positions,
)
from korea_notes.speech import quotation_spans
from korea_notes.speech_rules import SPEECH_FILE, SpeechRulesError, load_speech_rules

NDC_2013 = "2013-06-16_ndc-offers-talks"
TRUMP_2019 = "2019-01-03_trump-praises-kim-letter"
BIEGUN_2020 = "2020-07-08_biegun-signals-readiness"
SUNG_KIM_2021 = "2021-06-21_sung-kim-talks-without-preconditions"
KIM_2025 = "2025-09-22_kim-offers-talks-on-conditions"


def sentences_of(*paragraphs: list[str] | str, published: str = "2019-01-03") -> pd.DataFrame:
    """A sentences table of one article; each argument is a paragraph (a text or a list)."""
    rows, n = [], 0
    for p, paragraph in enumerate(paragraphs):
        for s, text in enumerate([paragraph] if isinstance(paragraph, str) else paragraph):
            rows.append({"article_id": "fixture", "published": pd.Timestamp(published),
                         "sentence_id": f"fixture/p{p:02d}s{s:02d}", "section": "body",
                         "paragraph": p, "sentence": n, "text": text, "start": 0,
                         "end": len(text)})
            n += 1
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def corpus_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    clean, _ = clean_articles(articles)
    return split_sentences(clean)


@pytest.fixture(scope="module")
def attributed(corpus_sentences: pd.DataFrame) -> pd.DataFrame:
    return attribute_sentences(corpus_sentences)


@pytest.fixture(scope="module")
def quotes(corpus_sentences: pd.DataFrame) -> pd.DataFrame:
    return find_quotes(corpus_sentences)


def sentence_with(attributed: pd.DataFrame, article: str, words: str) -> pd.Series:
    rows = attributed[(attributed.article_id == article) & attributed.text.str.contains(
        words, regex=False)]
    assert len(rows) == 1, f"{words!r} found {len(rows)} times"
    return rows.iloc[0]


# --- quotation marks -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "style", "inner"), [
    ("Kim habe ihm einen „großartigen Brief“ geschrieben, sagte Trump.", "german",
     "großartigen Brief"),
    ('Es gebe keine Notwendigkeit, "den USA von Angesicht zu Angesicht gegenüber zu sitzen".',
     "straight", "den USA von Angesicht zu Angesicht gegenüber zu sitzen"),
    ("Es sei Zeit, über Sanktionen nachzudenken, «die mehr beissen».", "guillemets",
     "die mehr beissen"),
    ("Trump sprach von einer »großartigen Beziehung« zu Kim.", "guillemets",
     "großartigen Beziehung"),
    ("Trump sprach von einer “großartigen Beziehung” zu Kim.", "english",
     "großartigen Beziehung"),
])
def test_each_quotation_style_is_recognised(text, style, inner):
    spans = quotation_spans(text)
    assert [(s.style, text[s.inner[0]:s.inner[1]]) for s in spans] == [(style, inner)]


def test_straight_quotes_pair_in_order_within_a_paragraph():
    text = ('Sie nannte die Lage "angespannt" und sprach von "Notfallmaßnahmen".')
    assert [text[s.inner[0]:s.inner[1]] for s in quotation_spans(text)] == [
        "angespannt", "Notfallmaßnahmen"]


def test_an_unclosed_quotation_runs_to_the_end_of_the_paragraph():
    spans = quotation_spans('Er sagte: "Wir sind so weit gegangen, wie wir konnten.')
    assert len(spans) == 1 and not spans[0].closed


# --- find_quotes on the corpus ---------------------------------------------------------------

def test_quotes_table_has_the_contract_columns(quotes):
    assert tuple(quotes.columns) == QUOTE_COLUMNS
    assert set(quotes["kind"]) == {"direct", "indirect"}
    assert not (quotes[["speaker", "person", "actor"]] == "None").any().any()


def test_a_german_quotation_gets_the_speaker_of_its_frame(quotes):
    row = quotes[quotes.text == "großartigen Brief"].iloc[0]
    assert (row["style"], row["kind"], row["person"], row["actor"], row["reporting_verb"]) == \
        ("german", "direct", "donald_trump", "USA", "sagen")


def test_a_straight_quotation_before_sagte_kim_is_kims(quotes):
    row = quotes[quotes.text.str.startswith("Wenn die USA ihre unrealistischen")].iloc[0]
    assert (row["style"], row["speaker"], row["person"], row["actor"]) == \
        ("straight", "Kim", "kim_jong_un", "DPRK")


def test_a_quotation_after_a_colon_gets_the_speaker_before_the_colon(quotes):
    row = quotes[quotes.text.str.startswith("Wir hoffen weiter")].iloc[0]
    assert (row["person"], row["actor"]) == ("sung_kim", "USA")


def test_a_quotation_alone_after_a_colon_without_marks_is_the_speakers(quotes):
    row = quotes[quotes.text == "Wir haben um kein Treffen mit den Nordkoreanern gebeten."].iloc[0]
    assert (row["style"], row["kind"], row["person"], row["speaker_basis"]) == \
        ("none", "direct", "stephen_biegun", "colon")


def test_a_quotation_over_two_sentences_covers_both_and_both_are_the_speakers():
    sentences = sentences_of([
        "„Wir sind mit den Vereinigten Staaten als Verhandlungspartner so weit gegangen, wie "
        "wir konnten.",
        "Was dabei deutlich wurde, ist nicht der Wille einer Großmacht zu friedlicher "
        "Koexistenz“, sagte Kim laut einem Bericht der staatlichen Nachrichtenagentur KCNA."],
        published="2024-11-22")
    direct = find_quotes(sentences).query("kind == 'direct'")
    assert direct["sentence_ids"].tolist() == [("fixture/p00s00", "fixture/p00s01")]
    assert direct["person"].tolist() == ["kim_jong_un"]
    claim = attribute_sentences(sentences)
    assert claim["actor"].tolist() == ["DPRK", "DPRK"]
    assert claim["actor_basis"].tolist() == ["quote_speaker", "quote_speaker"]


# --- indirect speech -------------------------------------------------------------------------

def test_konjunktiv_before_sagte_trump_is_trumps_indirect_speech(quotes):
    row = quotes[(quotes.kind == "indirect")
                 & quotes.text.str.startswith("Kim habe ihm einen")].iloc[0]
    assert (row["person"], row["reporting_verb"], row["style"]) == ("donald_trump", "sagen",
                                                                    "none")


def test_hiess_es_in_einer_erklaerung_names_the_institution(attributed):
    row = sentence_with(attributed, NDC_2013, "hieß es in einer Erklärung")
    assert (row["actor"], row["speaker"], row["reporting_verb"]) == (
        "DPRK", "nationalen Verteidigungskommission", "heißen")


def test_hiess_es_weiter_continues_the_last_speaker(attributed):
    row = sentence_with(attributed, NDC_2013, "hieß es weiter")
    assert (row["actor"], row["actor_basis"]) == ("DPRK", "quote_speaker")


def test_so_trump_weiter_names_trump(attributed):
    row = sentence_with(attributed, TRUMP_2019, "so Trump weiter")
    assert (row["actor"], row["person"], row["reporting_verb"]) == ("USA", "donald_trump", "so")


def test_wird_der_us_praesident_zitiert_names_trump_in_2019(attributed):
    row = sentence_with(attributed, TRUMP_2019, "wird der US-Präsident zitiert")
    assert (row["actor"], row["person"], row["reporting_verb"]) == (
        "USA", "donald_trump", "zitieren")


def test_zufolge_names_the_speaker(attributed):
    row = sentence_with(attributed, BIEGUN_2020, "Biegun zufolge")
    assert (row["actor"], row["person"], row["speech"]) == ("USA", "stephen_biegun", "indirect")


def test_wonach_takes_the_speaker_of_the_statement_it_reports(attributed):
    row = sentence_with(attributed, BIEGUN_2020, "wonach Pjöngjang kein Interesse")
    assert (row["actor"], row["person"], row["reporting_verb"]) == (
        "DPRK", "choe_son_hui", "wonach")


def test_teilte_mit_with_a_noun_phrase_referring_back_is_the_institution(attributed):
    row = sentence_with(attributed, NDC_2013, "Entscheidungsgremium")
    assert (row["actor"], row["reporting_verb"]) == ("DPRK", "mitteilen")


def test_a_pronoun_speaker_is_the_person_who_spoke_or_acted_before(attributed):
    row = sentence_with(attributed, TRUMP_2019, "sagte er im staatlichen Fernsehen")
    assert (row["actor"], row["person"], row["speaker"]) == ("DPRK", "kim_jong_un", "er")


def test_a_nested_report_gives_the_innermost_speaker(attributed):
    row = sentence_with(attributed, BIEGUN_2020, "dieser habe bekräftigt")
    assert (row["actor"], row["person"]) == ("USA", "stephen_biegun")


def test_subjunctive_sentences_after_speech_keep_the_last_speaker(attributed):
    choe = sentence_with(attributed, BIEGUN_2020, "Die Führung in Washington irre sich")
    trump = sentence_with(attributed, TRUMP_2019, "Die Beziehungen zu Nordkorea seien")
    biegun = sentence_with(attributed, BIEGUN_2020, "müsse aber ermächtigt sein")
    assert [(r["actor"], r["actor_basis"], r["person"]) for r in (choe, trump, biegun)] == [
        ("DPRK", "carried_over", "choe_son_hui"), ("USA", "carried_over", "donald_trump"),
        ("USA", "carried_over", "stephen_biegun")]


def test_carried_over_sentences_extend_the_indirect_quotation(quotes):
    row = quotes[(quotes.kind == "indirect") & (quotes.person == "choe_son_hui")
                 & (quotes.reporting_verb == "vorwerfen")].iloc[0]
    assert len(row["sentence_ids"]) == 3


def test_subjunctive_without_any_speaker_before_is_not_attributed():
    sentences = sentences_of("Washington liege falsch, wenn es glaube, dass eine Abrüstung "
                             "Nordkoreas möglich sei.", published="2023-07-01")
    row = attribute_sentences(sentences).iloc[0]
    assert (row["actor"], row["actor_basis"], row["speech"]) == (None, "none", "indirect")


def test_a_speaker_who_is_no_actor_gives_no_claimant():
    sentences = sentences_of(["Zwischen Russland, China und Nordkorea herrsche keine große "
                              "Einigkeit, so China-Experte Christian Wirth.",
                              "Trotz Verständigungsversuchen gebe es weiter große Spannungen."],
                             published="2025-09-22")
    claim = attribute_sentences(sentences)
    assert claim["actor"].tolist() == [None, None]
    assert claim["speaker"].tolist() == ["China-Experte Christian Wirth"] * 2


# --- subject, addressee, table shape ---------------------------------------------------------

def test_without_speech_the_grammatical_subject_is_the_claimant(attributed):
    row = sentence_with(attributed, SUNG_KIM_2021, "Die USA haben Nordkorea im Konflikt")
    assert (row["actor"], row["actor_basis"], row["speech"], row["addressee"]) == (
        "USA", "subject", "report", "DPRK")


def test_a_leading_subordinate_clause_is_not_the_subject(attributed):
    row = sentence_with(attributed, BIEGUN_2020, "Nachdem Nordkorea sein Desinteresse")
    assert row["actor"] == "USA"


def test_a_demonstrative_points_back_to_the_actor_named_last(attributed):
    row = sentence_with(attributed, NDC_2013, "Die hatte Nordkorea in den vergangenen Monaten")
    assert (row["actor"], row["addressee"]) == ("USA", "DPRK")


def test_in_a_passive_the_agent_is_the_claimant_not_the_subject(attributed):
    row = sentence_with(attributed, KIM_2025, "Das Land wird wegen seines Atomprogramms")
    assert row["actor"] == "UN"


def test_the_addressee_is_named_after_gegenueber(attributed):
    row = sentence_with(attributed, KIM_2025, "gegenüber der US-Regierung signalisiert")
    assert (row["actor"], row["addressee"]) == ("DPRK", "USA")


def test_attribution_keeps_rows_and_adds_the_contract_columns(corpus_sentences, attributed):
    assert list(attributed.columns) == [*corpus_sentences.columns, *ATTRIBUTION_COLUMNS]
    assert attributed["sentence_id"].tolist() == corpus_sentences["sentence_id"].tolist()
    assert set(attributed["actor_basis"]) <= {"quote_speaker", "carried_over", "subject", "none"}
    assert set(attributed["speech"]) <= {"direct", "indirect", "report"}
    assert not (attributed[["actor", "speaker", "person", "addressee"]] == "None").any().any()


def test_attribution_is_the_same_on_a_second_run(corpus_sentences, attributed, quotes):
    pd.testing.assert_frame_equal(attribute_sentences(corpus_sentences), attributed)
    pd.testing.assert_frame_equal(find_quotes(corpus_sentences), quotes)


def test_voices_per_article_adds_up(attributed, corpus_sentences):
    from korea_notes.actors import find_mentions

    voices = voices_per_article(attributed, find_mentions(corpus_sentences))
    assert (voices.claimant == voices.direct + voices.indirect + voices.report).all()
    assert (voices.spoken_about <= voices.mentioned).all()
    claims = attributed.dropna(subset=["actor"]).groupby(["article_id", "actor"]).size()
    assert voices.set_index(["article_id", "actor"]).claimant[claims.index].tolist() == \
        claims.tolist()


# --- the reference coding --------------------------------------------------------------------

def test_at_least_90_percent_of_reference_rows_are_attributed_to_the_reference_actor(
        attributed, articles):
    accuracy = attribution_accuracy(attributed, load_reference_positions(articles))
    summary = accuracy_by_actor(accuracy).set_index("reference_actor")
    assert len(accuracy) == 80
    assert summary.loc["ALL", "accuracy"] >= 0.90, accuracy[~accuracy.hit].to_string()


def test_reference_rows_not_found_in_the_clean_text_count_as_misses(attributed, articles):
    accuracy = attribution_accuracy(attributed, load_reference_positions(articles))
    missing = accuracy[~accuracy.found]
    assert not missing.hit.any() and missing.sentence_id.isna().all()


def test_dev_sentences_are_scored_where_the_reference_names_an_actor():
    dev = load_dev_sentences()
    scored = dev_attribution_accuracy(attribute_sentences(dev))
    assert len(scored) == len(dev)
    assert scored.loc[~scored.scored, "hit"].eq(False).all()
    assert scored.loc[scored.hit].apply(lambda r: r["actor"] in r["actors"], axis=1).all()


# --- speech.yml ------------------------------------------------------------------------------

def test_speech_rules_load():
    rules = load_speech_rules()
    assert "sagen" in rules.reporting_verbs and rules.pronouns["sie"] == "f"


def test_a_missing_key_in_speech_rules_is_reported_with_fix(tmp_path):
    text = SPEECH_FILE.read_text(encoding="utf-8").replace("wonach_words:", "wonach_word:", 1)
    path = tmp_path / "speech.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpeechRulesError, match=r"key 'wonach_words' is missing\. Fix"):
        load_speech_rules(path)


def test_das_teilte_x_mit_makes_the_sentence_before_that_speakers_report():
    sentences = sentences_of(["Nordkorea will weitere 6.000 Soldaten zur Unterstützung Russlands "
                              "im Krieg gegen die Ukraine schicken.",
                              "Das teilte der Chef des russischen Sicherheitsrats, Schoigu, mit."],
                             published="2025-06-18")
    claim = attribute_sentences(sentences)
    assert claim[["actor", "person", "reporting_verb"]].values.tolist() == [
        ["RUS", "sergei_shoigu", "mitteilen"], ["RUS", "sergei_shoigu", "mitteilen"]]


def test_an_indicative_report_with_a_named_source_is_the_subjects_position():
    sentences = sentences_of("Nach Angaben der staatlichen Nachrichtenagentur KCNA lehnte Kim "
                             "Yo Jong das Angebot für Gespräche ohne Vorbedingungen ab.",
                             published="2023-07-12")
    row = attribute_sentences(sentences).iloc[0]
    assert (row["actor"], row["actor_basis"], row["person"]) == ("DPRK", "subject",
                                                                 "kim_yo_jong")


def test_a_view_attributed_to_experts_is_no_actors_position(attributed):
    row = sentence_with(attributed, TRUMP_2019, "Experten zufolge")
    assert (row["actor"], row["speaker"], row["reporting_verb"]) == (None, "Experten", "zufolge")


def test_a_spokesperson_speaks_for_the_actor_named_after_the_title():
    sentences = sentences_of("Ein Sprecher des Außenministeriums in Peking sagte, China "
                             "unterstütze den Dialog.", published="2018-09-01")
    row = attribute_sentences(sentences).iloc[0]
    assert (row["actor"], row["actor_basis"], row["reporting_verb"]) == (
        "CHN", "quote_speaker", "sagen")


def test_a_mistyped_value_in_speech_rules_is_reported_with_its_line(tmp_path):
    text = SPEECH_FILE.read_text(encoding="utf-8")
    line = 1 + text.split("continuation_words:")[0].count("\n")
    path = tmp_path / "speech.yml"
    path.write_text(text.replace("continuation_words: [", "continuation_words: 7 #[", 1),
                    encoding="utf-8")
    with pytest.raises(SpeechRulesError,
                       match=rf"speech.yml, line {line}: 'continuation_words' must be a "
                             r"non-empty list of words\. Fix"):
        load_speech_rules(path)
