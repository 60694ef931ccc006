"""The actor lexicon and actor mentions: who is named, as which actor, and who held an office."""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes.actors import (
    ACTOR_IDS,
    LEXICON_FILE,
    MENTION_COLUMNS,
    LexiconError,
    actor_table,
    find_mentions,
    load_lexicon,
    people_table,
    resolve_role,
)
from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.language import split_sentences

TRUMP_2019 = "2019-01-03_trump-praises-kim-letter"
BIEGUN_2020 = "2020-07-08_biegun-signals-readiness"
SUNG_KIM_2021 = "2021-06-21_sung-kim-talks-without-preconditions"


def sentences_of(*texts: str, published: str = "2019-01-03") -> pd.DataFrame:
    """A sentences table of one article, one paragraph per text (real corpus sentences)."""
    rows = []
    for n, text in enumerate(texts):
        rows.append({"article_id": "fixture", "published": pd.Timestamp(published),
                     "sentence_id": f"fixture/p{n:02d}s00", "section": "body", "paragraph": n,
                     "sentence": n, "text": text, "start": 0, "end": len(text)})
    return pd.DataFrame(rows)


def mentions_in(text: str, published: str = "2019-01-03") -> pd.DataFrame:
    return find_mentions(sentences_of(text, published=published))


@pytest.fixture(scope="module")
def corpus_sentences() -> pd.DataFrame:
    clean, _ = clean_articles(load_articles())
    return split_sentences(clean)


@pytest.fixture(scope="module")
def corpus_mentions(corpus_sentences: pd.DataFrame) -> pd.DataFrame:
    return find_mentions(corpus_sentences)


# --- the lexicon -----------------------------------------------------------------------------

def test_lexicon_defines_the_seven_actor_ids():
    assert set(load_lexicon().actors) == set(ACTOR_IDS)


def test_lexicon_lists_the_people_of_the_issue_with_their_actor():
    people = load_lexicon().people
    expected = {"donald_trump": "USA", "joe_biden": "USA", "barack_obama": "USA",
                "kim_jong_un": "DPRK", "kim_yo_jong": "DPRK", "choe_son_hui": "DPRK",
                "ri_yong_ho": "DPRK", "sung_kim": "USA", "stephen_biegun": "USA",
                "moon_jae_in": "ROK", "yoon_suk_yeol": "ROK", "lee_jae_myung": "ROK"}
    assert {pid: people[pid].actor for pid in expected} == expected


def broken_copy(tmp_path, old: str, new: str):
    text = LEXICON_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "actors.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_date_is_reported_with_file_line_entry_and_fix(tmp_path):
    path = broken_copy(tmp_path, "{office: us_president, from: 2017-01-20, to: 2021-01-20}",
                       "{office: us_president, from: 2017-01-20, to: 2021-13-20}")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    message = str(error.value)
    line = 1 + LEXICON_FILE.read_text(encoding="utf-8").split(
        "to: 2021-01-20}")[0].count("\n")
    assert f"actors.yml, line {line}: '2021-13-20' is not a date. Fix:" in message


def test_a_date_that_is_not_iso_is_reported_with_its_entry(tmp_path):
    path = broken_copy(tmp_path, "{office: us_president, from: 2017-01-20, to: 2021-01-20}",
                       "{office: us_president, from: 2017-01-20, to: 20.01.2021}")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    message = str(error.value)
    assert "actors.yml, line " in message
    assert "'donald_trump'" in message and "'to' '20.01.2021' is not a date" in message


def test_an_unknown_actor_id_is_reported(tmp_path):
    path = broken_copy(tmp_path, "    actor: ROK\n    gender: m\n    names: [Moon Jae In]",
                       "    actor: SKOREA\n    gender: m\n    names: [Moon Jae In]")
    with pytest.raises(LexiconError, match=r"'moon_jae_in'.*actor 'SKOREA' is unknown"):
        load_lexicon(path)


def test_a_misspelt_key_is_reported(tmp_path):
    path = broken_copy(tmp_path, "    surnames: [Biden]", "    surname: [Biden]")
    with pytest.raises(LexiconError, match=r"'joe_biden'.*unknown key 'surname'.*Fix"):
        load_lexicon(path)


