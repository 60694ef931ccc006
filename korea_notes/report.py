"""The HTML report in ``build/report/``: a findings page, the evidence pages and every article
with its sentences, all computed from the corpus and readable offline.

:func:`build_report` writes, beside the notebook pages of ``make reproduce``:

- ``index.html``: the answer to the mission question per period (what each side offered,
  refused, demanded and set as a precondition, :func:`findings`), each statement linked to its
  evidence; then the figures (the linked ones inline, so that their marks can be clicked); then
  the notebooks;
- ``evidence.html``: every claim (:func:`korea_notes.evidence.evidence_table`), filterable by
  actor, category, condition type, period, tense and text, sortable by any column; a figure's
  mark opens ``evidence.html#ANCHOR``, which shows the rows of that cell;
- ``tone.html``: every sentence with its claimant, stance and tone (the evidence of notebook 08);
- ``articles/<article_id>.html``: the article's metadata and clean paragraphs, every sentence
  with an id (``#p01s00``), the linked one highlighted;
- ``figures/``: a copy of every figure, ``report.css`` and ``report.js``.

Nothing in the report loads from the network: :func:`external_references` lists what a page
would fetch from ``http(s)://`` (scripts, styles, fonts, images, frames), and the build fails if
any page has one. Notebook pages are exported without require.js and MathJax (the notebooks
hold no mathematics) by :func:`notebook_html`.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from korea_notes import __version__
from korea_notes.evidence import cell_anchor, evidence_table, tone_table
from korea_notes.figures import (
    EVIDENCE_PAGE,
    TONE_PAGE,
    figure_files,
    inline_svg,
)
from korea_notes.paths import PACKAGE_DIR
from korea_notes.timeline import (
    NO_PRECONDITIONS,
    Settings,
    load_settings,
    period_table,
    positions_by_period,
    preconditions_by_period,
    readable,
)

ASSETS: tuple[str, ...] = ("report.css", "report.js")
"""The report's own style sheet and script, copied from the package into the report folder."""

LINKED_FIGURES = re.compile(r"^0[4678]_")
"""Figures whose marks link to evidence: shown inline on the index (the others as images)."""

FINDING_VERBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("offered", ("offers", "concessions")),
    ("refused", ("rejections", "red_lines")),
    ("demanded", ("demands",)),
    ("set as a precondition", ("preconditions",)),
    ("also", ("threats", "goodwill")),
)
"""How the groups of timeline.yml answer the mission question: what a side offered, refused,
demanded and set as a precondition (and what else it said)."""

FINDING_COLUMNS: tuple[str, ...] = (
    "period", "side", "verb", "item", "claims", "anchor", "sentence_ids", "first_sentence",
)
"""period (article id); side (of timeline.yml); verb (of :data:`FINDING_VERBS`); item (a
category, or for preconditions the condition type with its target, in words); claims (current
claims); anchor (on the evidence page); sentence_ids (tuple); first_sentence."""

EVIDENCE_FILTERS: tuple[tuple[str, str], ...] = (
    ("actor", "actor"), ("category", "category"), ("condition_type", "condition type"),
    ("period", "period"), ("tense", "tense"), ("source", "source"),
)
TONE_FILTERS: tuple[tuple[str, str], ...] = (
    ("actor", "actor"), ("stance", "stance"), ("period", "period"), ("tense", "tense"),
)
_EXTERNAL = re.compile(
    r"""(?:<(?:script|img|iframe|embed|source|audio|video)\b[^>]*?\ssrc\s*=\s*["']?\s*(https?:)?//"""
    r"""|<link\b[^>]*?\shref\s*=\s*["']?\s*(https?:)?//"""
    r"""|<object\b[^>]*?\sdata\s*=\s*["']?\s*(https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(https?:)?//"""
    r"""|url\(\s*["']?\s*(https?:)?//)""",
    re.IGNORECASE,
)


