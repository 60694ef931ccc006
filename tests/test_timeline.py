"""Positions over time (korea_notes.timeline): the tables behind notebooks 06-08.

Two kinds of fixture: the real corpus run through the real pipeline, and a small synthetic
corpus of claims built here with the columns of the coder (several articles per year,
conflicting claims of one actor, recalled background next to current news, an article without
claims, an actor silent for a year), so that aggregation is shown on more than one article per
period.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

from korea_notes import timeline
from korea_notes.language import annotate
from korea_notes.positions import CLAIM_COLUMNS, code_positions, prepare_sentences
from korea_notes.timeline import (
    CHANGE_COLUMNS,
    EVIDENCE_COLUMNS,
    NOTHING,
    PERIOD_COLUMNS,
    POSITION_COLUMNS,
    PRECONDITION_COLUMNS,
    SUMMARY_COLUMNS,
    TALK_COLUMNS,
    TONE_COLUMNS,
    TimelineError,
    TimelineSettingsError,
)

matplotlib.use("Agg")

SETTINGS = timeline.load_settings()


# --- the synthetic corpus ----------------------------------------------------------------------

ARTICLES = pd.DataFrame({
    "article_id": ["2019-01-10_a", "2019-05-02_b", "2019-11-20_c", "2020-03-01_d",
                   "2020-08-15_e", "2021-07-07_h", "2022-02-02_f", "2024-04-04_g"],
    "published": pd.to_datetime(["2019-01-10", "2019-05-02", "2019-11-20", "2020-03-01",
                                 "2020-08-15", "2021-07-07", "2022-02-02", "2024-04-04"]),
})


def claim(sentence_id: str, actor: str | None, category: str, target: str | None = None,
          condition_type: str | None = None, tense: str = "current",
          conditionality: str | None = None) -> dict[str, Any]:
    """One claim row with the coder's columns; the article and date come from the id."""
    article_id = sentence_id.split("/")[0]
    published = ARTICLES.set_index("article_id").loc[article_id, "published"]
    return {
        "article_id": article_id, "published": published, "sentence_id": sentence_id,
        "sentence": f"Satz {sentence_id}.", "actor": actor,
        "target": target or ("USA" if actor == "DPRK" else "DPRK"), "category": category,
        "condition": "wenn zuerst" if condition_type or category == "PRECONDITION" else None,
        "condition_type": condition_type,
        "conditionality": conditionality or ("precondition" if category == "PRECONDITION"
                                             else "unconditional"),
        "modality": "asserted", "speech": "report", "tense": tense, "rule": "test",
    }


SYNTHETIC = pd.DataFrame([
    claim("2019-01-10_a/p00s00", "DPRK", "OFFER_TALKS"),
    claim("2019-01-10_a/p00s01", "DPRK", "PRECONDITION", None,
          "SANCTIONS_RELIEF_FIRST|SECURITY_GUARANTEES"),
    claim("2019-01-10_a/p00s01", "DPRK", "DEMAND_SANCTIONS_RELIEF", None,
          "SANCTIONS_RELIEF_FIRST|SECURITY_GUARANTEES", conditionality="precondition"),
    claim("2019-05-02_b/p00s00", "DPRK", "REJECT_TALKS"),
    claim("2019-05-02_b/p00s01", "DPRK", "OFFER_TALKS", None, "SANCTIONS_RELIEF_FIRST",
          conditionality="precondition"),
    claim("2019-05-02_b/p00s02", "USA", "PRECONDITION", None, "DENUCLEARIZATION_FIRST",
          tense="background"),
    claim("2019-11-20_c/p00s00", "USA", "OFFER_TALKS"),
    claim("2019-11-20_c/p00s01", "USA", "DEMAND_DENUCLEARIZATION"),
    claim("2019-11-20_c/p00s02", None, "THREAT"),
    claim("2020-03-01_d/p00s00", "USA", "PRECONDITION", None, "DENUCLEARIZATION_FIRST"),
    claim("2020-03-01_d/p00s01", "DPRK", "PRECONDITION"),
    claim("2020-03-01_d/p00s02", "DPRK", "OFFER_TALKS", tense="background"),
    claim("2021-07-07_h/p00s00", "USA", "FLEXIBILITY"),
    claim("2022-02-02_f/p00s00", "USA", "OFFER_TALKS"),
    claim("2022-02-02_f/p00s00", "USA", "NO_PRECONDITIONS"),
    claim("2022-02-02_f/p00s01", "DPRK", "SECURITY_GUARANTEE_DEMAND", "ROK"),
    claim("2024-04-04_g/p00s00", "DPRK", "REFUSE_DENUCLEARIZATION"),
], columns=list(CLAIM_COLUMNS))


