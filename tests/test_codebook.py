"""The codebook (korea_notes/codebook.yml): its content, its validation and its editability."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from korea_notes.codebook import (
    CODEBOOK_FILE,
    CodebookError,
    codebook_table,
    condition_type_table,
    cue_table,
    load_codebook,
    pattern_literals,
)
from korea_notes.paths import PROJECT_DIR
from korea_notes.positions import code_positions

DESIGN_CATEGORIES = [
    "OFFER_TALKS", "REJECT_TALKS", "PRECONDITION", "NO_PRECONDITIONS", "DEMAND_DENUCLEARIZATION",
    "REFUSE_DENUCLEARIZATION", "DEMAND_SANCTIONS_RELIEF", "MAINTAIN_SANCTIONS",
    "SECURITY_GUARANTEE_DEMAND", "THREAT", "FLEXIBILITY", "PRAISE_RELATIONSHIP",
]
REFERENCE_FILES = [
    *sorted((PROJECT_DIR / "corpus" / "annotations").glob("*.jsonl")),
    *sorted((PROJECT_DIR / "tests" / "data").glob("*.jsonl")),
]


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = CODEBOOK_FILE.read_text(encoding="utf-8")
    assert old in text, "the test's anchor text is no longer in the codebook"
    path = tmp_path / "codebook.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _reference_texts() -> list[str]:
    texts = []
    for path in REFERENCE_FILES:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append(record.get("quote") or record.get("text") or "")
    return texts


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


# --- content --------------------------------------------------------------------------------


def test_codebook_has_the_twelve_categories_of_the_design_in_order():
    assert list(load_codebook().categories) == DESIGN_CATEGORIES


def test_every_category_documents_definition_mapping_examples_and_cues():
    table = codebook_table()
    assert list(table["category"]) == DESIGN_CATEGORIES
    for column in ("definition", "include", "exclude", "cameo", "plover", "example"):
        assert table[column].str.len().min() > 0, column
    assert table["n_cues"].min() >= 1


def test_the_issues_condition_types_are_in_the_lexicon():
    types = set(condition_type_table()["condition_type"])
    assert {"DENUCLEARIZATION_FIRST", "SANCTIONS_RELIEF_FIRST", "DROP_DENUCLEARIZATION_GOAL",
            "EMPOWERED_INTERLOCUTOR", "SECURITY_GUARANTEES", "CONCRETE_DISARMAMENT_AGENDA",
            "KEEP_PROMISES"} <= types


def test_the_issues_condition_markers_are_in_the_codebook():
    words = {literal for marker in load_codebook().markers for literal in marker.words.literals}
    assert {"wenn", "falls", "sollte", "solange", "bis", "bevor", "zunächst"} <= words


def test_cue_table_lists_every_cue_with_its_rule_name():
    table = cue_table()
    assert table["rule"].is_unique
    assert "OFFER_TALKS/offer_of_talks" in set(table["rule"])


def test_every_example_is_a_real_sentence_from_the_corpus_or_the_dev_set():
    sources = " ".join(_reference_texts())
    corpus = " ".join(path.read_text(encoding="utf-8")
                      for path in (PROJECT_DIR / "corpus" / "articles").glob("*.txt"))
    for category in load_codebook().categories.values():
        for example in category.examples:
            words = " ".join(_words(example["text"]))
            assert words in " ".join(_words(corpus)) or words in " ".join(_words(sources)), (
                category.name, example["text"])


# --- no pattern quotes the reference data ---------------------------------------------------


def test_no_pattern_copies_more_than_three_words_of_the_reference_data():
    reference_windows = set()
    for text in _reference_texts():
        words = _words(text)
        reference_windows.update(tuple(words[i:i + 4]) for i in range(len(words) - 3))
    copied = []
    for row in pattern_literals().itertuples(index=False):
        words = _words(row.text)
        for i in range(len(words) - 3):
            if tuple(words[i:i + 4]) in reference_windows:
                copied.append((row.where, " ".join(words[i:i + 4])))
    assert not copied, copied


def test_the_four_word_check_would_catch_a_copied_phrase(tmp_path):
    path = _broken_copy(tmp_path, '      - id: readiness_word\n',
                        '      - id: copied_phrase\n        all: ["hat den USA erstmals wieder"]\n'
                        '      - id: readiness_word\n')
    literals = pattern_literals(load_codebook(path))
    assert "hat den usa erstmals wieder" in " ".join(literals["text"]).casefold()


# --- validation on load ---------------------------------------------------------------------


def test_an_unknown_field_is_reported_with_file_category_and_fix(tmp_path):
    path = _broken_copy(tmp_path, "    cameo: \"036\"\n", "    cameo: \"036\"\n    colour: red\n")
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    message = str(error.value)
    assert "codebook.yml" in message and "OFFER_TALKS" in message
    assert "colour" in message and "Fix:" in message


def test_a_missing_field_is_reported(tmp_path):
    path = _broken_copy(tmp_path, "    plover: THREATEN\n", "")
    with pytest.raises(CodebookError, match=r"THREAT.*missing field 'plover'"):
        load_codebook(path)


def test_a_bad_regular_expression_is_reported_with_its_cue(tmp_path):
    path = _broken_copy(tmp_path, "'/desinteresse\\w*/'", "'/desinteresse(\\w*/'")
    with pytest.raises(CodebookError, match=r"REJECT_TALKS.*no_interest.*bad regular expression"):
        load_codebook(path)


def test_an_unknown_word_list_is_reported(tmp_path):
    path = _broken_copy(tmp_path, 'all: ["@READY_TO_TALK"]', 'all: ["@READY_TO_TALKS"]')
    with pytest.raises(CodebookError, match=r"unknown word list @READY_TO_TALKS"):
        load_codebook(path)


def test_a_negated_outcome_must_be_a_category_or_drop(tmp_path):
    path = _broken_copy(tmp_path, "    negated: REJECT_TALKS\n", "    negated: NO_TALKS\n")
    with pytest.raises(CodebookError, match=r"OFFER_TALKS > negated.*'NO_TALKS'"):
        load_codebook(path)


def test_all_problems_are_reported_at_once(tmp_path):
    path = _broken_copy(tmp_path, "    plover: THREATEN\n", "    plover: THREATEN\n    x: 1\n")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    negated: REJECT_TALKS\n", "    negated: NO_TALKS\n", 1), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"2 problem\(s\)"):
        load_codebook(path)


def test_invalid_yaml_names_the_file_and_asks_for_a_syntax_fix(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("categories: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"codebook.yml: not valid YAML"):
        load_codebook(path)


def test_an_unknown_condition_role_is_reported_with_its_category(tmp_path):
    path = _broken_copy(tmp_path, "    condition_role: trigger\n", "    condition_role: threat\n")
    with pytest.raises(CodebookError, match=r"THREAT > condition_role.*'threat'.*Fix"):
        load_codebook(path)


def test_an_unknown_category_implied_as_trigger_is_reported(tmp_path):
    path = _broken_copy(tmp_path, "    implies_as_trigger: REFUSE_DENUCLEARIZATION\n",
                        "    implies_as_trigger: REFUSE_DISARMAMENT\n")
    with pytest.raises(CodebookError, match=r"DENUCLEARIZATION_FIRST > implies_as_trigger"):
        load_codebook(path)


def test_a_cue_flag_must_be_true_or_false(tmp_path):
    path = _broken_copy(tmp_path, "        other_actor: true\n",
                        "        other_actor: yes please\n")
    with pytest.raises(CodebookError, match=r"praise_other_leader.*other_actor.*true or false"):
        load_codebook(path)


def test_lemma_corrections_must_map_word_forms_to_lemmas(tmp_path):
    path = _broken_copy(tmp_path, "  lemmas: {brach: brechen}\n", "  lemmas: [brach, brechen]\n")
    with pytest.raises(CodebookError, match=r"clauses > lemmas.*mapping"):
        load_codebook(path)


def test_an_unknown_clause_setting_is_reported(tmp_path):
    path = _broken_copy(tmp_path, "  coordinators: [", "  coordinator: [")
    with pytest.raises(CodebookError, match=r"clauses > coordinator.*unknown field"):
        load_codebook(path)


# --- pattern syntax -------------------------------------------------------------------------


def test_a_phrase_may_begin_with_a_regular_expression(tmp_path):
    codebook = load_codebook()
    status = codebook.vocabulary["NUCLEAR_STATUS"]
    assert any(len(phrase) == 2 for phrase in status.phrases)


def test_an_exact_form_term_does_not_match_other_forms_of_the_lemma(tmp_path):
    codebook = load_codebook()
    first_step = next(m for m in codebook.markers if m.id == "first_step")
    assert first_step.words.fits("erst", {"erst"})
    assert not first_step.words.fits("ersten", {"ersten", "erst"})


# --- a researcher extends the codebook by editing the YAML alone ------------------------------


def test_a_new_category_added_in_yaml_appears_in_the_tables_and_is_coded(tmp_path):
    block = (
        "  HUMANITARIAN_AID:\n"
        "    definition: The actor offers food or medical aid.\n"
        "    include: Offers of food, medicine or vaccines.\n"
        "    exclude: Aid demanded by the other side.\n"
        '    cameo: "073"\n'
        "    plover: AID\n"
        "    negated: drop\n"
        "    examples:\n"
        "      - text: Seoul bot dem Norden Lebensmittelhilfe an.\n"
        "        source: written for this test\n"
        "    cues:\n"
        "      - id: offer_aid\n"
        '        all: ["@WILLING", "/\\\\w*hilfe/"]\n'
        "\n"
        "condition_markers:\n")
    path = _broken_copy(tmp_path, "\ncondition_markers:\n", "\n" + block)
    codebook = load_codebook(path)
    assert "HUMANITARIAN_AID" in set(codebook_table(codebook)["category"])
    sentences = pd.DataFrame([{"article_id": "a", "sentence_id": "a/p00s00",
                               "text": "Seoul bot dem Norden Lebensmittelhilfe an."}])
    mentions = pd.DataFrame([{"sentence_id": "a/p00s00", "start": 0, "end": 5, "actor": "ROK"}])
    claims = code_positions(sentences, codebook, mentions)
    assert ("ROK", "HUMANITARIAN_AID") in set(zip(claims.actor, claims.category, strict=True))