class ReportError(RuntimeError):
    """The report cannot be built as promised (e.g. a page would load from the network)."""


@dataclass
class ReportData:
    """The tables the report is written from, all computed from the corpus."""

    articles: pd.DataFrame
    clean: pd.DataFrame
    claims: pd.DataFrame
    annotated: pd.DataFrame
    evidence: pd.DataFrame
    tone: pd.DataFrame


def report_data(articles: pd.DataFrame | None = None) -> ReportData:
    """Run the corpus (default: :func:`korea_notes.corpus.load_articles`) through the pipeline
    once, let the stored human codes stand (:func:`korea_notes.human.apply_human_codes`) and
    shape the evidence and tone tables of the report."""
    from korea_notes.attribution import attribute_sentences
    from korea_notes.cleaning import clean_articles
    from korea_notes.corpus import load_articles
    from korea_notes.human import apply_human_codes
    from korea_notes.language import annotate, split_sentences
    from korea_notes.positions import code_positions
    from korea_notes.timeline import with_tense

    articles = load_articles() if articles is None else articles
    clean, _ = clean_articles(articles)
    sentences = attribute_sentences(split_sentences(clean))
    claims = apply_human_codes(code_positions(sentences), sentences)
    annotated = with_tense(annotate(sentences))
    return ReportData(articles, clean, claims, annotated, evidence_table(claims, articles),
                      tone_table(claims, annotated))


# --- findings ----------------------------------------------------------------------------------


def findings(claims: pd.DataFrame, articles: pd.DataFrame,
             settings: Settings | None = None) -> pd.DataFrame:
    """What each side offered, refused, demanded and set as a precondition, per period (one
    per article) and item, from the current claims. Preconditions are told by condition type
    (toward whom); the others by category. Columns: :data:`FINDING_COLUMNS`, in period order,
    then side, verb and codebook order.
    """
    settings = settings or load_settings()
    positions = positions_by_period(claims, "article", articles=articles, settings=settings)
    preconditions = preconditions_by_period(claims, "article", articles=articles,
                                            settings=settings)
    group_of = {c: g.name for g in settings.groups for c in g.categories}
    verb_of = {group: verb for verb, groups in FINDING_VERBS for group in groups}
    rows = []
    for record in positions.to_dict("records"):
        group = group_of.get(record["category"], "")
        if record["actor"] not in settings.sides or group == "preconditions":
            continue
        rows.append({"period": record["period"], "side": record["actor"],
                     "verb": verb_of.get(group, "also"), "item": readable(record["category"]),
                     "claims": int(record["claims"]),
                     "anchor": cell_anchor(record["period"], record["actor"],
                                           record["category"], "current"),
                     "sentence_ids": record["sentence_ids"],
                     "first_sentence": record["evidence"][0]})
    for record in preconditions.to_dict("records"):
        if record["actor"] not in settings.sides or record["condition_type"] == NO_PRECONDITIONS:
            continue
        target = record["target"]
        item = readable(record["condition_type"]) + f" (of {target})"
        rows.append({"period": record["period"], "side": record["actor"],
                     "verb": "set as a precondition", "item": item,
                     "claims": int(record["claims"]),
                     "anchor": cell_anchor(record["period"], record["actor"], "PRECONDITION",
                                           record["condition_type"], target, "current"),
                     "sentence_ids": record["sentence_ids"],
                     "first_sentence": record["evidence"][0]})
    periods = list(period_table(articles, "article")["period"])
    verbs = [verb for verb, _ in FINDING_VERBS]
    table = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    if table.empty:
        return table
    order = table.assign(_p=table["period"].map(periods.index),
                         _s=table["side"].map(list(settings.sides).index),
                         _v=table["verb"].map(verbs.index), _n=range(len(table)))
    order = order.sort_values(["_p", "_s", "_v", "_n"], kind="stable")
    return order[list(FINDING_COLUMNS)].reset_index(drop=True)