def row(table: pd.DataFrame, **values: Any) -> pd.Series:
    """The one row of ``table`` with these column values."""
    mask = pd.Series(True, index=table.index)
    for column, value in values.items():
        mask &= table[column] == value
    found = table[mask]
    assert len(found) == 1, f"{len(found)} rows for {values}"
    return found.iloc[0]


def year_positions(**options: Any) -> pd.DataFrame:
    return timeline.positions_by_period(SYNTHETIC, "year", articles=ARTICLES, **options)


# --- periods -----------------------------------------------------------------------------------


def test_period_table_has_the_documented_columns_in_time_order():
    periods = timeline.period_table(ARTICLES, "year")
    assert tuple(periods.columns) == PERIOD_COLUMNS
    assert list(periods["period"]) == ["2019", "2020", "2021", "2022", "2024"]


def test_a_year_holds_all_its_articles_in_date_order():
    periods = timeline.period_table(ARTICLES, "year").set_index("period")
    assert periods.loc["2019", "article_ids"] == ("2019-01-10_a", "2019-05-02_b", "2019-11-20_c")
    assert periods.loc["2019", "articles"] == 3


def test_month_labels_are_year_and_month():
    labels = timeline.period_labels(ARTICLES, "month")
    assert list(labels[:2]) == ["2019-01", "2019-05"]


def test_article_periods_are_the_article_ids():
    periods = timeline.period_table(ARTICLES, "article")
    assert list(periods["period"]) == list(ARTICLES["article_id"])


def test_an_unknown_period_kind_is_refused_with_the_fix():
    with pytest.raises(TimelineError, match="period='article', 'month' or 'year'"):
        timeline.positions_by_period(SYNTHETIC, "week")


def test_an_article_without_date_is_named():
    undated = SYNTHETIC.copy()
    undated.loc[undated["article_id"] == "2024-04-04_g", "published"] = pd.NaT
    with pytest.raises(TimelineError, match="2024-04-04_g.*metadata.csv"):
        timeline.positions_by_period(undated, "year")


def test_claims_without_a_required_column_are_refused():
    with pytest.raises(TimelineError, match="tense"):
        timeline.positions_by_period(SYNTHETIC.drop(columns=["tense"]))


def test_an_unknown_tense_value_is_refused():
    odd = SYNTHETIC.copy()
    odd.loc[0, "tense"] = "future"
    with pytest.raises(TimelineError, match="'current' or 'background'"):
        timeline.positions_by_period(odd)


def test_claims_of_articles_missing_from_the_articles_table_are_refused():
    with pytest.raises(TimelineError, match="2024-04-04_g"):
        timeline.positions_by_period(SYNTHETIC, "year", articles=ARTICLES.iloc[:-1])


# --- positions ---------------------------------------------------------------------------------


def test_positions_have_the_documented_columns():
    assert tuple(year_positions().columns) == POSITION_COLUMNS


def test_claims_of_several_articles_of_a_year_are_added_up():
    cell = row(year_positions(), period="2019", actor="DPRK", category="OFFER_TALKS")
    assert (cell["claims"], cell["sentences"], cell["articles"]) == (2, 2, 2)
    assert cell["article_ids"] == ("2019-01-10_a", "2019-05-02_b")


def test_share_of_articles_divides_by_the_articles_of_the_period():
    cell = row(year_positions(), period="2019", actor="DPRK", category="OFFER_TALKS")
    assert cell["period_articles"] == 3
    assert cell["article_share"] == pytest.approx(2 / 3)


def test_articles_without_claims_count_in_the_share_when_the_articles_are_given():
    with_articles = row(year_positions(), period="2020", actor="USA", category="PRECONDITION")
    from_claims = row(timeline.positions_by_period(SYNTHETIC, "year"), period="2020",
                      actor="USA", category="PRECONDITION")
    assert with_articles["period_articles"] == 2
    assert from_claims["period_articles"] == 1


def test_conflicting_claims_of_one_actor_in_one_period_are_both_kept():
    dprk = year_positions().query("period == '2019' and actor == 'DPRK'")
    assert {"OFFER_TALKS", "REJECT_TALKS"} <= set(dprk["category"])


def test_recalled_background_is_not_a_position_of_the_period():
    usa_2019 = year_positions().query("period == '2019' and actor == 'USA'")
    assert "PRECONDITION" not in set(usa_2019["category"])
    assert set(year_positions()["tense"]) == {"current"}


def test_background_is_added_as_rows_of_its_own_never_merged_into_current():
    both = year_positions(include_background=True)
    recalled = row(both, period="2019", actor="USA", category="PRECONDITION")
    assert (recalled["tense"], recalled["claims"]) == ("background", 1)
    current = both[both["tense"] == "current"].reset_index(drop=True)
    pd.testing.assert_frame_equal(current, year_positions())


def test_every_current_claim_is_counted_once():
    assert year_positions()["claims"].sum() == (SYNTHETIC["tense"] == "current").sum()


