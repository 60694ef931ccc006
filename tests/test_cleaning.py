"""Cleaning: what each real article loses and keeps, traceability back to the raw text, the
validation of the rules file, and proof on made-up German copy that the rules work by form."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from korea_notes.cleaning import (
    CHANGE_COLUMNS,
    PARAGRAPH_COLUMNS,
    RULES_FILE,
    RulesError,
    clean_articles,
    cleaning_summary,
    load_rules,
    normalise,
    paragraphs,
    text_lengths,
    trace_paragraphs,
)

NDC_2013 = "2013-06-16_ndc-offers-talks"
TRUMP_2019 = "2019-01-03_trump-praises-kim-letter"
BIEGUN_2020 = "2020-07-08_biegun-signals-readiness"
SUNG_KIM_2021 = "2021-06-21_sung-kim-talks-without-preconditions"
KIM_2025 = "2025-09-22_kim-offers-talks-on-conditions"


# --- fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned(articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    return clean_articles(articles)


@pytest.fixture(scope="module")
def clean(cleaned) -> pd.DataFrame:
    return cleaned[0]


@pytest.fixture(scope="module")
def changes(cleaned) -> pd.DataFrame:
    return cleaned[1]


def removed(changes: pd.DataFrame, article_id: str, section: str) -> list[str]:
    """Raw texts removed from one article under one section label, in text order."""
    rows = changes[
        (changes["article_id"] == article_id)
        & (changes["kind"] == "remove")
        & (changes["section"] == section)
    ]
    return list(rows["text"])


def kept(clean: pd.DataFrame, article_id: str) -> list[tuple[str, str]]:
    """(section, text) of every kept paragraph of one article."""
    rows = paragraphs(clean)
    rows = rows[rows["article_id"] == article_id]
    return list(zip(rows["section"], rows["text"], strict=True))


def clean_text(clean: pd.DataFrame, article_id: str) -> str:
    return clean.set_index("article_id").loc[article_id, "clean_text"]


def clean_one(raw: str) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    """Clean one made-up text; its kept (section, text) pairs and its changes."""
    frame = pd.DataFrame({"article_id": ["made-up"], "raw_text": [raw]})
    clean, changes = clean_articles(frame)
    return kept(clean, "made-up"), changes


def write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_RULE = """\
  - name: credit_line
    action: remove
    pattern: '^Quelle:'
    section: credit
    reason: A credit line.