def headline(article: pd.Series | dict) -> str:
    """An article's title, or its event where the corpus records no title."""
    for key in ("title", "event"):
        value = article.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return str(article.get("article_id", ""))


def _side_class(side: str) -> str:
    return f"kn-{side.lower()}"


def _finding_item(row: dict, page_prefix: str = "") -> str:
    claims = f"{row['claims']} claim" + ("" if row["claims"] == 1 else "s")
    title = html.escape(row["first_sentence"], quote=True)
    return (f'<li><a href="{page_prefix}{EVIDENCE_PAGE}#{html.escape(row["anchor"])}" '
            f'title="{title}">{html.escape(row["item"])}</a> ({claims})</li>')


def _overview(found: pd.DataFrame, periods: pd.DataFrame, settings: Settings) -> list[str]:
    """One computed sentence per side: in how many periods it offered, refused, demanded and
    set a precondition, each period linked to its evidence."""
    lines = []
    for side in settings.sides:
        mine = found[found["side"] == side]
        parts = []
        for verb, _groups in FINDING_VERBS[:4]:
            chosen = mine[mine["verb"] == verb]
            labels = list(dict.fromkeys(chosen["period"]))
            links = ", ".join(
                f'<a href="#period-{html.escape(p)}">{html.escape(p[:10])}</a>' for p in labels)
            parts.append(f"{verb} something in {len(labels)} of {len(periods)} periods"
                         + (f" ({links})" if labels else ""))
        claims = int(mine["claims"].sum())
        lines.append(f'<p><b class="{_side_class(side)}">{html.escape(side)}</b> '
                     f"({claims} current claims): " + "; ".join(parts) + ".</p>")
    return lines


def findings_html(data: ReportData, settings: Settings | None = None) -> str:
    """The findings part of the index: a computed overview and one table per period."""
    settings = settings or load_settings()
    found = findings(data.claims, data.articles, settings)
    periods = period_table(data.articles, "article")
    meta = data.articles.set_index("article_id")
    tense = data.claims["tense"].value_counts()
    parts = [
        f'<p class="kn-lead">{len(data.articles)} articles, {len(data.claims)} coded claims: '
        f"{int(tense.get('current', 0))} the articles' current news, "
        f"{int(tense.get('background', 0))} recalled background (kept apart, not counted "
        "below). Every statement links to the claims behind it; hover a link for its first "
        "sentence.</p>",
        *_overview(found, periods, settings),
    ]
    for label in periods["period"]:
        info = meta.loc[label]
        heading = (f"{pd.Timestamp(info['published']).date().isoformat()} · "
                   f"{html.escape(headline(info))} "
                   f'<span class="kn-muted">({html.escape(str(info["outlet"]))})</span>')
        parts.append(f'<h3 id="period-{html.escape(label)}">{heading}</h3>')
        header = "".join(f'<th scope="col" class="{_side_class(side)}">{html.escape(side)}</th>'
                         for side in settings.sides)
        body = []
        for verb, _groups in FINDING_VERBS:
            cells = []
            for side in settings.sides:
                chosen = found[(found["period"] == label) & (found["side"] == side)
                               & (found["verb"] == verb)]
                items = "".join(_finding_item(row) for row in chosen.to_dict("records"))
                cells.append(f'<td><ul class="kn-items">{items}</ul></td>' if items
                             else '<td class="kn-none">—</td>')
            body.append(f'<tr><th scope="row">{html.escape(verb)}</th>{"".join(cells)}</tr>')
        parts.append(f'<table class="kn-findings"><thead><tr><td></td>{header}</tr></thead>'
                     f'<tbody>{"".join(body)}</tbody></table>')
    return "\n".join(parts)


# --- pages -------------------------------------------------------------------------------------