def test_a_claim_without_actor_is_kept_as_unknown():
    cell = row(year_positions(), period="2019", category="THREAT")
    assert cell["actor"] == timeline.UNKNOWN_ACTOR


def test_sides_come_first_then_other_actors_and_categories_in_codebook_order():
    table = year_positions().query("period == '2019'")
    assert list(dict.fromkeys(table["actor"])) == ["USA", "DPRK", timeline.UNKNOWN_ACTOR]
    dprk = list(table.loc[table["actor"] == "DPRK", "category"])
    assert dprk == ["OFFER_TALKS", "REJECT_TALKS", "PRECONDITION", "DEMAND_SANCTIONS_RELIEF"]


def test_each_cell_carries_its_evidence_sentences_in_reading_order():
    cell = row(year_positions(), period="2019", actor="DPRK", category="OFFER_TALKS")
    assert cell["sentence_ids"] == ("2019-01-10_a/p00s00", "2019-05-02_b/p00s01")
    assert cell["evidence"] == ("Satz 2019-01-10_a/p00s00.", "Satz 2019-05-02_b/p00s01.")


def test_the_table_does_not_depend_on_the_order_of_the_claims():
    shuffled = SYNTHETIC.sample(frac=1, random_state=3).reset_index(drop=True)
    again = timeline.positions_by_period(shuffled, "year", articles=ARTICLES)
    pd.testing.assert_frame_equal(again, year_positions())


# --- preconditions -----------------------------------------------------------------------------


def year_preconditions(**options: Any) -> pd.DataFrame:
    return timeline.preconditions_by_period(SYNTHETIC, "year", articles=ARTICLES, **options)


def test_preconditions_have_the_documented_columns():
    assert tuple(year_preconditions().columns) == PRECONDITION_COLUMNS


def test_a_claim_with_two_condition_types_counts_once_for_each():
    table = year_preconditions().query("period == '2019' and actor == 'DPRK'")
    assert dict(zip(table["condition_type"], table["claims"], strict=True)) == {
        "SANCTIONS_RELIEF_FIRST": 1, "SECURITY_GUARANTEES": 1}


def test_preconditions_say_who_demands_what_of_whom():
    cell = row(year_preconditions(), period="2020", actor="USA")
    assert (cell["target"], cell["condition_type"]) == ("DPRK", "DENUCLEARIZATION_FIRST")
    assert cell["conditions"] == ("wenn zuerst",)


def test_a_precondition_without_a_recognised_type_is_unspecified():
    cell = row(year_preconditions(), period="2020", actor="DPRK")
    assert cell["condition_type"] == timeline.UNSPECIFIED


def test_talks_without_preconditions_are_listed_with_the_preconditions():
    cell = row(year_preconditions(), period="2022", actor="USA")
    assert cell["condition_type"] == timeline.NO_PRECONDITIONS


def test_only_precondition_claims_count_not_the_categories_they_imply():
    # DEMAND_SANCTIONS_RELIEF and OFFER_TALKS carry a condition_type too, but are not
    # preconditions themselves.
    table = year_preconditions()
    assert table["claims"].sum() == 2 + 1 + 1 + 1


def test_a_recalled_precondition_appears_only_with_background_included():
    assert year_preconditions().query("period == '2019' and actor == 'USA'").empty
    recalled = row(year_preconditions(include_background=True), period="2019", actor="USA")
    assert (recalled["tense"], recalled["condition_type"]) == (
        "background", "DENUCLEARIZATION_FIRST")


# --- changes -----------------------------------------------------------------------------------


def year_changes(**options: Any) -> pd.DataFrame:
    return timeline.period_changes(SYNTHETIC, "year", articles=ARTICLES, **options)


def test_changes_have_the_documented_columns():
    assert tuple(year_changes().columns) == CHANGE_COLUMNS


def test_changes_say_what_appears_disappears_and_persists():
    usa = year_changes().query("actor == 'USA' and kind == 'category' and period_to == '2020'")
    got = dict(zip(usa["item"], usa["change"], strict=True))
    assert got == {"PRECONDITION": "appear", "OFFER_TALKS": "disappear",
                   "DEMAND_DENUCLEARIZATION": "disappear"}


def test_a_position_held_in_both_periods_persists_with_both_counts():
    dprk = year_changes().query("actor == 'DPRK' and period_to == '2020'")
    cell = row(dprk, kind="category", item="PRECONDITION")
    assert (cell["change"], cell["claims_from"], cell["claims_to"]) == ("persist", 1, 1)
    assert cell["sentence_ids_to"] == ("2020-03-01_d/p00s01",)


def test_condition_types_change_too():
    dprk = year_changes().query("actor == 'DPRK' and period_to == '2020' "
                                "and kind == 'condition_type'")
    got = dict(zip(dprk["item"], dprk["change"], strict=True))
    assert got == {"SANCTIONS_RELIEF_FIRST": "disappear", "SECURITY_GUARANTEES": "disappear",
                   "UNSPECIFIED": "appear"}


