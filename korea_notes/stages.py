"""The stages of the pipeline, their inputs and what each depends on: the one place that says so.

Each stage turns the tables of its input stages (the rows of some articles) into its own tables
(the rows of the same articles), article by article: no stage looks at another article. Its
*code* is what its key in the cache depends on besides its input: the modules of the public
functions it calls, every module those import, the data files they name and the packages they
import (:func:`korea_notes.dependencies.dependencies`), plus the data files in ``data``. So a
changed codebook changes the code of the coding stage (and of the aggregates), a changed actor
lexicon that of attribution, mentions and coding, and a module the coder gains is part of the
coding stage's code as soon as the coder imports it. Nothing here lists the coder's files.

Stages in data-flow order (:data:`STAGES`):

- ``clean``: articles -> ``clean``, ``changes`` (:func:`korea_notes.clean_articles`)
- ``sentences``: clean -> ``sentences`` (:func:`korea_notes.split_sentences`)
- ``annotated``: sentences -> ``annotated`` (:func:`korea_notes.annotate`, no cache of its own)
- ``attributed``: sentences -> ``attributed`` (:func:`korea_notes.attribute_sentences`)
- ``mentions``: attributed -> ``mentions`` (:func:`korea_notes.find_mentions`)
- ``claims``: attributed, mentions -> ``claims`` (:func:`korea_notes.code_positions`, through
  :func:`korea_notes.recoding.code_positions_reusing`, which keeps each sentence's coding key
  in the cache table ``coding`` and, after a codebook edit, codes again only the sentences the
  edit can change)

and, over all claims, the aggregates of :mod:`korea_notes.timeline` (:data:`AGGREGATES`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

import korea_notes as kn
from korea_notes.dependencies import Dependencies, dependencies
from korea_notes.recoding import code_positions_reusing

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Stage:
    """One step of the data flow, run on the rows of some articles.

    ``inputs``: the stages whose tables it reads (``"articles"`` for the articles table);
    ``tables``: the tables it makes; ``run``: input tables by name -> its tables by name;
    ``calls``: the public functions it calls (their code is the stage's code); ``data``: data
    files it reads that its code does not name (paths relative to the package folder);
    ``kept``: tables it makes for its own next run, kept in the cache beside its tables but
    not part of the pipeline's output. When a stage with kept tables computes an article
    again, the streamed pipeline gives it that article's tables from its latest earlier
    entry as ``"previous <table>"`` inputs (none in memory or when there is none).
    """

    name: str
    inputs: tuple[str, ...]
    tables: tuple[str, ...]
    run: Callable[[Tables], Tables]
    calls: tuple[Callable, ...]
    data: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    @property
    def stored(self) -> tuple[str, ...]:
        """Every table the stage writes to the cache: its tables, then its kept ones."""
        return self.tables + self.kept

    def dependencies(self) -> Dependencies:
        return dependencies(self.calls, self.data)


def _clean(tables: Tables) -> Tables:
    clean, changes = kn.clean_articles(tables["articles"])
    return {"clean": clean, "changes": changes}


def _sentences(tables: Tables) -> Tables:
    return {"sentences": kn.split_sentences(tables["clean"])}


def _annotated(tables: Tables) -> Tables:
    return {"annotated": kn.annotate(tables["sentences"], cache=None)}


def _attributed(tables: Tables) -> Tables:
    return {"attributed": kn.attribute_sentences(tables["sentences"])}


def _mentions(tables: Tables) -> Tables:
    return {"mentions": kn.find_mentions(tables["attributed"])}


def _claims(tables: Tables) -> Tables:
    claims, coding = code_positions_reusing(tables["attributed"], tables["mentions"],
                                            tables.get("previous claims"),
                                            tables.get("previous coding"))
    return {"claims": claims, "coding": coding}


STAGES: tuple[Stage, ...] = (
    Stage("clean", ("articles",), ("clean", "changes"), _clean, (kn.clean_articles,)),
    Stage("sentences", ("clean",), ("sentences",), _sentences, (kn.split_sentences,)),
    Stage("annotated", ("sentences",), ("annotated",), _annotated, (kn.annotate,)),
    Stage("attributed", ("sentences",), ("attributed",), _attributed,
          (kn.attribute_sentences,)),
    Stage("mentions", ("attributed",), ("mentions",), _mentions, (kn.find_mentions,)),
    Stage("claims", ("attributed", "mentions"), ("claims",), _claims,
          (kn.code_positions, code_positions_reusing), kept=("coding",)),
)
"""Every per-article stage, in data-flow order (each after its inputs)."""

ARTICLE_TABLES: tuple[str, ...] = tuple(table for stage in STAGES for table in stage.tables)
"""The per-article tables, in data-flow order."""

AGGREGATES: tuple[tuple[str, str], ...] = (
    ("positions", "positions_by_period"),
    ("preconditions", "preconditions_by_period"),
)
"""(table name, function of :mod:`korea_notes.timeline`) of the aggregates over all claims."""


def aggregate(claims: pd.DataFrame, articles: pd.DataFrame, period: str = "year") -> Tables:
    """The aggregates of :data:`AGGREGATES` over ``claims`` of ``articles`` per ``period``."""
    from korea_notes import timeline

    return {name: getattr(timeline, function)(claims, period, articles=articles)
            for name, function in AGGREGATES}


def _aggregate_functions() -> tuple[Callable, ...]:
    from korea_notes import timeline

    return tuple(getattr(timeline, function) for _, function in AGGREGATES)


def run_stages(articles: pd.DataFrame) -> Tables:
    """Every per-article table of ``articles`` (the columns of ``load_articles``), in memory."""
    tables: Tables = {"articles": articles}
    for stage in STAGES:
        made = stage.run({name: tables[name] for name in input_tables(stage)})
        tables.update({name: made[name] for name in stage.tables})
    del tables["articles"]
    return tables


WARM_UP_TEXT = ("Nordkorea ist zu Gesprächen mit den USA bereit, wenn Washington die Sanktionen "
                "aufhebt, sagte Kim Jong Un am Montag in Pjöngjang.")
"""A short text that takes every stage through its rules and models once."""


def warm_up(names: Iterable[str]) -> None:
    """Load what the stages ``names`` (and their inputs) load on first use, such as models and
    rules, by running them on :data:`WARM_UP_TEXT`: worker processes forked afterwards share
    what this process loaded instead of each loading its own."""
    from korea_notes.positions import text_article

    needed = set(names)
    for stage in reversed(STAGES):
        if stage.name in needed:
            needed.update(stage.inputs)
    tables: Tables = {"articles": text_article(WARM_UP_TEXT, "2020-01-06")}
    for stage in STAGES:
        if stage.name in needed:
            tables.update(stage.run({name: tables[name] for name in input_tables(stage)}))


def input_tables(stage: Stage) -> tuple[str, ...]:
    """The tables a stage reads: those of its input stages (or the articles table)."""
    by_name = {item.name: item for item in STAGES}
    return tuple(table for name in stage.inputs
                 for table in (by_name[name].tables if name in by_name else (name,)))


def code_fingerprints() -> dict[str, str]:
    """The code fingerprint of every stage and of ``"aggregates"``, from the files as they are
    now (read afresh on every call, so an edit between two runs counts)."""
    codes = {stage.name: stage.dependencies().fingerprint() for stage in STAGES}
    codes["aggregates"] = dependencies(_aggregate_functions()).fingerprint()
    return codes


def key(*parts: str) -> str:
    """SHA-256 of some strings (names, fingerprints, digests), each ended by a NUL."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()