def test_two_holders_of_one_office_on_the_same_day_are_reported(tmp_path):
    path = broken_copy(tmp_path, "{office: us_president, from: 2021-01-20, to: 2025-01-20}",
                       "{office: us_president, from: 2020-01-20, to: 2025-01-20}")
    with pytest.raises(LexiconError, match=r"holds 'us_president'.*one person holds"):
        load_lexicon(path)


def test_an_office_without_definition_is_reported(tmp_path):
    path = broken_copy(tmp_path, "{office: dprk_leader, from: 2011-12-17}",
                       "{office: dprk_supreme_leader, from: 2011-12-17}")
    with pytest.raises(LexiconError, match=r"office 'dprk_supreme_leader' is not defined"):
        load_lexicon(path)


def test_people_table_has_one_row_per_tenure():
    table = people_table()
    trump = table[table.person == "donald_trump"]
    assert list(trump.office) == ["us_president", "us_president"]
    assert trump.end.iloc[1] is None


def test_actor_table_has_one_row_per_actor():
    assert list(actor_table().actor) == list(ACTOR_IDS)


# --- mentions --------------------------------------------------------------------------------

def test_mentions_table_has_the_contract_columns_and_real_missing_values(corpus_mentions):
    assert tuple(corpus_mentions.columns) == MENTION_COLUMNS
    assert not (corpus_mentions.person == "None").any()
    assert corpus_mentions.person.isna().any() and corpus_mentions.actor.notna().all()


def test_spans_point_at_the_surface_in_the_sentence(corpus_sentences, corpus_mentions):
    text = dict(zip(corpus_sentences.sentence_id, corpus_sentences.text, strict=True))
    for row in corpus_mentions.itertuples():
        assert text[row.sentence_id][row.start:row.end] == row.surface