def test_a_period_in_which_an_actor_is_silent_is_skipped_and_counted():
    dprk = year_changes().query("actor == 'DPRK'")
    pairs = set(zip(dprk["period_from"], dprk["period_to"], dprk["skipped"], strict=True))
    # 2021 has an article (without DPRK claims); 2023 has none, so it is no period at all.
    assert pairs == {("2019", "2020", 0), ("2020", "2022", 1), ("2022", "2024", 0)}


def test_recalled_background_never_enters_the_current_changes():
    assert set(year_changes()["tense"]) == {"current"}
    usa_2019_to_2020 = year_changes().query("actor == 'USA' and period_to == '2020'")
    assert row(usa_2019_to_2020, kind="category", item="PRECONDITION")["change"] == "appear"


# --- the two sides -----------------------------------------------------------------------------


def year_sides(**options: Any) -> pd.DataFrame:
    return timeline.compare_sides(SYNTHETIC, "year", articles=ARTICLES, **options)


def test_side_by_side_has_a_row_for_every_period_and_group():
    table = year_sides()
    assert len(table) == 5 * len(SETTINGS.groups)
    assert list(table.columns[:3]) == ["period", "group", "tense"]
    assert {"USA", "USA_claims", "USA_sentence_ids", "DPRK"} <= set(table.columns)


def test_side_by_side_counts_offers_and_rejections_of_a_side_in_one_period():
    table = year_sides().set_index(["period", "group"])
    assert table.loc[("2019", "offers"), "DPRK"] == "OFFER_TALKS ×2"
    assert table.loc[("2019", "rejections"), "DPRK"] == "REJECT_TALKS ×1"
    assert table.loc[("2019", "rejections"), "USA"] == NOTHING


def test_side_by_side_lists_preconditions_by_what_must_come_first():
    table = year_sides().set_index(["period", "group"])
    assert table.loc[("2019", "preconditions"), "DPRK"] == (
        "SANCTIONS_RELIEF_FIRST ×1, SECURITY_GUARANTEES ×1")


def test_side_by_side_marks_a_claim_addressed_to_a_third_actor():
    table = year_sides().set_index(["period", "group"])
    assert table.loc[("2022", "demands"), "DPRK"] == "SECURITY_GUARANTEE_DEMAND → ROK ×1"


def test_side_by_side_claims_add_up_to_the_sides_current_claims():
    table = year_sides()
    for side in SETTINGS.sides:
        current = SYNTHETIC[(SYNTHETIC["actor"] == side) & (SYNTHETIC["tense"] == "current")]
        assert table[f"{side}_claims"].sum() == len(current)


def test_talk_offers_split_conditional_from_unconditional_offers():
    table = timeline.talk_offers(SYNTHETIC, "year", articles=ARTICLES)
    assert tuple(table.columns) == TALK_COLUMNS
    cell = row(table, period="2019", actor="DPRK")
    assert (cell["offers_unconditional"], cell["offers_conditional"], cell["rejections"]) == (
        1, 1, 1)


def test_a_sentence_offering_talks_without_preconditions_is_one_offer():
    table = timeline.talk_offers(SYNTHETIC, "year", articles=ARTICLES)
    cell = row(table, period="2022", actor="USA")
    assert (cell["offers"], cell["offer_sentence_ids"]) == (1, ("2022-02-02_f/p00s00",))


def test_talk_offers_give_each_side_a_row_in_every_period():
    table = timeline.talk_offers(SYNTHETIC, "year", articles=ARTICLES)
    assert len(table) == 5 * 2
    assert row(table, period="2024", actor="USA")["offers"] == 0


def test_summary_says_what_each_side_wants_first_and_what_changed():
    summary = timeline.summarise_periods(SYNTHETIC, "year", articles=ARTICLES)
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    usa = row(summary, period="2020", side="USA")
    assert usa["wants_first"] == "denuclearization first (1 claim)"
    assert "precondition 'denuclearization first'" in usa["changes"]
    assert "no longer coded: offer talks" in usa["changes"]


def test_summary_of_a_silent_side_says_so():
    summary = timeline.summarise_periods(SYNTHETIC, "year", articles=ARTICLES)
    assert "no current position of DPRK" in row(summary, period="2021", side="DPRK")["summary"]


def test_summary_mentions_recalled_background_without_counting_it():
    summary = timeline.summarise_periods(SYNTHETIC, "year", articles=ARTICLES)
    usa = row(summary, period="2019", side="USA")
    assert usa["claims"] == 2
    assert "1 claim of recalled background kept apart" in usa["summary"]
    assert usa["wants_first"] == "no precondition coded"


