"""The command line of the validation loop: ``sample`` writes a blind sheet and its key;
``agree`` refuses a sheet with a bad cell, naming the row and storing nothing, and with
``--store`` keeps the human codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from loop_support import corpus_run

from korea_notes.__main__ import main
from korea_notes.sheets import fill_sheet, write_sheet
from korea_notes.sheets import sheet_rows as rows_of


@pytest.fixture(scope="module")
def run(articles):
    return corpus_run(articles)


@pytest.fixture
def sheet(tmp_path, capsys) -> Path:
    path = tmp_path / "coding" / "round1.xlsx"
    assert main(["sample", "--n", "40", "--out", str(path), "--human", str(tmp_path / "h")]) == 0
    capsys.readouterr()
    return path


def reference_copy(run, sheet: Path, name: str, bad: dict | None = None) -> Path:
    import pandas as pd

    table = pd.DataFrame([cells for _, cells in rows_of(sheet)])
    table["row"] = table["row"].astype(int)
    filled = fill_sheet(table, run.gold)
    for column, value in (bad or {}).items():
        filled.loc[2, column] = value
    return write_sheet(filled, sheet.with_name(name))


def test_sample_writes_the_sheet_and_its_key_and_says_what_it_drew(tmp_path, capsys):
    path = tmp_path / "round1.csv"
    assert main(["sample", "--n", "40", "--out", str(path)]) == 0
    out = capsys.readouterr().out
    assert "drew 40 of 80 sentences" in out and "blind" in out
    assert path.is_file() and (tmp_path / "round1.key.csv").is_file()


def test_sample_refuses_to_overwrite_a_sheet(sheet, capsys):
    assert main(["sample", "--n", "40", "--out", str(sheet)]) == 2
    assert "already exist" in capsys.readouterr().err


@pytest.mark.parametrize("bad, column", [
    ({"categories": "OFFER_TALK", "claimant": "DPRK"}, "categories"),
    ({"claimant": "USA, DPRK", "categories": "OFFER_TALKS"}, "claimant"),
    ({"sentence": "Ein anderer Satz.", "claimant": "", "target": "", "categories": "NONE",
      "condition_type": ""}, "sentence"),
], ids=["unknown category", "two claimants in one cell", "edited sentence"])
def test_agree_refuses_a_sheet_with_a_bad_cell_naming_the_row_and_stores_nothing(
        run, sheet, tmp_path, capsys, bad, column):
    human = tmp_path / "human"
    path = reference_copy(run, sheet, "round1_anna.xlsx", bad)
    assert main(["agree", str(path), "--store", "--human", str(human)]) == 1
    out = capsys.readouterr().out
    assert "refused, nothing read or stored" in out
    assert f"line 4 (row 3), {column}: " in out and "Fix: " in out
    assert not human.exists() or not any(human.iterdir())


def test_agree_reports_the_scores_and_stores_the_human_codes(run, sheet, tmp_path, capsys):
    human = tmp_path / "human"
    path = reference_copy(run, sheet, "round1_anna.xlsx")
    assert main(["agree", str(path), "--store", "--human", str(human)]) == 0
    out = capsys.readouterr().out
    for heading in ("the humans against the coder", "per category", "per period",
                    "every miss, false alarm", "corrected estimates"):
        assert heading in out
    assert "stored 40 human-coded sentences" in out
    assert [p.name for p in human.iterdir()] == ["round1.jsonl"]


def test_agree_with_two_coders_reports_their_agreement(run, sheet, capsys):
    first = reference_copy(run, sheet, "round1_anna.xlsx")
    second = reference_copy(run, sheet, "round1_ben.xlsx")
    assert main(["agree", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's alpha" in out and "all categories" in out


def test_agree_will_not_store_two_coders_without_an_adjudicated_sheet(run, sheet, capsys):
    first = reference_copy(run, sheet, "round1_anna.xlsx")
    second = reference_copy(run, sheet, "round1_ben.xlsx")
    assert main(["agree", str(first), str(second), "--store"]) == 2
    assert "--adjudicated" in capsys.readouterr().err