def page(title: str, body: str, prefix: str = "", script: bool = False) -> str:
    """A complete report page: the shared style sheet (and script), navigation, ``body``."""
    nav = (f'<nav class="kn-nav"><a href="{prefix}index.html">Findings</a>'
           f'<a href="{prefix}{EVIDENCE_PAGE}">Evidence: claims</a>'
           f'<a href="{prefix}{TONE_PAGE}">Evidence: tone</a></nav>')
    tail = f'<script src="{prefix}report.js"></script>' if script else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f'<link rel="stylesheet" href="{prefix}report.css">', "</head>",
        f'<body class="{"kn-wide" if script else ""}">', nav, body, tail,
        "</body></html>", ""])


def _breakable(text: str) -> str:
    """Escaped text that may wrap after ``_``, ``-``, ``/`` and ``|`` (codes, ids)."""
    return re.sub(r"([_/|:-])", r"\1<wbr>", html.escape(text))


def _options(values: Iterable[str]) -> str:
    found = sorted({part for value in values for part in str(value).split("|") if part})
    return "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in found)


def table_html(table: pd.DataFrame, columns: Sequence[tuple[str, str, str]],
               filters: Sequence[tuple[str, str]], noun: str) -> str:
    """A filterable, sortable table: ``columns`` are (column, heading, type), ``filters`` the
    columns with a choice list (column, label). Each row carries its anchors; the first row of
    each anchor holds it as an id, so that ``#ANCHOR`` works without the script too."""
    controls = "".join(
        f'<label>{html.escape(label)}<select data-filter="{column}"><option value="">all'
        f"</option>{_options(table[column])}</select></label>" for column, label in filters)
    controls += ('<label>text<input type="search" data-filter="text" '
                 'placeholder="words in any column"></label>')
    heads = "".join(f'<th data-column="{c}" data-type="{t}"><button type="button">'
                    f"{html.escape(h)}</button></th>" for c, h, t in columns)
    seen: set[str] = set()
    rows = []
    for record in table.to_dict("records"):
        fresh = [a for a in record["anchors"] if a not in seen]
        seen.update(fresh)
        targets = "".join(f'<span id="{html.escape(a)}"></span>' for a in fresh)
        data = " ".join(f'data-{column}="{html.escape(str(record[column]))}"'
                        for column, _ in filters)
        cells = []
        for number, (column, _, kind) in enumerate(columns):
            value = record[column]
            text = f"{value:+.3f}" if kind == "number" and isinstance(value, float) else str(value)
            if column == "sentence":
                content = (f'<a href="{html.escape(record["context"])}">'
                           f"{html.escape(text)}</a>")
            elif column == "period":
                content = f'<span title="{html.escape(text)}">{_breakable(text)}</span>'
            else:
                content = _breakable(text)
            sort = f' data-sort="{html.escape(str(value))}"' if kind == "number" else ""
            css = ' class="kn-sentence"' if column == "sentence" else ""
            cells.append(f"<td{css}{sort}>{targets if number == 0 else ''}{content}</td>")
        rows.append(f'<tr data-anchors="{html.escape(" ".join(record["anchors"]))}" '
                    f'data-sentence="{html.escape(str(record["sentence_id"]))}" {data}>'
                    f'{"".join(cells)}</tr>')
    return "\n".join([
        '<p id="kn-cell" hidden>Showing the cell <code></code> only. '
        '<a href="#" id="kn-show-all">Show every row</a></p>',
        f'<form class="kn-filters" onsubmit="return false">{controls}</form>',
        f'<p><span id="kn-shown">{len(table)}</span> of {len(table)} {noun} shown. Click a '
        "heading to sort; the sentence links to its place in the article.</p>",
        f'<table class="kn-table"><thead><tr>{heads}</tr></thead><tbody>',
        *rows, "</tbody></table>"])


