"""Coding again after a codebook edit: the claims are those of a full coding, and only the
sentences the edit can change are coded again (korea_notes.recoding)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

import korea_notes.positions as positions
from korea_notes.codebook import CODEBOOK_FILE, load_codebook
from korea_notes.cues import parse
from korea_notes.pipeline import PipelineCache, run_pipeline
from korea_notes.positions import code_positions
from korea_notes.recoding import CODING_COLUMNS, code_positions_reusing

NEW_CUE = """\
      - id: test_sanctions
        all: ["@SANCTION"]
"""

def _moved_first(section: str, name: str):
    """An edit that moves entry ``name`` of the mapping ``section`` to its top."""
    def edit(text: str) -> str:
        data = yaml.safe_load(text)
        entries = data[section]
        data[section] = {name: entries[name], **{k: v for k, v in entries.items() if k != name}}
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return edit


EDITS = {
    "a cue added": lambda text: text.replace("\n    cues:\n", "\n    cues:\n" + NEW_CUE, 1),
    "a cue's window changed": lambda text: text.replace(
        'all: ["@WILLING", "@TALK"]\n        window: 12',
        'all: ["@WILLING", "@TALK"]\n        window: 5', 1),
    "a cue removed": lambda text: re.sub(r"      - id: offer_of_talks\n(        .*\n)+", "", text,
                                         count=1),
    "a vocabulary entry widened": lambda text: text.replace(
        "MEET: [treffen, Treffen,", "MEET: [treffen, Treffen, Stelldichein,", 1),
    "a category moved to the top": _moved_first("categories", "PRECONDITION"),
}
CHANGING_CLAIMS = ("a cue added", "a cue removed", "a category moved to the top")
"""Edits known to change claims of the corpus (so that reusing old claims would be wrong)."""


@pytest.fixture(scope="module")
def tables():
    return run_pipeline(workers=1, cache=None, progress=False)


@pytest.fixture(scope="module")
def coded(tables):
    """The corpus coded with the committed codebook: claims and coding table."""
    return code_positions_reusing(tables["attributed"], tables["mentions"])


def edited_codebook(tmp_path, edit):
    text = CODEBOOK_FILE.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, "the edit did not apply to the codebook"
    path = tmp_path / "codebook.yml"
    path.write_text(changed, encoding="utf-8")
    return load_codebook(path)


class Counting:
    """Counts the sentences coded (not taken from the previous run)."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = positions._sentence_rows

        def counted(*args, **kwargs):
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(positions, "_sentence_rows", counted)


def test_claims_are_those_of_code_positions(tables, coded):
    expected = code_positions(tables["attributed"], mentions=tables["mentions"])
    pd.testing.assert_frame_equal(coded[0], expected)


def test_the_coding_table_has_one_row_per_sentence_in_order(tables, coded):
    coding = coded[1]
    assert tuple(coding.columns) == CODING_COLUMNS
    assert coding["sentence_id"].tolist() == tables["attributed"]["sentence_id"].tolist()
    assert coding["coding_key"].str.fullmatch(r"[0-9a-f]{64}|").all()


def test_an_unchanged_codebook_codes_only_the_sentences_without_a_key(tables, coded,
                                                                       monkeypatch):
    counting = Counting(monkeypatch)
    claims, coding = code_positions_reusing(tables["attributed"], tables["mentions"], *coded)
    pd.testing.assert_frame_equal(claims, coded[0])
    pd.testing.assert_frame_equal(coding, coded[1])
    assert counting.count == int((coded[1]["coding_key"] == "").sum())


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_an_edit_the_claims_are_those_of_a_full_coding(tables, coded, tmp_path, edit):
    codebook = edited_codebook(tmp_path, EDITS[edit])
    claims, _ = code_positions_reusing(tables["attributed"], tables["mentions"], *coded,
                                       codebook=codebook)
    expected = code_positions(tables["attributed"], codebook, tables["mentions"])
    pd.testing.assert_frame_equal(claims, expected)
    if edit in CHANGING_CLAIMS:
        assert not expected.equals(coded[0]), "the edit changed no claim of the corpus"


