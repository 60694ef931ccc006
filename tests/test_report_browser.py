"""The report in a real browser (headless Chromium, network cut): the index renders offline,
a mark of the precondition figure leads to the evidence rows its CSV names, the filters narrow
the table, and the sentence in its article is highlighted.

The report is built into a temporary folder from the committed figures, with the page of
notebook 07 executed for the report. Skips, saying how to enable it, without Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import chromium, cut_network

from korea_notes.evidence import cell_anchor
from korea_notes.figures import read_figure_data
from korea_notes.paths import FIGURES_DIR, NOTEBOOKS_DIR
from korea_notes.report import NotebookPage, build_report, notebook_html, report_data
from korea_notes.reproduce import execute_notebook

PRECONDITIONS = "07_precondition_sequence"


@pytest.fixture(scope="module")
def data():
    return report_data()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, data) -> Path:
    folder = tmp_path_factory.mktemp("report")
    notebook = NOTEBOOKS_DIR / "07_preconditions.ipynb"
    executed = execute_notebook(notebook, figures_dir=tmp_path_factory.mktemp("figures"),
                                report=True)
    (folder / "07_preconditions.html").write_text(notebook_html(executed), encoding="utf-8")
    build_report(folder, FIGURES_DIR, [NotebookPage(notebook.name, "07_preconditions.html", 3,
                                                    0.0)], data)
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def page(browser):
    traffic = cut_network(browser)
    page = browser.new_page()
    yield page, traffic
    page.close()
    browser.unroute("**/*")


def precondition_row(condition_type: str = "DROP_DENUCLEARIZATION_GOAL") -> dict:
    """A current-news row of the precondition figure's CSV."""
    table = read_figure_data(FIGURES_DIR / f"{PRECONDITIONS}.csv")
    chosen = table[(table["condition_type"] == condition_type) & (table["tense"] == "current")]
    return chosen.iloc[0].to_dict()


def visible_sentences(page) -> list[str]:
    return page.eval_on_selector_all(
        "table.kn-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.sentence)")


def test_the_index_renders_offline_with_no_failed_request(page, report_dir, data):
    page, traffic = page
    page.goto((report_dir / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("How the USA and North Korea")
    assert page.locator("h3[id^=period-]").count() == data.articles["article_id"].nunique()
    assert page.locator(f'[data-figure="{PRECONDITIONS}"] svg').count() == 1
    assert traffic.failed == [] and traffic.blocked == [] and traffic.errors == []


def test_clicking_a_precondition_box_reaches_the_rows_the_figure_csv_names(page, report_dir):
    page, traffic = page
    row = precondition_row()
    anchor = cell_anchor(row["period"], row["actor"], "PRECONDITION", row["condition_type"],
                         row["target"], row["tense"])
    page.goto((report_dir / "index.html").as_uri())
    mark = page.locator(f'[data-figure="{PRECONDITIONS}"] svg a').filter(
        has=page.locator(f'xpath=self::*[@*[local-name()="href"]="evidence.html#{anchor}"]'))
    assert mark.count() >= 1
    mark.first.click()
    page.wait_for_url(f"**/evidence.html#{anchor}")
    page.wait_for_selector("#kn-cell:not([hidden])")
    assert sorted(visible_sentences(page)) == sorted(row["sentence_ids"].split("|"))
    assert traffic.failed == [] and traffic.errors == []


def test_a_mark_shows_its_count_and_first_sentence_on_hover(page, report_dir):
    page, _ = page
    row = precondition_row()
    page.goto((report_dir / "index.html").as_uri())
    titles = page.eval_on_selector_all(
        f'[data-figure="{PRECONDITIONS}"] svg a > title', "ts => ts.map(t => t.textContent)")
    wanted = f"first: {row['condition_type']} (current) in {row['period']}: {row['claims']} claims"
    assert any(wanted in title and "“" in title for title in titles)


def test_the_filters_narrow_the_evidence_table(page, report_dir, data):
    page, traffic = page
    page.goto((report_dir / "evidence.html").as_uri())
    assert len(visible_sentences(page)) == len(data.evidence)
    page.select_option('select[data-filter="actor"]', "USA")
    usa = data.evidence[data.evidence["actor"] == "USA"]
    assert len(visible_sentences(page)) == len(usa)
    page.select_option('select[data-filter="category"]', "PRECONDITION")
    both = usa[usa["category"] == "PRECONDITION"]
    assert sorted(visible_sentences(page)) == sorted(both["sentence_id"])
    assert page.locator("#kn-shown").inner_text() == str(len(both))
    page.fill('input[data-filter="text"]', "Gesprächspartner")
    worded = both[both["sentence"].str.contains("Gesprächspartner")]
    assert 0 < len(worded) < len(both)
    assert sorted(visible_sentences(page)) == sorted(worded["sentence_id"])
    assert traffic.failed == [] and traffic.errors == []


def test_clicking_a_heading_sorts_the_table_by_that_column(page, report_dir, data):
    page, _ = page
    page.goto((report_dir / "evidence.html").as_uri())
    page.click('th[data-column="claim"] button')  # ascending is the order already
    page.click('th[data-column="claim"] button')
    numbers = page.eval_on_selector_all("table.kn-table tbody tr td:first-child",
                                        "cells => cells.map(c => Number(c.dataset.sort))")
    assert numbers == sorted(data.evidence["claim"], reverse=True)


def test_the_sentence_in_context_is_highlighted_in_its_article(page, report_dir):
    page, traffic = page
    row = precondition_row()
    sentence_id = row["sentence_ids"].split("|")[0]
    page.goto((report_dir / "evidence.html").as_uri())
    page.locator(f'tr[data-sentence="{sentence_id}"] td.kn-sentence a').first.click()
    article, local = sentence_id.split("/")
    page.wait_for_url(f"**/articles/{article}.html#{local}")
    target = page.locator(f"#{local}")
    assert target.evaluate("e => e.matches(':target')")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 224, 102)"
    assert target.is_visible()
    assert traffic.failed == [] and traffic.errors == []


def test_a_notebook_page_loads_nothing_and_its_figure_links_to_the_evidence(page, report_dir):
    page, traffic = page
    page.goto((report_dir / "07_preconditions.html").as_uri())
    page.wait_for_load_state("load")
    hrefs = page.eval_on_selector_all(
        f'[data-figure="{PRECONDITIONS}"] svg a',
        "links => links.map(a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))")
    assert hrefs and all(h.startswith("evidence.html#") for h in hrefs)
    assert traffic.failed == [] and traffic.blocked == [] and traffic.errors == []
