"""Filled coding sheets read back: the codes a person wrote, or a refusal naming every bad
cell with its line, sample row, column and fix."""

from __future__ import annotations

import pandas as pd
import pytest
from loop_support import corpus_run, drawn, filled

from korea_notes.sampling import read_key
from korea_notes.sheets import NONE_CODE, SheetError, read_sheet, write_sheet


@pytest.fixture(scope="module")
def run(articles):
    return corpus_run(articles)


@pytest.fixture
def drawn_sample(run, tmp_path):
    sample, _ = drawn(run, tmp_path)
    return sample


def problems_of(path, sample):
    with pytest.raises(SheetError) as caught:
        read_sheet(path, sample)
    return caught.value.problems


def test_a_sheet_filled_and_read_back_gives_the_codes_it_was_filled_with(run, drawn_sample,
                                                                         tmp_path):
    _, path = filled(run, drawn_sample, tmp_path / "round1_ref.xlsx")
    codes = read_sheet(path, drawn_sample)
    mine = set(drawn_sample["sentence_id"])
    wanted = {(r.sentence_id, r.actor, r.category) for r in run.gold.itertuples()
              if r.sentence_id in mine}
    assert {(c.sentence_id, c.actor, c.category) for c in codes.itertuples()
            if c.category} == wanted
    nothing = mine - {sid for sid, _, _ in wanted}
    assert set(codes.loc[codes["category"].isna(), "sentence_id"]) == nothing
    assert set(codes["coder"]) == {"round1_ref"}


def test_the_csv_sheet_reads_back_like_the_xlsx(run, drawn_sample, tmp_path):
    _, xlsx = filled(run, drawn_sample, tmp_path / "a.xlsx")
    _, csv = filled(run, drawn_sample, tmp_path / "a.csv")
    columns = ["row", "sentence_id", "actor", "target", "category", "borderline"]
    assert read_sheet(xlsx, drawn_sample)[columns].equals(read_sheet(csv, drawn_sample)[columns])


def test_a_copied_row_codes_a_second_claimant_of_the_sentence(run, drawn_sample, tmp_path):
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.csv")
    coded = sheet[sheet["claimant"] != ""].index[0]
    second = sheet.loc[[coded]].assign(claimant="ROK", target="", categories="OFFER_TALKS",
                                       condition_type="", borderline="")
    sheet = pd.concat([sheet.loc[:coded], second, sheet.loc[coded + 1:]], ignore_index=True)
    codes = read_sheet(write_sheet(sheet, tmp_path / "y.csv"), drawn_sample)
    row = codes[codes["row"] == sheet.loc[coded, "row"]]
    assert {"ROK", sheet.loc[coded, "claimant"]} == set(row["actor"])
    assert set(row.loc[row["actor"] == "ROK", "category"]) == {"OFFER_TALKS"}


BAD_CELLS = {
    "unknown category": ({"claimant": "DPRK", "categories": "OFFER_TALK"}, "categories",
                         "is not a category (did you mean OFFER_TALKS?)"),
    "two claimants in one cell": ({"claimant": "USA, DPRK", "categories": "OFFER_TALKS"},
                                  "claimant", "names 2 actors in one cell"),
    "edited sentence": ({"sentence": "Nordkorea lehnt alles ab.", "categories": NONE_CODE},
                        "sentence", "the text differs from the sampled sentence"),
    "unknown actor": ({"claimant": "EU", "categories": "THREAT"}, "claimant",
                      "'EU' is not an actor id"),
    "row not coded": ({"claimant": "", "target": "", "categories": "", "condition_type": ""},
                      "categories", "the row is not coded"),
    "none with a claimant": ({"claimant": "USA", "categories": NONE_CODE}, "categories",
                             "NONE together with other codes"),
    "categories without claimant": ({"claimant": "", "categories": "THREAT"}, "claimant",
                                    "without a claimant"),
    "borderline not yes": ({"borderline": "vielleicht", "categories": NONE_CODE,
                            "claimant": "", "target": ""}, "borderline",
                           "is neither yes nor empty"),
    "unknown condition type": ({"claimant": "DPRK", "categories": "PRECONDITION",
                                "condition_type": "SANCTIONS_FIRST"}, "condition_type",
                               "is not a condition type"),
}


@pytest.mark.parametrize("case", BAD_CELLS, ids=list(BAD_CELLS))
def test_a_bad_cell_is_refused_naming_its_line_row_column_and_fix(run, drawn_sample, tmp_path,
                                                                 case):
    cells, column, message = BAD_CELLS[case]
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.csv")
    for name, value in ({"claimant": "", "target": "", "condition_type": "", "borderline": ""}
                        | cells).items():
        sheet.loc[4, name] = value
    path = write_sheet(sheet, tmp_path / "bad.csv")
    problems = problems_of(path, drawn_sample)
    assert len(problems) == 1, [str(p) for p in problems]
    text = str(problems[0])
    assert f"line 6 (row {sheet.loc[4, 'row']}), {column}: " in text
    assert message in text and "Fix: " in text


def test_every_bad_cell_is_named_not_only_the_first(run, drawn_sample, tmp_path):
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.xlsx")
    sheet.loc[0, "categories"] = "PEACE"
    sheet.loc[7, "target"] = "USA DPRK"
    problems = problems_of(write_sheet(sheet, tmp_path / "bad.xlsx"), drawn_sample)
    assert [(p.line, p.column) for p in problems] == [(2, "categories"), (9, "target")]


def test_a_deleted_row_is_missed_by_name(run, drawn_sample, tmp_path):
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.csv")
    path = write_sheet(sheet.drop(index=3), tmp_path / "short.csv")
    problems = problems_of(path, drawn_sample)
    assert [p.row for p in problems] == [4]
    assert "missing from the sheet" in str(problems[0])


def test_a_sheet_without_the_coder_columns_is_refused_at_its_header(run, drawn_sample, tmp_path):
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.csv")
    path = tmp_path / "renamed.csv"
    sheet.rename(columns={"claimant": "actor"}).to_csv(path, index=False)
    problems = problems_of(path, drawn_sample)
    assert "line 1" in str(problems[0]) and "claimant" in str(problems[0])


def test_a_code_written_outside_the_coder_columns_is_not_ignored(run, drawn_sample, tmp_path):
    sheet, _ = filled(run, drawn_sample, tmp_path / "x.csv")
    sheet["second claimant"] = ""
    sheet.loc[2, "second claimant"] = "ROK"
    path = tmp_path / "wider.csv"
    sheet.to_csv(path, index=False)
    problems = problems_of(path, drawn_sample)
    assert [(p.line, p.column) for p in problems] == [(4, "second claimant")]


def test_the_key_maps_every_row_back_to_its_sentence(run, tmp_path):
    sample, sheet = drawn(run, tmp_path)
    key = read_key(tmp_path / "round1.key.csv")
    assert list(zip(key["row"], key["sentence_id"], strict=True)) == list(
        zip(sample["row"], sample["sentence_id"], strict=True))