def test_changes_overview_has_one_row_per_actor_and_pair_of_periods():
    changes = year_changes()
    overview = timeline.changes_overview(changes)
    pairs = changes[["actor", "period_from", "period_to"]].drop_duplicates()
    assert len(overview) == len(pairs)
    dprk = row(overview, actor="DPRK", period_to="2020")
    assert dprk["appear"] == "first:UNSPECIFIED"
    assert dprk["persist"] == "PRECONDITION"


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_returns_exactly_the_sentences_behind_a_cell():
    cell = row(year_positions(), period="2019", actor="DPRK", category="OFFER_TALKS")
    found = timeline.evidence(SYNTHETIC, actor="DPRK", category="OFFER_TALKS", period="2019")
    assert tuple(found.columns) == EVIDENCE_COLUMNS
    assert tuple(found["sentence_id"]) == cell["sentence_ids"]


def test_evidence_infers_the_kind_of_period_from_its_label():
    assert set(timeline.evidence(SYNTHETIC, period="2019-05")["article_id"]) == {"2019-05-02_b"}
    assert set(timeline.evidence(SYNTHETIC, period="2019-05-02_b")["article_id"]) == {
        "2019-05-02_b"}


def test_evidence_finds_claims_by_condition_type_and_by_group():
    by_type = timeline.evidence(SYNTHETIC, condition_type="SECURITY_GUARANTEES")
    assert set(by_type["sentence_id"]) == {"2019-01-10_a/p00s01"}
    offers = timeline.evidence(SYNTHETIC, group="offers", actor="USA")
    assert set(offers["category"]) == {"OFFER_TALKS", "NO_PRECONDITIONS"}


def test_evidence_shows_background_only_when_asked():
    assert timeline.evidence(SYNTHETIC, actor="USA", period="2019", category="PRECONDITION").empty
    recalled = timeline.evidence(SYNTHETIC, actor="USA", period="2019", tense="background")
    assert list(recalled["tense"]) == ["background"]


def test_evidence_of_a_period_that_does_not_exist_says_which_exist():
    with pytest.raises(TimelineError, match="2019"):
        timeline.evidence(SYNTHETIC, period="2018")


# --- settings ----------------------------------------------------------------------------------


def test_shipped_settings_put_every_codebook_category_in_exactly_one_group():
    from korea_notes.codebook import load_codebook

    listed = [c for group in SETTINGS.groups for c in group.categories]
    assert sorted(listed) == sorted(load_codebook().categories)


def test_group_table_lists_each_group_with_its_meaning():
    table = timeline.group_table()
    assert list(table["group"]) == [group.name for group in SETTINGS.groups]
    assert table["meaning"].str.len().min() > 0


def write_settings(tmp_path: Path, old: str, new: str) -> Path:
    text = timeline.SETTINGS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "timeline.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_category_missing_from_the_groups_is_reported_with_file_and_fix(tmp_path):
    path = write_settings(tmp_path, "categories: [THREAT]", "categories: [PRAISE_RELATIONSHIP]")
    with pytest.raises(TimelineSettingsError) as error:
        timeline.load_settings(path)
    message = str(error.value)
    assert "THREAT is in no group" in message
    assert "PRAISE_RELATIONSHIP is already in group 'threats'" in message
    assert str(path) in message and "line" in message and "Fix:" in message


def test_an_unknown_category_is_reported_at_its_line(tmp_path):
    path = write_settings(tmp_path, "categories: [FLEXIBILITY]", "categories: [FLEXIBILTY]")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "FLEXIBILTY" in text)
    with pytest.raises(TimelineSettingsError, match=f"line {line}, .*'FLEXIBILTY' is not"):
        timeline.load_settings(path)


def test_a_side_that_is_no_actor_is_refused(tmp_path):
    path = write_settings(tmp_path, "sides: [USA, DPRK]", "sides: [USA, NK]")
    with pytest.raises(TimelineSettingsError, match="'NK' is not an actor id"):
        timeline.load_settings(path)


def test_contrast_stances_may_not_share_a_category(tmp_path):
    path = write_settings(tmp_path, "confrontational: [REJECT_TALKS, THREAT]",
                          "confrontational: [REJECT_TALKS, THREAT, OFFER_TALKS]")
    with pytest.raises(TimelineSettingsError, match="both stances list"):
        timeline.load_settings(path)


def test_a_bootstrap_without_enough_resamples_is_refused(tmp_path):
    path = write_settings(tmp_path, "resamples: 4000", "resamples: 10")
    with pytest.raises(TimelineSettingsError, match="resamples: must be a whole number >= 100"):
        timeline.load_settings(path)


# --- tone: synthetic ---------------------------------------------------------------------------


