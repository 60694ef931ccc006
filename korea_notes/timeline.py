"""Positions over time: the coded claims aggregated by actor, category and period.

Every table here is computed from the claims of :func:`korea_notes.positions.code_positions`
(columns :data:`korea_notes.positions.CLAIM_COLUMNS`), and the tone tables from the attributed,
annotated sentences (:func:`korea_notes.attribution.attribute_sentences`, then
:func:`korea_notes.language.annotate`). What counts as an offer, a demand or a red line, which
two actors are compared, and the settings of the uncertainty bands live in
``korea_notes/timeline.yml`` (:func:`load_settings`).

Tables (each a DataFrame with the columns of the named constant):

- :func:`period_table` (:data:`PERIOD_COLUMNS`): the periods of the corpus, in time order;
- :func:`positions_by_period` (:data:`POSITION_COLUMNS`): actor x category x period;
- :func:`preconditions_by_period` (:data:`PRECONDITION_COLUMNS`): who demands what first of whom;
- :func:`period_changes` (:data:`CHANGE_COLUMNS`): what appears, disappears or persists, and
  :func:`changes_overview` (:data:`OVERVIEW_COLUMNS`): the same, one row per pair of periods;
- :func:`compare_sides` (:data:`SIDE_COLUMNS`): the two sides side by side per period and group;
- :func:`talk_offers` (:data:`TALK_COLUMNS`): offers and rejections of talks per actor;
- :func:`summarise_periods` (:data:`SUMMARY_COLUMNS`): one computed sentence per period and side;
- :func:`evidence` (:data:`EVIDENCE_COLUMNS`): the claims behind any cell;
- :func:`tone_by_period` (:data:`TONE_COLUMNS`), :func:`sentence_stances`,
  :func:`tone_by_stance`, :func:`tone_by_category`, :func:`tone_contrast` (with
  :func:`describe_contrast` for its computed prose): tone and its relation to the coded
  positions.

Decisions a reader should know:

- **Period** is a parameter: ``"article"`` (one period per article, labelled by its id),
  ``"month"`` (``YYYY-MM``) or ``"year"`` (``YYYY``) of the article's ``published`` date.
  Periods are ordered by their first publication date.
- **Current and background are kept apart.** By default only claims with ``tense`` current
  count: a position an article recalls from the past (``background``) is not a position of the
  article's period. With ``include_background=True`` background claims are added as rows of
  their own (``tense`` background); they are never merged into the current counts.
- **Share of articles**: ``articles / period_articles``, where ``period_articles`` counts the
  articles of the period. Pass the articles table (``articles=``) so that articles without any
  coded claim count too; without it the denominators are the articles present in the claims
  (any tense).
- **Actors**: a claim whose actor is unknown is kept, with actor ``"(unknown)"``. Rows are
  ordered: the two sides of ``timeline.yml`` first, then the other actors alphabetically.
- **Preconditions**: the claims of category PRECONDITION, one row per condition type
  (``condition_type`` split on "|"; a claim with two types counts once for each); a
  precondition without a recognised type is ``"UNSPECIFIED"``. Claims of NO_PRECONDITIONS
  (talks explicitly without preconditions) are listed with condition_type
  ``"NO_PRECONDITIONS"`` so the stand-off and its absence show in one table.
- **Changes** compare each period in which an actor has claims with the previous period in
  which it had claims (``skipped`` says how many corpus periods lie between): an actor that is
  not reported in a period has not thereby changed its position.
- **Evidence**: every aggregated row carries ``sentence_ids`` (tuple, reading order) and, where
  useful, the sentence texts (``evidence``); :func:`evidence` returns the claims behind a cell.
- **Tone uncertainty**: a percentile bootstrap of the mean (resamples, seed and confidence in
  ``timeline.yml``), chosen over mean +- 1.96 SE because polarity is bounded and lumpy (many
  sentences score exactly 0) and the cells are small. The values are sorted by sentence id and
  every cell uses the same seed, so a band depends only on the sentences of its cell. Below
  ``min_sentences`` no band is given (NaN).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from korea_notes.paths import PACKAGE_DIR
from korea_notes.problems import file_stamp, read_yaml

SETTINGS_FILE: Path = PACKAGE_DIR / "timeline.yml"
PERIODS: tuple[str, ...] = ("article", "month", "year")
TENSES: tuple[str, ...] = ("current", "background")
UNKNOWN_ACTOR = "(unknown)"
UNSPECIFIED = "UNSPECIFIED"
NO_PRECONDITIONS = "NO_PRECONDITIONS"
PRECONDITION = "PRECONDITION"
POLARITY_COLUMNS: tuple[str, ...] = ("polarity_raw", "polarity")
"""The two tone versions of :func:`korea_notes.language.annotate`: as shipped, and corrected."""
NOTHING = "—"
"""Text of a side-by-side cell in which nothing is coded."""

PERIOD_COLUMNS: tuple[str, ...] = ("period", "start", "end", "articles", "article_ids")
"""period (label: the article id, YYYY-MM or YYYY, for periods of an article, month or year);
start, end (first and last publication date, ISO); articles (int: articles in the period);
article_ids (tuple of str: the articles of the period, in date order)."""

POSITION_COLUMNS: tuple[str, ...] = (
    "period", "actor", "category", "tense", "claims", "human_claims", "sentences", "articles",
    "period_articles", "article_share", "article_ids", "sentence_ids", "evidence",
)
"""period; actor (who states the position: an actor id, or "(unknown)"); category; tense;
claims (int: claims of the actor, category and period); human_claims (int: of them, claims
resting on human codes, ``source`` human, see :mod:`korea_notes.human`); sentences (distinct
evidence sentences); articles (articles with such a claim); period_articles (articles in the
period); article_share (articles / period_articles); article_ids (tuple: the articles with
such a claim), sentence_ids (tuple: the ids of the evidence sentences), evidence (tuple: their
texts, aligned with sentence_ids), each in reading order."""

PRECONDITION_COLUMNS: tuple[str, ...] = (
    "period", "actor", "target", "condition_type", "tense", "claims", "human_claims", "articles",
    "period_articles", "article_share", "article_ids", "sentence_ids", "conditions", "evidence",
)
"""period; actor (who demands); target (who must act first); condition_type (one type, or
UNSPECIFIED, or NO_PRECONDITIONS); tense; claims (int: claims of the actor, target, condition
type and period); human_claims (int: of them, resting on human codes); articles;
period_articles; article_share;
article_ids, sentence_ids; conditions (tuple: distinct condition clause texts); evidence
(tuple: sentence texts aligned with sentence_ids)."""

CHANGE_COLUMNS: tuple[str, ...] = (
    "actor", "tense", "kind", "item", "period_from", "period_to", "skipped", "change",
    "claims_from", "claims_to", "sentence_ids_from", "sentence_ids_to",
)
"""actor; tense; kind ("category" or "condition_type"); item (the category or condition type);
period_from, period_to (the actor's consecutive periods with claims); skipped (corpus periods
between them without claims of the actor); change ("appear", "persist" or "disappear");
claims_from, claims_to (int: the actor's claims of the item in each of the two periods);
sentence_ids_from, sentence_ids_to (tuples: their sentence ids, empty when absent)."""

TALK_COLUMNS: tuple[str, ...] = (
    "period", "actor", "tense", "offers", "offers_unconditional", "offers_conditional",
    "rejections", "offer_sentence_ids", "rejection_sentence_ids",
)
"""period; actor; tense; offers (sentences with a claim of the group ``offers``: a sentence coded
OFFER_TALKS and NO_PRECONDITIONS is one offer); offers_conditional (those of them with a claim
whose conditionality is precondition or reciprocal), offers_unconditional (the rest);
rejections (sentences with a claim of the group ``rejections``); offer_sentence_ids,
rejection_sentence_ids (tuples, reading order)."""

SUMMARY_COLUMNS: tuple[str, ...] = (
    "period", "side", "claims", "wants_first", "positions", "changes", "summary",
)
"""period; side; claims (current claims of the side in the period); wants_first (what the side
says the other side must do first); positions (its coded stances by group); changes (against
its previous period with claims); summary (all of it as one sentence)."""

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "period", "published", "article_id", "sentence_id", "actor", "target", "category",
    "condition_type", "conditionality", "modality", "speech", "tense", "sentence", "source",
)
"""The claims behind a cell: period, then the claim columns (published as ISO date), and
source (``human`` or ``machine``: who coded the claim, :mod:`korea_notes.human`)."""

TONE_COLUMNS: tuple[str, ...] = (
    "period", "actor", "tense", "sentences", "mean", "ci_low", "ci_high", "positive", "zero",
    "negative", "sentence_ids",
)
"""period; actor (the attributed claimant); tense; sentences (int: the actor's attributed
sentences in the period); mean (mean polarity, NaN without sentences); ci_low, ci_high
(bootstrap band, NaN below min_sentences); positive (sentences scoring > 0), zero (sentences
scoring exactly 0), negative (sentences scoring < 0); sentence_ids (tuple: the ids of the
sentences)."""

STANCE_COLUMNS: tuple[str, ...] = (
    "article_id", "published", "sentence_id", "actor", "tense", "categories", "stance",
    "polarity_raw", "polarity", "text",
)
"""One row per sentence: actor (attributed claimant or None); categories (tuple of the coded
categories of the sentence, codebook order); stance (a contrast stance of timeline.yml,
"mixed" when both, "other" when coded but in neither, "uncoded" without claims)."""

STANCE_TONE_COLUMNS: tuple[str, ...] = (
    "version", "stance", "sentences", "mean", "ci_low", "ci_high", "positive_share",
    "zero_share", "negative_share", "sentence_ids",
)
"""version (polarity_raw or polarity); stance; sentences; mean; ci_low, ci_high; shares of
sentences scoring > 0, = 0, < 0; sentence_ids (tuple)."""

CATEGORY_TONE_COLUMNS: tuple[str, ...] = (
    "version", "category", "sentences", "mean", "ci_low", "ci_high", "sentence_ids",
)
"""version; category; sentences carrying a claim of it; mean; ci_low, ci_high; sentence_ids."""

CONTRAST_COLUMNS: tuple[str, ...] = (
    "version", "stance_a", "stance_b", "n_a", "n_b", "mean_a", "mean_b", "difference",
    "ci_low", "ci_high", "correlation", "sign_agreement", "zero_share",
)
"""version; stance_a, stance_b (the two contrast stances of timeline.yml, in file order); n_a,
n_b (sentences); mean_a, mean_b; difference (mean_a - mean_b) with its bootstrap band ci_low,
ci_high; correlation (Pearson r of polarity with 1 for stance_a, 0 for stance_b, i.e. the
point-biserial correlation); sign_agreement (share of the sentences of both stances whose
polarity has the stance's sign: > 0 for stance_a, < 0 for stance_b); zero_share (share scoring
exactly 0, i.e. no call)."""

_REQUIRED_CLAIMS = ("article_id", "published", "sentence_id", "sentence", "actor", "target",
                    "category", "condition", "condition_type", "conditionality", "tense")
_REQUIRED_GROUPS = ("offers", "rejections")
_GROUP_NAME = re.compile(r"[a-z][a-z0-9_]*")


class TimelineError(ValueError):
    """The input cannot be aggregated; the message says what is wrong and how to fix it."""


class TimelineSettingsError(ValueError):
    """timeline.yml breaks a rule; the message lists every problem with file, line and fix."""


# --- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A stance of the side-by-side comparison: its meaning and the categories it collects."""

    name: str
    meaning: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """The checked contents of timeline.yml. Build it with :func:`load_settings`."""

    sides: tuple[str, str]
    groups: tuple[Group, ...]
    contrast: tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]
    resamples: int
    seed: int
    confidence: float
    min_sentences: int

    def group(self, name: str) -> Group:
        """The group called ``name``."""
        return next(group for group in self.groups if group.name == name)

    def other(self, side: str) -> str | None:
        """The other side of ``side`` (None for an actor that is not a side)."""
        if side not in self.sides:
            return None
        return self.sides[1] if side == self.sides[0] else self.sides[0]


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and check ``korea_notes/timeline.yml`` (or ``path``).

    Raises :class:`TimelineSettingsError` listing every problem as "file, line N: what. Fix: how".
    """
    resolved = Path(path) if path is not None else SETTINGS_FILE
    stamp = file_stamp(
        resolved, TimelineSettingsError, "the timeline settings", "korea_notes/timeline.yml"
    )
    return _load_settings(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_settings(path: str, stamp: int) -> Settings:
    data, lines = read_yaml(path, TimelineSettingsError)
    checker = _SettingsChecker(path, lines)
    settings = checker.check(data)
    if checker.problems or settings is None:
        listing = "\n".join(f"- {problem}" for problem in checker.problems)
        raise TimelineSettingsError(
            f"{len(checker.problems)} problem(s) in the timeline settings:\n{listing}")
    return settings


class _SettingsChecker:
    """Checks the parsed timeline.yml, collecting every problem before giving up."""

    def __init__(self, path: str, lines: dict[tuple[str, ...], int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, where: tuple[str, ...], what: str, fix: str) -> None:
        line = next((self.lines[where[:n]] for n in range(len(where), 0, -1)
                     if where[:n] in self.lines), 1)
        label = " > ".join(where) or "(top)"
        self.problems.append(f"{self.path}, line {line}, {label}: {what}. Fix: {fix}.")

    def check(self, data: Any) -> Settings | None:
        if not isinstance(data, dict):
            self.problem((), "the file is not a mapping", "start from the shipped timeline.yml")
            return None
        for key in sorted(set(data) - {"sides", "groups", "tone"}):
            self.problem((str(key),), "unknown section", "use only sides, groups and tone")
        for key in ("sides", "groups", "tone"):
            if key not in data:
                self.problem((), f"section {key!r} is missing", f"add the {key} section")
        if self.problems:
            return None
        sides = self._sides(data["sides"])
        groups = self._groups(data["groups"])
        tone = self._tone(data["tone"])
        if self.problems or sides is None or groups is None or tone is None:
            return None
        return Settings(sides, groups, *tone)

    def _sides(self, value: Any) -> tuple[str, str] | None:
        from korea_notes.actors import default_lexicon

        known = list(default_lexicon().actors)
        if not (isinstance(value, list) and len(value) == 2 and len(set(map(str, value))) == 2):
            self.problem(("sides",), "needs exactly two different actor ids",
                         "write e.g. [USA, DPRK]")
            return None
        for index, side in enumerate(value):
            if side not in known:
                self.problem(("sides", str(index)), f"{side!r} is not an actor id",
                             f"use one of {known} (korea_notes/actors.yml)")
        return (str(value[0]), str(value[1]))

    def _groups(self, value: Any) -> tuple[Group, ...] | None:
        from korea_notes.codebook import load_codebook

        categories = list(load_codebook().categories)
        if not isinstance(value, dict) or not value:
            self.problem(("groups",), "needs a mapping of group names",
                         "see the shipped timeline.yml")
            return None
        groups: list[Group] = []
        owner: dict[str, str] = {}
        for name, entry in value.items():
            group = self._group(str(name), entry, categories, owner)
            if group is not None:
                groups.append(group)
        for category in categories:
            if category not in owner:
                self.problem(("groups",), f"codebook category {category} is in no group",
                             "add it to the categories of one group")
        for name in _REQUIRED_GROUPS:
            if name not in value:
                self.problem(("groups",), f"group {name!r} is missing",
                             f"add a group {name} (the talks figure needs it)")
        return tuple(groups)

    def _group(self, name: str, entry: Any, categories: list[str],
               owner: dict[str, str]) -> Group | None:
        where = ("groups", name)
        if not _GROUP_NAME.fullmatch(name):
            self.problem(where, "a group name is lower-case snake case", "rename the group")
        if not isinstance(entry, dict) or set(entry) != {"meaning", "categories"}:
            self.problem(where, "needs exactly the keys meaning and categories",
                         "write meaning: <one line> and categories: [CATEGORY, ...]")
            return None
        listed = entry["categories"]
        if not isinstance(entry["meaning"], str) or not entry["meaning"].strip():
            self.problem((*where, "meaning"), "is empty", "describe the group in one line")
        if not isinstance(listed, list) or not listed:
            self.problem((*where, "categories"), "needs a non-empty list",
                         "list codebook categories")
            return None
        for index, category in enumerate(listed):
            spot = (*where, "categories", str(index))
            if category not in categories:
                self.problem(spot, f"{category!r} is not a codebook category",
                             f"use one of {categories}")
            elif category in owner:
                self.problem(spot, f"{category} is already in group {owner[category]!r}",
                             "put every category in exactly one group")
            else:
                owner[category] = name
        return Group(name, str(entry["meaning"]).strip(), tuple(map(str, listed)))

    def _tone(self, value: Any) -> tuple | None:
        if not isinstance(value, dict) or set(value) != {"contrast", "bootstrap",
                                                           "min_sentences"}:
            self.problem(("tone",), "needs exactly contrast, bootstrap and min_sentences",
                         "see the shipped timeline.yml")
            return None
        contrast = self._contrast(value["contrast"])
        boot = value["bootstrap"]
        if not isinstance(boot, dict) or set(boot) != {"resamples", "seed", "confidence"}:
            self.problem(("tone", "bootstrap"), "needs exactly resamples, seed and confidence",
                         "write e.g. resamples: 4000, seed: 1, confidence: 0.95")
            return None
        resamples = self._integer(("tone", "bootstrap", "resamples"), boot["resamples"], 100)
        seed = self._integer(("tone", "bootstrap", "seed"), boot["seed"], 0)
        confidence = boot["confidence"]
        if not isinstance(confidence, float) or not 0 < confidence < 1:
            self.problem(("tone", "bootstrap", "confidence"), "must be a number between 0 and 1",
                         "write e.g. 0.95")
        minimum = self._integer(("tone", "min_sentences"), value["min_sentences"], 2)
        if contrast is None:
            return None
        return contrast, resamples, seed, confidence, minimum

    def _contrast(self, value: Any) -> tuple | None:
        from korea_notes.codebook import load_codebook

        categories = list(load_codebook().categories)
        where = ("tone", "contrast")
        if not isinstance(value, dict) or len(value) != 2:
            self.problem(where, "needs exactly two stances",
                         "write two stance names, each with a list of categories")
            return None
        stances = []
        for name, listed in value.items():
            if not isinstance(listed, list) or not listed:
                self.problem((*where, str(name)), "needs a non-empty list of categories",
                             "list codebook categories")
                return None
            unknown = [c for c in listed if c not in categories]
            if unknown:
                self.problem((*where, str(name)), f"{unknown} are not codebook categories",
                             f"use categories of {categories}")
            stances.append((str(name), tuple(map(str, listed))))
        shared = sorted(set(stances[0][1]) & set(stances[1][1]))
        if shared:
            self.problem(where, f"both stances list {shared}", "give each category one stance")
        return tuple(stances)

    def _integer(self, where: tuple[str, ...], value: Any, minimum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(where, f"must be a whole number >= {minimum}", f"write e.g. {minimum}")
            return minimum
        return value


def group_table(settings: Settings | None = None) -> pd.DataFrame:
    """The groups of timeline.yml, one row each: group, meaning, categories ("|"-joined)."""
    settings = settings or load_settings()
    return pd.DataFrame(
        [{"group": g.name, "meaning": g.meaning, "categories": "|".join(g.categories)}
         for g in settings.groups], columns=["group", "meaning", "categories"])


# --- periods -----------------------------------------------------------------------------------


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise TimelineError(f"period {period!r} is not one of {PERIODS}. Fix: pass "
                            "period='article', 'month' or 'year'.")


def _published(frame: pd.DataFrame) -> pd.Series:
    """The publication dates of a frame, failing loudly where one is missing."""
    published = pd.to_datetime(frame["published"])
    missing = sorted(frame.loc[published.isna(), "article_id"].astype(str).unique())
    if missing:
        raise TimelineError(f"article(s) {missing} have no published date, so they belong to no "
                            "period. Fix: give them a date in corpus/metadata.csv.")
    return published


def period_labels(frame: pd.DataFrame, period: str = "article") -> pd.Series:
    """The period label of every row of a frame with article_id and published."""
    _check_period(period)
    published = _published(frame)
    if period == "article":
        return frame["article_id"].astype(str)
    return published.dt.strftime("%Y-%m" if period == "month" else "%Y")


def period_table(frame: pd.DataFrame, period: str = "article") -> pd.DataFrame:
    """The periods of the articles in ``frame`` (articles, claims or sentences), in time order.

    Columns: :data:`PERIOD_COLUMNS`.
    """
    _check_columns(frame, ("article_id", "published"), "the articles table")
    articles = frame.drop_duplicates("article_id")[["article_id", "published"]].copy()
    articles["published"] = _published(articles)
    articles["period"] = period_labels(articles, period)
    articles = articles.sort_values(["published", "article_id"], kind="stable")
    rows = []
    for label, group in articles.groupby("period", sort=False):
        rows.append({
            "period": label, "start": group["published"].min().date().isoformat(),
            "end": group["published"].max().date().isoformat(), "articles": len(group),
            "article_ids": tuple(group["article_id"].astype(str)),
        })
    table = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
    return table.sort_values(["start", "period"], kind="stable").reset_index(drop=True)


# --- preparing claims --------------------------------------------------------------------------


def _check_columns(frame: pd.DataFrame, required: Sequence[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TimelineError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise TimelineError(f"{what} lacks column(s) {missing}. Fix: pass the output of "
                            "korea_notes.positions.code_positions (claims) or of "
                            "attribute_sentences + annotate (sentences).")


def _check_tense(frame: pd.DataFrame) -> None:
    bad = frame[~frame["tense"].isin(TENSES)]
    if len(bad):
        raise TimelineError(
            f"tense must be 'current' or 'background'; sentence(s) "
            f"{sorted(bad['sentence_id'].astype(str).unique())[:5]} have "
            f"{sorted(bad['tense'].astype(str).unique())}. Fix: code them with "
            "korea_notes.positions.code_positions, which sets tense.")


def _select_tense(frame: pd.DataFrame, include_background: bool) -> pd.DataFrame:
    _check_tense(frame)
    return frame if include_background else frame[frame["tense"] == "current"]


def _prepare(claims: pd.DataFrame, period: str, articles: pd.DataFrame | None,
             include_background: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims of the chosen tenses with period and filled-in actor, and the periods."""
    _check_period(period)
    _check_columns(claims, _REQUIRED_CLAIMS, "the claims table")
    periods = period_table(claims if articles is None else articles, period)
    if articles is not None:
        unknown = sorted(set(claims["article_id"].astype(str))
                         - set(articles["article_id"].astype(str)))
        if unknown:
            raise TimelineError(f"claims of article(s) {unknown} are not in the articles table. "
                                "Fix: pass the articles the claims were coded from.")
    data = _select_tense(claims, include_background).copy()
    data["period"] = period_labels(data, period) if len(data) else pd.Series(dtype=object)
    data["actor"] = data["actor"].where(data["actor"].notna(), UNKNOWN_ACTOR)
    data["published"] = pd.to_datetime(data["published"])
    return data, periods


