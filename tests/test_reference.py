"""The reference sets live in the repository, are what their README says, and load in both
formats."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from korea_notes.reference import (
    REFERENCE_DIR,
    SENTENCE_SET_COLUMNS,
    load_sentence_set,
    reference_file,
    set_claims,
)

README = REFERENCE_DIR / "README.md"
ROW = re.compile(r"^\| `(?P<file>[\w.]+\.jsonl)` \| (?P<rows>\d+) \| .* "
                 r"\| `(?P<sha>[0-9a-f]{64})` \|$")


def readme_rows() -> dict[str, tuple[int, str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match["file"]] = (int(match["rows"]), match["sha"])
    return rows


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")


def test_every_reference_file_has_a_readme_entry():
    files = {path.name for path in REFERENCE_DIR.glob("*.jsonl")}
    assert files == set(readme_rows())


@pytest.mark.parametrize("name", sorted(readme_rows()))
def test_reference_file_is_the_one_its_readme_entry_describes(name):
    rows, sha = readme_rows()[name]
    data = (REFERENCE_DIR / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha
    assert sum(1 for line in data.decode("utf-8").splitlines() if line.strip()) == rows


@pytest.mark.parametrize("name", ["dev_sentences.jsonl", "dev_sentences_2.jsonl",
                                  "heldout_tune.jsonl", "heldout_tune2.jsonl",
                                  "heldout_test.jsonl"])
def test_every_sentence_set_loads_with_one_coded_row_per_record(name):
    path = REFERENCE_DIR / name
    records = len(path.read_text(encoding="utf-8").splitlines())
    frame = load_sentence_set(path)
    assert list(frame.columns) == list(SENTENCE_SET_COLUMNS)
    assert (frame["role"] == "coded").sum() == records
    assert frame["sentence_id"].is_unique


def test_a_context_sentence_comes_first_in_the_same_paragraph():
    frame = load_sentence_set(REFERENCE_DIR / "dev_sentences_2.jsonl")
    a002 = frame[frame["article_id"] == "a002"]
    assert list(a002["role"]) == ["context", "coded"]
    assert list(a002["sentence"]) == [0, 1]
    assert a002["text"].iloc[0].startswith("Kurz vor der Entscheidung über neue UN-Sanktionen")
    assert a002["claims"].iloc[0] == ()


def test_without_context_only_the_coded_sentences_remain():
    frame = load_sentence_set(REFERENCE_DIR / "dev_sentences_2.jsonl", context=False)
    assert (frame["role"] == "coded").all()
    assert len(frame) == 120


def test_claims_pair_actor_and_category_in_the_claims_format():
    frame = load_sentence_set(REFERENCE_DIR / "dev_sentences_2.jsonl")
    claims = set_claims(frame)
    a002 = claims[claims["article_id"] == "a002"]
    assert a002[["actor", "target", "category"]].values.tolist() == [["DPRK", "USA", "THREAT"]]


def test_a_record_with_several_actors_and_categories_is_not_paired():
    frame = load_sentence_set(REFERENCE_DIR / "heldout_tune.jsonl")
    several = frame[frame["actors"].map(len) > 1]
    assert len(several) > 0
    assert not several["paired"].any()
    assert (several["claims"].map(len) == 0).all()


def test_a_month_date_stands_for_the_first_of_the_month(tmp_path):
    path = tmp_path / "set.jsonl"
    write_jsonl(path, [{"id": "x1", "text": "Nordkorea droht.", "date": "2013-04",
                        "claims": []}])
    assert str(load_sentence_set(path)["published"].iloc[0].date()) == "2013-04-01"


@pytest.mark.parametrize("record, message", [
    ({"id": "x1", "text": "Ein Satz.", "date": "2013-04-01"}, r"line 2: neither 'claims'"),
    ({"id": "x1", "text": "Ein Satz.", "date": "April", "claims": []}, r"line 2: date 'April'"),
    ({"id": "x1", "text": "Ein Satz.", "date": "2013", "claims": [{"actor": "USA"}]},
     r"line 2: 'claims' must be a list"),
    ({"id": "x1", "text": "Ein Satz.", "date": "2013", "actors": [],
      "categories": ["THREAT"]}, r"line 2: categories \['THREAT'\] without an actor"),
    ({"text": "Ein Satz.", "date": "2013", "claims": []}, r"line 2: missing \['id'\]"),
])
def test_a_bad_record_is_refused_with_its_file_line_and_fix(tmp_path, record, message):
    path = tmp_path / "set.jsonl"
    good = {"id": "x0", "text": "Nordkorea droht.", "date": "2013", "claims": []}
    write_jsonl(path, [good, record])
    with pytest.raises(ValueError, match=message) as error:
        load_sentence_set(path)
    assert str(path) in str(error.value) and "Fix:" in str(error.value)


def test_a_line_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "x0", "text": "A.", "date": "2013", "claims": []}\n{oops\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2: not valid JSON"):
        load_sentence_set(path)


def test_a_missing_reference_file_names_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="Fix: pass the path"):
        reference_file("dev_sentences.jsonl", tmp_path / "nowhere.jsonl")
