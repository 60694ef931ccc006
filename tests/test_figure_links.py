"""The analysis figures as a way in: every mark links to its evidence, with a hover summary,
in the saved SVG, in the report and in JupyterLab; the SVG stays byte for byte reproducible."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from korea_notes import figures, timeline
from korea_notes.attribution import attribute_sentences
from korea_notes.evidence import cell_anchor
from korea_notes.paths import FIGURES_DIR
from korea_notes.positions import code_positions

LINK = re.compile(r'<a xlink:href="([^"]+)"[^>]*>(?:<title>([^<]*)</title>)?')


@pytest.fixture(scope="module")
def claims(sentences) -> pd.DataFrame:
    return code_positions(attribute_sentences(sentences))


@pytest.fixture(scope="module")
def preconditions(claims, articles):
    table = timeline.preconditions_by_period(claims, "article", articles=articles,
                                             include_background=True)
    return table, timeline.period_table(articles, "article")


def links_in(svg: str) -> dict[str, set[str]]:
    """URL -> the titles of the SVG's links to it."""
    found: dict[str, set[str]] = {}
    for url, title in LINK.findall(svg):
        found.setdefault(url, set()).add(title)
    return found


def precondition_url(row: dict) -> str:
    """The URL a box of the precondition figure links to."""
    anchor = cell_anchor(row["period"], row["actor"], "PRECONDITION", row["condition_type"],
                         row["target"], row["tense"])
    return f"evidence.html#{anchor}"


def test_every_box_of_the_precondition_figure_links_to_its_cell(tmp_path, preconditions):
    fig, data = figures.precondition_sequence(*preconditions)
    paths = figures.save_figure(fig, data, "07_precondition_sequence", tmp_path)
    plt.close(fig)
    wanted = {precondition_url(r) for r in data.to_dict("records")}
    assert set(links_in(paths["svg"].read_text(encoding="utf-8"))) == wanted


def test_each_link_carries_a_title_with_its_count_and_first_sentence(tmp_path, preconditions):
    table, periods = preconditions
    fig, data = figures.precondition_sequence(table, periods)
    paths = figures.save_figure(fig, data, "07_precondition_sequence", tmp_path)
    plt.close(fig)
    links = links_in(paths["svg"].read_text(encoding="utf-8"))
    for record in table[table["actor"].isin(["USA", "DPRK"])].to_dict("records"):
        titles = links.get(precondition_url(record), set())
        if not titles:
            continue  # a row toward a third actor is not plotted
        (title,) = titles
        noun = "claim" if record["claims"] == 1 else "claims"
        assert f": {record['claims']} {noun}\n“" in title
        assert record["evidence"][0][:30] in title


def test_links_open_in_the_same_window(tmp_path, preconditions):
    fig, data = figures.precondition_sequence(*preconditions)
    svg = figures.save_figure(fig, data, "07_precondition_sequence", tmp_path)["svg"]
    plt.close(fig)
    assert 'target="_blank"' not in svg.read_text(encoding="utf-8")


def test_a_linked_figure_drawn_twice_saves_byte_identical_svg(tmp_path, preconditions):
    written = []
    for run in ("a", "b"):
        fig, data = figures.precondition_sequence(*preconditions)
        written.append(figures.save_figure(fig, data, "07_precondition_sequence",
                                           tmp_path / run)["svg"].read_bytes())
        plt.close(fig)
    assert written[0] == written[1]


def test_every_circle_of_the_actor_category_matrix_links_to_its_date_cell(tmp_path, claims):
    from korea_notes.positions import actor_category_matrix

    fig, data = figures.actor_category_matrix(actor_category_matrix(claims), claims=claims)
    links = figures.figure_links(fig)
    plt.close(fig)
    wanted = {"evidence.html#" + cell_anchor(r["published"], r["actor"], r["category"])
              for r in data.to_dict("records")}
    assert set(links) == wanted
    counts = {url: len(link.sentences) for url, link in links.items()}
    assert sum(counts.values()) == len(claims.drop_duplicates(
        ["published", "actor", "category", "sentence_id"]))


def marks(name: str, data: pd.DataFrame) -> int:
    """How many marks a figure draws from its data: one per row, but a bar only for a count
    above zero, a tone point only with sentences, one link per stance for both versions."""
    if name == "06_talks_offers_rejections":
        counts = data[["offers_unconditional", "offers_conditional", "rejections"]]
        return int((counts > 0).to_numpy().sum())
    if name == "08_tone_over_time":
        return int((data["sentences"] > 0).sum())
    if name == "08_tone_by_stance":
        return data.loc[data["sentences"] > 0, "stance"].nunique()
    return len(data)


@pytest.mark.parametrize("name", ["04_actor_category_matrix", "06_position_timeline",
                                  "06_talks_offers_rejections", "07_precondition_sequence",
                                  "08_tone_over_time", "08_tone_by_stance"])
def test_the_committed_svg_links_every_plotted_row(name):
    data = figures.read_figure_data(FIGURES_DIR / f"{name}.csv")
    links = links_in((FIGURES_DIR / f"{name}.svg").read_text(encoding="utf-8"))
    assert len(links) == marks(name, data)
    assert all(titles and all(titles) for titles in links.values())


def test_publish_for_jupyterlab_links_marks_to_the_evidence_under_the_figure(
        tmp_path, preconditions):
    fig, data = figures.precondition_sequence(*preconditions)
    shown = figures.publish(fig, data, "07_precondition_sequence", tmp_path)
    shown.report = False
    page = shown.html()
    targets = re.findall(r'xlink:href="#(kn-07_precondition_sequence-[^"]+)"', page)
    assert targets and "evidence.html#" not in page
    for target in set(targets):
        assert f'<li id="{target}" class="kn-mark">' in page
    assert not plt.fignum_exists(fig.number)


def test_publish_for_the_report_links_marks_to_the_evidence_page(tmp_path, preconditions):
    fig, data = figures.precondition_sequence(*preconditions)
    shown = figures.publish(fig, data, "07_precondition_sequence", tmp_path)
    shown.report = True
    page = shown.html()
    assert page.startswith('<div class="kn-figure" data-figure="07_precondition_sequence"><svg')
    assert "evidence.html#" in page and "kn-mark" not in page