def sentence(sentence_id: str, actor: str | None, polarity: float, tense: str = "current",
             raw: float | None = None) -> dict[str, Any]:
    article_id = sentence_id.split("/")[0]
    published = ARTICLES.set_index("article_id").loc[article_id, "published"]
    return {"article_id": article_id, "published": published, "sentence_id": sentence_id,
            "text": f"Satz {sentence_id}.", "actor": actor, "tense": tense,
            "polarity": polarity, "polarity_raw": polarity if raw is None else raw}


SENTENCES = pd.DataFrame([
    sentence("2019-01-10_a/p00s00", "DPRK", 0.5),
    sentence("2019-01-10_a/p00s01", "DPRK", -0.25),
    sentence("2019-05-02_b/p00s00", "DPRK", -1.0),
    sentence("2019-05-02_b/p00s01", "DPRK", 0.0),
    sentence("2019-05-02_b/p00s02", "USA", 0.7, tense="background"),
    sentence("2019-11-20_c/p00s00", "USA", 0.4),
    sentence("2019-11-20_c/p00s01", "USA", -0.1),
    sentence("2019-11-20_c/p00s02", None, -0.6),
    sentence("2020-03-01_d/p00s00", "USA", 0.2),
    sentence("2020-03-01_d/p00s01", "DPRK", -0.3),
    sentence("2020-03-01_d/p00s02", "DPRK", 0.9, tense="background"),
    sentence("2021-07-07_h/p00s00", "USA", 0.3),
    sentence("2022-02-02_f/p00s00", "USA", 0.6),
    sentence("2022-02-02_f/p00s01", "DPRK", -0.4),
    sentence("2024-04-04_g/p00s00", "DPRK", -0.7),
])


def test_bootstrap_band_is_reproducible_and_holds_the_mean():
    values = [0.5, -0.25, -1.0, 0.0, 0.3]
    mean, low, high = timeline.bootstrap_mean(values)
    assert mean == pytest.approx(statistics.mean(values))
    assert low < mean < high
    assert timeline.bootstrap_mean(values) == (mean, low, high)


def test_bootstrap_band_is_given_only_from_min_sentences_on():
    mean, low, high = timeline.bootstrap_mean([0.4])
    assert mean == 0.4 and np.isnan(low) and np.isnan(high)
    assert all(np.isnan(timeline.bootstrap_mean([])))


def test_bootstrap_band_of_a_difference_holds_the_difference():
    first, second = [0.5, 0.4, 0.9, 0.0], [-0.5, -0.2, 0.0]
    difference, low, high = timeline.bootstrap_difference(first, second)
    assert difference == pytest.approx(statistics.mean(first) - statistics.mean(second))
    assert low < difference < high


def test_tone_averages_an_actors_sentences_over_the_articles_of_a_period():
    table = timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES)
    assert tuple(table.columns) == TONE_COLUMNS
    cell = row(table, period="2019", actor="DPRK")
    assert cell["sentences"] == 4
    assert cell["mean"] == pytest.approx(statistics.mean([0.5, -0.25, -1.0, 0.0]))
    assert (cell["positive"], cell["zero"], cell["negative"]) == (1, 1, 2)


def test_tone_leaves_recalled_background_out_unless_asked():
    current = row(timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES),
                  period="2019", actor="USA")
    assert current["mean"] == pytest.approx(statistics.mean([0.4, -0.1]))
    both = timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES,
                                   include_background=True)
    assert row(both, period="2019", actor="USA", tense="background")["mean"] == 0.7


def test_tone_gives_each_side_a_row_in_every_period_even_when_silent():
    table = timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES)
    silent = row(table, period="2021", actor="DPRK")
    assert silent["sentences"] == 0 and np.isnan(silent["mean"])


def test_sentences_without_claimant_are_no_actors_tone():
    table = timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES)
    assert table["sentences"].sum() == SENTENCES["actor"].notna().sum() - 2  # 2 background


def test_tone_band_does_not_depend_on_the_order_of_the_sentences():
    shuffled = SENTENCES.sample(frac=1, random_state=5)
    pd.testing.assert_frame_equal(timeline.tone_by_period(shuffled, "year", articles=ARTICLES),
                                  timeline.tone_by_period(SENTENCES, "year", articles=ARTICLES))


def stances() -> pd.DataFrame:
    return timeline.sentence_stances(SYNTHETIC, SENTENCES)


def test_a_sentence_gets_the_stance_of_its_claims():
    table = stances().set_index("sentence_id")
    assert table.loc["2019-01-10_a/p00s00", "stance"] == "conciliatory"  # OFFER_TALKS
    assert table.loc["2019-05-02_b/p00s00", "stance"] == "confrontational"  # REJECT_TALKS
    assert table.loc["2019-11-20_c/p00s01", "stance"] == "other"  # DEMAND_DENUCLEARIZATION
    assert table.loc["2020-03-01_d/p00s00", "stance"] == "other"  # PRECONDITION


