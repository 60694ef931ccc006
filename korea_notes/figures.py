"""Figures in one shared look, saved with the exact data behind them, byte for byte reproducibly.

Every figure of the project goes through :func:`save_figure`, which writes three files into
``figures/`` (or another folder):

- ``<name>.png``: raster image at :data:`DPI` dots per inch, without the ``Software`` text chunk;
- ``<name>.svg``: vector image with a fixed hash salt for its element ids and no date;
- ``<name>.csv``: the plotted data, UTF-8, ``"\\n"`` line ends, floats as :data:`FLOAT_FORMAT`.

Saving the same figure and data twice gives identical bytes. :func:`style` (a context manager)
and :func:`apply_style` give every figure the same look; neither changes the matplotlib
backend, so both work under Agg, the inline backend of notebooks and anything else.

The figure is left open after saving, so that a notebook still shows it; close it with
``matplotlib.pyplot.close(fig)`` where many figures are drawn in a loop.

**Links.** The analysis figures (04, 06, 07, 08) make every marker, box and bar a link to the
evidence behind it: :func:`link` gives an artist the URL ``evidence.html#ANCHOR`` (or
``tone.html#ANCHOR``; anchors of :mod:`korea_notes.evidence`) and a short summary, which
:func:`save_figure` writes into the SVG as the ``<title>`` of the link (shown on hover). The
URLs are relative to the report folder ``build/report/``. :func:`publish` saves a figure and
returns it for display as inline SVG: in the report (``KOREA_NOTES_REPORT=1``, set by
``make reproduce``) the marks lead to the evidence page; in JupyterLab, where no report needs
to exist, to a list of the evidence sentences under the figure.

Both images are cropped to a tight bounding box instead of using a layout engine: a layout
engine (``layout="constrained"`` or ``"tight"``) re-solves the layout on every draw, and the
result drifts in the last digits with the figure's draw history, which shows in the SVG's
coordinates (not in the PNG or CSV). A figure drawn the same way in a fresh kernel, as
``make reproduce`` does, still gives the same bytes either way.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from korea_notes.evidence import cell_anchor, sentence_texts
from korea_notes.paths import FIGURES_DIR

FIGURE_NAME = re.compile(r"^[0-9]{2}_[a-z0-9]+(?:_[a-z0-9]+)*$")
"""A figure name: two digits (the notebook's number), an underscore, lower-case snake case."""

FIGURES_DIR_VARIABLE = "KOREA_NOTES_FIGURES_DIR"
"""Environment variable that, when set, replaces ``figures/`` as the default output folder
(the test suite and ``python -m korea_notes.reproduce --figures-dir`` use it to write elsewhere)."""

DPI = 150
"""Resolution of every PNG, in dots per inch."""

FLOAT_FORMAT = "%.6f"
"""How floats are written to the CSV: fixed point, six decimals."""

SVG_HASH_SALT = "korea_notes"
"""Fixed salt for the ids inside SVG files (matplotlib draws a random one otherwise)."""

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Colour cycle readable with every common form of colour blindness (Okabe and Ito 2008)."""

STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.0,
    "axes.titlesize": 12.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO)),
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "figure.constrained_layout.use": False,
    "image.cmap": "viridis",
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.1,
    "svg.fonttype": "path",
    "svg.hashsalt": SVG_HASH_SALT,
}
"""The shared look, as matplotlib rcParams. DejaVu Sans ships with matplotlib, so text renders
the same on every machine."""

_PNG_METADATA: dict[str, str | None] = {"Software": None}
_SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None}

EVIDENCE_PAGE = "evidence.html"
"""The report page of the claims (relative to ``build/report/``)."""
TONE_PAGE = "tone.html"
"""The report page of the sentences and their tone."""
REPORT_VARIABLE = "KOREA_NOTES_REPORT"
"""Environment variable that, set to ``1``, makes :func:`publish` link marks to the report pages
(``make reproduce`` sets it for the kernels it starts)."""
TITLE_LENGTH = 180
"""Characters of the hover summary of a mark at most (the first sentence is shortened)."""


@dataclass(frozen=True)
class Link:
    """Where a mark of a figure leads: a report page, an anchor on it, a hover summary, and the
    sentences behind the mark (id and text, text "" where not known)."""

    page: str
    anchor: str
    title: str
    sentences: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return f"{self.page}#{self.anchor}"


def summary(headline: str, count: int, unit: str, first: str = "") -> str:
    """A mark's hover text: what it is, how many claims or sentences, and the first sentence."""
    noun = unit if count == 1 else f"{unit}s"
    text = f"{headline}: {count} {noun}"
    if first:
        room = max(TITLE_LENGTH - len(text) - 4, 20)
        quoted = first if len(first) <= room else first[: room - 1].rstrip() + "…"
        text += f"\n“{quoted}”"
    return text


def make_link(page: str, anchor: str, headline: str, count: int, unit: str,
              sentence_ids: Sequence[str], texts: Mapping[str, str] | None = None) -> Link:
    """The :class:`Link` of a mark: ``count`` claims or sentences (``unit``) behind it, with
    their sentence ids (texts looked up in ``texts``, sentence id -> text)."""
    texts = texts or {}
    sentences = tuple((str(i), str(texts.get(str(i), ""))) for i in dict.fromkeys(sentence_ids))
    first = sentences[0][1] if sentences else ""
    return Link(page, anchor, summary(headline, count, unit, first), sentences)


def link(artist: Any, target: Link) -> None:
    """Make ``artist`` (a patch, line, text or a one-item collection) a link to ``target``; the
    figure keeps the link for :func:`save_figure` and :func:`publish`."""
    from matplotlib.collections import Collection

    fig = artist.get_figure(root=True)
    if fig is None:
        raise ValueError("link(artist, ...) needs an artist that is already in a figure")
    links: dict[str, Link] = fig.__dict__.setdefault("_korea_notes_links", {})
    links[target.url] = target
    if isinstance(artist, Collection):
        artist.set_urls([target.url] * max(len(artist.get_paths()), 1))
    else:
        artist.set_url(target.url)
    patch = getattr(artist, "get_bbox_patch", lambda: None)()
    if patch is not None:
        patch.set_url(target.url)


def figure_links(fig: Figure) -> dict[str, Link]:
    """The links of a figure's marks, by URL, in the order they were made."""
    return dict(fig.__dict__.get("_korea_notes_links", {}))


_SVG_LINK = re.compile(r'<a xlink:href="([^"]*)"(?: target="_blank")?>')


def _svg_with_titles(svg: str, links: Mapping[str, Link]) -> str:
    """The SVG with each link opening in the same window and carrying its summary as title."""
    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match.group(1))
        found = links.get(url)
        title = (f"<title>{html.escape(found.title, quote=False)}</title>"
                 if found is not None else "")
        return f'<a xlink:href="{match.group(1)}">{title}'

    return _SVG_LINK.sub(replace, svg)


