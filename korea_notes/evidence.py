"""The evidence behind every figure mark: one row per claim (or per sentence, for tone) with
the anchors a figure links it by.

An **anchor** names a cell of a table, e.g. ``2019-01-03_trump-praises-kim-letter.USA.PRECONDITION``
(period, actor, category), written by :func:`cell_anchor`: the parts joined by ``"."``, each
reduced to letters, digits, ``-`` and ``_``. A figure mark links to ``evidence.html#ANCHOR``;
the evidence page shows the rows whose ``anchors`` hold it. The anchors of a claim
(:func:`claim_anchors`), for each period label of the claim (its article id, ``YYYY-MM``,
``YYYY``; the date ``YYYY-MM-DD`` for cells only) and actor (``(unknown)`` written
``unknown``):

- ``P.A.CATEGORY`` and ``P.A.CATEGORY.TENSE``: the cell of actor × category × period;
- ``P.A.GROUP.TENSE``: the groups of ``timeline.yml`` (``offers``, ``rejections``, ...);
- ``P.A.offers.conditional.TENSE`` / ``...unconditional...``: the two kinds of offers of
  :func:`korea_notes.timeline.talk_offers` (a sentence is conditional when one of the actor's
  offer claims in it is);
- ``P.A.PRECONDITION.TYPE.TARGET.TENSE``: one per condition type, as
  :func:`korea_notes.timeline.preconditions_by_period` counts them (NO_PRECONDITIONS claims
  too).

The anchors of a sentence of the tone table (:func:`tone_table`) are ``P.A.tone.TENSE`` (the
attributed claimant's sentences of a period) and ``stance.STANCE.TENSE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from korea_notes.timeline import (
    NO_PRECONDITIONS,
    PRECONDITION,
    UNKNOWN_ACTOR,
    Settings,
    load_settings,
    period_labels,
    precondition_claims,
    sentence_stances,
)

ANCHOR_SEPARATOR = "."
PERIOD_KINDS: tuple[str, ...] = ("article", "month", "year")
"""The period kinds every row carries anchors for (the ``period`` of the figures of 06-08)."""

EVIDENCE_TABLE_COLUMNS: tuple[str, ...] = (
    "claim", "period", "published", "outlet", "article_id", "sentence_id", "actor", "target",
    "category", "group", "condition_type", "condition", "conditionality", "modality", "speech",
    "tense", "rule", "source", "sentence", "context", "anchors",
)
"""claim (running number, reading order); period (the article id); published (ISO date);
outlet; article_id; sentence_id; actor (claimant, ``(unknown)`` when none); target; category;
group (of timeline.yml); condition_type ("|"-joined, "" when none); condition (clause text, ""
when none); conditionality; modality; speech; tense; rule (the codebook rule that fired, or the
file and line of a human code); source (``human`` or ``machine``: who coded the claim, see
:mod:`korea_notes.human`); sentence; context (relative URL of the sentence in its article,
:func:`context_url`); anchors (tuple of the anchors the row belongs to)."""

TONE_TABLE_COLUMNS: tuple[str, ...] = (
    "period", "published", "article_id", "sentence_id", "actor", "tense", "stance",
    "categories", "polarity_raw", "polarity", "sentence", "context", "anchors",
)
"""period (article id); published; article_id; sentence_id; actor (attributed claimant, ""
when none); tense; stance (of :func:`korea_notes.timeline.sentence_stances`); categories
("|"-joined); polarity_raw, polarity; sentence; context; anchors (tuple)."""


def _part(value: Any) -> str:
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", str(value)).strip("_")
    return text or "none"


def cell_anchor(*parts: Any) -> str:
    """The anchor of a cell: its parts (period, actor, item, ...) made URL-safe and joined."""
    if not parts:
        raise ValueError("an anchor needs at least one part, e.g. cell_anchor(period, actor)")
    return ANCHOR_SEPARATOR.join(_part(part) for part in parts)


def context_url(sentence_id: str) -> str:
    """The relative URL of a sentence in its article's page: ``articles/ARTICLE.html#SENTENCE``
    (for ``ARTICLE/SENTENCE`` ids)."""
    article_id, _, local = str(sentence_id).partition("/")
    return f"articles/{article_id}.html#{local or article_id}"


def _labels(frame: pd.DataFrame) -> dict[str, pd.Series]:
    labels = {kind: period_labels(frame, kind) for kind in PERIOD_KINDS}
    labels["date"] = pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d")
    return labels


def _conditional_offers(claims: pd.DataFrame, offers: Iterable[str]) -> set[tuple[str, str, str]]:
    """(sentence id, actor, tense) of the offers stated on conditions, as talk_offers counts."""
    chosen = claims[claims["category"].isin(list(offers))
                    & (claims["conditionality"] != "unconditional")]
    return set(zip(chosen["sentence_id"].astype(str), chosen["actor"].astype(str),
                   chosen["tense"].astype(str), strict=True))


def claim_anchors(claims: pd.DataFrame, settings: Settings | None = None) -> list[tuple[str, ...]]:
    """The anchors of every claim (see the module), in the order of ``claims``."""
    settings = settings or load_settings()
    if claims.empty:
        return []
    data = claims.assign(actor=claims["actor"].where(claims["actor"].notna(), UNKNOWN_ACTOR))
    labels = _labels(data)
    group_of = {c: g.name for g in settings.groups for c in g.categories}
    offers = settings.group("offers").categories
    conditional = _conditional_offers(data, offers)
    exploded = precondition_claims(data.assign(_row=range(len(data))))
    types: dict[int, list[tuple[str, str]]] = {}
    for row, kind, target in zip(exploded["_row"], exploded["condition_type"],
                                 exploded["target"], strict=True):
        types.setdefault(int(row), []).append((kind, UNKNOWN_ACTOR if pd.isna(target) else target))
    result = []
    for number, record in enumerate(data.to_dict("records")):
        actor, category, tense = record["actor"], record["category"], record["tense"]
        found: list[str] = []
        for kind in (*PERIOD_KINDS, "date"):
            label = labels[kind].iloc[number]
            found += [cell_anchor(label, actor, category), cell_anchor(label, actor, category,
                                                                     tense)]
            if kind == "date":
                continue
            group = group_of.get(category)
            if group:
                found.append(cell_anchor(label, actor, group, tense))
            if category in offers:
                how = ("conditional" if (str(record["sentence_id"]), str(actor), str(tense))
                       in conditional else "unconditional")
                found.append(cell_anchor(label, actor, "offers", how, tense))
            for condition_type, target in types.get(number, []):
                found.append(cell_anchor(label, actor, PRECONDITION, condition_type, target,
                                         tense))
        result.append(tuple(dict.fromkeys(found)))
    return result


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def evidence_table(claims: pd.DataFrame, articles: pd.DataFrame | None = None,
                   settings: Settings | None = None) -> pd.DataFrame:
    """Every claim with its sentence, article, claimant, target, category, condition and rule,
    the URL of the sentence in context and its anchors, in reading order. ``articles`` (the
    corpus table) adds the outlet. Columns: :data:`EVIDENCE_TABLE_COLUMNS`.
    """
    settings = settings or load_settings()
    data = claims.copy()
    data["published"] = pd.to_datetime(data["published"])
    data = data.sort_values(["published", "article_id", "sentence_id"], kind="stable")
    data = data.reset_index(drop=True)
    group_of = {c: g.name for g in settings.groups for c in g.categories}
    outlets = ({} if articles is None else
               dict(zip(articles["article_id"].astype(str), articles["outlet"].astype(str),
                        strict=True)))
    table = pd.DataFrame({
        "claim": range(1, len(data) + 1),
        "period": data["article_id"].astype(str),
        "published": data["published"].dt.strftime("%Y-%m-%d"),
        "outlet": data["article_id"].astype(str).map(outlets).fillna(""),
        "article_id": data["article_id"].astype(str),
        "sentence_id": data["sentence_id"].astype(str),
        "actor": data["actor"].where(data["actor"].notna(), UNKNOWN_ACTOR).astype(str),
        "target": data["target"].map(_text),
        "category": data["category"].astype(str),
        "group": data["category"].map(group_of).fillna(""),
        "condition_type": [NO_PRECONDITIONS if c == NO_PRECONDITIONS and not _text(t) else _text(t)
                           for c, t in zip(data["category"], data["condition_type"],
                                           strict=True)],
        "condition": data["condition"].map(_text),
        "conditionality": data["conditionality"].map(_text),
        "modality": data["modality"].map(_text),
        "speech": data["speech"].map(_text),
        "tense": data["tense"].astype(str),
        "rule": data["rule"].map(_text),
        "source": data["source"].astype(str) if "source" in data else "machine",
        "sentence": data["sentence"].astype(str),
        "context": data["sentence_id"].map(context_url),
    })
    table["anchors"] = claim_anchors(data, settings)
    return table[list(EVIDENCE_TABLE_COLUMNS)]


def tone_table(claims: pd.DataFrame, sentences: pd.DataFrame,
               settings: Settings | None = None) -> pd.DataFrame:
    """Every sentence with its claimant, tense, stance and both polarities, the URL of the
    sentence in context and its anchors (``P.A.tone.TENSE``, ``stance.STANCE.TENSE``), in
    reading order. ``sentences`` are attributed and annotated (as for
    :func:`korea_notes.timeline.sentence_stances`). Columns: :data:`TONE_TABLE_COLUMNS`.
    """
    settings = settings or load_settings()
    stances = sentence_stances(claims, sentences, include_background=True, settings=settings)
    labels = _labels(stances)
    rows = []
    for number, record in enumerate(stances.to_dict("records")):
        actor = record["actor"] if isinstance(record["actor"], str) else ""
        tense = record["tense"]
        found = [cell_anchor("stance", record["stance"], tense)]
        if actor:
            found += [cell_anchor(labels[kind].iloc[number], actor, "tone", tense)
                      for kind in PERIOD_KINDS]
        rows.append({
            "period": str(record["article_id"]),
            "published": pd.Timestamp(record["published"]).strftime("%Y-%m-%d"),
            "article_id": str(record["article_id"]), "sentence_id": str(record["sentence_id"]),
            "actor": actor, "tense": tense, "stance": record["stance"],
            "categories": "|".join(record["categories"]),
            "polarity_raw": float(record["polarity_raw"]),
            "polarity": float(record["polarity"]), "sentence": str(record["text"]),
            "context": context_url(record["sentence_id"]),
            "anchors": tuple(dict.fromkeys(found)),
        })
    return pd.DataFrame(rows, columns=list(TONE_TABLE_COLUMNS))


def sentence_texts(frame: pd.DataFrame | None) -> dict[str, str]:
    """Sentence id -> text, from a claims table (column ``sentence``) or a sentences table
    (column ``text``); empty for None."""
    if frame is None or frame.empty:
        return {}
    column = "text" if "text" in frame.columns else "sentence"
    return dict(zip(frame["sentence_id"].astype(str), frame[column].astype(str), strict=True))


def rows_for(table: pd.DataFrame, anchor: str) -> pd.DataFrame:
    """The rows of an evidence or tone table that belong to ``anchor``."""
    return table[[anchor in anchors for anchors in table["anchors"]]]
