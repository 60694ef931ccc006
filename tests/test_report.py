"""The report: a findings page computed from the corpus, evidence pages, the articles with
their sentences, and nothing that loads from the network."""

from __future__ import annotations

import nbformat
import pytest

from korea_notes.evidence import rows_for
from korea_notes.paths import FIGURES_DIR
from korea_notes.report import (
    FINDING_COLUMNS,
    build_report,
    external_references,
    findings,
    notebook_html,
    report_data,
)


@pytest.fixture(scope="module")
def data():
    return report_data()


@pytest.fixture(scope="module")
def found(data):
    return findings(data.claims, data.articles)


@pytest.fixture(scope="module")
def built(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("report")
    build_report(folder, FIGURES_DIR, data=data)
    return folder


def test_findings_say_what_each_side_set_as_a_precondition_per_period(found):
    assert list(found.columns) == list(FINDING_COLUMNS)
    kim = found[(found["period"] == "2025-09-22_kim-offers-talks-on-conditions")
                & (found["side"] == "DPRK") & (found["verb"] == "set as a precondition")]
    assert list(kim["item"]) == ["drop denuclearization goal (of USA)",
                                 "security guarantees (of USA)",
                                 "unspecified conditions (of USA)"]
    assert list(kim["claims"]) == [2, 1, 1]


def test_findings_count_only_the_current_news_of_the_two_sides(found, data):
    current = data.claims[(data.claims["tense"] == "current")
                          & data.claims["actor"].isin(["USA", "DPRK"])]
    not_preconditions = current[current["category"] != "PRECONDITION"]
    told = found[found["verb"] != "set as a precondition"]
    assert told["claims"].sum() == len(not_preconditions)


def test_every_finding_links_to_as_many_evidence_rows_as_it_counts(found, data):
    for record in found.to_dict("records"):
        rows = rows_for(data.evidence, record["anchor"])
        assert len(rows) == record["claims"], record["anchor"]
        assert record["first_sentence"] == rows["sentence"].iloc[0]


def test_the_index_links_every_statement_to_the_evidence_page(built, found):
    index = (built / "index.html").read_text(encoding="utf-8")
    for anchor in found["anchor"]:
        assert f'href="evidence.html#{anchor}"' in index


def test_the_index_shows_the_linked_figures_inline_and_the_others_as_images(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'data-figure="07_precondition_sequence"><svg' in index
    assert '<img src="figures/01_corpus_timeline.png"' in index


def test_every_evidence_anchor_is_an_id_on_the_evidence_page(built, data):
    page = (built / "evidence.html").read_text(encoding="utf-8")
    anchors = {anchor for row in data.evidence["anchors"] for anchor in row}
    assert all(f'<span id="{anchor}"></span>' in page for anchor in anchors)


def test_each_article_page_holds_every_sentence_under_its_id(built, data):
    for article_id, group in data.annotated.groupby("article_id"):
        page = (built / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
        for sentence_id in group["sentence_id"]:
            assert f'id="{sentence_id.partition("/")[2]}"' in page


def test_the_figure_copies_link_to_the_evidence_one_folder_up(built):
    svg = (built / "figures" / "07_precondition_sequence.svg").read_text(encoding="utf-8")
    assert 'xlink:href="../evidence.html#' in svg
    assert 'xlink:href="evidence.html#' not in svg


def test_no_page_of_the_report_loads_from_the_network(built):
    for path in built.rglob("*"):
        if path.suffix in {".html", ".svg", ".css", ".js"}:
            assert external_references(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("snippet", [
    '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js">',
    "<link rel='stylesheet' href='//fonts.googleapis.com/css?family=Roboto'>",
    "<style>@import url(https://example.org/a.css);</style>",
    "<style>@font-face { src: url('https://example.org/font.woff2'); }</style>",
    '<img src="http://example.org/a.png">',
])
def test_external_references_finds_scripts_styles_fonts_and_images_from_the_network(snippet):
    assert external_references(snippet)


@pytest.mark.parametrize("snippet", [
    '<a href="https://github.com/">a link a reader may follow</a>',
    '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    '<script src="report.js"></script><link rel="stylesheet" href="report.css">',
])
def test_external_references_leaves_links_namespaces_and_local_files_alone(snippet):
    assert external_references(snippet) == []


def test_a_notebook_page_has_no_require_js_mathjax_or_other_cdn_script():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A title with $x$ in it"),
        nbformat.v4.new_code_cell("1 + 1")])
    page = notebook_html(notebook)
    assert "A title with" in page
    assert external_references(page) == []
    assert "require.min.js" not in page and "MathJax" not in page


def test_kernels_run_for_the_report_link_figures_to_the_evidence_pages(monkeypatch):
    from korea_notes.figures import REPORT_VARIABLE
    from korea_notes.reproduce import kernel_environment

    monkeypatch.setenv(REPORT_VARIABLE, "1")
    assert kernel_environment(report=True)[REPORT_VARIABLE] == "1"
    assert REPORT_VARIABLE not in kernel_environment(report=False)