"""


# --- 2013: NDC offers talks -------------------------------------------------------------------


def test_2013_opening_photo_caption_with_its_credit_is_removed(clean, changes):
    assert removed(changes, NDC_2013, "caption") == [
        "Nordkoreas Machthaber Kim Jong Un mit einigen Generälen in Pjöngjang ©\xa0Reuters/KCNA"
    ]
    assert clean_text(clean, NDC_2013).startswith("Die nordkoreanische Führung hat den USA")


def test_2013_crosshead_is_kept_and_labelled(clean):
    assert ("crosshead", "Beobachter in Südkorea skeptisch") in kept(clean, NDC_2013)


def test_2013_typo_einschliessliche_is_repaired_inside_the_quotation(clean, changes):
    rows = changes[(changes["article_id"] == NDC_2013) & (changes["kind"] == "replace")]
    assert list(zip(rows["text"], rows["replacement"], strict=True)) == [
        ("einschließliche", "einschließlich")
    ]
    assert "Halbinsel, einschließlich Südkoreas, und" in clean_text(clean, NDC_2013)


def test_2013_trailing_no_break_spaces_are_stripped_and_reported(clean, changes):
    rows = changes[(changes["article_id"] == NDC_2013) & (changes["rule"] == "trailing_whitespace")]
    assert list(rows["text"]) == ["\xa0", "\xa0"]
    assert "bestimmen.\n\nDas wichtigste" in clean_text(clean, NDC_2013)


# --- 2019: Trump praises Kim's letter -----------------------------------------------------------


def test_2019_glued_date_line_and_place_dateline_are_removed(clean, changes):
    assert removed(changes, TRUMP_2019, "dateline") == [" date 2019-01 ", "Washington"]
    assert clean_text(clean, TRUMP_2019).startswith("Im zuletzt wieder angespannteren Verhältnis")


def test_2019_byline_is_removed(clean, changes):
    assert removed(changes, TRUMP_2019, "byline") == ["Von dpa/tap/RND"]
    assert clean_text(clean, TRUMP_2019).endswith("Überleben der kommunistischen Führung.")


def test_2019_crosshead_is_kept_and_labelled(clean):
    assert ("crosshead", "Nuklearwaffen als Lebensversicherung") in kept(clean, TRUMP_2019)


def test_2019_doubled_nicht_and_vergangen_are_repaired(clean, changes):
    rows = changes[(changes["article_id"] == TRUMP_2019) & (changes["kind"] == "replace")]
    assert list(zip(rows["rule"], rows["text"], rows["replacement"], strict=True)) == [
        ("doubled_nicht", "nicht ", ""),
        ("vergangen_inflection", "vergangen", "vergangenen"),
    ]
    assert "Hätten er und Kim sich im vergangenen Jahr nicht in Singapur getroffen" in clean_text(
        clean, TRUMP_2019
    )


def test_2019_german_quotation_marks_are_left_alone(clean):
    assert "einen „großartigen Brief“ geschrieben" in clean_text(clean, TRUMP_2019)


# --- 2020: Biegun signals readiness -------------------------------------------------------------


def test_2020_only_the_date_prefix_of_the_first_sentence_is_removed(clean, changes):
    assert removed(changes, BIEGUN_2020, "dateline") == [" date 2020-07 "]
    _, first_text = kept(clean, BIEGUN_2020)[0]
    assert first_text.startswith("Die Verhandlungen über Nordkoreas Atomprogramm kommen")


def test_2020_standfirst_is_labelled_teaser(clean):
    sections = [section for section, _ in kept(clean, BIEGUN_2020)]
    assert sections == ["teaser"] + ["body"] * 7


def test_2020_quotation_standing_alone_after_a_colon_stays_body(clean):
    assert ("body", "Wir haben um kein Treffen mit den Nordkoreanern gebeten.") in kept(
        clean, BIEGUN_2020
    )


def test_2020_romanisation_kim_jong_un_is_unified(changes):
    rows = changes[(changes["article_id"] == BIEGUN_2020) & (changes["kind"] == "replace")]
    assert list(zip(rows["text"], rows["replacement"], rows["section"], strict=True)) == [
        ("Kim Jong-un", "Kim Jong Un", "teaser")
    ]


def test_2020_trailing_blank_lines_leave_no_empty_paragraph(clean, articles):
    raw = articles.set_index("article_id").loc[BIEGUN_2020, "raw_text"]
    assert raw.endswith("\n\n")
    assert not clean_text(clean, BIEGUN_2020).endswith("\n")
    assert all(text for _, text in kept(clean, BIEGUN_2020))


# --- 2021: Sung Kim offers talks without preconditions -----------------------------------------


def test_2021_has_nothing_to_clean_and_keeps_its_background_paragraphs(clean, changes):
    assert changes[changes["article_id"] == SUNG_KIM_2021].empty
    record = clean.set_index("article_id").loc[SUNG_KIM_2021]
    assert record["clean_text"] == record["raw_text"]
    assert kept(clean, SUNG_KIM_2021)[-1] == (
        "body",
        'Auch Kim Jong Un nannte die Lage in seinem Land "angespannt". Nach Berichten des '
        'staatlichen Senders KCTV besprach er mit führenden Beamten "Notfallmaßnahmen".',
    )


# --- 2025: Kim offers talks on conditions -------------------------------------------------------


def test_2025_seo_title_and_kicker_headline_are_both_kept_as_headlines(clean, changes):
    assert kept(clean, KIM_2025)[:2] == [
        ("headline", "Nordkorea bietet den USA Gespräche an - Atomwaffen unverhandelbar"),
        ("headline", "Unter Bedingungen: Nordkorea bietet den USA neue Gespräche an"),
    ]
    assert removed(changes, KIM_2025, "duplicate_headline") == []
    glued = changes[(changes["article_id"] == KIM_2025) & (changes["rule"] == "glued_colon")]
    assert list(zip(glued["text"], glued["replacement"], strict=True)) == [(":", ": ")]


def test_2025_teaser_is_labelled_and_its_name_typo_repaired(clean, changes):
    section, text = kept(clean, KIM_2025)[2]
    assert section == "teaser"
    assert text.startswith("Kim Jong Un traf schon mehrmals auf US-Präsident Donald Trump.")
    rows = changes[(changes["article_id"] == KIM_2025) & (changes["rule"] == "kim_jong_un_typo")]
    assert list(rows["text"]) == ["Kim Kong Un"]


def test_2025_photo_captions_are_removed(changes):
    assert removed(changes, KIM_2025, "caption") == [
        "Der nordkoreanischen Machthaber Kim Jong Un spricht während einer Veranstaltung zur "
        "Feier des 80. Jahrestages des Endes der japanischen Kolonialherrschaft.",
        "Der nordkoreanische Machthaber Kim Jong Un",
        "Der nordkoreanische Staatschef Kim Jong Un, rechts, schüttelt die Hand des russischen "
        "Sicherheitsratssekretärs Sergej Schoigu, links, am Sitz der regierenden Arbeiterpartei "
        "in Pjöngjang, Nordkorea",
    ]


def test_2025_credit_lines_are_removed(changes):
    assert removed(changes, KIM_2025, "credit") == ["Quelle: dpa", "Quelle: dpa, AFP, Reuters"]


def test_2025_both_video_teasers_are_removed_with_title_description_and_stamp(clean, changes):
    video = removed(changes, KIM_2025, "video_teaser")
    assert video[0] == "China-Experte Wirth ordnet ein"
    assert video[1].startswith("Zwischen Russland, China und Nordkorea herrsche")
    assert video[2] == "03.09.2025 | 26:25 min"
    assert video[3].startswith("Nordkorea will weitere 6.000 Soldaten")
    assert video[4] == "18.06.2025 | 0:20 min"
    assert len(video) == 5
    assert "Wirth" not in clean_text(clean, KIM_2025)
    assert "Schoigu" not in clean_text(clean, KIM_2025)


def test_2025_crosshead_stating_a_position_is_kept(clean):
    assert ("crosshead", "Kim will nicht auf Atomwaffen verzichten") in kept(clean, KIM_2025)


def test_2025_gespraechsbereit_becomes_the_noun(clean):
    assert "eine prinzipielle Gesprächsbereitschaft gegenüber der US-Regierung" in clean_text(
        clean, KIM_2025
    )


@pytest.mark.parametrize(
    ("article_id", "sections"),
    [
        (NDC_2013, ("body", "body", "body", "crosshead", "body", "body", "body")),
        (TRUMP_2019, ("body", "body", "crosshead", "body", "body")),
        (BIEGUN_2020, ("teaser",) + ("body",) * 7),
        (SUNG_KIM_2021, ("body",) * 7),
        (KIM_2025, ("headline", "headline", "teaser") + ("body",) * 3 + ("crosshead",)
         + ("body",) * 5),
    ],
)
def test_each_article_has_its_expected_sections(clean, article_id, sections):
    record = clean.set_index("article_id").loc[article_id]
    assert record["sections"] == sections
    assert len(record["sections"]) == len(record["clean_text"].split("\n\n"))


# --- traceability: clean text back to raw text --------------------------------------------------


def test_every_kept_sentence_is_found_in_the_raw_text_once_replacements_are_undone(
    clean, changes, articles
):
    traced = trace_paragraphs(clean, changes)
    assert len(traced) == len(paragraphs(clean))
    assert traced["traced"].all(), traced.loc[~traced["traced"], ["article_id", "paragraph"]]
    assert traced["replacements"].sum() == (changes["kind"] == "replace").sum()
    raws = articles.set_index("article_id")["raw_text"]
    for row in traced.itertuples():
        for sentence in re.split(r"(?<=[.!?])\s+", row.restored):
            assert sentence in raws[row.article_id], (row.article_id, sentence)


def test_no_raw_text_is_dropped_without_a_report(clean, changes, articles):
    raws = articles.set_index("article_id")["raw_text"]
    table = paragraphs(clean)
    for article_id, raw in raws.items():
        covered = [False] * len(raw)
        spans = table.loc[table["article_id"] == article_id, ["raw_start", "raw_end"]]
        removals = changes.loc[
            (changes["article_id"] == article_id) & (changes["kind"] == "remove"),
            ["raw_start", "raw_end"],
        ]
        for start, end in [*spans.itertuples(index=False), *removals.itertuples(index=False)]:
            assert not any(covered[start:end]), (article_id, start, end)
            covered[start:end] = [True] * (end - start)
        lost = [i for i, char in enumerate(raw) if not covered[i] and not char.isspace()]
        assert lost == [], article_id


def test_each_change_names_the_raw_text_at_its_span(changes, articles):
    raws = articles.set_index("article_id")["raw_text"]
    for row in changes.itertuples():
        assert raws[row.article_id][row.raw_start : row.raw_end] == row.text


def test_changes_table_has_the_documented_columns(changes):
    assert tuple(changes.columns) == CHANGE_COLUMNS
    assert set(changes["kind"]) == {"remove", "replace"}
    assert changes["reason"].str.len().min() > 20
    assert (changes.loc[changes["kind"] == "remove", "replacement"] == "").all()


def test_paragraphs_table_spans_slice_the_clean_text(clean):
    table = paragraphs(clean)
    assert tuple(table.columns) == PARAGRAPH_COLUMNS
    texts = clean.set_index("article_id")["clean_text"]
    for row in table.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_clean_keeps_every_article_column_in_order(articles, clean):
    assert list(clean.columns) == [*articles.columns, "clean_text", "sections", "raw_spans"]
    assert list(clean["article_id"]) == list(articles["article_id"])


def test_cleaning_twice_gives_identical_tables(articles, cleaned):
    again_clean, again_changes = clean_articles(articles)
    pd.testing.assert_frame_equal(again_clean, cleaned[0])
    pd.testing.assert_frame_equal(again_changes, cleaned[1])
    assert again_changes.to_csv(index=False) == cleaned[1].to_csv(index=False)


# --- normalise() and the reference quotes -----------------------------------------------------


def test_normalise_turns_a_reference_quote_of_the_raw_text_into_the_clean_text(clean):
    quote = (
        'Es gehe um "die Denuklearisierung der gesamten koreanischen Halbinsel, einschließliche '
        "Südkoreas, und die gründlichste Denuklearisierung, die auf die Beseitigung der nuklearen "
        'Bedrohungen gegen uns durch die USA gerichtet ist", hieß es weiter.'
    )
    assert quote not in clean_text(clean, NDC_2013)
    assert normalise(quote) in clean_text(clean, NDC_2013)


def test_normalise_repairs_a_glued_kicker():
    assert (
        normalise("Unter Bedingungen:Nordkorea bietet den USA neue Gespräche an")
        == "Unter Bedingungen: Nordkorea bietet den USA neue Gespräche an"
    )


def test_normalise_leaves_correct_text_unchanged(clean):
    text = clean_text(clean, SUNG_KIM_2021)
    assert normalise(text) == text


# --- generality: made-up German copy, not from the corpus -------------------------------------


def test_made_up_caption_ending_in_a_credit_is_removed():
    pieces, changes = clean_one(
        "Demonstranten halten in Seoul Plakate hoch © AP/dpa\n\n"
        "Tausende Menschen haben am Samstag in Seoul gegen die Regierung protestiert.\n"
    )
    assert [section for section, _ in pieces] == ["body"]
    assert list(changes["section"]) == ["caption"]


def test_made_up_video_teaser_block_is_removed_with_its_title_and_description():
    pieces, changes = clean_one(
        "Japan hat nach dem Raketenstart eine Sondersitzung einberufen.\n\n"
        "Was plant Peking\n\n"
        "Die Sinologin Anna Beispiel erklärt, welche Rolle China im Konflikt spielt.\n\n"
        "12.03.2024 | 4:10 min\n\n"
        "Die Regierung in Tokio verlangt eine Erklärung.\n"
    )
    assert [text for _, text in pieces] == [
        "Japan hat nach dem Raketenstart eine Sondersitzung einberufen.",
        "Die Regierung in Tokio verlangt eine Erklärung.",
    ]
    assert list(changes["section"]) == ["video_teaser"] * 3


def test_made_up_byline_with_name_and_agency_is_removed():
    pieces, changes = clean_one(
        "Von Max Muster, dpa\n\nDie Außenminister treffen sich am Montag in Genf.\n"
    )
    assert list(changes["text"]) == ["Von Max Muster, dpa"]
    assert list(changes["section"]) == ["byline"]


def test_crosshead_starting_with_von_is_not_taken_for_a_byline():
    pieces, changes = clean_one(
        "Die Gespräche wurden abgebrochen.\n\nVon Annäherung keine Spur\n\n"
        "Beide Seiten machen sich Vorwürfe.\n"
    )
    assert ("crosshead", "Von Annäherung keine Spur") in pieces
    assert changes.empty


def test_made_up_caption_before_a_photo_credit_is_removed_after_headline_and_teaser():
    pieces, changes = clean_one(
        "Südkorea meldet neuen Raketentest\n\n"
        "Der Norden hat erneut eine Rakete abgefeuert. Seoul spricht von einer Provokation.\n\n"
        "Eine Rakete steigt über der Küste auf\n\n"
        "Foto: AFP\n\n"
        "Nach Angaben des Generalstabs flog die Rakete rund 600 Kilometer weit.\n"
    )
    assert [section for section, _ in pieces] == ["headline", "teaser", "body"]
    assert list(zip(changes["section"], changes["text"], strict=True)) == [
        ("caption", "Eine Rakete steigt über der Küste auf"),
        ("credit", "Foto: AFP"),
    ]


def test_made_up_caption_placing_people_left_and_right_is_removed():
    pieces, changes = clean_one(
        "Die Ministerin reiste am Dienstag nach Tokio.\n\n"
        "Die Außenministerin (l.) begrüßt ihren japanischen Amtskollegen in Tokio\n\n"
        "Beide sprachen über die Lage in Ostasien.\n"
    )
    assert list(changes["section"]) == ["caption"]
    assert [section for section, _ in pieces] == ["body", "body"]


def test_made_up_agency_dateline_is_cut_from_the_first_sentence():
    pieces, changes = clean_one("Seoul (dpa) - Südkorea hat den Norden zu Gesprächen aufgerufen.")
    assert pieces == [("body", "Südkorea hat den Norden zu Gesprächen aufgerufen.")]
    assert list(zip(changes["section"], changes["text"], strict=True)) == [
        ("dateline", "Seoul (dpa) - ")
    ]


def test_made_up_repeated_headline_with_glued_kicker_is_removed():
    pieces, changes = clean_one(
        "Trump und Kim brechen Gipfel in Hanoi ab\n\n"
        "Gipfel in Hanoi:Trump und Kim brechen Treffen ab\n\n"
        "Das Treffen endete früher als geplant. Eine Erklärung gab es nicht.\n\n"
        "Beide Delegationen reisten am Abend ab.\n"
    )
    assert [section for section, _ in pieces] == ["headline", "teaser", "body"]
    assert list(changes["section"]) == ["duplicate_headline"]


def test_made_up_headline_and_different_subtitle_are_both_kept():
    pieces, changes = clean_one(
        "Nordkorea testet neue Rakete\n\n"
        "Japan verurteilt den Start scharf\n\n"
        "Das Geschoss landete im Meer.\n"
    )
    assert [section for section, _ in pieces] == ["headline", "headline", "teaser"]
    assert changes.empty


def test_name_misspellings_of_kim_jong_un_only_are_repaired():
    assert (
        normalise("Kim Jung Un und seine Schwester Kim Yo Jong; sein Vater Kim Jong Il.")
        == "Kim Jong Un und seine Schwester Kim Yo Jong; sein Vater Kim Jong Il."
    )


def test_glued_colon_repair_leaves_times_and_web_addresses_alone():
    text = "Gipfel in Hanoi:Trump reist um 12:30 Uhr ab, siehe https://example.org"
    assert normalise(text) == (
        "Gipfel in Hanoi: Trump reist um 12:30 Uhr ab, siehe https://example.org"
    )


def test_capitalised_bereit_after_an_article_becomes_the_noun():
    assert normalise("Er zeigte seine Verhandlungsbereit.") == (
        "Er zeigte seine Verhandlungsbereitschaft."
    )
    assert normalise("Beide sind gesprächsbereit.") == "Beide sind gesprächsbereit."


# --- the rules file and its validation --------------------------------------------------------


def test_shipped_rules_load_and_each_has_a_reason():
    rules = load_rules()
    assert len({rule.name for rule in rules}) == len(rules)
    assert all(len(rule.reason) > 20 for rule in rules)
    assert RULES_FILE.name == "cleaning_rules.yml"


def test_unknown_action_names_file_rule_line_and_fix(tmp_path):
    path = write_rules(
        tmp_path,
        "rules:\n"
        + GOOD_RULE
        + GOOD_RULE.replace("credit_line", "caption_line").replace(
            "action: remove", "action: delete"
        ),
    )
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    message = str(raised.value)
    assert str(path) in message
    assert "rule 'caption_line' (line 7)" in message
    assert "unknown action 'delete'" in message
    assert "Fix: use one of strip, remove, label, deduplicate, replace" in message


def test_missing_reason_is_an_error(tmp_path):
    path = write_rules(tmp_path, "rules:\n" + GOOD_RULE.replace("    reason: A credit line.\n", ""))
    with pytest.raises(RulesError, match=r"rule 'credit_line' \(line 2\): missing reason"):
        load_rules(path)


def test_regex_that_does_not_compile_is_an_error(tmp_path):
    path = write_rules(tmp_path, "rules:\n" + GOOD_RULE.replace("'^Quelle:'", "'^(Quelle:'"))
    with pytest.raises(RulesError, match="is not a valid regular expression"):
        load_rules(path)


def test_misspelt_field_is_an_error(tmp_path):
    path = write_rules(tmp_path, "rules:\n" + GOOD_RULE.replace("section:", "sectoin:"))
    with pytest.raises(RulesError) as raised:
        load_rules(path)
    assert "field 'sectoin' is not known" in str(raised.value)
    assert "action 'remove' needs 'section'" in str(raised.value)


def test_replacement_referring_to_a_missing_group_is_an_error(tmp_path):
    rule = (
        "  - name: fix_name\n    action: replace\n    pattern: 'Kim (Kong) Un'\n"
        "    replacement: 'Kim \\2 Un'\n    reason: A made-up repair for the test.\n"
    )
    with pytest.raises(RulesError, match="replacement .* does not fit the pattern"):
        load_rules(write_rules(tmp_path, "rules:\n" + rule))


def test_every_problem_is_reported_at_once(tmp_path):
    body = (
        "rules:\n" + GOOD_RULE.replace("remove", "delete") + GOOD_RULE.replace("'^Quelle:'", "'['")
    )
    with pytest.raises(RulesError) as raised:
        load_rules(write_rules(tmp_path, body))
    assert len(raised.value.problems) == 2
    assert isinstance(raised.value, ValueError)


def test_duplicate_rule_names_are_an_error(tmp_path):
    with pytest.raises(RulesError, match="the name is already used on line 2"):
        load_rules(write_rules(tmp_path, "rules:\n" + GOOD_RULE + GOOD_RULE))


def test_yaml_syntax_error_names_its_line(tmp_path):
    with pytest.raises(RulesError, match="starting on line 3\\): not valid YAML"):
        load_rules(write_rules(tmp_path, "rules:\n  - name: x\n    pattern: '[\n  - b: c\n"))


def test_python_tags_are_refused_not_executed(tmp_path):
    body = "rules: !!python/object/apply:os.system ['echo unsafe']\n"
    with pytest.raises(RulesError, match="not valid YAML"):
        load_rules(write_rules(tmp_path, body))


def test_clean_articles_uses_the_rules_file_it_is_given(tmp_path):
    path = write_rules(tmp_path, "rules:\n" + GOOD_RULE)
    frame = pd.DataFrame({"article_id": ["made-up"], "raw_text": ["Ein Satz.\n\nQuelle: dpa"]})
    clean, changes = clean_articles(frame, rules_path=path)
    assert clean.loc[0, "clean_text"] == "Ein Satz."
    assert list(changes["rule"]) == ["credit_line"]


def test_articles_without_raw_text_are_refused():
    with pytest.raises(ValueError, match="lacks column.*raw_text"):
        clean_articles(pd.DataFrame({"article_id": ["x"]}))


# --- summaries for the corpus overview -----------------------------------------------------------


def test_cleaning_summary_counts_each_rule_per_article(changes):
    summary = cleaning_summary(changes).set_index(["article_id", "rule", "section"])
    videos = summary.loc[("2025-09-22_kim-offers-talks-on-conditions", "video_teaser_stamp",
                          "video_teaser")]
    assert videos["changes"] == 5
    assert videos["example"] == "China-Experte Wirth ordnet ein"
    assert summary["changes"].sum() == len(changes)
    assert summary["raw_chars"].sum() == (changes["raw_end"] - changes["raw_start"]).sum()


def test_text_lengths_show_what_cleaning_kept(clean):
    lengths = text_lengths(clean).set_index("article_id")
    untouched = lengths.loc["2021-06-21_sung-kim-talks-without-preconditions"]
    assert untouched["raw_chars"] == untouched["clean_chars"]
    assert untouched["kept_share"] == 1.0
    noisy = lengths.loc["2025-09-22_kim-offers-talks-on-conditions"]
    assert noisy["clean_words"] < noisy["raw_words"]
    assert noisy["body_words"] < noisy["clean_words"]  # headline, teaser, crosshead are not body


def test_one_sentence_news_paragraphs_before_a_caption_and_credit_stay_body():
    kept_paragraphs, changes = clean_one(
        "Südkorea meldet neuen Raketentest\n\n"
        "Pjöngjang droht Seoul mit neuen Gegenmaßnahmen.\n\n"
        "Die Regierung in Seoul reagierte zunächst nicht auf die Drohung.\n\n"
        "Ein Soldat beobachtet die Grenze bei Paju.\n\n"
        "Foto: Ahn Young-joon/AP\n\n"
        "Das Verteidigungsministerium kündigte eine Sitzung des Sicherheitsrats an."
    )
    assert ("teaser", "Pjöngjang droht Seoul mit neuen Gegenmaßnahmen.") in kept_paragraphs
    assert (
        "body", "Die Regierung in Seoul reagierte zunächst nicht auf die Drohung."
    ) in kept_paragraphs
    assert list(changes.loc[changes["section"] == "caption", "text"]) == [
        "Ein Soldat beobachtet die Grenze bei Paju."
    ]


def test_byline_with_a_studio_after_the_comma_is_removed():
    kept_paragraphs, changes = clean_one(
        "Seoul setzt auf Gespräche\n\n"
        "Von Anna Beispiel, ARD-Studio Tokio\n\n"
        "Die neue Regierung in Seoul will mit dem Norden wieder ins Gespräch kommen."
    )
    assert list(changes.loc[changes["section"] == "byline", "text"]) == [
        "Von Anna Beispiel, ARD-Studio Tokio"
    ]
    assert [section for section, _ in kept_paragraphs] == ["headline", "teaser"]


def test_quotation_standing_alone_is_not_a_crosshead():
    kept_paragraphs, _ = clean_one(
        "Kim lehnt Gespräche ab\n\n"
        "Die Führung in Pjöngjang wies das Angebot aus Washington am Montag zurück.\n\n"
        "\"Wir werden niemals aufgeben\"\n\n"
        "So zitierte die Staatsagentur den Machthaber."
    )
    assert ("body", "\"Wir werden niemals aufgeben\"") in kept_paragraphs