@lru_cache(maxsize=1)
def _codebook_orders() -> tuple[dict[str, int], dict[str, int]]:
    """Rank of every category and of every condition type (codebook order, then extras)."""
    from korea_notes.codebook import load_codebook

    codebook = load_codebook()
    categories = {name: index for index, name in enumerate(codebook.categories)}
    types = {name: index for index, name in enumerate(codebook.condition_types)}
    types[UNSPECIFIED] = len(types)
    types[NO_PRECONDITIONS] = len(types)
    return categories, types


def category_rank(category: str) -> int:
    """Position of a category in the codebook (unknown categories last)."""
    return _item_rank("category", category)[0]


def actor_rank(actor: str, settings: Settings | None = None) -> tuple[int, str]:
    """Sort key of an actor: the sides of timeline.yml first, then alphabetical, unknown last."""
    settings = settings or load_settings()
    if actor in settings.sides:
        return (settings.sides.index(actor), "")
    return (3, "") if actor == UNKNOWN_ACTOR else (2, actor)


def _item_rank(kind: str, item: str) -> tuple[int, str]:
    categories, types = _codebook_orders()
    order = categories if kind == "category" else types
    return (order.get(item, len(order)), item)


def _reading_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["published", "article_id", "sentence_id"], kind="stable")


def _collect(group: pd.DataFrame) -> dict[str, Any]:
    """Counts and evidence of the claims of one cell."""
    group = _reading_order(group)
    first = group.drop_duplicates("sentence_id")
    human = int((group["source"] == "human").sum()) if "source" in group else 0
    return {
        "claims": len(group), "human_claims": human, "sentences": len(first),
        "articles": group["article_id"].nunique(),
        "article_ids": tuple(dict.fromkeys(group["article_id"].astype(str))),
        "sentence_ids": tuple(first["sentence_id"].astype(str)),
        "evidence": tuple(first["sentence"].astype(str)),
    }