@contextmanager
def style() -> Iterator[None]:
    """Draw with the shared look inside a ``with style():`` block; settings are restored after."""
    with mpl.rc_context(STYLE):
        yield


def apply_style() -> None:
    """Make the shared look the default for the rest of the session (e.g. a notebook)."""
    mpl.rcParams.update(STYLE)


def check_figure_name(name: str) -> str:
    """Return ``name`` if it is a valid figure name like ``01_corpus_timeline``, else raise."""
    if not isinstance(name, str) or not FIGURE_NAME.fullmatch(name):
        raise ValueError(
            f"figure name {name!r} is not of the form NN_snake_name: use two digits (the "
            "notebook's number), an underscore and lower-case words joined by underscores, "
            "e.g. '01_corpus_timeline' (no file extension)"
        )
    return name


def default_figures_dir() -> Path:
    """The folder figures go to: ``$KOREA_NOTES_FIGURES_DIR`` if set, else ``figures/``."""
    configured = os.environ.get(FIGURES_DIR_VARIABLE)
    return Path(configured) if configured else FIGURES_DIR


def plotted_table(data: pd.DataFrame) -> pd.DataFrame:
    """The table as it goes to the CSV: named index levels become columns, an unnamed index
    (row numbers) is left out."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"save_figure needs the plotted data as a pandas DataFrame, got {type(data).__name__}"
        )
    if isinstance(data.columns, pd.MultiIndex):
        raise ValueError(
            "the plotted data has multi-level column labels; flatten them first, e.g. "
            "data.columns = ['_'.join(map(str, c)) for c in data.columns]"
        )
    if any(level is not None for level in data.index.names):
        data = data.reset_index()
    return data


def save_figure(
    fig: Figure,
    data: pd.DataFrame,
    name: str,
    figures_dir: str | os.PathLike[str] | None = None,
) -> dict[str, Path]:
    """Write ``<name>.png``, ``<name>.svg`` and ``<name>.csv`` (the plotted data) deterministically.

    ``name`` is ``NN_snake_name``; ``figures_dir`` defaults to :func:`default_figures_dir`.
    Existing files of that name are overwritten; the figure stays open. Returns the written
    paths keyed by ``"png"``, ``"svg"`` and ``"csv"``.
    """
    check_figure_name(name)
    if not isinstance(fig, Figure):
        raise TypeError(f"save_figure needs a matplotlib Figure, got {type(fig).__name__}")
    table = plotted_table(data)
    folder = Path(figures_dir) if figures_dir is not None else default_figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {suffix: folder / f"{name}.{suffix}" for suffix in ("png", "svg", "csv")}

    with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path",
                         "svg.id": f"figure-{name}"}):
        for kind, metadata in (("png", _PNG_METADATA), ("svg", _SVG_METADATA)):
            fig.savefig(
                paths[kind],
                format=kind,
                dpi=DPI,
                metadata=metadata,
                bbox_inches="tight",
                pad_inches=0.1,
                facecolor="white",
            )
    svg = paths["svg"].read_text(encoding="utf-8")
    paths["svg"].write_text(_svg_with_titles(svg, figure_links(fig)), encoding="utf-8")
    with open(paths["csv"], "w", encoding="utf-8", newline="") as handle:
        table.to_csv(handle, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return paths


def inline_svg(svg: str) -> str:
    """An SVG file's text as an element to put inside an HTML page (no XML prolog or DOCTYPE)."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document: no <svg element")
    return svg[start:].strip()


def in_report() -> bool:
    """Whether figures are shown for the report (``$KOREA_NOTES_REPORT`` is ``1``)."""
    return os.environ.get(REPORT_VARIABLE) == "1"


class LinkedFigure:
    """A saved figure shown as inline SVG whose marks are links (see :func:`publish`)."""

    def __init__(self, name: str, svg: str, links: Mapping[str, Link], png: bytes = b"",
                 report: bool | None = None) -> None:
        self.name = name
        self.svg = svg
        self.links = dict(links)
        self.png = png
        self.report = in_report() if report is None else report

    def local_id(self, url: str) -> str:
        """The id of a mark's evidence list under the figure (JupyterLab view)."""
        return f"kn-{self.name}-{url.partition('#')[2]}"

    def html(self) -> str:
        """The figure as HTML: for the report, the SVG with links to the report pages; else the
        SVG linked to the evidence listed under it."""
        svg = inline_svg(self.svg)
        if self.report or not self.links:
            return f'<div class="kn-figure" data-figure="{self.name}">{svg}</div>'
        for url in self.links:
            svg = svg.replace(f'xlink:href="{html.escape(url)}"',
                              f'xlink:href="#{self.local_id(url)}"')
        items = []
        for url, target in self.links.items():
            sentences = "".join(
                f"<li><code>{html.escape(sid)}</code> {html.escape(text)}</li>"
                for sid, text in target.sentences)
            title = html.escape(target.title.split("\n")[0])
            items.append(f'<li id="{self.local_id(url)}" class="kn-mark"><b>{title}</b>'
                         f"<ol>{sentences}</ol></li>")
        return (f'<div class="kn-figure" data-figure="{self.name}">{svg}'
                f"<details><summary>Evidence behind the {len(items)} marks of "
                f"{self.name} (click a mark to jump to its sentences)</summary>"
                f'<ol class="kn-evidence">{"".join(items)}</ol></details></div>')

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_png_(self) -> bytes | None:
        return self.png or None


def publish(fig: Figure, data: pd.DataFrame, name: str,
            figures_dir: str | os.PathLike[str] | None = None) -> LinkedFigure:
    """Save the figure with :func:`save_figure`, close it, and return it for display as inline
    SVG with its links (a notebook cell ending in ``figures.publish(...)`` shows it)."""
    import matplotlib.pyplot as plt

    paths = save_figure(fig, data, name, figures_dir)
    links = figure_links(fig)
    plt.close(fig)
    return LinkedFigure(name, paths["svg"].read_text(encoding="utf-8"), links,
                        paths["png"].read_bytes())


def read_figure_data(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read back a figure's CSV (as written by :func:`save_figure`)."""
    return pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])


