"""The coder: sentences in, claims out (korea_notes.positions and the ``code`` command).

Fixtures are the real corpus articles run through the real pipeline (load -> clean -> split ->
attribute -> code), plus German sentences written by the developers for this test.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from korea_notes.__main__ import main
from korea_notes.corpus import load_articles
from korea_notes.positions import (
    CLAIM_COLUMNS,
    EVIDENCE_COLUMNS,
    PositionsError,
    actor_category_matrix,
    claims_per_article,
    code_keywords,
    code_positions,
    code_text,
    evidence_table,
    prepare_sentences,
)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return prepare_sentences(load_articles())


@pytest.fixture(scope="module")
def claims(sentences: pd.DataFrame) -> pd.DataFrame:
    return code_positions(sentences)


def claims_on(claims: pd.DataFrame, fragment: str) -> pd.DataFrame:
    """The claims of the one sentence containing ``fragment``."""
    rows = claims[claims["sentence"].str.contains(fragment, regex=False)]
    assert rows["sentence_id"].nunique() <= 1, f"{fragment!r} is in several sentences"
    return rows


def pairs(rows: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(rows["actor"], rows["category"], strict=True))


# --- the table ------------------------------------------------------------------------------


def test_claims_have_exactly_the_documented_columns(claims):
    assert tuple(claims.columns) == CLAIM_COLUMNS


def test_coding_is_deterministic_to_the_byte(sentences, claims):
    again = code_positions(sentences)
    assert again.to_csv(index=False) == claims.to_csv(index=False)


def test_claims_keep_the_sentence_as_evidence(claims, sentences):
    texts = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    assert all(texts[sid] == text for sid, text in zip(claims.sentence_id, claims.sentence,
                                                       strict=True))


def test_missing_columns_are_reported_with_a_fix():
    with pytest.raises(PositionsError, match="lacks column.*Fix"):
        code_positions(pd.DataFrame({"text": ["Nordkorea bietet Gespräche an."]}))


# --- negation -------------------------------------------------------------------------------


def test_without_preconditions_is_no_preconditions_not_precondition(claims):
    rows = claims_on(claims, "Gespräche ohne Vorbedingungen angeboten")
    assert pairs(rows) == {("USA", "OFFER_TALKS"), ("USA", "NO_PRECONDITIONS")}


def test_not_dismantling_unilaterally_is_a_refusal_of_denuclearization(claims):
    rows = claims_on(claims, "nicht einseitig sein Atomprogramm abbauen")
    assert pairs(rows) == {("DPRK", "REFUSE_DENUCLEARIZATION")}
    assert set(rows["modality"]) == {"negated"}


def test_a_negated_offer_of_talks_is_a_rejection(claims):
    rows = claims_on(claims, "kein Interesse an Gesprächen")
    assert ("DPRK", "REJECT_TALKS") in pairs(rows)
    assert "OFFER_TALKS" not in set(rows["category"])


def test_refusing_to_negotiate_about_nuclear_weapons_is_not_a_refusal_of_talks(claims):
    rows = claims_on(claims, "will er nicht verhandeln")
    assert pairs(rows) == {("DPRK", "OFFER_TALKS"), ("DPRK", "REFUSE_DENUCLEARIZATION")}


def test_keine_negates_its_own_noun_only():
    rows = code_text("Die USA sollten einen Termin vorschlagen, aber keine Vorbedingungen für "
                     "Gespräche stellen, forderte Nordkorea.")
    assert {"OFFER_TALKS", "NO_PRECONDITIONS"} <= set(rows["category"])
    assert "REJECT_TALKS" not in set(rows["category"])


# --- conditions -----------------------------------------------------------------------------


def test_sollte_clause_is_the_condition_with_its_normalised_type(claims):
    rows = claims_on(claims, "sollte diese von ihrem Ziel")
    assert ("DPRK", "PRECONDITION") in pairs(rows)
    condition = rows[rows.category == "PRECONDITION"].iloc[0]
    assert condition["condition"].startswith("sollte diese von ihrem Ziel")
    assert condition["condition_type"] == "DROP_DENUCLEARIZATION_GOAL"
    assert set(rows["conditionality"]) == {"precondition"}


def test_solange_nicht_refusal_of_a_meeting_is_a_precondition_not_a_rejection(claims):
    rows = claims_on(claims, "er plane kein persönliches Treffen")
    assert pairs(rows) == {("USA", "PRECONDITION")}
    assert rows.iloc[0]["condition_type"] == "CONCRETE_DISARMAMENT_AGENDA"


def test_bis_clause_reveals_the_security_demand_behind_the_condition(claims):
    rows = claims_on(claims, "solange voranzutreiben, bis")
    assert {("DPRK", "PRECONDITION"), ("DPRK", "SECURITY_GUARANTEE_DEMAND"),
            ("DPRK", "REFUSE_DENUCLEARIZATION")} <= pairs(rows)
    assert rows.iloc[0]["condition"].startswith("bis die USA ihre Truppen")


def test_cues_inside_a_condition_are_not_claims_of_its_subject(claims):
    rows = claims_on(claims, "falls die USA weiter an ihren Sanktionen festhielten")
    assert ("USA", "MAINTAIN_SANCTIONS") not in pairs(rows)
    assert {("DPRK", "THREAT"), ("DPRK", "DEMAND_SANCTIONS_RELIEF")} <= pairs(rows)


def test_wrong_if_it_believes_is_a_denial_not_a_condition(claims):
    rows = claims_on(claims, "irre sich, falls sie denke")
    assert pairs(rows) == {("DPRK", "REJECT_TALKS")}
    assert rows["condition"].isna().all()


def test_zunaechst_with_a_demand_marks_what_must_come_first(claims):
    rows = claims_on(claims, "zunächst selbst konkrete Schritte")
    assert {("USA", "PRECONDITION"), ("USA", "DEMAND_DENUCLEARIZATION")} <= pairs(rows)
    assert set(rows["condition_type"]) == {"DENUCLEARIZATION_FIRST"}


def test_zunaechst_as_a_plain_time_adverb_is_no_condition(claims):
    assert claims_on(claims, "hielten sich beide Staaten zunächst zurück").empty


def test_erst_paired_with_wenn_leaves_the_condition_to_the_wenn_clause():
    rows = code_text("Die Sanktionen würden erst aufgehoben, wenn Nordkorea sein Atomprogramm "
                     "vollständig aufgegeben habe, betonte das US-Außenministerium.")
    assert set(rows["condition_type"].dropna()) == {"DENUCLEARIZATION_FIRST"}
    assert "DEMAND_SANCTIONS_RELIEF" not in set(rows["category"])


def test_a_condition_on_a_threat_triggers_it_and_is_no_precondition():
    rows = code_text("Pjöngjang drohte mit einem Gegenschlag, falls Washington an den Manövern "
                     "mit Südkorea festhalte.")
    assert ("DPRK", "THREAT") in pairs(rows)
    assert "PRECONDITION" not in set(rows["category"])
    assert ("DPRK", "SECURITY_GUARANTEE_DEMAND") in pairs(rows)


def test_a_threat_against_pressure_to_disarm_reveals_a_refusal_not_a_demand():
    rows = code_text("Kim drohte mit einem Abbruch der Gespräche, sollten die USA Nordkorea zur "
                     "Aufgabe seiner Atomwaffen zwingen wollen.")
    assert ("DPRK", "REFUSE_DENUCLEARIZATION") in pairs(rows)
    assert not {"DEMAND_DENUCLEARIZATION", "PRECONDITION"} & set(rows["category"])


def test_sanctions_kept_until_disarmament_are_maintained_not_a_precondition():
    rows = code_text("Die Strafmaßnahmen blieben bis zur vollständigen Abrüstung des Nordens "
                     "bestehen, erklärte das US-Finanzministerium.")
    assert {("USA", "MAINTAIN_SANCTIONS"), ("USA", "DEMAND_DENUCLEARIZATION")} <= pairs(rows)
    assert "PRECONDITION" not in set(rows["category"])
    assert set(rows["condition_type"].dropna()) == {"DENUCLEARIZATION_FIRST"}


def test_an_offer_put_off_by_erst_is_a_precondition_not_an_offer():
    rows = code_text("Nordkorea werde erst dann wieder verhandeln, wenn die USA ihre Truppen aus "
                     "dem Süden abgezogen hätten, teilte das Außenministerium in Pjöngjang mit.")
    assert ("DPRK", "PRECONDITION") in pairs(rows)
    assert not {"OFFER_TALKS", "REJECT_TALKS"} & set(rows["category"])


def test_an_offer_on_condition_without_erst_stays_an_offer():
    rows = code_text("Nordkorea sei nur dann zu Verhandlungen bereit, wenn die USA ihre Truppen "
                     "aus dem Süden abzögen, teilte das Außenministerium in Pjöngjang mit.")
    assert {("DPRK", "OFFER_TALKS"), ("DPRK", "PRECONDITION")} <= pairs(rows)


def test_davon_abhaengig_takes_the_dass_clause_as_the_condition():
    rows = code_text("Seoul machte weitere Hilfen davon abhängig, dass Pjöngjang zuvor seine "
                     "Atomanlagen stilllegt.")
    condition = rows[rows.category == "PRECONDITION"].iloc[0]
    assert condition["condition"].startswith("dass Pjöngjang zuvor")
    assert condition["actor"] == "ROK"


def test_solange_with_a_persisting_policy_conditions_talks_only():
    talks = code_text("Gespräche werde es nicht geben, solange die Sanktionen fortbestehen, "
                      "sagte Kim Yo Jong.")
    build_up = code_text("Nordkorea werde sein Atomarsenal vergrößern, solange die Sanktionen "
                         "fortbestehen, sagte Kim Yo Jong.")
    assert "PRECONDITION" in set(talks["category"])
    assert "PRECONDITION" not in set(build_up["category"])
    assert "DEMAND_SANCTIONS_RELIEF" in set(build_up["category"])


def test_what_an_actor_gives_in_an_exchange_is_not_its_demand():
    rows = code_text("Pjöngjang verlangte die Aufhebung einiger Sanktionen im Austausch gegen die "
                     "Schließung seiner wichtigsten Atomanlage.")
    assert {("DPRK", "DEMAND_SANCTIONS_RELIEF"), ("DPRK", "FLEXIBILITY")} <= pairs(rows)
    assert "DEMAND_DENUCLEARIZATION" not in set(rows["category"])


# --- words and clauses ------------------------------------------------------------------------


def test_an_event_noun_that_only_says_when_is_no_offer_of_talks():
    rows = code_text("Nach dem Gipfeltreffen kündigte Trump an, die Zölle auf Stahl zu senken.")
    assert "OFFER_TALKS" not in set(rows["category"])


def test_a_particle_before_und_closes_its_verb():
    rows = code_text("Kim sagte das geplante Treffen mit Moon ab und reiste nach Moskau.")
    assert ("DPRK", "REJECT_TALKS") in pairs(rows)


def test_a_comma_between_adjectives_does_not_cut_the_clause():
    rows = code_text("Washington hält an den harten, international abgestimmten Sanktionen fest.")
    assert ("USA", "MAINTAIN_SANCTIONS") in pairs(rows)


def test_a_negation_closing_a_main_clause_negates_its_verb():
    rows = code_text("Von neuen Verhandlungen mit Washington halte Pjöngjang gar nichts, sagte "
                     "Kim Yo Jong.")
    assert ("DPRK", "REJECT_TALKS") in pairs(rows)


def test_a_closing_negation_does_not_reach_a_noun_phrase_cue():
    rows = code_text("Die guten Beziehungen zu Trump reichten nicht aus, sagte Kim Yo Jong.")
    assert ("DPRK", "PRAISE_RELATIONSHIP") in pairs(rows)


def test_a_verb_whose_object_is_another_noun_does_not_act_on_the_sanctions():
    rows = code_text("Neue Sanktionen würden die Spannungen nur verschärfen, sagte Chinas "
                     "Außenminister Wang Yi.")
    assert "MAINTAIN_SANCTIONS" not in set(rows["category"])


def test_a_semicolon_separates_two_statements():
    rows = code_text("Die USA sagten Südkorea neue Abfangraketen zu; Japan verzichtet seinerseits "
                     "auf eigene Mittelstreckenraketen.")
    assert "FLEXIBILITY" not in set(rows.loc[rows.actor == "USA", "category"])


# --- actors, targets, speech, tense ---------------------------------------------------------


def test_a_relative_clause_takes_the_agent_of_its_antecedent():
    rows = code_text("China blockierte einen von den USA vorgelegten Entwurf, der neue Sanktionen "
                     "gegen Nordkorea vorsah.")
    assert pairs(rows) == {("USA", "MAINTAIN_SANCTIONS")}


def test_a_proposal_belongs_to_the_proposer_even_in_its_while_clause():
    rows = code_text("Russland regte an, Nordkorea solle seine Raketentests aussetzen, während "
                     "die USA im Gegenzug ihre Manöver verkleinerten.")
    assert {("RUS", "FLEXIBILITY"), ("RUS", "SECURITY_GUARANTEE_DEMAND")} <= pairs(rows)
    assert not {"USA", "DPRK"} & set(rows["actor"])


def test_the_subject_of_a_demand_is_the_claimant_not_the_owner_of_the_sanctions():
    rows = code_text("Japans Regierungschef verlangte eine strikte Durchsetzung der UN-Sanktionen.")
    assert pairs(rows) == {("JPN", "MAINTAIN_SANCTIONS")}


def test_praise_needs_the_other_side_named():
    own = code_text("Kim Jong Un lobte die Wissenschaftler für den erfolgreichen Start.")
    other = code_text("Kim Jong Un lobte Trump für seinen Mut.")
    assert "PRAISE_RELATIONSHIP" not in set(own["category"])
    assert ("DPRK", "PRAISE_RELATIONSHIP") in pairs(other)


def test_an_adverbial_clause_in_the_pluperfect_does_not_make_the_news_background():
    rows = code_text("Die USA haben am Freitag neue Sanktionen verhängt, nachdem Pjöngjang im "
                     "Mai eine Rakete getestet hatte.", published="2022-06-04")
    assert set(rows["tense"]) == {"current"}


def test_each_clause_keeps_its_own_actor(claims):
    rows = claims_on(claims, "Nachdem Nordkorea sein Desinteresse")
    assert pairs(rows) == {("DPRK", "REJECT_TALKS"), ("USA", "OFFER_TALKS")}


def test_sanctions_named_by_their_owner_are_claims_of_that_owner(claims):
    rows = claims_on(claims, "UN-Sanktionen sowie zusätzlichen US-Sanktionen")
    assert pairs(rows) == {("UN", "MAINTAIN_SANCTIONS"), ("USA", "MAINTAIN_SANCTIONS")}


def test_the_speaker_owns_the_claims_of_a_quotation(claims):
    rows = claims_on(claims, "Wir hoffen weiter")
    assert pairs(rows) == {("USA", "OFFER_TALKS"), ("USA", "NO_PRECONDITIONS")}
    assert set(rows["speech"]) == {"direct"}


def test_the_target_is_the_other_side_by_default(claims):
    assert set(claims.loc[claims.actor == "DPRK", "target"]) <= {"USA", "ROK", "JPN"}
    assert set(claims.loc[claims.actor == "UN", "target"]) == {"DPRK"}


def test_pluperfect_recall_is_background(claims):
    rows = claims_on(claims, "abgestuften Herangehensweise")
    assert set(rows["tense"]) == {"background"}


def test_last_week_is_current_news_even_in_the_pluperfect(claims):
    rows = claims_on(claims, "in der vergangenen Woche angekündigt")
    assert set(rows["tense"]) == {"current"}


def test_a_month_before_publication_is_background(claims):
    rows = claims_on(claims, "Zuletzt hatte Trump im August")
    assert set(rows["tense"]) == {"background"}


def test_speculation_reports_no_claim(claims):
    assert claims_on(claims, "widersprach zugleich Spekulationen").empty


# --- baseline -------------------------------------------------------------------------------


def test_the_keyword_baseline_falls_into_the_vorbedingung_trap(sentences):
    chosen = sentences[sentences["text"].str.contains("Gespräche ohne Vorbedingungen angeboten")]
    plain = code_keywords(chosen)
    assert "PRECONDITION" in set(plain["category"])
    assert "PRECONDITION" not in set(code_positions(chosen)["category"])


# --- tables for the notebooks ----------------------------------------------------------------


def test_claims_per_article_counts_every_claim(claims):
    table = claims_per_article(claims)
    assert table["total"].sum() == len(claims)
    assert set(table.index) == set(claims["article_id"])


def test_actor_category_matrix_has_one_row_per_date_and_actor(claims):
    matrix = actor_category_matrix(claims)
    assert matrix.to_numpy().sum() == len(claims)
    assert matrix.index.names == ["published", "actor"]


def test_evidence_table_filters_by_actor_and_category(claims):
    table = evidence_table(claims, actor="DPRK", category="REFUSE_DENUCLEARIZATION")
    assert tuple(table.columns) == EVIDENCE_COLUMNS
    assert len(table) and set(table["actor"]) == {"DPRK"}
    assert table["published"].is_monotonic_increasing


# --- free text and the command line ----------------------------------------------------------

# Written by the developers for this test (not from any news source).
UNSEEN_ARTICLE = """Pjöngjang stellt Bedingungen für neue Gespräche