def _table(rows: list[dict[str, Any]], columns: Sequence[str],
           key: Callable[[dict[str, Any]], tuple]) -> pd.DataFrame:
    """A table of ``rows`` sorted by ``key``."""
    return pd.DataFrame(sorted(rows, key=key), columns=list(columns))


class _Order:
    """Sort keys of periods (time order), actors (sides first), categories and types."""

    def __init__(self, periods: pd.DataFrame, settings: Settings) -> None:
        self.ranks = {label: index for index, label in enumerate(periods["period"])}
        self.settings = settings

    def period(self, label: str) -> int:
        return self.ranks[label]

    def actor(self, actor: str) -> tuple[int, str]:
        return actor_rank(actor, self.settings)

    @staticmethod
    def tense(tense: str) -> int:
        return TENSES.index(tense)


# --- positions ---------------------------------------------------------------------------------


def positions_by_period(claims: pd.DataFrame, period: str = "article", *,
                        articles: pd.DataFrame | None = None, include_background: bool = False,
                        settings: Settings | None = None) -> pd.DataFrame:
    """Claims per period, actor and category, with the share of articles and the evidence.

    Only current claims count unless ``include_background`` (then background claims form rows
    of their own). Columns: :data:`POSITION_COLUMNS`; sorted by period, actor (the sides
    first), category (codebook order), tense.
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, include_background)
    size = dict(zip(periods["period"], periods["articles"], strict=True))
    rows = []
    for (label, actor, category, tense), group in data.groupby(
            ["period", "actor", "category", "tense"], sort=True):
        cell = _collect(group)
        rows.append({"period": label, "actor": actor, "category": category, "tense": tense,
                     **cell, "period_articles": size[label],
                     "article_share": cell["articles"] / size[label]})
    order = _Order(periods, settings)
    return _table(rows, POSITION_COLUMNS, lambda r: (
        order.period(r["period"]), order.actor(r["actor"]),
        _item_rank("category", r["category"]), order.tense(r["tense"])))


def _split_types(value: Any) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return [UNSPECIFIED]
    return [part.strip() for part in str(value).split("|") if part.strip()]


def precondition_claims(data: pd.DataFrame) -> pd.DataFrame:
    """The PRECONDITION and NO_PRECONDITIONS claims, one row per condition type.

    Returns the claim rows with ``condition_type`` holding one type each (UNSPECIFIED for a
    precondition without a type, NO_PRECONDITIONS for talks without preconditions).
    """
    chosen = data[data["category"].isin([PRECONDITION, NO_PRECONDITIONS])].copy()
    chosen["condition_type"] = [
        [NO_PRECONDITIONS] if category == NO_PRECONDITIONS else _split_types(value)
        for category, value in zip(chosen["category"], chosen["condition_type"], strict=True)
    ]
    return chosen.explode("condition_type").reset_index(drop=True)


def preconditions_by_period(claims: pd.DataFrame, period: str = "article", *,
                            articles: pd.DataFrame | None = None,
                            include_background: bool = False,
                            settings: Settings | None = None) -> pd.DataFrame:
    """Who demands what of whom first, per period: one row per period, actor, target,
    condition type and tense, with the condition clauses and the evidence.

    Columns: :data:`PRECONDITION_COLUMNS`.
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, include_background)
    size = dict(zip(periods["period"], periods["articles"], strict=True))
    exploded = precondition_claims(data)
    exploded["target"] = exploded["target"].where(exploded["target"].notna(), UNKNOWN_ACTOR)
    rows = []
    for (label, actor, target, kind, tense), group in exploded.groupby(
            ["period", "actor", "target", "condition_type", "tense"], sort=True):
        cell = _collect(group)
        conditions = [c for c in _reading_order(group)["condition"] if isinstance(c, str)]
        rows.append({"period": label, "actor": actor, "target": target, "condition_type": kind,
                     "tense": tense, **cell, "period_articles": size[label],
                     "article_share": cell["articles"] / size[label],
                     "conditions": tuple(dict.fromkeys(conditions))})
    order = _Order(periods, settings)
    return _table(rows, PRECONDITION_COLUMNS, lambda r: (
        order.period(r["period"]), order.actor(r["actor"]), order.actor(r["target"]),
        _item_rank("condition_type", r["condition_type"]), order.tense(r["tense"])))