EVIDENCE_COLUMNS_SHOWN: tuple[tuple[str, str, str], ...] = (
    ("claim", "#", "number"), ("period", "article", "text"), ("actor", "claimant", "text"),
    ("target", "target", "text"), ("category", "category", "text"),
    ("condition_type", "condition type", "text"), ("tense", "tense", "text"),
    ("sentence", "sentence", "text"), ("condition", "condition", "text"),
    ("conditionality", "conditionality", "text"), ("rule", "rule", "text"),
    ("source", "source", "text"),
)
TONE_COLUMNS_SHOWN: tuple[tuple[str, str, str], ...] = (
    ("published", "date", "text"), ("period", "article", "text"), ("actor", "claimant", "text"),
    ("tense", "tense", "text"), ("stance", "stance", "text"), ("categories", "categories", "text"),
    ("polarity_raw", "polarity (shipped)", "number"), ("polarity", "polarity", "number"),
    ("sentence", "sentence", "text"),
)


EVIDENCE_INTRO = ("One row per claim: who (claimant) takes which position (category) toward "
                  "whom (target), on what condition, in which article, the codebook rule "
                  "that fired, and who coded it (source: human where a person's stored codes "
                  "stand in for the machine's). A figure's mark opens the rows of its cell.")
TONE_INTRO = ("One row per sentence: its claimant (if any), whether it is current news or "
              "recalled background, its stance from the coded claims, and textblob-de's "
              "polarity as shipped and with nouns counted. The points of the tone figures open "
              "their sentences here.")


def table_page(heading: str, intro: str, table: pd.DataFrame,
               columns: Sequence[tuple[str, str, str]], filters: Sequence[tuple[str, str]],
               noun: str) -> str:
    """A report page holding one filterable, sortable table (:func:`table_html`)."""
    return page(f"korea_notes: {heading}",
                f"<h1>{html.escape(heading)}</h1><p>{html.escape(intro)}</p>"
                + table_html(table, columns, filters, noun), script=True)


def evidence_page(table: pd.DataFrame) -> str:
    """``evidence.html``: every claim of the corpus (see the module)."""
    return table_page("Evidence: every coded claim", EVIDENCE_INTRO, table,
                      EVIDENCE_COLUMNS_SHOWN, EVIDENCE_FILTERS, "claims")


def tone_page(table: pd.DataFrame) -> str:
    """``tone.html``: every sentence with its claimant, stance and tone."""
    return table_page("Evidence: the tone of every sentence", TONE_INTRO, table,
                      TONE_COLUMNS_SHOWN, TONE_FILTERS, "sentences")


def article_page(article: pd.Series, paragraphs: pd.DataFrame, sentences: pd.DataFrame,
                 claims: pd.DataFrame) -> str:
    """``articles/<id>.html``: the article's metadata and clean paragraphs, each sentence a
    ``<span id="pNNsNN">`` (highlighted when it is the URL's target), coded sentences marked
    and their claims listed under the text."""
    coded = claims.groupby("sentence_id")["category"].agg(lambda c: ", ".join(dict.fromkeys(c)))
    text = str(article["clean_text"])
    blocks = []
    for paragraph in paragraphs.to_dict("records"):
        inside = sentences[(sentences["start"] >= paragraph["start"])
                           & (sentences["end"] <= paragraph["end"])].sort_values("start")
        cursor = paragraph["start"]
        pieces = []
        for sentence in inside.to_dict("records"):
            pieces.append(html.escape(text[cursor:sentence["start"]]))
            local = str(sentence["sentence_id"]).partition("/")[2]
            categories = coded.get(sentence["sentence_id"])
            css = "kn-s kn-coded" if categories else "kn-s"
            title = f' title="{html.escape(categories)}"' if categories else ""
            pieces.append(f'<span id="{html.escape(local)}" class="{css}"{title}>'
                          f'{html.escape(text[sentence["start"]:sentence["end"]])}</span>')
            cursor = sentence["end"]
        pieces.append(html.escape(text[cursor:paragraph["end"]]))
        blocks.append(f'<p><span class="kn-section">{html.escape(str(paragraph["section"]))}'
                      f'</span><br>{"".join(pieces)}</p>')
    meta = [("published", f"{pd.Timestamp(article['published']).date().isoformat()} "
                          f"(precision: {article['date_precision']})"),
            ("title", article["title"] if isinstance(article["title"], str) else "(none)"),
            ("outlet", article["outlet"]), ("event", article["event"]),
            ("file", f"corpus/{article['file']}"), ("sha256", article["sha256"]),
            ("article id", article["article_id"])]
    listing = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in meta)
    claim_items = "".join(
        f'<li><a href="#{html.escape(str(r["sentence_id"]).partition("/")[2])}">'
        f'{html.escape(str(r["sentence_id"]).partition("/")[2])}</a>: '
        f'{html.escape(str(r["actor"]))} {html.escape(str(r["category"]))} '
        f'({html.escape(str(r["tense"]))})</li>'
        for r in claims.sort_values("sentence_id", kind="stable").to_dict("records"))
    body = (f'<h1>{html.escape(headline(article))}</h1><dl class="kn-meta">{listing}</dl>'
            f'<p class="kn-muted">The clean text as the coder reads it; underlined sentences '
            f"carry coded claims (hover for their categories), the linked sentence is "
            f'highlighted.</p><article class="kn-article">{"".join(blocks)}</article>'
            f'<h2>Claims in this article</h2><ul class="kn-claims">{claim_items}</ul>')
    return page(f"{article['article_id']}", body, prefix="../")