def figure_files(figures_dir: str | os.PathLike[str] | None = None) -> Mapping[str, list[Path]]:
    """The figure files in a folder, grouped by figure name (files of other names left out)."""
    folder = Path(figures_dir) if figures_dir is not None else default_figures_dir()
    grouped: dict[str, list[Path]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in {".png", ".svg", ".csv"} and FIGURE_NAME.fullmatch(path.stem):
                grouped.setdefault(path.stem, []).append(path)
    return grouped


# --- the figures of the corpus overview (01_corpus) ----------------------------------------------


def short_label(article_id: str) -> str:
    """A compact label for an article in a figure: its date and the first words of its slug."""
    day, _, slug = article_id.partition("_")
    words = slug.split("-")
    return f"{day} {' '.join(words[:3])}" if slug else article_id


def corpus_timeline(articles: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """The articles on a time axis, one row per outlet; returns the figure and its data.

    Data columns: ``article_id``, ``published`` (ISO date), ``date_precision``, ``outlet``,
    ``label``.
    """
    import matplotlib.pyplot as plt

    data = pd.DataFrame(
        {
            "article_id": articles["article_id"].astype(str),
            "published": articles["published"].dt.strftime("%Y-%m-%d"),
            "date_precision": articles["date_precision"].astype(str),
            "outlet": articles["outlet"].astype(str),
            "label": articles["article_id"].map(short_label),
        }
    ).reset_index(drop=True)
    outlets = sorted(data["outlet"].unique())
    with style():
        fig, ax = plt.subplots(figsize=(9.0, 1.2 + 0.6 * len(outlets)))
        dates = pd.to_datetime(data["published"])
        rows = data["outlet"].map({outlet: index for index, outlet in enumerate(outlets)})
        ax.scatter(dates, rows, s=60, zorder=3)
        for date, row, label in zip(dates, rows, data["label"], strict=True):
            ax.annotate(label, (date, row), xytext=(0, 8), textcoords="offset points",
                        ha="center", fontsize=8)
        ax.set_yticks(range(len(outlets)), outlets)
        ax.set_ylim(-0.6, len(outlets) - 0.2)
        margin = pd.Timedelta(days=240)
        ax.set_xlim(dates.min() - margin, dates.max() + margin)
        ax.set_xlabel("published")
        ax.set_title(f"The corpus: {len(data)} articles by date and outlet")
    return fig, data


def cleaning_report(summary: pd.DataFrame, lengths: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Words per article before and after cleaning, and what was removed, by kind of noise.

    ``summary`` is ``cleaning.cleaning_summary(changes)``, ``lengths`` is
    ``cleaning.text_lengths(clean)``. Data: one row per article with ``article_id``,
    ``raw_words``, ``clean_words``, ``body_words`` and one column ``removed_<section>`` per kind
    of removed text (raw characters).
    """
    import matplotlib.pyplot as plt

    removed = summary[summary["kind"] == "remove"]
    by_section = removed.pivot_table(index="article_id", columns="section", values="raw_chars",
                                     aggfunc="sum", fill_value=0)
    by_section = by_section.reindex(lengths["article_id"], fill_value=0)
    by_section.columns = [f"removed_{column}" for column in by_section.columns]
    data = lengths[["article_id", "raw_words", "clean_words", "body_words"]].merge(
        by_section.reset_index(), on="article_id", how="left"
    )
    labels = data["article_id"].map(short_label)
    with style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(11.0, 0.9 + 0.55 * len(data)),
                                          sharey=True)
        positions = range(len(data))
        height = 0.27
        for offset, column in zip((-height, 0, height), ("raw_words", "clean_words",
                                                         "body_words"), strict=True):
            left.barh([p + offset for p in positions], data[column], height=height,
                      label=column.replace("_", " "))
        left.set_yticks(list(positions), labels)
        left.invert_yaxis()
        left.set_xlabel("words")
        left.set_title("Text length before and after cleaning")
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(data)), ncol=3,
                    fontsize=8)
        start = pd.Series(0, index=data.index)
        for column in [c for c in data.columns if c.startswith("removed_")]:
            right.barh(list(positions), data[column], left=start,
                       label=column.removeprefix("removed_").replace("_", " "))
            start = start + data[column]
        right.set_xlabel("characters removed")
        right.set_title("What cleaning removed")
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(data)), ncol=4,
                     fontsize=8)
    return fig, data


# --- who speaks (03_actors_and_voices) ------------------------------------------------------------


def voices_by_actor(voices: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Per actor, over all articles: sentences in which it speaks (direct quotation, indirect
    speech, reported as claimant) and sentences in which it is only spoken about.

    ``voices`` is ``attribution.voices_per_article(...)``. Data: one row per actor, sorted by
    mentions: ``actor``, ``articles``, ``mentioned``, ``direct``, ``indirect``, ``report``,
    ``spoken_about``.
    """
    import matplotlib.pyplot as plt

    columns = ["mentioned", "direct", "indirect", "report", "spoken_about"]
    data = voices.groupby("actor")[columns].sum()
    data.insert(0, "articles", voices.groupby("actor")["article_id"].nunique())
    data = data.sort_values(["mentioned", "articles"], ascending=False, kind="stable")
    data = data.reset_index()
    with style():
        fig, ax = plt.subplots(figsize=(8.0, 0.9 + 0.45 * len(data)))
        start = pd.Series(0, index=data.index)
        colours = {"direct": OKABE_ITO[0], "indirect": OKABE_ITO[5], "report": OKABE_ITO[2],
                   "spoken_about": "#BBBBBB"}
        labels = {"direct": "speaks: direct quotation", "indirect": "speaks: indirect speech",
                  "report": "claimant, reported", "spoken_about": "only spoken about"}
        for column in ("direct", "indirect", "report", "spoken_about"):
            ax.barh(data["actor"], data[column], left=start, color=colours[column],
                    label=labels[column])
            start = start + data[column]
        ax.invert_yaxis()
        ax.set_xlabel("sentences")
        ax.set_title("Who speaks and who is spoken about (all articles)")
        ax.legend(loc="lower right", fontsize=8)
    return fig, data


def voices_over_time(
    voices: pd.DataFrame, actors: tuple[str, ...] = ("USA", "DPRK")
) -> tuple[Figure, pd.DataFrame]:
    """For each article in date order: how many of its sentences carry each actor's voice
    (claimant) and how many only speak about it.

    Data: one row per (article, actor): ``article_id``, ``published`` (ISO date), ``actor``,
    ``sentences``, ``claimant``, ``spoken_about``, ``claimant_share`` (claimant / sentences).
    """
    import matplotlib.pyplot as plt

    subset = voices[voices["actor"].isin(actors)]
    index = pd.MultiIndex.from_product(
        [voices["article_id"].drop_duplicates(), list(actors)], names=["article_id", "actor"]
    )
    table = subset.set_index(["article_id", "actor"])[["claimant", "spoken_about"]]
    data = table.reindex(index, fill_value=0).reset_index()
    info = voices.drop_duplicates("article_id").set_index("article_id")
    data.insert(1, "published", data["article_id"].map(info["published"]).dt.strftime("%Y-%m-%d"))
    data.insert(3, "sentences", data["article_id"].map(info["sentences"]))
    data["claimant_share"] = (data["claimant"] / data["sentences"]).round(6)
    with style():
        fig, ax = plt.subplots(figsize=(9.0, 4.0))
        articles = list(dict.fromkeys(data["article_id"]))
        width = 0.8 / len(actors)
        for number, actor in enumerate(actors):
            rows = data[data["actor"] == actor]
            positions = [articles.index(a) + (number - (len(actors) - 1) / 2) * width
                         for a in rows["article_id"]]
            colour = OKABE_ITO[number % len(OKABE_ITO)]
            ax.bar(positions, rows["claimant"], width=width, color=colour,
                   label=f"{actor}: speaks (claimant)")
            ax.bar(positions, rows["spoken_about"], width=width, bottom=rows["claimant"],
                   color=colour, alpha=0.3, label=f"{actor}: only spoken about")
        ax.set_xticks(range(len(articles)), [short_label(a) for a in articles], rotation=20,
                      ha="right", fontsize=8)
        ax.set_ylabel("sentences")
        ax.set_title("Voice per article: who speaks, who is spoken about")
        ax.legend(fontsize=8, ncol=2, loc="upper left", bbox_to_anchor=(0, -0.3))
    return fig, data


# --- sentences and tone (02_language) -------------------------------------------------------------


def sentences_per_section(sentences: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Sentences per article, stacked by section (headline, teaser, crosshead, body).

    Data: one row per article: ``article_id`` and one column per section (sentence counts).
    """
    import matplotlib.pyplot as plt

    order = [s for s in ("headline", "teaser", "crosshead", "body") if s in set(sentences.section)]
    order += sorted(set(sentences["section"]) - set(order))
    data = pd.crosstab(sentences["article_id"], sentences["section"]).reindex(columns=order)
    data = data.reindex(list(dict.fromkeys(sentences["article_id"]))).reset_index()
    data.columns.name = None
    with style():
        fig, ax = plt.subplots(figsize=(8.0, 0.9 + 0.5 * len(data)))
        start = pd.Series(0, index=data.index)
        for section in order:
            ax.barh(data["article_id"].map(short_label), data[section], left=start, label=section)
            start = start + data[section]
        ax.invert_yaxis()
        ax.set_xlabel("sentences")
        ax.set_title("Sentences per article and section")
        ax.legend(fontsize=8, loc="lower right")
    return fig, data


def tone_by_article(annotated: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Mean polarity per article, as textblob-de ships it and with nouns counted, with the
    number of sentences and a 95% interval of the mean (mean ± 1.96 standard errors).

    Data: one row per (article, measure): ``article_id``, ``measure`` (polarity_raw |
    polarity), ``sentences``, ``mean``, ``low``, ``high``.
    """
    import matplotlib.pyplot as plt

    rows = []
    for article_id, group in annotated.groupby("article_id", sort=False):
        for measure in ("polarity_raw", "polarity"):
            values = group[measure]
            half = 1.96 * values.std(ddof=1) / len(values) ** 0.5 if len(values) > 1 else 0.0
            rows.append({"article_id": article_id, "measure": measure,
                         "sentences": len(values), "mean": round(values.mean(), 6),
                         "low": round(values.mean() - half, 6),
                         "high": round(values.mean() + half, 6)})
    data = pd.DataFrame(rows)
    articles = list(dict.fromkeys(data["article_id"]))
    with style():
        fig, ax = plt.subplots(figsize=(8.5, 0.9 + 0.6 * len(articles)))
        for number, (measure, label) in enumerate(
            (("polarity_raw", "as shipped (nouns never score)"),
             ("polarity", "nouns counted (corrected)"))
        ):
            part = data[data["measure"] == measure]
            y = [articles.index(a) + (number - 0.5) * 0.3 for a in part["article_id"]]
            ax.errorbar(part["mean"], y, xerr=[part["mean"] - part["low"],
                                               part["high"] - part["mean"]],
                        fmt="o", capsize=3, label=label, color=OKABE_ITO[number])
        ax.axvline(0, color="#888888", linewidth=0.8)
        ax.set_yticks(range(len(articles)), [short_label(a) for a in articles])
        ax.invert_yaxis()
        ax.set_xlabel("mean polarity per sentence (95% interval)")
        ax.set_title("Tone per article: textblob-de as shipped and corrected")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig, data


# --- coded positions and their validation (04, 05) ------------------------------------------------


def actor_category_matrix(matrix: pd.DataFrame, claims: pd.DataFrame | None = None
                          ) -> tuple[Figure, pd.DataFrame]:
    """Claims per (date, actor) and category as a grid of circles (area = number of claims),
    each circle a link to ``evidence.html#DATE.ACTOR.CATEGORY``.

    ``matrix`` is ``positions.actor_category_matrix(claims)``; the ``claims`` it was made from,
    when given, put the first sentence into each circle's hover text and the sentences into its
    evidence. Data: one row per (published, actor, category) with ``claims`` > 0, and
    ``human_claims`` (of them, resting on human codes; the circle outlined when > 0).
    """
    import matplotlib.pyplot as plt

    long = matrix.stack().rename("claims").reset_index()
    long.columns = ["published", "actor", "category", "claims"]
    long["published"] = pd.to_datetime(long["published"]).dt.strftime("%Y-%m-%d")
    rows = [f"{date} {actor}" for date, actor in matrix.index]
    categories = list(matrix.columns)
    data = long[long["claims"] > 0].reset_index(drop=True)
    data["human_claims"] = [len(_matrix_sentences(claims, record, human=True))
                            for record in data.to_dict("records")]
    with style():
        fig, ax = plt.subplots(figsize=(1.2 + 0.62 * len(categories), 1.0 + 0.42 * len(rows)))
        row_of = {label: number for number, label in enumerate(rows)}
        labels = data["published"] + " " + data["actor"]
        for record, y in zip(data.to_dict("records"), labels.map(row_of), strict=True):
            marker = ax.scatter([categories.index(record["category"])], [y],
                                s=60 * record["claims"], color=OKABE_ITO[0], alpha=0.8, zorder=3,
                                **(HUMAN_EDGE if record["human_claims"] else {}))
            ids = _matrix_sentences(claims, record)
            link(marker, make_link(
                EVIDENCE_PAGE, cell_anchor(record["published"], record["actor"],
                                           record["category"]),
                f"{record['actor']} {record['category']} on {record['published']}",
                int(record["claims"]), "claim", ids, sentence_texts(claims)))
        for x, y, n in zip(data["category"].map(categories.index), labels.map(row_of),
                           data["claims"], strict=True):
            ax.annotate(str(n), (x, y), xytext=(7, 5), textcoords="offset points", fontsize=7)
        ax.set_xticks(range(len(categories)), categories, rotation=50, ha="right", fontsize=8)
        ax.set_yticks(range(len(rows)), rows, fontsize=8)
        ax.set_xlim(-0.6, len(categories) - 0.4)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_title("Coded claims by article date, actor and category\n"
                     f"{human_caption(data, 'circles')}")
    return fig, data


def _matrix_sentences(claims: pd.DataFrame | None, record: dict[str, Any],
                      human: bool = False) -> list[str]:
    """The sentence ids of the claims behind one circle of the actor x category matrix (with
    ``human``: of those resting on human codes only)."""
    if claims is None:
        return []
    if human:
        if "source" not in claims:
            return []
        claims = claims[claims["source"] == "human"]
    actors = claims["actor"].where(claims["actor"].notna(), "(unknown)")
    dates = pd.to_datetime(claims["published"]).dt.strftime("%Y-%m-%d")
    chosen = claims[(dates == record["published"]) & (actors == record["actor"])
                    & (claims["category"] == record["category"])]
    return list(chosen.sort_values("sentence_id", kind="stable")["sentence_id"].astype(str))


def coder_comparison(scores: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Scores of the baselines and the coder side by side.

    ``scores`` is ``validation.compare_coders()``. Data: one row per (coder, metric) with
    ``value``.
    """
    import matplotlib.pyplot as plt

    metrics = ["sentence_f1", "article_f1", "actor_accuracy", "alpha", "dev_f1",
               "dev_actor_accuracy"]
    data = scores.melt(id_vars="coder", value_vars=metrics, var_name="metric")
    coders = list(scores["coder"])
    with style():
        fig, ax = plt.subplots(figsize=(9.0, 4.0))
        width = 0.8 / len(coders)
        for number, coder in enumerate(coders):
            values = data[data["coder"] == coder].set_index("metric").loc[metrics, "value"]
            positions = [m + (number - (len(coders) - 1) / 2) * width for m in range(len(metrics))]
            ax.bar(positions, values, width=width, label=coder,
                   color=OKABE_ITO[number % len(OKABE_ITO)])
        ax.set_xticks(range(len(metrics)), [m.replace("_", " ") for m in metrics], fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("score")
        ax.set_title("What each part of the coder adds (five articles; dev sentences 2)")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig, data


# --- positions over time (06-08) ------------------------------------------------------------------


HUMAN_EDGE = {"edgecolors": "black", "linewidths": 2.2}
"""How a mark resting on human codes is outlined."""


def human_caption(data: pd.DataFrame, unit: str = "marks") -> str:
    """The caption line saying how many of a figure's marks (rows of its data) rest on human
    codes, from the data's ``human_claims`` column (:mod:`korea_notes.human`)."""
    count = int((data["human_claims"] > 0).sum()) if "human_claims" in data else 0
    return (f"Human codes: {count} of {len(data)} {unit} rest wholly or partly on "
            "human-coded sentences" + (" (outlined)" if count else ""))


def _human_counts(frame: pd.DataFrame) -> pd.Series:
    """The ``human_claims`` of a table (0 where it has none)."""
    if "human_claims" in frame:
        return frame["human_claims"].astype(int)
    return pd.Series(0, index=frame.index, dtype=int)


def _actor_colour(actor: str, actors: list[str]) -> str:
    """The colour of an actor: the sides of timeline.yml blue and vermillion, others after."""
    return OKABE_ITO[actors.index(actor) % len(OKABE_ITO)]


def period_tick_labels(periods: pd.DataFrame) -> list[str]:
    """Axis labels of the periods of :func:`korea_notes.timeline.period_table`: an article as
    its date and first words; a month or year with the articles behind it (or their number)."""
    labels = []
    for label, article_ids in zip(periods["period"], periods["article_ids"], strict=True):
        shorts = [short_label(a) for a in article_ids]
        if len(article_ids) == 1 and label == article_ids[0]:
            day, _, words = shorts[0].partition(" ")
            labels.append(f"{day}\n{words}")
        elif len(shorts) <= 2:
            labels.append("\n".join([label, *shorts]))
        else:
            labels.append(f"{label}\n({len(shorts)} articles)")
    return labels


def _joined(ids: Any) -> str:
    return "|".join(ids)


def _sorted_actors(actors: Any) -> list[str]:
    from korea_notes.timeline import actor_rank

    return sorted(dict.fromkeys(actors), key=actor_rank)


def position_timeline(positions: pd.DataFrame, periods: pd.DataFrame
                      ) -> tuple[Figure, pd.DataFrame]:
    """Actors x categories over the periods, marker area = number of claims (hollow and shifted
    right: recalled background, when the table holds it); each marker links to
    ``evidence.html#PERIOD.ACTOR.CATEGORY.TENSE``.

    ``positions`` is ``timeline.positions_by_period(...)``, ``periods`` the matching
    ``timeline.period_table(...)``. Data: one row per marker: ``period``, ``actor``,
    ``category``, ``tense``, ``claims``, ``human_claims`` (outlined when > 0), ``articles``,
    ``article_share``, ``article_ids`` and ``sentence_ids`` ("|"-joined).
    """
    import matplotlib.pyplot as plt

    from korea_notes.timeline import category_rank

    data = positions[["period", "actor", "category", "tense", "claims"]].copy()
    data["human_claims"] = _human_counts(positions)
    data[["articles", "article_share"]] = positions[["articles", "article_share"]]
    data["article_ids"] = positions["article_ids"].map(_joined)
    data["sentence_ids"] = positions["sentence_ids"].map(_joined)
    data = data.reset_index(drop=True)
    texts = {i: t for ids, evidence in zip(positions["sentence_ids"], positions["evidence"],
                                           strict=True) for i, t in zip(ids, evidence, strict=True)}
    actors = _sorted_actors(data["actor"])
    rows = sorted(set(zip(data["actor"], data["category"], strict=True)),
                  key=lambda pair: (actors.index(pair[0]), category_rank(pair[1])))
    x_of = {label: index for index, label in enumerate(periods["period"])}
    y_of = {pair: index for index, pair in enumerate(rows)}
    with style():
        fig, ax = plt.subplots(figsize=(1.8 + 1.7 * len(x_of), 1.2 + 0.36 * max(len(rows), 1)))
        for record in data.to_dict("records"):
            x = x_of[record["period"]] + (0.28 if record["tense"] == "background" else 0.0)
            y = y_of[(record["actor"], record["category"])]
            colour = _actor_colour(record["actor"], actors)
            hollow = record["tense"] == "background"
            edges = HUMAN_EDGE if record["human_claims"] else {"edgecolors": colour,
                                                                "linewidths": 1.2}
            marker = ax.scatter([x], [y], s=70 * record["claims"], zorder=3,
                                facecolors="none" if hollow else colour,
                                alpha=1.0 if hollow else 0.75, **edges)
            number = ax.annotate(str(record["claims"]), (x, y), ha="center", va="center",
                                 fontsize=7, color=colour if hollow else "white", zorder=4)
            target = make_link(
                EVIDENCE_PAGE, cell_anchor(record["period"], record["actor"], record["category"],
                                           record["tense"]),
                f"{record['actor']} {record['category']} ({record['tense']}) in "
                f"{record['period']}", int(record["claims"]), "claim",
                record["sentence_ids"].split("|"), texts)
            link(marker, target)
            link(number, target)
        ax.set_yticks(range(len(rows)), [f"{actor}  {category.lower().replace('_', ' ')}"
                                         for actor, category in rows], fontsize=8)
        for tick, (actor, _category) in zip(ax.get_yticklabels(), rows, strict=True):
            tick.set_color(_actor_colour(actor, actors))
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.set_xticks(range(len(x_of)), period_tick_labels(periods), fontsize=8)
        ax.set_xlim(-0.6, len(x_of) - 0.3)
        tenses = "current news" + (" (hollow: recalled background)"
                                   if (data["tense"] == "background").any() else " only")
        ax.set_title(f"Coded positions per period, marker area = claims; {tenses}\n"
                     f"{human_caption(data)}")
    return fig, data


def talks_over_time(offers: pd.DataFrame, periods: pd.DataFrame,
                    texts: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame]:
    """Offers of talks (up; unconditional solid, conditional hatched) and rejections (down) per
    actor and period. ``offers`` is ``timeline.talk_offers(...)`` (one tense). Each bar links to
    ``evidence.html#PERIOD.ACTOR.offers.(un)conditional.TENSE`` or ``...rejections.TENSE``;
    ``texts`` (sentence id -> text) puts the first sentence into its hover text. Data:
    ``period``, ``actor``, ``offers_unconditional``, ``offers_conditional``, ``rejections``,
    ``offer_sentence_ids``, ``rejection_sentence_ids`` ("|"-joined).
    """
    import matplotlib.pyplot as plt

    data = offers[["period", "actor", "offers_unconditional", "offers_conditional",
                   "rejections"]].copy()
    data["offer_sentence_ids"] = offers["offer_sentence_ids"].map(_joined)
    data["rejection_sentence_ids"] = offers["rejection_sentence_ids"].map(_joined)
    data = data.reset_index(drop=True)
    actors = _sorted_actors(data["actor"])
    x_of = {label: index for index, label in enumerate(periods["period"])}
    width = 0.8 / max(len(actors), 1)
    with style():
        fig, ax = plt.subplots(figsize=(1.8 + 1.7 * len(x_of), 4.2))
        for number, actor in enumerate(actors):
            rows = data[data["actor"] == actor]
            x = [x_of[p] + (number - (len(actors) - 1) / 2) * width for p in rows["period"]]
            colour = _actor_colour(actor, actors)
            bars = {
                "unconditional": ax.bar(x, rows["offers_unconditional"], width=width,
                                        color=colour, label=f"{actor}: offers talks"),
                "conditional": ax.bar(x, rows["offers_conditional"], width=width,
                                      bottom=rows["offers_unconditional"], color="white",
                                      edgecolor=colour, hatch="///",
                                      label=f"{actor}: offers talks on conditions"),
                "rejections": ax.bar(x, -rows["rejections"], width=width, color=colour,
                                     alpha=0.45, label=f"{actor}: rejects talks"),
            }
            tenses = offers["tense"].to_numpy()[rows.index]
            for kind, container in bars.items():
                for patch, record, tense in zip(container.patches, rows.to_dict("records"),
                                                tenses, strict=True):
                    _link_talk_bar(patch, kind, record, tense, texts)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(range(len(x_of)), period_tick_labels(periods), fontsize=8)
        top = max(1, int((data["offers_unconditional"] + data["offers_conditional"]).max()))
        bottom = max(1, int(data["rejections"].max()))
        ax.set_ylim(-bottom - 0.5, top + 0.5)
        ticks = list(range(-bottom, top + 1))
        ax.set_yticks(ticks, [str(abs(t)) for t in ticks])
        ax.set_ylabel("sentences  (rejections below the line)")
        ax.set_title("Offers and rejections of talks per actor (current news)")
        ax.legend(fontsize=8, ncol=len(actors), loc="upper left", bbox_to_anchor=(0, -0.28))
    return fig, data


def _link_talk_bar(patch: Any, kind: str, record: dict[str, Any], tense: str,
                   texts: Mapping[str, str] | None) -> None:
    """Link one bar of the talks figure to the offers or rejections behind it."""
    column = "rejections" if kind == "rejections" else f"offers_{kind}"
    count = int(record[column])
    if count == 0:
        return
    if kind == "rejections":
        anchor = cell_anchor(record["period"], record["actor"], "rejections", tense)
        ids = record["rejection_sentence_ids"].split("|")
        headline = f"{record['actor']} rejects talks in {record['period']}"
    else:
        anchor = cell_anchor(record["period"], record["actor"], "offers", kind, tense)
        ids = record["offer_sentence_ids"].split("|")
        words = "on conditions" if kind == "conditional" else "without conditions"
        headline = f"{record['actor']} offers talks {words} in {record['period']}"
    link(patch, make_link(EVIDENCE_PAGE, anchor, headline, count, "sentence", ids, texts))


def _line_text(condition_type: str, claims: int) -> str:
    import textwrap

    from korea_notes.timeline import readable

    return textwrap.fill(f"{readable(condition_type)} ×{claims}", 28)


LINE_POINTS = 11.5
"""Height of one text line of the precondition boxes, in points (8 pt type)."""
BOX_GAP_POINTS = 9.0
"""Space between two stacked precondition boxes, in points."""


def _stack(ax: Any, x: float, y: float, rows: pd.DataFrame, texts: Mapping[str, str],
           above: bool | None, recalled: bool, colour: str) -> None:
    """One box (current) or one grey line (recalled) per condition type, stacked at (x, y):
    centred on y (``above`` None), above it, or below it; each a link to its evidence."""
    lines = [_line_text(t, int(n)) for t, n in zip(rows["condition_type"], rows["claims"],
                                                   strict=True)]
    if recalled:
        lines = ["recalled:\n" + lines[0], *lines[1:]]
    heights = [LINE_POINTS * (line.count("\n") + 1) + BOX_GAP_POINTS for line in lines]
    total = sum(heights)
    start = {None: total / 2, True: total, False: 0.0}[above]
    offset = start
    for line, height, record in zip(lines, heights, rows.to_dict("records"), strict=True):
        centre = offset - height / 2
        offset -= height
        human = bool(record.get("human_claims", 0))
        style_args: dict[str, Any] = (
            {"fontsize": 7, "color": "#666666", "style": "italic",
             "fontweight": "bold" if human else "normal"} if recalled else
            {"fontsize": 8, "bbox": {"boxstyle": "round,pad=0.35",
                                     "facecolor": mpl.colors.to_rgba(colour, 0.18),
                                     "edgecolor": "black" if human else
                                     mpl.colors.to_rgba(colour, 0.18),
                                     "linewidth": 2.2 if human else 1.0}})
        box = ax.annotate(line, (x, y), xytext=(0, centre), textcoords="offset points",
                          ha="center", va="center", **style_args)
        ids = record["sentence_ids"].split("|")
        link(box, make_link(
            EVIDENCE_PAGE, cell_anchor(record["period"], record["actor"], "PRECONDITION",
                                       record["condition_type"], record["target"],
                                       record["tense"]),
            f"{record['actor']} wants from {record['target']} first: "
            f"{record['condition_type']} ({record['tense']}) in {record['period']}",
            int(record["claims"]), "claim", ids, texts))


def precondition_sequence(preconditions: pd.DataFrame, periods: pd.DataFrame
                          ) -> tuple[Figure, pd.DataFrame]:
    """Who wants what first: one lane per side of timeline.yml with what it says the other
    side must do first, per period, one box per condition type (a link to
    ``evidence.html#PERIOD.ACTOR.PRECONDITION.TYPE.TARGET.TENSE``); recalled background below
    in grey.

    ``preconditions`` is ``timeline.preconditions_by_period(..., include_background=True)`` (or
    current only). Data: the plotted rows (actor a side, target the other side): ``period``,
    ``actor``, ``target``, ``condition_type``, ``tense``, ``claims``, ``human_claims``
    (outlined, or bold when recalled, when > 0), ``sentence_ids`` ("|"-joined).
    """
    import matplotlib.pyplot as plt

    from korea_notes.timeline import load_settings

    settings = load_settings()
    sides = list(settings.sides)
    plotted = preconditions[[actor in sides and target == settings.other(actor)
                             for actor, target in zip(preconditions["actor"],
                                                      preconditions["target"], strict=True)]]
    data = plotted[["period", "actor", "target", "condition_type", "tense", "claims"]].copy()
    data["human_claims"] = _human_counts(plotted)
    data["sentence_ids"] = plotted["sentence_ids"].map(_joined)
    data = data.reset_index(drop=True)
    texts = {i: t for ids, evidence in zip(plotted["sentence_ids"], plotted["evidence"],
                                           strict=True) for i, t in zip(ids, evidence, strict=True)}
    x_of = {label: index for index, label in enumerate(periods["period"])}
    with style():
        fig, ax = plt.subplots(figsize=(1.8 + 2.0 * len(x_of), 4.6))
        for lane, side in enumerate(sides):
            y = len(sides) - 1 - lane
            colour = _actor_colour(side, sides)
            for label, x in x_of.items():
                cell = data[(data["period"] == label) & (data["actor"] == side)]
                current = cell[cell["tense"] == "current"]
                recalled = cell[cell["tense"] == "background"]
                if current.empty and recalled.empty:
                    ax.text(x, y, "no precondition\ncoded", ha="center", va="center",
                            fontsize=7, color="#999999")
                    continue
                if len(current):
                    _stack(ax, x, y + (0.06 if len(recalled) else 0), current, texts,
                           True if len(recalled) else None, False, colour)
                if len(recalled):
                    _stack(ax, x, y - 0.04, recalled, texts, False, True, colour)
        ax.set_yticks(range(len(sides)),
                      [f"{side} wants from\n{settings.other(side)} first" for side in
                       reversed(sides)])
        for tick, side in zip(ax.get_yticklabels(), reversed(sides), strict=True):
            tick.set_color(_actor_colour(side, sides))
        ax.set_ylim(-0.6, len(sides) - 0.4)
        ax.set_xticks(range(len(x_of)), period_tick_labels(periods), fontsize=8)
        ax.set_xlim(-0.6, len(x_of) - 0.4)
        ax.grid(False)
        for boundary in range(len(x_of) - 1):
            ax.axvline(boundary + 0.5, color="#DDDDDD", linewidth=0.8)
        ax.axhline(0.5, color="#DDDDDD", linewidth=0.8)
        ax.set_title("Preconditions: what each side says the other must do first\n"
                     f"{human_caption(data, 'boxes and lines')}")
    return fig, data


def tone_over_time(tone: pd.DataFrame, periods: pd.DataFrame,
                   texts: Mapping[str, str] | None = None) -> tuple[Figure, pd.DataFrame]:
    """Mean polarity of each actor's attributed sentences per period, with its bootstrap band
    and the number of sentences. ``tone`` is ``timeline.tone_by_period(...)`` (one tense). Each
    point links to ``tone.html#PERIOD.ACTOR.tone.TENSE``; ``texts`` (sentence id -> text) puts
    the first sentence into its hover text. Data: ``period``, ``actor``, ``sentences``,
    ``mean``, ``ci_low``, ``ci_high``.
    """
    import matplotlib.pyplot as plt

    from korea_notes.timeline import load_settings

    data = tone[["period", "actor", "sentences", "mean", "ci_low", "ci_high"]].reset_index(
        drop=True)
    tenses = list(tone["tense"])
    actors = _sorted_actors(data["actor"])
    x_of = {label: index for index, label in enumerate(periods["period"])}
    with style():
        fig, ax = plt.subplots(figsize=(1.8 + 1.7 * len(x_of), 4.2))
        ax.axhline(0, color="black", linewidth=0.8)
        for number, actor in enumerate(actors):
            rows = data[(data["actor"] == actor) & (data["sentences"] > 0)]
            x = [x_of[p] + (number - (len(actors) - 1) / 2) * 0.18 for p in rows["period"]]
            colour = _actor_colour(actor, actors)
            low = (rows["mean"] - rows["ci_low"]).fillna(0)
            high = (rows["ci_high"] - rows["mean"]).fillna(0)
            for point, (xi, index) in enumerate(zip(x, rows.index, strict=True)):
                record = data.loc[index]
                mark = ax.errorbar([xi], [record["mean"]], yerr=[[low[index]], [high[index]]],
                                   fmt="o", color=colour, capsize=3,
                                   label=actor if point == 0 else "_nolegend_")
                top = record["mean"] if pd.isna(record["ci_high"]) else record["ci_high"]
                label = ax.annotate(f"n={record['sentences']}", (xi, top), xytext=(0, 4),
                                    textcoords="offset points", ha="center", fontsize=7,
                                    color=colour)
                target = make_link(
                    TONE_PAGE, cell_anchor(record["period"], actor, "tone", tenses[index]),
                    f"tone of {actor} in {record['period']}: mean {record['mean']:+.2f}",
                    int(record["sentences"]), "sentence", tone["sentence_ids"].iloc[index],
                    texts)
                for artist in (*_errorbar_artists(mark), label):
                    link(artist, target)
        ax.set_xticks(range(len(x_of)), period_tick_labels(periods), fontsize=8)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("mean polarity (−1 … +1)")
        settings = load_settings()
        ax.set_title(f"Tone of each actor's sentences ({settings.confidence:.0%} bootstrap band; "
                     f"none below n={settings.min_sentences})")
        ax.legend(fontsize=8, loc="lower left")
    return fig, data


def _errorbar_artists(container: Any) -> list[Any]:
    """The drawn parts of an errorbar: the point, its caps and its bar lines."""
    data_line, caps, bars = container.lines
    return [artist for artist in (data_line, *caps, *bars) if artist is not None]


def tone_by_stance(stance_tone: pd.DataFrame, texts: Mapping[str, str] | None = None,
                   tense: str = "current") -> tuple[Figure, pd.DataFrame]:
    """Mean polarity of the sentences of each stance, both polarity versions, with bootstrap
    bands and n. ``stance_tone`` is ``timeline.tone_by_stance(...)`` of the sentences of one
    ``tense``. Each point links to ``tone.html#stance.STANCE.TENSE``; ``texts`` (sentence id ->
    text) puts the first sentence into its hover text. Data: ``version``, ``stance``,
    ``sentences``, ``mean``, ``ci_low``, ``ci_high``.
    """
    import matplotlib.pyplot as plt

    data = stance_tone[["version", "stance", "sentences", "mean", "ci_low", "ci_high"]]
    data = data.reset_index(drop=True)
    stances = list(dict.fromkeys(data["stance"]))
    versions = list(dict.fromkeys(data["version"]))
    names = {"polarity_raw": "textblob-de as shipped", "polarity": "nouns counted (corrected)"}
    with style():
        fig, ax = plt.subplots(figsize=(8.0, 1.2 + 0.55 * len(stances)))
        ax.axvline(0, color="black", linewidth=0.8)
        for number, version in enumerate(versions):
            rows = data[(data["version"] == version) & (data["sentences"] > 0)]
            y = [stances.index(s) + (number - (len(versions) - 1) / 2) * 0.28
                 for s in rows["stance"]]
            low = (rows["mean"] - rows["ci_low"]).fillna(0)
            high = (rows["ci_high"] - rows["mean"]).fillna(0)
            colour = OKABE_ITO[2 + number]
            for point, (yi, index) in enumerate(zip(y, rows.index, strict=True)):
                record = data.loc[index]
                mark = ax.errorbar([record["mean"]], [yi], xerr=[[low[index]], [high[index]]],
                                   fmt="o", color=colour, capsize=3,
                                   label=names.get(version, version) if point == 0
                                   else "_nolegend_")
                label = ax.annotate(f"n={record['sentences']}", (1.0, yi), xytext=(4, 0),
                                    textcoords="offset points", va="center", fontsize=7,
                                    color=colour)
                target = make_link(
                    TONE_PAGE, cell_anchor("stance", record["stance"], tense),
                    f"{record['stance']} sentences ({tense} news)", int(record["sentences"]),
                    "sentence",
                    stance_tone["sentence_ids"].iloc[index], texts)
                for artist in (*_errorbar_artists(mark), label):
                    link(artist, target)
        ax.set_yticks(range(len(stances)), stances)
        ax.set_ylim(len(stances) - 0.5, -0.5)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("mean polarity of the sentences (−1 … +1), 95% bootstrap band")
        ax.set_title("Is tone a proxy for stance? Tone by coded stance of the sentence")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.18 - 0.3 / len(stances)),
                  ncol=2)
    return fig, data


# --- the validation loop (09) ---------------------------------------------------------------------


def corrected_estimates(estimates: pd.DataFrame, columns: int = 4) -> tuple[Figure, pd.DataFrame]:
    """Per category (one panel each) and period: the machine's count of sentences and the count
    corrected by the category's measured precision and recall, with its bootstrap interval.

    ``estimates`` is ``estimates.corrected_counts(...)`` (one human). Data: ``period``,
    ``category``, ``machine``, ``precision``, ``recall``, ``estimate``, ``ci_low``, ``ci_high``.
    """
    import matplotlib.pyplot as plt

    data = estimates[["period", "category", "machine", "precision", "recall", "estimate",
                      "ci_low", "ci_high"]].reset_index(drop=True)
    from korea_notes.timeline import category_rank

    categories = sorted(dict.fromkeys(data["category"]), key=category_rank)
    periods = sorted(set(data["period"]))
    rows = max(1, -(-len(categories) // columns))
    with style():
        fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 1.2 + 2.0 * rows),
                                 sharex=True, squeeze=False)
        for number, ax in enumerate(axes.flat):
            if number >= len(categories):
                ax.set_visible(False)
                continue
            part = data[data["category"] == categories[number]]
            x = [periods.index(p) for p in part["period"]]
            low = (part["estimate"] - part["ci_low"]).clip(lower=0).fillna(0)
            high = (part["ci_high"] - part["estimate"]).clip(lower=0).fillna(0)
            ax.errorbar([i + 0.12 for i in x], part["estimate"], yerr=[low, high], fmt="o",
                        color=OKABE_ITO[1], capsize=2, markersize=4,
                        label="corrected (95% interval)")
            ax.scatter(x, part["machine"], facecolors="none", edgecolors="black", s=22,
                       zorder=3, label="machine count")
            ax.set_title(categories[number].lower().replace("_", " "), fontsize=8)
            ax.set_xticks(range(len(periods)), periods, fontsize=7, rotation=45)
            ax.tick_params(axis="y", labelsize=7)
            ax.set_ylim(bottom=0)
        axes.flat[0].legend(fontsize=7, loc="upper left")
        fig.suptitle("Sentences per period and category: machine count and the count corrected "
                     "by measured precision and recall", x=0.01, ha="left", fontsize=11,
                     fontweight="bold")
        fig.subplots_adjust(hspace=0.6, wspace=0.3)
    return fig, data