# --- changes -----------------------------------------------------------------------------------


def _items(frame: pd.DataFrame, kind: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Per item (category or condition type): number of claims and sentence ids."""
    if kind == "condition_type":
        frame = precondition_claims(frame)
    found = {}
    for item, group in frame.groupby(kind, sort=True):
        ordered = _reading_order(group)
        found[str(item)] = (len(group), tuple(dict.fromkeys(ordered["sentence_id"].astype(str))))
    return found


def _change_rows(before: pd.DataFrame, after: pd.DataFrame, kind: str) -> list[dict[str, Any]]:
    """What appears, persists and disappears from one period's claims to the next."""
    old, new = _items(before, kind), _items(after, kind)
    rows = []
    for item in sorted(set(old) | set(new), key=lambda name: _item_rank(kind, name)):
        change = "persist" if item in old and item in new else (
            "appear" if item in new else "disappear")
        claims_from, ids_from = old.get(item, (0, ()))
        claims_to, ids_to = new.get(item, (0, ()))
        rows.append({"kind": kind, "item": item, "change": change, "claims_from": claims_from,
                     "claims_to": claims_to, "sentence_ids_from": ids_from,
                     "sentence_ids_to": ids_to})
    return rows


def period_changes(claims: pd.DataFrame, period: str = "article", *,
                   articles: pd.DataFrame | None = None, include_background: bool = False,
                   settings: Settings | None = None) -> pd.DataFrame:
    """Categories and condition types that appear, persist or disappear per actor between the
    actor's consecutive periods with claims (separately per tense).

    Columns: :data:`CHANGE_COLUMNS`; sorted by actor, tense, period_to, kind, change, item.
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, include_background)
    rank = {label: index for index, label in enumerate(periods["period"])}
    rows = []
    for (actor, tense), frame in data.groupby(["actor", "tense"], sort=True):
        heard = sorted(frame["period"].unique(), key=rank.__getitem__)
        for before, after in zip(heard, heard[1:], strict=False):
            for kind in ("category", "condition_type"):
                for row in _change_rows(frame[frame["period"] == before],
                                        frame[frame["period"] == after], kind):
                    rows.append({"actor": actor, "tense": tense, "period_from": before,
                                 "period_to": after, "skipped": rank[after] - rank[before] - 1,
                                 **row})
    order = _Order(periods, settings)
    changes = ("appear", "persist", "disappear")
    return _table(rows, CHANGE_COLUMNS, lambda r: (
        order.actor(r["actor"]), order.tense(r["tense"]), order.period(r["period_to"]),
        r["kind"] != "category", changes.index(r["change"]), _item_rank(r["kind"], r["item"])))


# --- the two sides -----------------------------------------------------------------------------


def _item_counts(frame: pd.DataFrame, other: str | None) -> list[tuple[str, int]]:
    """(label, claims) of a side's claims in one group: categories by name, PRECONDITION claims
    by condition type; an addressee other than the other side is added as "-> ACTOR"."""
    counts: dict[tuple[tuple[int, str], str], int] = {}
    for record in _reading_order(frame).to_dict("records"):
        if record["category"] == PRECONDITION:
            labels = [(_item_rank("condition_type", t), t)
                      for t in _split_types(record["condition_type"])]
        else:
            labels = [(_item_rank("category", record["category"]), record["category"])]
        target = record["target"]
        addressed = isinstance(target, str) and target != other
        for rank, label in labels:
            key = (rank, f"{label} → {target}" if addressed else label)
            counts[key] = counts.get(key, 0) + 1
    return [(label, count) for (_rank, label), count in sorted(counts.items())]


def _format_counts(counts: list[tuple[str, int]], words: bool = False) -> str:
    if not counts:
        return NOTHING
    if words:
        return ", ".join(f"{readable(label)} ({_claims(n)})" for label, n in counts)
    return ", ".join(f"{label} ×{n}" for label, n in counts)


def readable(label: str) -> str:
    """A code as words: "SANCTIONS_RELIEF_FIRST → ROK" as "sanctions relief first (toward ROK)",
    NO_PRECONDITIONS as "talks without preconditions"."""
    name, _, target = label.partition(" → ")
    text = {NO_PRECONDITIONS: "talks without preconditions",
            UNSPECIFIED: "unspecified conditions"}.get(name, name.lower().replace("_", " "))
    return f"{text} (toward {target})" if target else text


def _claims(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


def _side_columns(sides: Sequence[str]) -> list[str]:
    return [f"{side}{suffix}" for side in sides for suffix in ("_claims", "", "_sentence_ids")]


SIDE_COLUMNS: tuple[str, ...] = ("period", "group", "tense")
"""period; group (of timeline.yml, in file order); tense; then for each side S of timeline.yml:
S_claims (int), S (the coded items with their number of claims, e.g. "OFFER_TALKS ×2",
PRECONDITION claims by condition type, "→ ACTOR" where addressed to another than the other
side; "—" when nothing is coded), S_sentence_ids (tuple)."""


def compare_sides(claims: pd.DataFrame, period: str = "article", *,
                  articles: pd.DataFrame | None = None, include_background: bool = False,
                  settings: Settings | None = None) -> pd.DataFrame:
    """The two sides of timeline.yml side by side: one row per period and group (and tense),
    every period of the corpus and every group included, empty cells too.

    Columns: :data:`SIDE_COLUMNS` followed by three columns per side (see there).
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, include_background)
    tenses = TENSES if include_background else TENSES[:1]
    rows = []
    for label in periods["period"]:
        in_period = data[data["period"] == label]
        for group in settings.groups:
            in_group = in_period[in_period["category"].isin(group.categories)]
            for tense in tenses:
                row: dict[str, Any] = {"period": label, "group": group.name, "tense": tense}
                for side in settings.sides:
                    cell = in_group[(in_group["actor"] == side) & (in_group["tense"] == tense)]
                    row[f"{side}_claims"] = len(cell)
                    row[side] = _format_counts(_item_counts(cell, settings.other(side)))
                    row[f"{side}_sentence_ids"] = tuple(
                        dict.fromkeys(_reading_order(cell)["sentence_id"].astype(str)))
                rows.append(row)
    return pd.DataFrame(rows, columns=[*SIDE_COLUMNS, *_side_columns(settings.sides)])