def test_an_added_cue_codes_again_only_the_sentences_where_it_may_fire(tables, coded, tmp_path,
                                                                      monkeypatch):
    codebook = edited_codebook(tmp_path, EDITS["a cue added"])
    cue = next(cue for cue in codebook.category_cues if cue.id == "test_sanctions")
    may_fire = {sentence for sentence, text in zip(
        tables["attributed"]["sentence_id"], tables["attributed"]["text"], strict=True)
        if cue in parse(text, codebook).possible_cues(codebook.category_cues)}
    without_key = set(coded[1].loc[coded[1]["coding_key"] == "", "sentence_id"])
    counting = Counting(monkeypatch)
    code_positions_reusing(tables["attributed"], tables["mentions"], *coded, codebook=codebook)
    assert 0 < len(may_fire) < len(tables["attributed"]) / 2
    assert counting.count == len(may_fire | without_key)


def test_an_edit_outside_the_cues_codes_every_sentence_again(tables, coded, tmp_path):
    codebook = edited_codebook(tmp_path, EDITS["a vocabulary entry widened"])
    _, coding = code_positions_reusing(tables["attributed"], tables["mentions"], *coded,
                                       codebook=codebook)
    keyed = coding["coding_key"] != ""
    assert not set(coding.loc[keyed, "coding_key"]) & set(coded[1]["coding_key"])


def test_the_order_of_condition_types_is_part_of_every_key(tables, coded, tmp_path):
    first = list(load_codebook().condition_types)[-1]
    codebook = edited_codebook(tmp_path, _moved_first("condition_types", first))
    _, coding = code_positions_reusing(tables["attributed"], tables["mentions"],
                                       codebook=codebook)
    keyed = coding["coding_key"] != ""
    assert not set(coding.loc[keyed, "coding_key"]) & set(coded[1]["coding_key"])


def test_a_sentence_opening_with_andernfalls_has_no_key():
    sentence = pd.DataFrame({
        "article_id": ["a", "a"], "sentence_id": ["a-1", "a-2"], "published": pd.NaT,
        "text": ["Nordkorea fordert ein Ende der Sanktionen.",
                 "Andernfalls werde man die Tests fortsetzen."]})
    _, coding = code_positions_reusing(sentence)
    assert coding["coding_key"].tolist()[1] == ""
    assert coding["coding_key"].tolist()[0] != ""


def test_the_key_holds_what_the_coder_reads_of_the_sentence(tables, coded):
    attributed = tables["attributed"].copy()
    first = attributed.index[0]
    attributed.loc[first, "actor"] = "JPN" if attributed.loc[first, "actor"] != "JPN" else "CHN"
    _, coding = code_positions_reusing(attributed, tables["mentions"])
    changed = coding["coding_key"] != coded[1]["coding_key"]
    assert changed.tolist() == [True] + [False] * (len(coding) - 1)


def test_a_streamed_run_after_an_edit_gives_the_claims_of_the_edited_codebook(
        tmp_path, monkeypatch):
    from korea_notes import codebook as codebook_module
    from korea_notes.dependencies import Dependencies
    from korea_notes.stages import key

    before = run_pipeline(workers=1, cache=None, progress=False)
    cache = PipelineCache(tmp_path / "cache")
    run_pipeline(workers=1, cache=cache, progress=False, partition_size=2)
    edited = edited_codebook(tmp_path, EDITS["a cue added"])
    monkeypatch.setattr(codebook_module, "CODEBOOK_FILE", edited.path)
    original = Dependencies.fingerprint
    monkeypatch.setattr(Dependencies, "fingerprint", lambda self: key(original(self), "edited")
                        if "codebook.yml" in self.data else original(self))
    counting = Counting(monkeypatch)
    again = run_pipeline(workers=1, cache=cache, progress=False, partition_size=2)
    coded_again = counting.count
    in_memory = run_pipeline(workers=1, cache=None, progress=False)
    pd.testing.assert_frame_equal(again["claims"], in_memory["claims"])
    assert not again["claims"].equals(before["claims"]), "the edit changed no claim"
    assert 0 < coded_again < len(in_memory["attributed"]) / 2