@pytest.mark.parametrize("spelling", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un", "Kim Jong Uns"])
def test_spelling_variants_of_kim_jong_un_are_one_person(spelling):
    text = ("Die Verhandlungen über Nordkoreas Atomprogramm kommen seit dem gescheiterten "
            f"Gipfel zwischen Donald Trump und {spelling} im Februar 2019 nicht voran.")
    found = mentions_in(text, "2020-07-08")
    assert found.loc[found.surface == spelling, "person"].tolist() == ["kim_jong_un"]


def test_choe_son_hui_is_found_with_hyphen_and_lower_case_syllable():
    text = ("US-Vizeaußenminister Stephen Biegun hat am Mittwoch eine Erklärung seiner "
            "nordkoreanischen Amtskollegin Choe Son-hui gekontert.")
    found = mentions_in(text, "2020-07-08")
    assert "choe_son_hui" in set(found.person)


def test_the_adjective_in_die_nordkoreanische_fuehrung_is_dprk():
    found = mentions_in("Die nordkoreanische Führung hat den USA erstmals wieder hochrangige "
                        "Gespräche angeboten.", "2013-06-16")
    assert found[["surface", "actor"]].values.tolist() == [["nordkoreanische", "DPRK"],
                                                          ["USA", "USA"]]


def test_suedkorea_and_suedkoreanisch_are_rok_never_dprk():
    found = mentions_in("Pjöngjang hatte angesichts der Ausweitung von UN-Sanktionen und "
                        "südkoreanisch-amerikanischer Militärmanöver den Kriegszustand mit "
                        "Südkorea ausgerufen.", "2013-06-16")
    by_surface = dict(zip(found.surface, found.actor, strict=True))
    assert by_surface == {"Pjöngjang": "DPRK", "UN-Sanktionen": "UN", "südkoreanisch": "ROK",
                          "amerikanischer": "USA", "Südkorea": "ROK"}


def test_us_prefix_compounds_are_usa():
    found = mentions_in("Streitpunkt ist die Aufhebung von US-geführten Sanktionen, gegen die "
                        "sich die US-Regierung sträubt.")
    assert found[["surface", "actor", "kind"]].values.tolist() == [
        ["US-geführten", "USA", "prefix"], ["US-Regierung", "USA", "prefix"]]


def test_nordkoreaner_is_a_dprk_demonym():
    found = mentions_in("Wir haben um kein Treffen mit den Nordkoreanern gebeten.", "2020-07-08")
    assert found[["surface", "actor", "kind"]].values.tolist() == [
        ["Nordkoreanern", "DPRK", "demonym"]]


def test_capitals_and_seats_of_government_stand_for_their_country():
    found = mentions_in("Die Regierung in Washington hatte kürzlich von einer Herangehensweise "
                        "gesprochen, Pjöngjang schwieg.", "2021-06-21")
    assert found[["surface", "actor", "kind"]].values.tolist() == [
        ["Regierung in Washington", "USA", "government"], ["Pjöngjang", "DPRK", "capital"]]


def test_a_country_as_topic_of_an_expert_is_no_mention():
    found = mentions_in("Zwischen Russland und Nordkorea herrsche keine große Einigkeit, so "
                        "China-Experte Christian Wirth.", "2025-09-22")
    assert list(found.actor) == ["RUS", "DPRK"]


def test_institutions_are_mapped_to_their_actor():
    found = mentions_in("Ziel solle sein, Frieden zu sichern, hieß es in einer Erklärung der "
                        "nationalen Verteidigungskommission.", "2013-06-16")
    assert found[["surface", "actor", "kind"]].values.tolist() == [
        ["nationalen Verteidigungskommission", "DPRK", "institution"]]


# --- roles by date ---------------------------------------------------------------------------

@pytest.mark.parametrize(("published", "person"), [
    ("2016-05-01", "barack_obama"), ("2019-01-03", "donald_trump"),
    ("2021-06-21", "joe_biden"), ("2025-09-22", "donald_trump")])
def test_the_same_role_phrase_resolves_by_the_article_date(published, person):
    found = mentions_in("Der neue US-Präsident hatte im Mai erklärt, er plane kein "
                        "persönliches Treffen mit Kim.", published)
    role = found[found.kind == "role"]
    assert role[["surface", "person", "actor"]].values.tolist() == [
        ["US-Präsident", person, "USA"]]


def test_the_us_president_in_the_2019_and_2021_articles_are_trump_and_biden(corpus_mentions):
    roles = corpus_mentions[(corpus_mentions.kind == "role")
                            & (corpus_mentions.office == "us_president")]
    by_article = roles.groupby("article_id")["person"].agg(set).to_dict()
    assert by_article[TRUMP_2019] == {"donald_trump"}
    assert by_article[SUNG_KIM_2021] == {"joe_biden"}


def test_the_unnamed_us_envoy_for_north_korea_in_2020_is_biegun(corpus_mentions):
    envoy = corpus_mentions[(corpus_mentions.article_id == BIEGUN_2020)
                            & (corpus_mentions.office == "us_special_representative_dprk")]
    assert envoy[["surface", "person"]].values.tolist() == [
        ["US-Sondergesandte für Nordkorea", "stephen_biegun"]]


def test_a_role_next_to_a_name_is_one_mention_of_that_person(corpus_mentions):
    joined = corpus_mentions[(corpus_mentions.article_id == SUNG_KIM_2021)
                             & (corpus_mentions.kind == "role_name")]
    assert ["US-Sonderbeauftragte für Nordkorea, Sung Kim", "sung_kim"] in \
        joined[["surface", "person"]].values.tolist()


def test_a_bare_kim_is_the_kim_named_last_in_the_article(corpus_mentions):
    # 2021: "Sung Kim" first, then "Kim Jong Un"; Biden's "Treffen mit Kim" is Kim Jong Un.
    bare = corpus_mentions[(corpus_mentions.article_id == SUNG_KIM_2021)
                           & (corpus_mentions.surface == "Kim")]
    assert set(bare.person) == {"kim_jong_un"}


def test_the_role_resolves_to_the_holder_on_each_side_of_a_handover():
    assert resolve_role("us_president", "2021-01-19") == "donald_trump"
    assert resolve_role("us_president", "2021-01-20") == "joe_biden"


def test_a_role_without_a_date_or_holder_resolves_to_nobody():
    assert resolve_role("us_president", None) is None
    assert resolve_role("us_president", pd.NaT) is None
    assert resolve_role("jpn_prime_minister", "1990-01-01") is None


def test_an_unknown_office_is_an_error():
    with pytest.raises(KeyError, match="unknown office"):
        resolve_role("us_king", "2019-01-01")


def test_mentions_are_the_same_on_a_second_run(corpus_sentences, corpus_mentions):
    pd.testing.assert_frame_equal(find_mentions(corpus_sentences), corpus_mentions)