def talk_offers(claims: pd.DataFrame, period: str = "article", *,
                articles: pd.DataFrame | None = None, include_background: bool = False,
                settings: Settings | None = None) -> pd.DataFrame:
    """Offers and rejections of talks per period and actor (groups ``offers`` and
    ``rejections`` of timeline.yml), counted in sentences. The sides get a row in every period
    (zeros included); other actors where they offer or reject. Columns: :data:`TALK_COLUMNS`.
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, include_background)
    offers = data[data["category"].isin(settings.group("offers").categories)]
    rejections = data[data["category"].isin(settings.group("rejections").categories)]
    others = sorted((set(offers["actor"]) | set(rejections["actor"])) - set(settings.sides))
    tenses = TENSES if include_background else TENSES[:1]
    rows = []
    for label in periods["period"]:
        for actor in [*settings.sides, *others]:
            for tense in tenses:
                mine = [frame[(frame["period"] == label) & (frame["actor"] == actor)
                              & (frame["tense"] == tense)] for frame in (offers, rejections)]
                if actor not in settings.sides and not (len(mine[0]) or len(mine[1])):
                    continue
                offered = _ids(mine[0])
                conditional = set(mine[0].loc[mine[0]["conditionality"] != "unconditional",
                                              "sentence_id"])
                rows.append({
                    "period": label, "actor": actor, "tense": tense, "offers": len(offered),
                    "offers_unconditional": len(offered) - len(conditional),
                    "offers_conditional": len(conditional), "rejections": len(_ids(mine[1])),
                    "offer_sentence_ids": offered, "rejection_sentence_ids": _ids(mine[1]),
                })
    return pd.DataFrame(rows, columns=list(TALK_COLUMNS))


def _ids(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_reading_order(frame)["sentence_id"].astype(str)))


# --- summary -----------------------------------------------------------------------------------


def _wants_first(preconditions: pd.DataFrame, label: str, side: str, other: str | None) -> str:
    mine = preconditions[(preconditions["period"] == label) & (preconditions["actor"] == side)
                         & (preconditions["target"] == other)]
    pairs = list(zip(mine["condition_type"], mine["claims"], strict=True))
    first = [f"{readable(t)} ({_claims(n)})" for t, n in pairs if t != NO_PRECONDITIONS]
    none = [n for t, n in pairs if t == NO_PRECONDITIONS]
    if first:
        text = ", ".join(first)
        return text + (f"; but also talks without preconditions ({_claims(none[0])})"
                       if none else "")
    if none:
        return f"nothing (talks without preconditions, {_claims(none[0])})"
    return "no precondition coded"


def _positions_text(label: str, side: str, data: pd.DataFrame,
                    settings: Settings) -> str:
    parts = []
    in_period = data[(data["period"] == label) & (data["actor"] == side)]
    stated_first = (in_period["category"] == PRECONDITION) & (
        in_period["target"] == settings.other(side))
    in_period = in_period[~stated_first]
    for group in settings.groups:
        cell = in_period[in_period["category"].isin(group.categories)]
        if len(cell):
            counts = _item_counts(cell, settings.other(side))
            parts.append(f"{group.name.replace('_', ' ')}: {_format_counts(counts, True)}")
    return "; ".join(parts)


def _changes_text(changes: pd.DataFrame, label: str, side: str) -> str:
    mine = changes[(changes["actor"] == side) & (changes["period_to"] == label)]
    if mine.empty:
        return ""
    since = mine["period_from"].iloc[0]
    skipped = int(mine["skipped"].iloc[0])
    parts = []
    # PRECONDITION and NO_PRECONDITIONS are told by their condition types: "first: ..."
    told = mine[~((mine["kind"] == "category") & (mine["item"] == PRECONDITION))
                & ~((mine["kind"] == "condition_type") & (mine["item"] == NO_PRECONDITIONS))]
    for change, word in (("appear", "new"), ("disappear", "no longer coded"),
                         ("persist", "still coded")):
        items = told[told["change"] == change]
        if len(items):
            names = [readable(item) if kind == "category" else f"precondition {readable(item)!r}"
                     for kind, item in zip(items["kind"], items["item"], strict=True)]
            parts.append(f"{word}: {', '.join(names)}")
    gap = f", {skipped} period(s) without claims of {side} between" if skipped else ""
    return f"since {since}{gap}: " + "; ".join(parts)


def summarise_periods(claims: pd.DataFrame, period: str = "article", *,
                      articles: pd.DataFrame | None = None,
                      settings: Settings | None = None) -> pd.DataFrame:
    """One computed sentence per period and side (current claims only): what the side wants
    first from the other, its coded stances by group, and what changed against its previous
    period with claims. Columns: :data:`SUMMARY_COLUMNS`.
    """
    settings = settings or load_settings()
    data, periods = _prepare(claims, period, articles, True)
    recalled = data[data["tense"] == "background"]
    data = data[data["tense"] == "current"]
    preconditions = preconditions_by_period(claims, period, articles=articles, settings=settings)
    changes = period_changes(claims, period, articles=articles, settings=settings)
    rows = []
    for label in periods["period"]:
        for side in settings.sides:
            other = settings.other(side)
            count = int(((data["period"] == label) & (data["actor"] == side)).sum())
            background = int(((recalled["period"] == label) & (recalled["actor"] == side)).sum())
            aside = (f" ({_claims(background)} of recalled background kept apart)"
                     if background else "")
            wants = _wants_first(preconditions, label, side, other)
            stances = _positions_text(label, side, data, settings)
            changed = _changes_text(changes, label, side)
            if count == 0:
                summary = f"{label}: no current position of {side} is coded{aside}."
            else:
                summary = (f"{label}: {side} ({_claims(count)}{aside}) wants first from "
                           f"{other}: {wants}. {stances[:1].upper()}{stances[1:]}."
                           + (f" Changes {changed}." if changed else
                              f" First period with claims of {side}."))
            rows.append({"period": label, "side": side, "claims": count, "wants_first": wants,
                         "positions": stances, "changes": changed, "summary": summary})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


OVERVIEW_COLUMNS: tuple[str, ...] = (
    "actor", "tense", "period_from", "period_to", "skipped", "appear", "persist", "disappear",
)
"""actor; tense; period_from, period_to; skipped; appear, persist, disappear (the items of
:func:`period_changes`, ", "-joined; condition types written "first:TYPE"; "" when none)."""


def changes_overview(changes: pd.DataFrame) -> pd.DataFrame:
    """:func:`period_changes` with one row per actor and pair of periods, in the same order:
    what appears, persists and disappears. Columns: :data:`OVERVIEW_COLUMNS`."""
    keys = ["actor", "tense", "period_from", "period_to", "skipped"]
    rows = []
    for key, group in changes.groupby(keys, sort=False):
        row = dict(zip(keys, key, strict=True))
        for change in ("appear", "persist", "disappear"):
            chosen = group[group["change"] == change]
            row[change] = ", ".join(item if kind == "category" else f"first:{item}"
                                    for kind, item in zip(chosen["kind"], chosen["item"],
                                                          strict=True))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))


# --- evidence ----------------------------------------------------------------------------------


def infer_period(label: str) -> str:
    """The kind of a period label: "year" for YYYY, "month" for YYYY-MM, else "article"."""
    if re.fullmatch(r"\d{4}", label):
        return "year"
    if re.fullmatch(r"\d{4}-\d{2}", label):
        return "month"
    return "article"


def _matches(column: pd.Series, wanted: str | Iterable[str]) -> pd.Series:
    values = [wanted] if isinstance(wanted, str) else list(wanted)
    return column.isin(values)


def evidence(claims: pd.DataFrame, *, actor: str | Iterable[str] | None = None,
             category: str | Iterable[str] | None = None, group: str | None = None,
             condition_type: str | None = None, period: str | None = None,
             by: str | None = None, tense: str | None = "current",
             sentence_ids: Iterable[str] | None = None,
             settings: Settings | None = None) -> pd.DataFrame:
    """The claims behind a table cell, in reading order.

    Filters (all optional, combined): ``actor``, ``category`` (one or several), ``group`` (a
    group of timeline.yml), ``condition_type`` (one type; matches claims listing it, UNSPECIFIED
    those without), ``period`` (a label; its kind ``by`` is inferred from the label when not
    given: YYYY year, YYYY-MM month, else article id), ``tense`` ("current" by default,
    "background", or None for both), ``sentence_ids`` (e.g. a cell's ``sentence_ids``).
    Columns: :data:`EVIDENCE_COLUMNS`.
    """
    _check_columns(claims, _REQUIRED_CLAIMS, "the claims table")
    kind = by or (infer_period(period) if period is not None else "article")
    data = claims.copy()
    if "source" not in data:
        data["source"] = "machine"
    data["published"] = pd.to_datetime(data["published"])
    data["actor"] = data["actor"].where(data["actor"].notna(), UNKNOWN_ACTOR)
    data["period"] = period_labels(data, kind) if len(data) else pd.Series(dtype=object)
    if period is not None and period not in set(data["period"]):
        raise TimelineError(f"no {kind} period {period!r} in the claims. Fix: use one of "
                            f"{sorted(set(data['period']))}.")
    keep = pd.Series(True, index=data.index)
    if actor is not None:
        keep &= _matches(data["actor"], actor)
    if category is not None:
        keep &= _matches(data["category"], category)
    if group is not None:
        keep &= data["category"].isin((settings or load_settings()).group(group).categories)
    if condition_type is not None:
        keep &= data["condition_type"].map(lambda v: condition_type in _split_types(v))
    if period is not None:
        keep &= data["period"] == period
    if tense is not None:
        keep &= data["tense"] == tense
    if sentence_ids is not None:
        keep &= data["sentence_id"].isin(list(sentence_ids))
    chosen = _reading_order(data[keep])
    chosen["published"] = chosen["published"].dt.strftime("%Y-%m-%d")
    return chosen[list(EVIDENCE_COLUMNS)].reset_index(drop=True)


# --- tone --------------------------------------------------------------------------------------


def with_tense(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences with a ``tense`` column ("current" or "background"), decided by the same
    rule the positions coder uses for its claims (see :mod:`korea_notes.positions`)."""
    from korea_notes.codebook import load_codebook
    from korea_notes.positions import parse, sentence_tense

    _check_columns(sentences, ("text", "published"), "the sentences table")
    codebook = load_codebook()
    result = sentences.copy()
    result["tense"] = [
        sentence_tense(parse(str(text), codebook), None if pd.isna(published) else published,
                       codebook)
        for text, published in zip(sentences["text"], sentences["published"], strict=True)
    ]
    return result


def bootstrap_mean(values: Sequence[float], settings: Settings | None = None
                   ) -> tuple[float, float, float]:
    """(mean, low, high): the mean and its percentile bootstrap band (NaN band below
    min_sentences values; NaN mean for no values)."""
    settings = settings or load_settings()
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        return (float("nan"),) * 3
    mean = float(array.mean())
    if array.size < settings.min_sentences:
        return mean, float("nan"), float("nan")
    rng = np.random.default_rng(settings.seed)
    means = array[rng.integers(0, array.size, (settings.resamples, array.size))].mean(axis=1)
    low, high = _band(means, settings.confidence)
    return mean, low, high


def bootstrap_difference(first: Sequence[float], second: Sequence[float],
                         settings: Settings | None = None) -> tuple[float, float, float]:
    """(difference, low, high): mean(first) - mean(second) and its percentile bootstrap band,
    both samples resampled independently (NaN band when either has fewer than min_sentences)."""
    settings = settings or load_settings()
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    if a.size == 0 or b.size == 0:
        return (float("nan"),) * 3
    difference = float(a.mean() - b.mean())
    if min(a.size, b.size) < settings.min_sentences:
        return difference, float("nan"), float("nan")
    rng = np.random.default_rng(settings.seed)
    draws_a = a[rng.integers(0, a.size, (settings.resamples, a.size))].mean(axis=1)
    draws_b = b[rng.integers(0, b.size, (settings.resamples, b.size))].mean(axis=1)
    low, high = _band(draws_a - draws_b, settings.confidence)
    return difference, low, high


def _band(draws: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2
    low, high = np.quantile(draws, [tail, 1 - tail])
    return float(low), float(high)


def _describe(frame: pd.DataFrame, column: str, settings: Settings) -> dict[str, Any]:
    """n, mean, band, sign counts and ids of the sentences of one cell (sorted by id)."""
    frame = frame.sort_values("sentence_id", kind="stable")
    values = frame[column].astype(float)
    mean, low, high = bootstrap_mean(values.tolist(), settings)
    return {"sentences": len(frame), "mean": mean, "ci_low": low, "ci_high": high,
            "positive": int((values > 0).sum()), "zero": int((values == 0).sum()),
            "negative": int((values < 0).sum()),
            "sentence_ids": tuple(_reading_order(frame)["sentence_id"].astype(str))}


def _tone_input(sentences: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    _check_columns(sentences, ("article_id", "published", "sentence_id", "text", "actor",
                               *columns), "the sentences table")
    data = sentences if "tense" in sentences.columns else with_tense(sentences)
    _check_tense(data)
    return data.assign(published=pd.to_datetime(data["published"]))


def tone_by_period(sentences: pd.DataFrame, period: str = "article", *,
                   articles: pd.DataFrame | None = None, include_background: bool = False,
                   column: str = "polarity", settings: Settings | None = None) -> pd.DataFrame:
    """Mean polarity of each actor's attributed sentences per period, with n and a bootstrap
    band. ``sentences`` are attributed and annotated (columns article_id, published,
    sentence_id, text, actor, ``column``; ``tense`` is added by :func:`with_tense` when
    missing). Sentences without a claimant are no actor's and stay out. The sides get a row in
    every period (sentences 0, mean NaN when silent). Columns: :data:`TONE_COLUMNS`.
    """
    settings = settings or load_settings()
    _check_period(period)
    data = _select_tense(_tone_input(sentences, (column,)), include_background)
    periods = period_table(sentences if articles is None else articles, period)
    data = data[data["actor"].notna()].copy()
    data["period"] = period_labels(data, period) if len(data) else pd.Series(dtype=object)
    tenses = TENSES if include_background else TENSES[:1]
    others = sorted(set(data["actor"]) - set(settings.sides))
    rows = []
    for label in periods["period"]:
        for actor in [*settings.sides, *others]:
            for tense in tenses:
                cell = data[(data["period"] == label) & (data["actor"] == actor)
                            & (data["tense"] == tense)]
                if cell.empty and actor not in settings.sides:
                    continue
                rows.append({"period": label, "actor": actor, "tense": tense,
                             **_describe(cell, column, settings)})
    return pd.DataFrame(rows, columns=list(TONE_COLUMNS))


def sentence_stances(claims: pd.DataFrame, sentences: pd.DataFrame, *,
                     include_background: bool = False,
                     settings: Settings | None = None) -> pd.DataFrame:
    """Every sentence with its coded categories and its stance in the tone contrast of
    timeline.yml. The unit is the sentence (tone is a property of a sentence): a sentence with
    several claims counts once. Columns: :data:`STANCE_COLUMNS`; in reading order.
    """
    settings = settings or load_settings()
    _check_columns(claims, _REQUIRED_CLAIMS, "the claims table")
    data = _select_tense(_tone_input(sentences, POLARITY_COLUMNS), include_background).copy()
    unknown = sorted(set(claims["sentence_id"]) - set(sentences["sentence_id"]))
    if unknown:
        raise TimelineError(f"claims refer to sentence(s) {unknown[:5]} that are not in the "
                            "sentences table. Fix: pass the sentences the claims were coded from.")
    categories: dict[str, list[str]] = {}
    for sentence_id, category in zip(claims["sentence_id"], claims["category"], strict=True):
        categories.setdefault(sentence_id, []).append(category)
    data["categories"] = [
        tuple(sorted(set(categories.get(s, [])), key=lambda c: _item_rank("category", c)))
        for s in data["sentence_id"]]
    data["stance"] = [_stance(found, settings) for found in data["categories"]]
    return _reading_order(data)[list(STANCE_COLUMNS)].reset_index(drop=True)


def _stance(categories: tuple[str, ...], settings: Settings) -> str:
    if not categories:
        return "uncoded"
    hits = [name for name, listed in settings.contrast if set(categories) & set(listed)]
    return hits[0] if len(hits) == 1 else ("mixed" if hits else "other")


def _shares(values: pd.Series) -> dict[str, float]:
    n = len(values)
    if n == 0:
        return {"positive_share": float("nan"), "zero_share": float("nan"),
                "negative_share": float("nan")}
    return {"positive_share": float((values > 0).sum() / n),
            "zero_share": float((values == 0).sum() / n),
            "negative_share": float((values < 0).sum() / n)}


def tone_by_stance(stances: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Mean tone of the sentences of each stance (the two contrast stances, mixed, other,
    uncoded), for both polarity versions. ``stances`` is :func:`sentence_stances`.
    Columns: :data:`STANCE_TONE_COLUMNS`.
    """
    settings = settings or load_settings()
    order = [name for name, _ in settings.contrast] + ["mixed", "other", "uncoded"]
    rows = []
    for version in POLARITY_COLUMNS:
        for stance in order:
            cell = stances[stances["stance"] == stance]
            described = _describe(cell, version, settings)
            rows.append({"version": version, "stance": stance,
                         **{k: described[k] for k in ("sentences", "mean", "ci_low", "ci_high",
                                                      "sentence_ids")},
                         **_shares(cell[version].astype(float))})
    return pd.DataFrame(rows, columns=list(STANCE_TONE_COLUMNS))


def tone_by_category(stances: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Mean tone of the sentences carrying a claim of each category (a sentence counts once
    per category it carries), for both polarity versions. Columns: :data:`CATEGORY_TONE_COLUMNS`.
    """
    settings = settings or load_settings()
    exploded = stances.explode("categories").dropna(subset=["categories"])
    rows = []
    for version in POLARITY_COLUMNS:
        for category in sorted(set(exploded["categories"]),
                               key=lambda c: _item_rank("category", c)):
            cell = exploded[exploded["categories"] == category]
            described = _describe(cell, version, settings)
            rows.append({"version": version, "category": category,
                         **{k: described[k] for k in CATEGORY_TONE_COLUMNS[2:]}})
    return pd.DataFrame(rows, columns=list(CATEGORY_TONE_COLUMNS))


def tone_contrast(stances: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """Is tone a proxy for stance? Per polarity version: the difference in mean tone between
    the two contrast stances with its bootstrap band, the point-biserial correlation and how
    often the sign of the tone agrees with the stance. Columns: :data:`CONTRAST_COLUMNS`.
    """
    settings = settings or load_settings()
    (name_a, _), (name_b, _) = settings.contrast
    a = stances[stances["stance"] == name_a].sort_values("sentence_id", kind="stable")
    b = stances[stances["stance"] == name_b].sort_values("sentence_id", kind="stable")
    rows = []
    for version in POLARITY_COLUMNS:
        va, vb = a[version].astype(float), b[version].astype(float)
        difference, low, high = bootstrap_difference(va.tolist(), vb.tolist(), settings)
        both = pd.concat([va, vb])
        agree = int((va > 0).sum() + (vb < 0).sum())
        rows.append({
            "version": version, "stance_a": name_a, "stance_b": name_b, "n_a": len(va),
            "n_b": len(vb), "mean_a": va.mean() if len(va) else float("nan"),
            "mean_b": vb.mean() if len(vb) else float("nan"), "difference": difference,
            "ci_low": low, "ci_high": high,
            "correlation": _point_biserial(va.to_numpy(), vb.to_numpy()),
            "sign_agreement": agree / len(both) if len(both) else float("nan"),
            "zero_share": float((both == 0).sum() / len(both)) if len(both) else float("nan"),
        })
    return pd.DataFrame(rows, columns=list(CONTRAST_COLUMNS))


def _point_biserial(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson r between the values and membership (1 for a, 0 for b); NaN when undefined."""
    if a.size == 0 or b.size == 0:
        return float("nan")
    values = np.concatenate([a, b])
    member = np.concatenate([np.ones(a.size), np.zeros(b.size)])
    if np.std(values) == 0:
        return float("nan")
    return float(np.corrcoef(values, member)[0, 1])


def describe_contrast(contrast: pd.DataFrame) -> list[str]:
    """One computed sentence per row of :func:`tone_contrast`: the difference with its band,
    the correlation, and how often the sign of single sentences agrees with their stance."""
    lines = []
    for row in contrast.to_dict("records"):
        if not row["n_a"] or not row["n_b"]:
            lines.append(f"{row['version']}: no sentences of one of the stances; no contrast.")
            continue
        band = ("no band (too few sentences)" if pd.isna(row["ci_low"]) else
                f"band {row['ci_low']:+.2f} to {row['ci_high']:+.2f}")
        separates = (not pd.isna(row["ci_low"])) and (row["ci_low"] > 0 or row["ci_high"] < 0)
        verdict = ("the band excludes 0, so on average tone separates the two stances"
                   if separates else "the band includes 0, so tone does not separate the two "
                   "stances even on average")
        lines.append(
            f"{row['version']}: {row['stance_a']} sentences (n={row['n_a']}) average "
            f"{row['mean_a']:+.2f}, {row['stance_b']} sentences (n={row['n_b']}) "
            f"{row['mean_b']:+.2f}; difference {row['difference']:+.2f} ({band}); "
            f"point-biserial r = {row['correlation']:+.2f}; {verdict}. Sentence by sentence, "
            f"the sign of the tone matches the stance in {row['sign_agreement']:.0%} of them, "
            f"and {row['zero_share']:.0%} score exactly 0.")
    return lines