def test_a_sentence_with_claims_of_both_stances_is_mixed():
    both = SYNTHETIC[SYNTHETIC["sentence_id"] == "2019-05-02_b/p00s00"].assign(
        category="OFFER_TALKS")
    table = timeline.sentence_stances(pd.concat([SYNTHETIC, both]), SENTENCES)
    assert table.set_index("sentence_id").loc["2019-05-02_b/p00s00", "stance"] == "mixed"


def test_a_sentence_counts_once_however_many_claims_it_carries():
    table = stances()
    assert table["sentence_id"].is_unique
    assert table.set_index("sentence_id").loc["2022-02-02_f/p00s00", "categories"] == (
        "OFFER_TALKS", "NO_PRECONDITIONS")


def test_claims_of_sentences_that_are_not_given_are_refused():
    with pytest.raises(TimelineError, match="not in the sentences table"):
        timeline.sentence_stances(SYNTHETIC, SENTENCES.iloc[:3])


def test_tone_contrast_measures_difference_correlation_and_sign_agreement():
    table = stances()
    contrast = timeline.tone_contrast(table).set_index("version").loc["polarity"]
    a = table.loc[table["stance"] == "conciliatory", "polarity"].tolist()
    b = table.loc[table["stance"] == "confrontational", "polarity"].tolist()
    assert (contrast["n_a"], contrast["n_b"]) == (len(a), len(b))
    assert contrast["difference"] == pytest.approx(statistics.mean(a) - statistics.mean(b))
    member = [1.0] * len(a) + [0.0] * len(b)
    assert contrast["correlation"] == pytest.approx(statistics.correlation(a + b, member))
    agree = sum(v > 0 for v in a) + sum(v < 0 for v in b)
    assert contrast["sign_agreement"] == pytest.approx(agree / (len(a) + len(b)))


def test_contrast_is_described_with_its_numbers_and_a_verdict_from_its_band():
    contrast = timeline.tone_contrast(stances())
    lines = timeline.describe_contrast(contrast)
    assert len(lines) == len(contrast)
    for line, values in zip(lines, contrast.to_dict("records"), strict=True):
        assert f"{values['difference']:+.2f}" in line
        excludes = values["ci_low"] > 0 or values["ci_high"] < 0
        assert ("the band excludes 0" in line) == excludes


def test_tone_by_stance_and_by_category_report_both_polarity_versions():
    by_stance = timeline.tone_by_stance(stances())
    by_category = timeline.tone_by_category(stances())
    assert set(by_stance["version"]) == set(by_category["version"]) == {"polarity_raw",
                                                                          "polarity"}
    offer = row(by_category, version="polarity", category="OFFER_TALKS")
    # a/s0, b/s1, c/s0 (2019) and f/s0 (2022); the offer of d/s2 (2020) is background
    assert offer["sentences"] == 4


# --- the real corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_sentences(articles) -> pd.DataFrame:
    return prepare_sentences(articles)


@pytest.fixture(scope="module")
def claims(real_sentences) -> pd.DataFrame:
    return code_positions(real_sentences)


@pytest.fixture(scope="module")
def annotated(real_sentences) -> pd.DataFrame:
    return timeline.with_tense(annotate(real_sentences, cache=None))


@pytest.mark.parametrize("period", timeline.PERIODS)
def test_real_positions_count_every_current_claim_once(claims, articles, period):
    table = timeline.positions_by_period(claims, period, articles=articles)
    assert table["claims"].sum() == (claims["tense"] == "current").sum()
    assert (table["article_share"] <= 1).all() and (table["article_share"] > 0).all()


def test_real_every_cell_resolves_to_its_evidence(claims, articles):
    table = timeline.positions_by_period(claims, "year", articles=articles,
                                         include_background=True)
    for cell in table.itertuples():
        found = timeline.evidence(claims, actor=cell.actor, category=cell.category,
                                  period=cell.period, tense=cell.tense)
        assert tuple(dict.fromkeys(found["sentence_id"])) == cell.sentence_ids
        assert len(found) == cell.claims


def test_real_recalled_us_demand_of_2013_is_not_a_2013_position(claims, articles):
    # "Die hatte Nordkorea in den vergangenen Monaten mehrfach aufgefordert, zunächst selbst
    # konkrete Schritte ... zu unternehmen": pluperfect, recalled background.
    current = timeline.preconditions_by_period(claims, "year", articles=articles)
    both = timeline.preconditions_by_period(claims, "year", articles=articles,
                                            include_background=True)
    assert current.query("period == '2013' and actor == 'USA'").empty
    recalled = row(both, period="2013", actor="USA")
    assert (recalled["condition_type"], recalled["tense"]) == ("DENUCLEARIZATION_FIRST",
                                                               "background")


def test_real_offer_without_preconditions_of_2021_is_in_the_usa_column(claims, articles):
    sides = timeline.compare_sides(claims, "year", articles=articles).set_index(
        ["period", "group"])
    assert "NO_PRECONDITIONS" in sides.loc[("2021", "offers"), "USA"]