def write_articles(data: ReportData, folder: Path) -> list[Path]:
    """One page per article in ``folder`` (see :func:`article_page`)."""
    from korea_notes.cleaning import paragraphs

    folder.mkdir(parents=True, exist_ok=True)
    every = paragraphs(data.clean)
    written = []
    for article in data.clean.to_dict("records"):
        article_id = article["article_id"]
        path = folder / f"{article_id}.html"
        path.write_text(article_page(
            pd.Series(article), every[every["article_id"] == article_id],
            data.annotated[data.annotated["article_id"] == article_id],
            data.claims[data.claims["article_id"] == article_id]), encoding="utf-8")
        written.append(path)
    return written


# --- figures and the index ---------------------------------------------------------------------


def copy_figures(figures_dir: Path, report_dir: Path) -> dict[str, list[Path]]:
    """Copy every figure into ``report_dir/figures/``; the SVG copies link one folder up, to
    the evidence pages beside them."""
    target = report_dir / "figures"
    target.mkdir(parents=True, exist_ok=True)
    copied: dict[str, list[Path]] = {}
    for stem, paths in figure_files(figures_dir).items():
        for path in paths:
            destination = target / path.name
            if path.suffix == ".svg":
                svg = path.read_text(encoding="utf-8")
                for name in (EVIDENCE_PAGE, TONE_PAGE):
                    svg = svg.replace(f'xlink:href="{name}#', f'xlink:href="../{name}#')
                destination.write_text(svg, encoding="utf-8")
            else:
                shutil.copy2(path, destination)
            copied.setdefault(stem, []).append(destination)
    return copied


def figures_html(figures_dir: Path) -> str:
    """The figures: linked ones inline (their marks open the evidence), the others as images;
    each with links to its PNG, SVG and CSV."""
    blocks = []
    for stem, paths in figure_files(figures_dir).items():
        files = " · ".join(f'<a href="figures/{html.escape(p.name)}">{p.suffix[1:]}</a>'
                           for p in paths)
        svg = next((p for p in paths if p.suffix == ".svg"), None)
        png = next((p for p in paths if p.suffix == ".png"), None)
        if svg is not None and LINKED_FIGURES.match(stem):
            blocks.append(f'<div class="kn-figure" data-figure="{html.escape(stem)}">'
                          f"{inline_svg(svg.read_text(encoding='utf-8'))}"
                          f"<p><code>{html.escape(stem)}</code>: {files}</p></div>")
        elif png is not None:
            blocks.append(f'<figure class="kn-static"><img src="figures/{html.escape(png.name)}"'
                          f' alt="{html.escape(stem)}"><figcaption><code>{html.escape(stem)}'
                          f"</code>: {files}</figcaption></figure>")
    return "\n".join(blocks) or "<p>No figures.</p>"