Nordkorea hat sich grundsätzlich zu neuen Verhandlungen mit den Vereinigten Staaten bereit \
erklärt. Voraussetzung sei jedoch, dass Washington die gemeinsamen Manöver mit Südkorea \
beende, teilte das Außenministerium in Pjöngjang am Dienstag mit.

Die US-Regierung wies die Forderung zurück. Man werde an den Sanktionen festhalten, bis \
Nordkorea sein Atomprogramm aufgebe, sagte ein Sprecher des Außenministeriums in Washington.
"""


def test_code_text_codes_an_unseen_german_article():
    rows = code_text(UNSEEN_ARTICLE, published="2023-03-14")
    assert tuple(rows.columns) == CLAIM_COLUMNS
    assert {("DPRK", "OFFER_TALKS"), ("DPRK", "PRECONDITION"),
            ("DPRK", "SECURITY_GUARANTEE_DEMAND"), ("USA", "MAINTAIN_SANCTIONS"),
            ("USA", "DEMAND_DENUCLEARIZATION")} <= pairs(rows)
    security = rows[rows.category == "SECURITY_GUARANTEE_DEMAND"].iloc[0]
    assert security["condition_type"] == "SECURITY_GUARANTEES"


def test_code_text_rejects_an_empty_text():
    with pytest.raises(PositionsError, match="empty"):
        code_text("   ")


def test_the_code_command_prints_a_table(tmp_path: Path, capsys):
    path = tmp_path / "artikel.txt"
    path.write_text(UNSEEN_ARTICLE, encoding="utf-8")
    assert main(["code", str(path), "--published", "2023-03-14"]) == 0
    output = capsys.readouterr().out
    assert "OFFER_TALKS" in output and "SECURITY_GUARANTEE_DEMAND" in output


def test_the_code_command_writes_csv_with_every_column(tmp_path: Path, capsys):
    path = tmp_path / "artikel.txt"
    path.write_text(UNSEEN_ARTICLE, encoding="utf-8")
    assert main(["code", str(path), "--csv"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert tuple(table.columns) == CLAIM_COLUMNS
    assert len(table) == len(code_text(UNSEEN_ARTICLE))


def test_the_code_command_names_a_missing_file_and_the_fix(tmp_path: Path, capsys):
    assert main(["code", str(tmp_path / "fehlt.txt")]) == 2
    assert "no such file. Fix:" in capsys.readouterr().err


def test_the_code_command_rejects_a_malformed_date(tmp_path: Path):
    path = tmp_path / "artikel.txt"
    path.write_text(UNSEEN_ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["code", str(path), "--published", "14.03.2023"])


# --- generality: sentences written by the developers ----------------------------------------


class Case(NamedTuple):
    text: str
    actor: str | None
    expected: set[str]
    excluded: set[str]


# AUTHORED BY THE DEVELOPERS, not taken from any news report, in the style of German agency
# copy with varied wording. Each case: the categories that must be coded, the categories that
# must not be, and the actor of the expected categories (None: any). Written in three batches
# before the coder saw them; at first sight it coded 22/30, 15/20 and 12/15 fully right (49/65);
# the cues were then generalised (lemmas, verb-final windows, "kein-" scope, genitive owners),
# never by quoting these sentences.
DEVELOPER_SENTENCES: list[Case] = [
    Case("Das Außenministerium in Pjöngjang erklärte sich am Montag zu direkten Verhandlungen "
         "mit Washington bereit.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Die Regierung in Washington schlug Nordkorea ein Treffen auf Ebene der Außenminister"
         " vor.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Nordkorea hat das Gesprächsangebot der USA als Täuschungsmanöver abgelehnt.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Ein Sprecher des Außenministeriums in Pjöngjang sagte, man sehe derzeit keinen Sinn "
         "in neuen Gesprächen mit Washington.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("US-Außenminister Antony Blinken bekräftigte, Washington sei zu einem Dialog ohne "
         "jede Vorbedingung bereit.",
         "USA", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Pjöngjang werde erst dann an den Verhandlungstisch zurückkehren, wenn Washington "
         "seine feindselige Politik aufgebe, hieß es in einer Erklärung aus Nordkorea.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"REJECT_TALKS"}),
    Case("Das Weiße Haus verlangte von Nordkorea die vollständige und überprüfbare Aufgabe "
         "seines Atomwaffenprogramms.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Kim Jong Un bekräftigte, sein Land werde seine Nuklearwaffen unter keinen Umständen "
         "abgeben.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die nordkoreanische Führung forderte erneut die Lockerung der internationalen "
         "Strafmaßnahmen.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Washington kündigte neue Sanktionen gegen nordkoreanische Banken und Reedereien an.",
         "USA", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    # Expectation changed with the convention of corpus/annotations/README.md: "bis" on
    # sanctions states how long they are kept (MAINTAIN_SANCTIONS), not a PRECONDITION.
    Case("Die Sanktionen bleiben in Kraft, bis Nordkorea konkrete Abrüstungsschritte "
         "unternimmt, sagte der US-Präsident.",
         "USA",
         {"DEMAND_DENUCLEARIZATION", "MAINTAIN_SANCTIONS"},
         {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}),
    Case("Nordkorea verlangt ein Ende der gemeinsamen Militärübungen der USA und Südkoreas.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Pjöngjang drohte mit einer harten militärischen Antwort auf die Manöver.",
         "DPRK", {"THREAT"}, set()),
    Case("Die USA zeigten sich kompromissbereit und stellten eine schrittweise Lockerung der "
         "Sanktionen in Aussicht.",
         "USA", {"FLEXIBILITY"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Trump lobte Kim als klugen und verlässlichen Partner.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Nordkorea lehnt es ab, über sein Raketenprogramm zu verhandeln.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"OFFER_TALKS"}),
    Case("Die Atomwaffen Nordkoreas stünden nicht zur Disposition, betonte die nordkoreanische"
         " Regierung.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, set()),
    Case("Seoul und Washington boten Pjöngjang Gespräche an, sofern das Regime seine "
         "Raketentests einstelle.",
         "USA", {"OFFER_TALKS", "PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Die USA bestehen weiterhin auf einer kompletten Denuklearisierung der koreanischen "
         "Halbinsel.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Nordkorea bezeichnete die Forderung nach atomarer Abrüstung als unrealistisch.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    # Changed: "erst wenn" puts the talks off until then; that is a precondition, not an offer
    # (the held-out convention: "erst wieder aufnehmen, wenn ..." is not OFFER_TALKS).
    Case("Erst wenn die USA ihre Truppen aus Südkorea abziehen, sei man zu Gesprächen bereit, "
         "sagte ein Sprecher der nordkoreanischen Regierung.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"REJECT_TALKS"}),
    Case("Das Treffen zwischen Trump und Kim fand in der entmilitarisierten Zone statt.",
         None, set(), {"OFFER_TALKS", "PRAISE_RELATIONSHIP"}),
    Case("Die Gespräche in Stockholm endeten nach wenigen Stunden ohne Ergebnis.",
         None, set(), {"NO_PRECONDITIONS", "OFFER_TALKS", "PRECONDITION"}),
    Case("Der nordkoreanische Machthaber nannte seine Beziehung zu Trump ausgezeichnet.",
         "DPRK", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Pjöngjang sei nicht an einem Gipfeltreffen interessiert, solange die Sanktionen "
         "bestehen, hieß es aus Nordkorea.",
         "DPRK",
         {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"},
         {"MAINTAIN_SANCTIONS", "OFFER_TALKS"}),
    Case("Die Vereinigten Staaten warnten Pjöngjang vor schwerwiegenden Konsequenzen im Falle "
         "eines weiteren Atomtests.",
         "USA", {"THREAT"}, set()),
    Case("Nordkorea schlug vor, im Gegenzug für ein Ende der Manöver seine Atomtests "
         "auszusetzen.",
         "DPRK", {"FLEXIBILITY"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Washington sei bereit, die Sanktionen schrittweise zu lockern, wenn Pjöngjang "
         "nachprüfbare Schritte unternehme, sagte ein US-Diplomat.",
         "USA", {"FLEXIBILITY", "PRECONDITION"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Präsident Moon rief Nordkorea auf, an den Verhandlungstisch zurückzukehren.",
         "ROK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Kim ließ erklären, Gespräche mit den USA seien sinnlos, solange diese an ihrer "
         "feindlichen Politik festhielten.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"OFFER_TALKS"}),
    Case("Nordkorea signalisierte Bereitschaft zu einem neuen Gipfel mit dem amerikanischen "
         "Präsidenten.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Der Sondergesandte der USA lud Vertreter Nordkoreas zu Gesprächen nach Genf ein.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Pjöngjang wies die Einladung zu Verhandlungen in Stockholm brüsk zurück.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die nordkoreanische Vizeaußenministerin erklärte, ihr Land habe kein Interesse an "
         "einem weiteren Treffen mit Trump.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die Regierung in Washington machte die Aufhebung der Sanktionen von einer "
         "vollständigen Denuklearisierung abhängig.",
         "USA", {"DEMAND_DENUCLEARIZATION", "PRECONDITION"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Nordkorea werde sein Atomarsenal weiter ausbauen, kündigte Kim Jong Un auf einem "
         "Parteitag an.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Pjöngjang bestand auf einer raschen Aufhebung der Wirtschaftssanktionen.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Das US-Finanzministerium verhängte neue Strafmaßnahmen gegen nordkoreanische "
         "Unternehmen.",
         "USA", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Die Vereinten Nationen verschärften ihre Sanktionen gegen Nordkorea nach dem "
         "jüngsten Raketentest.",
         "UN", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Nordkorea forderte einen Friedensvertrag mit den Vereinigten Staaten.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Die nordkoreanische Armee drohte den USA mit einem vernichtenden Gegenschlag.",
         "DPRK", {"THREAT"}, set()),
    Case("Trump sagte, die USA seien zu Kompromissen bereit.",
         "USA", {"FLEXIBILITY"}, set()),
    Case("Kim Jong Un bedankte sich bei Trump für einen freundlichen Brief.",
         "DPRK", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Nordkorea werde niemals über seine Atomwaffen verhandeln, sagte Kim Yo Jong.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"OFFER_TALKS", "REJECT_TALKS"}),
    Case("Die USA seien bereit, ohne Vorbedingungen mit Nordkorea zu sprechen, sagte ein "
         "Sprecher des Außenministeriums in Washington.",
         "USA", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Bevor es Gespräche geben könne, müsse Pjöngjang seine Raketentests einstellen, "
         "erklärte das Weiße Haus.",
         "USA", {"PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Nordkorea kündigte an, keine weiteren Gespräche mit Südkorea zu führen.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die Beziehungen zwischen Washington und Pjöngjang gelten als äußerst angespannt.",
         None, set(), {"PRAISE_RELATIONSHIP"}),
    Case("Im Jahr 2018 trafen sich Trump und Kim erstmals in Singapur.",
         None, set(), {"OFFER_TALKS"}),
    # Changed like the "bis" case: a condition on keeping sanctions is their term.
    Case("Washington lehnt eine Lockerung der Sanktionen ab, solange Nordkorea keine "
         "Abrüstungsschritte unternimmt.",
         "USA", {"MAINTAIN_SANCTIONS", "DEMAND_DENUCLEARIZATION"},
         {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}),
    Case("Südkoreas Präsident bot dem Norden Gespräche auf Regierungsebene an.",
         "ROK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Nordkorea ließ die Frist für eine Antwort auf das amerikanische Gesprächsangebot "
         "verstreichen und schwieg.",
         None, set(), {"REJECT_TALKS"}),
    Case("Der nordkoreanische Machthaber schloss Verhandlungen über sein Atomwaffenarsenal "
         "kategorisch aus.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"OFFER_TALKS"}),
    Case("Die USA und Südkorea wollen ihre gemeinsamen Militärübungen trotz der Warnungen aus "
         "Pjöngjang fortsetzen.",
         None, set(), {"SECURITY_GUARANTEE_DEMAND"}),
    Case("Nordkorea werde auf Provokationen mit aller Härte reagieren, drohte die staatliche "
         "Nachrichtenagentur KCNA.",
         "DPRK", {"THREAT"}, set()),
    Case("Washington erwartet von Pjöngjang konkrete Schritte zur Abrüstung, bevor es weitere "
         "Gipfeltreffen geben kann.",
         "USA", {"DEMAND_DENUCLEARIZATION", "PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Kim Jong Un sagte, er sei offen für ein weiteres Treffen mit dem US-Präsidenten, "
         "falls die USA ihre Haltung änderten.",
         "DPRK", {"OFFER_TALKS", "PRECONDITION"}, {"REJECT_TALKS"}),
    Case("China forderte die Vereinigten Staaten auf, die Sanktionen gegen Nordkorea zu "
         "lockern.",
         "CHN", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Der US-Präsident lobte das gute Verhältnis zu Kim und sprach von einer besonderen "
         "Freundschaft.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Nordkorea hat eine schrittweise Denuklearisierung im Austausch gegen "
         "Sicherheitsgarantien vorgeschlagen.",
         "DPRK", {"FLEXIBILITY"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Die Regierung in Seoul sprach sich dafür aus, die Gespräche mit dem Norden ohne "
         "Vorbedingungen wieder aufzunehmen.",
         "ROK", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Pjöngjang hat die Forderung der USA nach einer Offenlegung seiner Atomanlagen "
         "zurückgewiesen.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, set()),
    # Changed: relief only later ("erst aufgehoben, wenn") keeps the sanctions until then.
    Case("Die Sanktionen würden erst aufgehoben, wenn Nordkorea sein Atomprogramm vollständig "
         "aufgegeben habe, betonte das US-Außenministerium.",
         "USA", {"DEMAND_DENUCLEARIZATION", "MAINTAIN_SANCTIONS"},
         {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}),
    Case("Über das Atomprogramm werde nicht verhandelt, hieß es in der Erklärung aus "
         "Pjöngjang.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"OFFER_TALKS"}),
    Case("Nordkorea feuerte am Morgen zwei ballistische Raketen ins Japanische Meer.",
         None, set(), {"OFFER_TALKS", "THREAT"}),
]


# WRITTEN BY A HELPER WHILE GENERALISING THE CUES (four more batches, 130 sentences, none taken
# from a news source or the reference data). Each batch was written before the rules it tests
# were changed and run once as written: at first sight the coder got batch four 28/55, batch
# five 19/30, batch six 17/25 and batch seven 16/20 fully right (the rise is the measure of the
# generalisation). After each first run the cues were generalised by principle (lemma
# vocabularies, negation scope, condition roles, actor rules), never by quoting a sentence.

BATCH_FOUR: list[Case] = [
    Case("Nordkoreas Außenministerium wies am Freitag jede Form von Gesprächen mit Washington "
         "zurück.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("US-Präsident Trump sagte das geplante Treffen mit Kim kurzfristig ab.",
         "USA", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Pjöngjang erklärte den Dialog mit Seoul für beendet.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Kim Yo Jong nannte neue Verhandlungen mit den USA reine Zeitverschwendung.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Ein Gipfeltreffen mit Washington komme derzeit nicht infrage, hieß es aus Pjöngjang.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die Regierung in Seoul kündigte an, die Gespräche mit dem Norden auf Eis zu legen.",
         "ROK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Washington werde die Strafmaßnahmen gegen Pjöngjang weiter verschärfen, sagte ein "
         "Sprecher des Weißen Hauses.",
         "USA", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Der UN-Sicherheitsrat billigte einstimmig ein neues Sanktionspaket gegen Nordkorea.",
         "UN", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Das US-Finanzministerium setzte mehrere nordkoreanische Reedereien auf seine schwarze "
         "Liste.",
         "USA", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Japan kündigte an, die eigenen Sanktionen gegen Nordkorea um zwei Jahre zu verlängern.",
         "JPN", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Die USA würden den maximalen Druck auf Pjöngjang aufrechterhalten, bis das Regime "
         "abrüste, sagte Pompeo.",
         "USA", {"DEMAND_DENUCLEARIZATION", "MAINTAIN_SANCTIONS"}, {"PRECONDITION"}),
    Case("Die Sanktionen würden erst nach einer vollständigen Denuklearisierung gelockert, "
         "betonte das US-Außenministerium.",
         "USA", {"DEMAND_DENUCLEARIZATION", "MAINTAIN_SANCTIONS"},
         {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}),
    Case("Nordkorea verlangte erneut, die gegen das Land verhängten Strafmaßnahmen aufzuheben.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Russland sprach sich im Sicherheitsrat für eine Lockerung der Sanktionen gegen "
         "Pjöngjang aus.",
         "RUS", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("China plädierte dafür, die Strafmaßnahmen gegen Nordkorea zu überprüfen und teilweise "
         "aufzuheben.",
         "CHN", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Kim Jong Un verlangte von Washington ein Ende der gemeinsamen Manöver mit Südkorea.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Pjöngjang fordert einen Friedensvertrag, der den Koreakrieg formell beendet.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Nordkorea bestehe auf dem Abzug der amerikanischen Truppen aus Südkorea, erklärte "
         "KCNA.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Die USA müssten ihre feindselige Politik aufgeben, bevor es Gespräche geben könne, "
         "erklärte Kim Yo Jong.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"REJECT_TALKS"}),
    Case("Nordkorea werde nur dann an den Verhandlungstisch zurückkehren, wenn die Vereinigten "
         "Staaten ihre Militärübungen mit Südkorea einstellen.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"REJECT_TALKS"}),
    Case("US-Außenminister Blinken erklärte, Washington strebe weiterhin die vollständige "
         "Denuklearisierung Nordkoreas an.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Südkorea und Japan bekräftigten ihre Forderung, Nordkorea müsse sein Atomprogramm "
         "vollständig abbauen.",
         "ROK", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Pjöngjang werde sein Nukleararsenal niemals zur Verhandlungsmasse machen, sagte Kim.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Pjöngjang betonte, ein Verzicht auf Atomwaffen komme für das Land nicht in Frage.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Kim Jong Un kündigte an, die Produktion von Atomsprengköpfen massiv zu steigern.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die Denuklearisierung sei eine Illusion, erklärte Kim Yo Jong.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Kim drohte mit einem atomaren Erstschlag gegen die Vereinigten Staaten.",
         "DPRK", {"THREAT"}, set()),
    Case("Trump warnte Pjöngjang, jede weitere Provokation werde schwere Konsequenzen haben.",
         "USA", {"THREAT"}, set()),
    Case("Nordkorea kündigte an, sich nicht länger an das Moratorium für Atomtests gebunden zu "
         "fühlen.",
         "DPRK", {"THREAT"}, {"FLEXIBILITY"}),
    Case("Alle US-Stützpunkte in der Region lägen in Reichweite nordkoreanischer Raketen, sagte "
         "ein Armeesprecher in Pjöngjang.",
         "DPRK", {"THREAT"}, set()),
    Case("Die USA würden auf jeden Angriff mit überwältigender Gewalt antworten, warnte "
         "Verteidigungsminister Mattis.",
         "USA", {"THREAT"}, set()),
    Case("Die USA deuteten an, im Gegenzug für konkrete Abrüstungsschritte einzelne Sanktionen "
         "auszusetzen.",
         "USA", {"FLEXIBILITY"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Pjöngjang zeigte sich zu Zugeständnissen bei seinem Raketenprogramm bereit.",
         "DPRK", {"FLEXIBILITY"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Kim sagte zu, die Raketentests für die Dauer der Gespräche einzustellen.",
         "DPRK", {"FLEXIBILITY"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Washington sicherte Pjöngjang Sicherheitsgarantien zu, falls das Land abrüste.",
         "USA", {"FLEXIBILITY", "PRECONDITION"}, {"SECURITY_GUARANTEE_DEMAND"}),
    Case("Die Vereinigten Staaten setzen die geplanten Großmanöver mit Südkorea vorerst aus, "
         "teilte das Pentagon mit.",
         "USA", {"FLEXIBILITY"}, {"SECURITY_GUARANTEE_DEMAND"}),
    Case("Trump schwärmte von seiner engen Freundschaft mit Kim Jong Un.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Kim Jong Un würdigte Trump in einem Brief als mutigen Staatsmann.",
         "DPRK", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Der US-Präsident lobte Kim Jong Un für seine Besonnenheit.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Washington sei jederzeit zu einem Treffen mit Vertretern Pjöngjangs bereit, sagte der "
         "US-Sonderbeauftragte.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Pjöngjang signalisierte Interesse an einer Wiederaufnahme der Verhandlungen mit den "
         "USA.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Südkoreas Präsident warb für eine rasche Rückkehr an den Verhandlungstisch.",
         "ROK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Die USA sind nach Angaben des Außenministeriums bereit, mit Nordkorea ohne jede "
         "Vorbedingung zu reden.",
         "USA", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Washington werde nicht ohne Vorbedingungen mit Pjöngjang verhandeln, sagte ein "
         "Sprecher des Außenministeriums.",
         "USA", {"PRECONDITION"}, {"NO_PRECONDITIONS"}),
    Case("Pjöngjang lud den südkoreanischen Präsidenten zu einem Gipfel in die nordkoreanische "
         "Hauptstadt ein.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Nordkorea lehne einseitige Abrüstungsschritte weiterhin ab, sagte der Botschafter in "
         "Genf.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea hat am Dienstag erneut eine ballistische Rakete getestet.",
         None, set(), {"REFUSE_DENUCLEARIZATION", "THREAT"}),
    Case("Die Wirtschaftsleistung Nordkoreas schrumpfte im vergangenen Jahr wegen der Sanktionen"
         " deutlich.",
         None, set(), {"MAINTAIN_SANCTIONS"}),
    Case("Kim Jong Un besuchte am Wochenende eine Munitionsfabrik im Norden des Landes.",
         None, set(), {"OFFER_TALKS", "THREAT"}),
    Case("Russland und China blockierten im Sicherheitsrat neue Strafmaßnahmen gegen Nordkorea.",
         None, set(), {"MAINTAIN_SANCTIONS"}),
    Case("Bei dem Treffen in Hanoi sprachen beide Seiten über eine mögliche Aufhebung der "
         "Sanktionen.",
         None, set(), {"DEMAND_SANCTIONS_RELIEF", "OFFER_TALKS"}),
    Case("Nach dem Gipfel kündigte Kim an, die Wirtschaft des Landes zu modernisieren.",
         None, set(), {"OFFER_TALKS"}),
    Case("Die Gespräche würden erst wieder aufgenommen, wenn Washington seine Sanktionen "
         "lockere, erklärte Kim Yo Jong.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}, {"OFFER_TALKS", "REJECT_TALKS"}),
    Case("Pjöngjang drohte, die Gespräche abzubrechen, falls Washington an seinen Forderungen "
         "festhalte.",
         "DPRK", {"THREAT"}, {"PRECONDITION"}),
    Case("Trump drohte Nordkorea mit massiven Militärschlägen, sollte Pjöngjang einen weiteren "
         "Atomtest wagen.",
         "USA", {"THREAT"}, {"PRECONDITION"}),
]


BATCH_FIVE: list[Case] = [
    Case("Ein Sprecher des Außenministeriums in Pjöngjang betonte, man sei jederzeit zu einem "
         "Dialog mit Washington auf Augenhöhe bereit.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Kim Yo Jong ließ wissen, Pjöngjang habe an Gesprächen mit Seoul nicht das geringste "
         "Interesse.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Der nordkoreanische Chefunterhändler brach die Arbeitsgespräche in Stockholm nach "
         "wenigen Stunden ab.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Washington machte eine Lockerung der Strafmaßnahmen davon abhängig, dass Pjöngjang "
         "zuvor sein Atomprogramm offenlegt.",
         "USA", {"PRECONDITION"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Seoul sei bereit, ohne jegliche Vorbedingungen mit dem Norden zu verhandeln, sagte "
         "Präsident Moon Jae-in.",
         "ROK", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Die Vereinigten Staaten forderten Pjöngjang auf, sein Nuklearprogramm vollständig, "
         "überprüfbar und unumkehrbar aufzugeben.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Nordkoreas Atomwaffen seien nicht verhandelbar und würden das Land für immer schützen,"
         " erklärte die KCNA.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Pjöngjang verlangte eine schrittweise Aufhebung der Strafmaßnahmen als Gegenleistung "
         "für erste Abrüstungsschritte.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF", "FLEXIBILITY"},
         {"DEMAND_DENUCLEARIZATION", "MAINTAIN_SANCTIONS"}),
    Case("Das US-Finanzministerium belegte drei chinesische Firmen wegen Geschäften mit "
         "Nordkorea mit Sanktionen.",
         "USA", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Nordkorea verlangt den Rückzug der rund 28.500 in Südkorea stationierten US-Soldaten.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Pjöngjang drohte Seoul mit einer gnadenlosen Vergeltung für die Propagandaflugblätter.",
         "DPRK", {"THREAT"}, set()),
    Case("Trump erklärte, Nordkorea werde mit Feuer und Zorn konfrontiert, sollte es Amerika "
         "erneut provozieren.",
         "USA", {"THREAT"}, {"PRECONDITION"}),
    Case("Das Weiße Haus zeigte Offenheit für einen stufenweisen Abbau der Sanktionen.",
         "USA", {"FLEXIBILITY"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Kim Jong Un lobte den US-Präsidenten in einem Schreiben für dessen Entschlossenheit.",
         "DPRK", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Trump sprach von einer sehr guten Beziehung zu Kim Jong Un.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Japan und Südkorea kündigten an, ihre Sanktionen gegen Pjöngjang auszuweiten.",
         "JPN", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Peking rief alle Seiten zur Zurückhaltung auf und warb für eine Rückkehr zu den Sechs-"
         "Parteien-Gesprächen.",
         "CHN", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Kim Jong Un bezeichnete die Forderung nach einer Denuklearisierung als Versuch, "
         "Nordkorea zu entwaffnen.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die nordkoreanische Armee kündigte an, alle Militärabkommen mit dem Süden nicht länger"
         " einzuhalten.",
         "DPRK", {"THREAT"}, {"FLEXIBILITY"}),
    Case("Eine Begegnung mit Kim sei erst denkbar, sobald Pjöngjang konkrete Abrüstungsschritte "
         "vorweise, sagte Pompeo.",
         "USA", {"DEMAND_DENUCLEARIZATION", "PRECONDITION"}, {"OFFER_TALKS", "REJECT_TALKS"}),
    Case("Nordkorea forderte die Vereinigten Staaten auf, ihre strategischen Bomber aus der "
         "Region abzuziehen.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Die UN-Vetomächte Russland und China forderten eine Lockerung der Sanktionen gegen "
         "Nordkorea.",
         "RUS", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Nordkorea werde seinen Atomstatus unter keinen Umständen aufgeben, sagte Kim Yo Jong.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Im Gegenzug für die Aussetzung der Manöver sei Nordkorea bereit, auf weitere Atomtests"
         " zu verzichten, hieß es in Pjöngjang.",
         "DPRK", {"FLEXIBILITY"}, {"PRECONDITION", "REFUSE_DENUCLEARIZATION"}),
    Case("Die südkoreanische Regierung stellte dem Norden umfangreiche Wirtschaftshilfe in "
         "Aussicht, falls er sein Atomprogramm aufgibt.",
         "ROK", {"PRECONDITION"}, set()),
    Case("Nach seiner Rückkehr aus Singapur sagte Trump, von Nordkorea gehe keine atomare "
         "Bedrohung mehr aus.",
         None, set(), {"SECURITY_GUARANTEE_DEMAND", "THREAT"}),
    Case("Beim Treffen der Außenminister in Bangkok wurden keine Fortschritte erzielt.",
         None, set(), {"OFFER_TALKS", "REJECT_TALKS"}),
    Case("Die Zahl der Überläufer aus Nordkorea ist im vergangenen Jahr deutlich gesunken.",
         None, set(), {"OFFER_TALKS"}),
    Case("Der UN-Sicherheitsrat berät am Montag über den jüngsten Raketentest Nordkoreas.",
         None, set(), {"MAINTAIN_SANCTIONS", "THREAT"}),
    Case("Kim Jong Un schrieb Trump, er hoffe auf ein baldiges Wiedersehen.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
]


BATCH_SIX: list[Case] = [
    Case("Von Gesprächen mit den Vereinigten Staaten halte man in Pjöngjang derzeit nichts, "
         "sagte Kim Yo Jong.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die US-Regierung bot Nordkorea erneut direkte Gespräche an, ohne dafür Bedingungen zu "
         "stellen.",
         "USA", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Nordkorea werde sich nur dann an einen Tisch setzen, wenn die Sanktionen aufgehoben "
         "seien, erklärte das Außenministerium in Pjöngjang.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF", "PRECONDITION"}, {"MAINTAIN_SANCTIONS"}),
    Case("Präsident Biden bekräftigte das Ziel einer atomwaffenfreien koreanischen Halbinsel.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Das nordkoreanische Parlament schrieb den Status als Atommacht in die Verfassung.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die Regierung in Pjöngjang verlangte, die Strafmaßnahmen des Sicherheitsrats "
         "unverzüglich aufzuheben.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Die Europäische Union verhängte weitere Strafmaßnahmen gegen Pjöngjang.",
         None, {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Pjöngjang verlangt von Seoul den Verzicht auf gemeinsame Übungen mit den US-"
         "Streitkräften.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Nordkorea werde jeden Angriff mit einem vernichtenden Schlag beantworten, hieß es in "
         "einer Erklärung der Armee.",
         "DPRK", {"THREAT"}, set()),
    Case("Washington signalisierte die Bereitschaft, über eine Lockerung einzelner Sanktionen zu"
         " reden.",
         "USA", {"FLEXIBILITY"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Trump nannte Kim einen klugen Verhandlungspartner, mit dem er sich gut verstehe.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Die Gespräche zwischen beiden Seiten seien auf unbestimmte Zeit ausgesetzt, teilte "
         "Pjöngjang mit.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Der Norden müsse zuerst seine Raketentests einstellen, bevor über Hilfen gesprochen "
         "werden könne, sagte Südkoreas Präsident.",
         "ROK", {"PRECONDITION"}, {"OFFER_TALKS"}),
    Case("Nordkorea ist nach eigenen Angaben zu einem Verzicht auf Atomwaffen nicht bereit.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION", "FLEXIBILITY"}),
    Case("Japan bekräftigte, an den Sanktionen gegen Nordkorea festzuhalten, bis die Frage der "
         "Entführten gelöst sei.",
         "JPN", {"MAINTAIN_SANCTIONS"}, {"PRECONDITION"}),
    Case("Trump sagte, er würde sich sehr gerne erneut mit Kim treffen.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Kim Jong Un sagte, Nordkorea werde seine nukleare Abschreckung weiter stärken.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die USA drohten Pjöngjang mit weiteren Sanktionen, falls es einen siebten Atomtest "
         "durchführe.",
         "USA", {"THREAT"}, {"PRECONDITION"}),
    Case("Pjöngjang wirft Washington vor, mit den Manövern einen Angriff vorzubereiten.",
         None, set(), {"OFFER_TALKS", "PRAISE_RELATIONSHIP"}),
    Case("Die beiden Staatschefs unterzeichneten eine Erklärung zur Verbesserung der "
         "Beziehungen.",
         None, set(), {"REJECT_TALKS", "THREAT"}),
    Case("Der Konflikt um das nordkoreanische Atomprogramm schwelt seit Jahrzehnten.",
         None, set(), {"DEMAND_DENUCLEARIZATION", "REFUSE_DENUCLEARIZATION"}),
    Case("Südkorea bot dem Norden an, die Lautsprecherbeschallung an der Grenze einzustellen, "
         "wenn Pjöngjang seinerseits die Ballonaktionen beende.",
         "ROK", {"FLEXIBILITY", "PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Ohne eine Rückkehr zu Verhandlungen drohe eine weitere Eskalation, warnte der UN-"
         "Generalsekretär.",
         None, set(), {"NO_PRECONDITIONS", "REJECT_TALKS"}),
    Case("Nordkorea sei zu Gesprächen über Rüstungskontrolle bereit, nicht aber über seine "
         "Abrüstung, sagte Kim Yo Jong.",
         "DPRK", {"OFFER_TALKS", "REFUSE_DENUCLEARIZATION"}, {"REJECT_TALKS"}),
    Case("Die chinesische Regierung rief Washington und Pjöngjang zu neuen Gesprächen auf.",
         "CHN", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
]

BATCH_SEVEN: list[Case] = [
    Case("Das Weiße Haus erklärte, man strebe weiterhin einen Dialog mit Pjöngjang an.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Pjöngjang wies den Vorschlag Seouls für Militärgespräche an der Grenze zurück.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die USA seien zu Verhandlungen bereit, sobald Nordkorea seine Raketentests einstelle, "
         "sagte Außenminister Pompeo.",
         "USA", {"OFFER_TALKS", "PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Ein Gespräch mit Trump sei ohne jede Bedingung möglich, ließ Kim Jong Un ausrichten.",
         "DPRK", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Die G7-Außenminister verlangten von Nordkorea die vollständige Aufgabe seiner "
         "Massenvernichtungswaffen.",
         None, {"DEMAND_DENUCLEARIZATION"}, set()),
    Case("Kim Jong Un nannte die Atomwaffen das Schwert der Nation, das niemals aus der Hand "
         "gegeben werde.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea verlangte von den Vereinten Nationen die Aufhebung der Sanktionen gegen "
         "seine Textilexporte.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Washington werde den wirtschaftlichen Druck auf Pjöngjang weiter erhöhen, kündigte "
         "Finanzminister Mnuchin an.",
         "USA", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Pjöngjang fordert ein Ende der Stationierung amerikanischer Atom-U-Boote in Südkorea.",
         "DPRK", {"SECURITY_GUARANTEE_DEMAND"}, set()),
    Case("Kim Yo Jong warnte Seoul vor einer schrecklichen Antwort auf weitere Flugblätter.",
         "DPRK", {"THREAT"}, set()),
    Case("Die USA zeigten sich bereit, auf Teile der geplanten Manöver zu verzichten.",
         "USA", {"FLEXIBILITY"}, {"SECURITY_GUARANTEE_DEMAND"}),
    Case("Kim bedankte sich in einem Brief an Trump für dessen Glückwünsche zum Geburtstag.",
         "DPRK", {"PRAISE_RELATIONSHIP"}, set()),
    Case("Nordkorea schloss jede Denuklearisierung kategorisch aus.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Präsident Yoon bot Nordkorea umfangreiche Wirtschaftshilfe an, sollte das Land den Weg"
         " der Denuklearisierung einschlagen.",
         "ROK", {"DEMAND_DENUCLEARIZATION", "PRECONDITION"}, set()),
    Case("Nordkorea testete am Montag eine neue Feststoffrakete.",
         None, set(), {"REFUSE_DENUCLEARIZATION", "THREAT"}),
    Case("Der Gipfel in Hanoi endete vorzeitig und ohne gemeinsame Abschlusserklärung.",
         None, set(), {"OFFER_TALKS", "PRAISE_RELATIONSHIP"}),
    Case("Die Sanktionen gegen Nordkorea gelten als die schärfsten, die je gegen ein Land "
         "verhängt wurden.",
         None, set(), {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Trump sagte, Kim und er hätten eine wirklich gute Chemie.",
         "USA", {"PRAISE_RELATIONSHIP"}, set()),
    Case("China lehnte neue Strafmaßnahmen gegen Nordkorea im Sicherheitsrat ab.",
         None, set(), {"MAINTAIN_SANCTIONS"}),
    Case("Pjöngjang erklärte, es werde nicht über seine Atomwaffen reden, solange die USA ihre "
         "Truppen in Südkorea belassen.",
         "DPRK", {"PRECONDITION", "REFUSE_DENUCLEARIZATION", "SECURITY_GUARANTEE_DEMAND"}, set()),
]


def _case_result(case: Case) -> tuple[bool, str]:
    rows = code_text(case.text, published="2020-01-15")
    coded = set(rows["category"])
    actors = set(rows.loc[rows["category"].isin(case.expected), "actor"].dropna())
    good = case.expected <= coded and not case.excluded & coded and (
        case.actor is None or case.actor in actors)
    return good, f"{case.text[:60]}... coded {sorted(pairs(rows))}"


def test_the_developer_sentences_cover_every_category():
    covered = set().union(*(case.expected for case in DEVELOPER_SENTENCES))
    assert len(DEVELOPER_SENTENCES) >= 20
    assert len(covered) == 12


def test_the_coder_generalises_to_sentences_written_by_the_developers():
    results = [_case_result(case) for case in DEVELOPER_SENTENCES]
    failures = [message for good, message in results if not good]
    share = 1 - len(failures) / len(results)
    assert share >= 0.9, failures


HELPER_SENTENCES = BATCH_FOUR + BATCH_FIVE + BATCH_SIX + BATCH_SEVEN


def test_the_helper_sentences_cover_every_category_and_plain_reports():
    covered = set().union(*(case.expected for case in HELPER_SENTENCES))
    assert len(HELPER_SENTENCES) >= 100
    assert len(covered) == 12
    assert sum(1 for case in HELPER_SENTENCES if not case.expected) >= 10


@pytest.mark.parametrize("batch", [BATCH_FOUR, BATCH_FIVE, BATCH_SIX, BATCH_SEVEN],
                         ids=["batch_four", "batch_five", "batch_six", "batch_seven"])
def test_the_coder_generalises_to_each_batch_of_helper_sentences(batch):
    results = [_case_result(case) for case in batch]
    failures = [message for good, message in results if not good]
    share = 1 - len(failures) / len(results)
    assert share >= 0.9, failures


# Batch eight, written by the developers before the rules for these categories were broadened
# (first-run pass rates, each batch run as written before that category's rules changed:
# THREAT 4/11, REJECT_TALKS 4/11, MAINTAIN_SANCTIONS 4/10, REFUSE_DENUCLEARIZATION 7/10,
# OFFER_TALKS 5/10, PRECONDITION 6/12, DEMAND_DENUCLEARIZATION 8/11,
# DEMAND_SANCTIONS_RELIEF 5/10). The remaining failures are mostly claimants the actor lexicon
# does not yet name ("das Regime", "der Norden", an unnamed "Außenministerium").
BATCH_EIGHT_THREAT: list[Case] = [
    Case("Pjöngjang drohte, die amerikanischen Stützpunkte in der Region in Schutt und Asche zu "
         "legen.", "DPRK", {"THREAT"}, set()),
    Case("Die Armee werde auf jede Provokation mit entschlossenen Gegenmaßnahmen reagieren, hieß "
         "es in Pjöngjang.", "DPRK", {"THREAT"}, set()),
    Case("Washington schließe auch eine militärische Option nicht aus, sagte "
         "Verteidigungsminister Mattis.", "USA", {"THREAT"}, set()),
    Case("Kim Yo Jong warnte, Südkorea werde einen hohen Preis für die Flugblätter zahlen.",
         "DPRK", {"THREAT"}, set()),
    Case("Nordkorea werde der Aufrüstung der USA nicht tatenlos zuschauen, erklärte das "
         "Verteidigungsministerium.", "DPRK", {"THREAT"}, set()),
    Case("Trump drohte, Nordkorea mit Feuer und Wut zu überziehen.", "USA", {"THREAT"}, set()),
    Case("Das Regime kündigte an, seine Atomwaffen notfalls auch präventiv einzusetzen.",
         "DPRK", {"THREAT"}, set()),
    Case("Die USA würden Nordkorea auslöschen, falls es Guam angreife, sagte ein Sprecher des "
         "Pentagons.", "USA", {"THREAT"}, {"PRECONDITION"}),
    Case("Pjöngjang stellte den USA ein Ultimatum bis zum Jahresende.", "DPRK", {"THREAT"},
         set()),
    Case("Sämtliche Optionen blieben auf dem Tisch, bekräftigte der amerikanische Außenminister.",
         "USA", {"THREAT"}, set()),
    Case("Der Norden werde Seoul in ein Flammenmeer verwandeln, verkündete die staatliche "
         "Nachrichtenagentur.", "DPRK", {"THREAT"}, set()),
]

BATCH_EIGHT_REJECT_TALKS: list[Case] = [
    Case("Für Verhandlungen mit Washington sei die Zeit abgelaufen, sagte ein Sprecher in "
         "Pjöngjang.", "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Trump nannte weitere Gespräche mit Pjöngjang reine Zeitverschwendung.",
         "USA", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Nordkorea zeigte kein Interesse an einem neuen Treffen mit US-Vertretern.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Pjöngjang ließ die Gesprächsangebote aus Washington unbeantwortet.",
         "DPRK", {"REJECT_TALKS"}, set()),
    Case("Kim Yo Jong sagte, ihr Land brauche keine Gespräche mit den Amerikanern.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Es werde keine Verhandlungen mit den USA mehr geben, erklärte das Außenministerium in "
         "Pjöngjang.", "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Mit der Regierung in Seoul werde man sich nie wieder an einen Tisch setzen, hieß es aus"
         " Pjöngjang.", "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Nordkorea ignorierte die Kontaktversuche der amerikanischen Diplomaten.",
         "DPRK", {"REJECT_TALKS"}, set()),
    Case("Das Außenministerium bezeichnete neue Gespräche mit den USA als nutzlos.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die Vereinigten Staaten sähen derzeit keinen Sinn in einem Gipfel mit Kim, sagte ein "
         "Regierungssprecher.", "USA", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Nordkorea habe Interesse an weiteren Gesprächen, sagte der Botschafter.",
         "DPRK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
]

BATCH_EIGHT_MAINTAIN_SANCTIONS: list[Case] = [
    Case("Das US-Finanzministerium setzte drei chinesische Firmen auf seine schwarze Liste, weil"
         " sie mit Nordkorea handelten.", "USA", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Washington will Banken, die Geschäfte mit Pjöngjang machen, vom Zahlungsverkehr in "
         "Dollar abschneiden.", "USA", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Der Sicherheitsrat begrenzte die Einfuhr von Rohöl nach Nordkorea.",
         "UN", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Japan verlängerte sein Handelsembargo gegen Nordkorea um zwei weitere Jahre.",
         "JPN", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Die USA froren die Konten mehrerer nordkoreanischer Funktionäre ein.",
         "USA", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Eine neue Expertengruppe soll die Umsetzung der Sanktionen gegen Pjöngjang überwachen.",
         None, {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Südkorea verhängte ein Einreiseverbot gegen nordkoreanische Funktionäre.",
         "ROK", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Der UN-Sicherheitsrat verbot die Ausfuhr von Kohle und Eisenerz aus Nordkorea.",
         "UN", {"MAINTAIN_SANCTIONS"}, set()),
    Case("Die EU kündigte an, die Strafmaßnahmen gegen Pjöngjang zu verschärfen.",
         None, {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Die USA bekräftigten, den Druck auf Nordkorea aufrechtzuerhalten.",
         "USA", {"MAINTAIN_SANCTIONS"}, set()),
]

BATCH_EIGHT_REFUSE_DENUCLEARIZATION: list[Case] = [
    Case("Eine Denuklearisierung stehe nicht mehr auf der Tagesordnung, erklärte Pjöngjang.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea werde niemals auf seine Atomwaffen verzichten, sagte Kim.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Über das Atomprogramm werde nicht verhandelt, betonte das Außenministerium in "
         "Pjöngjang.", "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Die Atomwaffen seien nicht verhandelbar, sagte Kim Yo Jong.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Pjöngjang bezeichnete seinen Status als Atommacht als unumkehrbar.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea wies die Forderung nach nuklearer Abrüstung als absurd zurück.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Das Thema Denuklearisierung sei vom Tisch, sagte der nordkoreanische Botschafter.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Kim erklärte, sein Land werde die Atomstreitmacht exponentiell ausbauen.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Eine Abgabe der Atomwaffen komme für Pjöngjang nicht in Frage.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea lehnte eine einseitige Abrüstung ab.",
         "DPRK", {"REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
]

BATCH_EIGHT_OFFER_TALKS: list[Case] = [
    Case("Ein Treffen mit Biden sei nur dann möglich, wenn Washington die Manöver beende, sagte "
         "Kim Yo Jong.", "DPRK", {"PRECONDITION"}, {"OFFER_TALKS"}),
    Case("Verhandlungen kämen für Pjöngjang nur in Frage, wenn die Sanktionen fielen.",
         "DPRK", {"PRECONDITION"}, {"OFFER_TALKS"}),
    Case("Nordkorea bot an, die Anlage in Yongbyon stillzulegen.",
         "DPRK", {"FLEXIBILITY"}, {"OFFER_TALKS"}),
    Case("Trump kündigte an, erneut auf Kim zuzugehen.", "USA", {"OFFER_TALKS"},
         {"REJECT_TALKS"}),
    Case("Seoul streckte Pjöngjang erneut die Hand aus und schlug Gespräche vor.",
         "ROK", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Die USA seien jederzeit gesprächsbereit, sagte Außenminister Blinken.",
         "USA", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Ein Gipfel sei nur denkbar, wenn Nordkorea zuvor seine Raketentests einstelle, sagte "
         "Pompeo.", "USA", {"PRECONDITION"}, {"OFFER_TALKS"}),
    Case("Der Dialog mit Washington sei sinnlos, erklärte Pjöngjang.",
         "DPRK", {"REJECT_TALKS"}, {"OFFER_TALKS"}),
    Case("Die Regierung in Tokio bemühe sich um ein Gipfeltreffen mit Kim, sagte "
         "Regierungschef Kishida.", "JPN", {"OFFER_TALKS"}, {"REJECT_TALKS"}),
    Case("Pjöngjang bot Seoul einen Austausch von Gefangenen an.", None, set(),
         {"OFFER_TALKS"}),
]

BATCH_EIGHT_PRECONDITION: list[Case] = [
    Case("Ohne ein Ende der Manöver werde es keine neuen Gespräche geben, erklärte Pjöngjang.",
         "DPRK", {"PRECONDITION", "SECURITY_GUARANTEE_DEMAND"}, {"REJECT_TALKS"}),
    Case("Ohne konkrete Abrüstungsschritte des Nordens werde es kein Gipfeltreffen geben, sagte "
         "Pompeo.", "USA", {"PRECONDITION"}, {"REJECT_TALKS", "OFFER_TALKS"}),
    Case("Nordkorea setze sich erst dann an den Verhandlungstisch, wenn die Sanktionen fielen, "
         "sagte der Botschafter.", "DPRK", {"PRECONDITION", "DEMAND_SANCTIONS_RELIEF"},
         {"OFFER_TALKS"}),
    Case("Voraussetzung für ein Treffen sei, dass Pjöngjang seine Raketentests einstelle, sagte "
         "Blinken.", "USA", {"PRECONDITION"}, {"NO_PRECONDITIONS"}),
    Case("Die USA machten neue Gespräche von einem Stopp der Atomtests abhängig.",
         "USA", {"PRECONDITION"}, {"NO_PRECONDITIONS"}),
    Case("Kim Yo Jong sagte, ein Dialog sei nur möglich, wenn Seoul die Flugblätter stoppe.",
         "DPRK", {"PRECONDITION"}, {"OFFER_TALKS"}),
    Case("Solange die Manöver andauerten, werde Pjöngjang nicht verhandeln, hieß es aus dem "
         "Außenministerium.", "DPRK", {"PRECONDITION"}, {"REJECT_TALKS"}),
    Case("Trump erklärte, er werde Kim nur treffen, wenn Nordkorea zuvor ernsthafte Schritte zur "
         "Abrüstung unternehme.", "USA", {"PRECONDITION", "DEMAND_DENUCLEARIZATION"}, set()),
    Case("Eine Rückkehr an den Verhandlungstisch setze voraus, dass Washington seine feindselige "
         "Politik aufgebe, erklärte Pjöngjang.", "DPRK", {"PRECONDITION"}, set()),
    Case("Ohne vorherige Aufhebung der Strafmaßnahmen werde Nordkorea keine Verhandlungen führen,"
         " sagte der Vizeaußenminister.", "DPRK", {"PRECONDITION", "DEMAND_SANCTIONS_RELIEF"},
         {"REJECT_TALKS"}),
    Case("Ohne Vorbedingungen sei Washington zu Gesprächen bereit, sagte Blinken.",
         "USA", {"NO_PRECONDITIONS", "OFFER_TALKS"}, {"PRECONDITION"}),
    Case("Ohne Fortschritte endete das Treffen der Unterhändler in Stockholm.",
         None, set(), {"PRECONDITION", "REJECT_TALKS"}),
]

BATCH_EIGHT_DEMAND_DENUCLEARIZATION: list[Case] = [
    Case("Pjöngjang warf Washington vor, mit seinen Forderungen nach Denuklearisierung die "
         "Gespräche zu blockieren.", None, set(), {"DEMAND_DENUCLEARIZATION"}),
    Case("Nordkorea bot im Gegenzug an, seine Atomanlage in Yongbyon zu schließen.",
         "DPRK", {"FLEXIBILITY"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Sollten die USA Nordkorea zur einseitigen Abrüstung zwingen wollen, werde Pjöngjang "
         "nicht verhandeln, sagte Kim.", "DPRK", {"REFUSE_DENUCLEARIZATION"},
         {"DEMAND_DENUCLEARIZATION"}),
    Case("Blinken forderte Nordkorea auf, sein Atomprogramm vollständig und überprüfbar "
         "aufzugeben.", "USA", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Die Außenminister der G7 bekräftigten ihr Ziel einer atomwaffenfreien koreanischen "
         "Halbinsel.", None, {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Japan besteht auf einer vollständigen, überprüfbaren und unumkehrbaren Abrüstung "
         "Nordkoreas.", "JPN", {"DEMAND_DENUCLEARIZATION"}, {"REFUSE_DENUCLEARIZATION"}),
    Case("Der UN-Sicherheitsrat verlangte von Pjöngjang, alle Atomtests einzustellen und sein "
         "Arsenal abzubauen.", "UN", {"DEMAND_DENUCLEARIZATION"}, set()),
    Case("Gespräche seien nur denkbar, wenn Washington Nordkorea als Atommacht anerkenne; über "
         "Abrüstung rede man nicht, sagte Kim Yo Jong.", "DPRK",
         {"PRECONDITION", "REFUSE_DENUCLEARIZATION"}, {"DEMAND_DENUCLEARIZATION"}),
    Case("Südkorea pocht weiterhin auf eine atomwaffenfreie Halbinsel.",
         "ROK", {"DEMAND_DENUCLEARIZATION"}, set()),
    Case("Pjöngjang kritisierte die amerikanische Forderung nach einer nuklearen Abrüstung als "
         "Anmaßung.", None, set(), {"DEMAND_DENUCLEARIZATION"}),
    Case("Washington dringt darauf, dass Pjöngjang seine Raketen- und Atomprogramme beendet.",
         "USA", {"DEMAND_DENUCLEARIZATION"}, set()),
]

BATCH_EIGHT_DEMAND_SANCTIONS_RELIEF: list[Case] = [
    Case("Russland und China brachten einen Resolutionsentwurf ein, der die Aufhebung einiger "
         "Sanktionen vorsieht.", "RUS", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Moskau hält die Strafmaßnahmen gegen Pjöngjang für überholt und will sie überprüfen "
         "lassen.", "RUS", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Peking sprach sich für eine Lockerung der Sanktionen aus.",
         "CHN", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Nordkorea verlangte, die Strafmaßnahmen müssten fallen.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Pjöngjang forderte ein Ende des Embargos.", "DPRK", {"DEMAND_SANCTIONS_RELIEF"},
         {"MAINTAIN_SANCTIONS"}),
    Case("Die Sanktionen müssten endlich aufgehoben werden, sagte Kim Jong Un.",
         "DPRK", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Kim Yo Jong sagte, Nordkorea gehe es nicht mehr um eine Lockerung der Sanktionen.",
         None, set(), {"DEMAND_SANCTIONS_RELIEF", "MAINTAIN_SANCTIONS"}),
    Case("Der russische Botschafter nannte die Sanktionen gegen Nordkorea sinnlos und "
         "kontraproduktiv.", "RUS", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
    Case("Die USA lehnten eine Lockerung der Sanktionen ab.",
         "USA", {"MAINTAIN_SANCTIONS"}, {"DEMAND_SANCTIONS_RELIEF"}),
    Case("Peking appellierte an den Sicherheitsrat, die Sanktionen zu überdenken.",
         "CHN", {"DEMAND_SANCTIONS_RELIEF"}, {"MAINTAIN_SANCTIONS"}),
]

BATCH_EIGHT = {
    "demand_sanctions_relief": BATCH_EIGHT_DEMAND_SANCTIONS_RELIEF,
    "demand_denuclearization": BATCH_EIGHT_DEMAND_DENUCLEARIZATION,
    "precondition": BATCH_EIGHT_PRECONDITION,
    "threat": BATCH_EIGHT_THREAT,
    "reject_talks": BATCH_EIGHT_REJECT_TALKS,
    "maintain_sanctions": BATCH_EIGHT_MAINTAIN_SANCTIONS,
    "refuse_denuclearization": BATCH_EIGHT_REFUSE_DENUCLEARIZATION,
    "offer_talks": BATCH_EIGHT_OFFER_TALKS,
}


@pytest.mark.parametrize("name", sorted(BATCH_EIGHT))
def test_the_coder_generalises_to_batch_eight_per_category(name):
    results = [_case_result(case) for case in BATCH_EIGHT[name]]
    failures = [message for good, message in results if not good]
    share = 1 - len(failures) / len(results)
    assert share >= 0.7, failures


def test_a_condition_restricts_only_the_statement_before_or_after_its_own_semicolon():
    rows = code_text("Nordkorea werde erst wieder verhandeln, wenn die Manöver enden; ein Treffen "
                     "mit Seoul lehne man ab, sagte Kim Yo Jong.", published="2020-01-15")
    assert {("DPRK", "PRECONDITION"), ("DPRK", "REJECT_TALKS")} <= pairs(rows)


def test_ohne_with_a_negated_outcome_is_a_precondition_not_a_refusal():
    rows = code_text("Ohne eine vorherige Lockerung der Sanktionen werde es keine Gespräche geben, "
                     "erklärte Pjöngjang.", published="2020-01-15")
    assert {("DPRK", "PRECONDITION"), ("DPRK", "DEMAND_SANCTIONS_RELIEF")} <= pairs(rows)
    assert "REJECT_TALKS" not in set(rows["category"])