def test_real_preconditions_cover_every_current_precondition_claim(claims, articles):
    table = timeline.preconditions_by_period(claims, "article", articles=articles)
    current = claims[(claims["tense"] == "current")
                     & claims["category"].isin(["PRECONDITION", "NO_PRECONDITIONS"])]
    assert set(current["sentence_id"]) == {s for ids in table["sentence_ids"] for s in ids}


def test_real_changes_agree_with_the_positions_table(claims, articles):
    positions = timeline.positions_by_period(claims, "article", articles=articles)
    held = set(zip(positions["period"], positions["actor"], positions["category"], strict=True))
    changes = timeline.period_changes(claims, "article", articles=articles)
    for change in changes[changes["kind"] == "category"].itertuples():
        before = (change.period_from, change.actor, change.item) in held
        after = (change.period_to, change.actor, change.item) in held
        expected = {(False, True): "appear", (True, False): "disappear", (True, True): "persist"}
        assert expected[(before, after)] == change.change


def test_real_side_by_side_adds_up_to_the_positions_of_each_side(claims, articles):
    positions = timeline.positions_by_period(claims, "article", articles=articles)
    sides = timeline.compare_sides(claims, "article", articles=articles)
    for side in SETTINGS.sides:
        per_period = positions[positions["actor"] == side].groupby("period")["claims"].sum()
        from_sides = sides.groupby("period")[f"{side}_claims"].sum()
        assert from_sides[from_sides > 0].to_dict() == per_period.to_dict()


def test_real_summary_has_a_sentence_per_period_and_side(claims, articles):
    summary = timeline.summarise_periods(claims, "year", articles=articles)
    assert len(summary) == 2 * articles["published"].dt.year.nunique()
    assert summary["summary"].str.len().min() > 0


def test_real_sentence_tense_is_the_tense_of_the_claims(claims, annotated):
    tense = annotated.set_index("sentence_id")["tense"]
    assert (claims["tense"] == claims["sentence_id"].map(tense)).all()


def test_real_tone_counts_every_attributed_current_sentence(annotated, articles):
    table = timeline.tone_by_period(annotated, "article", articles=articles)
    attributed = annotated[annotated["actor"].notna() & (annotated["tense"] == "current")]
    assert table["sentences"].sum() == len(attributed)


def test_real_tone_contrast_is_reproducible(claims, annotated):
    table = timeline.sentence_stances(claims, annotated)
    first = timeline.tone_contrast(table)
    pd.testing.assert_frame_equal(first, timeline.tone_contrast(table))
    assert set(first["version"]) == set(timeline.POLARITY_COLUMNS)


# --- figures -----------------------------------------------------------------------------------


def test_position_timeline_plots_one_marker_per_table_row(claims, articles):
    from korea_notes import figures

    positions = timeline.positions_by_period(claims, "article", articles=articles)
    fig, data = figures.position_timeline(positions, timeline.period_table(articles))
    assert len(data) == len(positions)
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections) == len(positions)
    assert list(data["claims"]) == list(positions["claims"])


def test_precondition_sequence_plots_what_each_side_wants_of_the_other(claims, articles):
    from korea_notes import figures

    table = timeline.preconditions_by_period(claims, "article", articles=articles,
                                             include_background=True)
    _, data = figures.precondition_sequence(table, timeline.period_table(articles))
    assert set(zip(data["actor"], data["target"], strict=True)) <= {("USA", "DPRK"),
                                                                    ("DPRK", "USA")}
    assert set(data["tense"]) == {"current", "background"}


def test_talks_figure_data_are_the_talk_offers(claims, articles):
    from korea_notes import figures

    offers = timeline.talk_offers(claims, "article", articles=articles)
    _, data = figures.talks_over_time(offers, timeline.period_table(articles))
    assert list(data["rejections"]) == list(offers["rejections"])


def test_tone_figure_data_are_the_tone_table(annotated, articles):
    from korea_notes import figures

    tone = timeline.tone_by_period(annotated, "article", articles=articles)
    _, data = figures.tone_over_time(tone, timeline.period_table(articles))
    pd.testing.assert_frame_equal(data, tone[list(data.columns)].reset_index(drop=True))


def test_figures_of_the_same_tables_are_byte_identical(tmp_path, claims, articles):
    from korea_notes import figures

    positions = timeline.positions_by_period(claims, "article", articles=articles)
    periods = timeline.period_table(articles)
    written = []
    for folder in ("one", "two"):
        fig, data = figures.position_timeline(positions, periods)
        written.append(figures.save_figure(fig, data, "06_position_timeline", tmp_path / folder))
        matplotlib.pyplot.close(fig)
    for kind in ("png", "svg", "csv"):
        assert written[0][kind].read_bytes() == written[1][kind].read_bytes()