@dataclass(frozen=True)
class NotebookPage:
    """A notebook's page in the report, for the index's list."""

    notebook: str
    page: str
    figures: int
    seconds: float


def index_page(data: ReportData, figures_dir: Path, notebooks: Sequence[NotebookPage]) -> str:
    """``index.html``: findings, then figures, then notebooks (see the module)."""
    items = "".join(
        f'<li><a href="{html.escape(n.page)}">{html.escape(n.notebook)}</a> '
        f'<span class="kn-muted">({n.figures} figure files, {n.seconds:.1f} s)</span></li>'
        for n in notebooks) or "<li>No notebook pages in this build.</li>"
    body = "\n".join([
        "<h1>How the USA and North Korea stated their negotiation positions, 2013–2025</h1>",
        f'<p class="kn-muted">korea_notes {html.escape(__version__)}: the answer per period, '
        "computed from the corpus by the package; figures; notebooks.</p>",
        "<h2>What each side offered, refused, demanded and set as a precondition</h2>",
        findings_html(data),
        "<h2>Figures</h2><p>Every mark of the figures of notebooks 04, 06, 07 and 08 is a link "
        "to the claims or sentences behind it; hover a mark for its count and first "
        "sentence.</p>",
        figures_html(figures_dir),
        "<h2>Notebooks</h2><ol>", items, "</ol>",
    ])
    return page(f"korea_notes {__version__}: report", body)


def external_references(text: str) -> list[str]:
    """What a page would load from the network: each ``src``, ``<link href>``, ``<object
    data>``, CSS ``@import`` or ``url()`` that points to ``http(s)://`` or ``//`` (excerpts)."""
    return [text[m.start(): m.end() + 60] for m in _EXTERNAL.finditer(text)]


def check_offline(report_dir: Path) -> None:
    """Raise :class:`ReportError` naming every page of the report that loads from the network."""
    problems = []
    for path in sorted(report_dir.rglob("*")):
        if path.suffix in {".html", ".svg", ".css", ".js"}:
            for found in external_references(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(report_dir)}: {found!r}")
    if problems:
        raise ReportError("the report would load from the network:\n" + "\n".join(problems))


def notebook_html(notebook) -> str:
    """An executed notebook as a standalone HTML page that loads nothing from the network
    (JupyterLab's look, without require.js, MathJax and mermaid)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    template = ("{%- extends 'lab/index.html.j2' -%}"
                "{% block html_head_js_requirejs %}{% endblock %}"
                "{% block html_head_js_mathjax %}{% endblock %}"
                "{% block html_head_js_mermaidjs %}{% endblock %}")
    exporter = HTMLExporter(extra_loaders=[DictLoader({"offline.html.j2": template})],
                            template_file="offline.html.j2")
    body, _ = exporter.from_notebook_node(notebook)
    return body


def build_report(report_dir: Path, figures_dir: Path,
                 notebooks: Sequence[NotebookPage] = (),
                 data: ReportData | None = None) -> Path:
    """Write the report's own pages into ``report_dir`` (see the module) and return the index.
    Raises :class:`ReportError` if any page in ``report_dir`` would load from the network."""
    data = data or report_data()
    report_dir.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        shutil.copy2(PACKAGE_DIR / asset, report_dir / asset)
    copy_figures(figures_dir, report_dir)
    (report_dir / EVIDENCE_PAGE).write_text(evidence_page(data.evidence), encoding="utf-8")
    (report_dir / TONE_PAGE).write_text(tone_page(data.tone), encoding="utf-8")
    write_articles(data, report_dir / "articles")
    index = report_dir / "index.html"
    index.write_text(index_page(data, figures_dir, notebooks), encoding="utf-8")
    check_offline(report_dir)
    return index
