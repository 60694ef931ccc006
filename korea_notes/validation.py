"""How well the coder agrees with careful human coding, and what each part of it adds.

Reference data: ``corpus/annotations/seed_positions.jsonl`` (the five articles, one row per
(quote, actor, category); ``borderline`` marks disputable rows), read with
:func:`korea_notes.reference.load_reference_positions`. Sets of single coded sentences from
other reports are scored by :mod:`korea_notes.evaluation`; :func:`compare_coders` uses both.

Scoring rules (the decisions behind every number):

- **Sentence level.** A claim matches a reference row when it is in the same article, its
  sentence contains the reference quote or lies inside it (both normalised with
  :func:`korea_notes.cleaning.normalise`, white space and quotation marks ignored), and it has
  the same actor and category. Recall counts reference rows found; precision counts claims that
  match a row. Borderline rows are set aside: they count neither as misses nor as hits, and a
  claim that matches only a borderline row is not a false alarm. They stay visible in
  :func:`error_table`.
- **Article level.** Per article the set of (actor, category) pairs of the claims against that
  of the reference rows; pairs that occur only in borderline rows are left out on both sides.
- **Micro** scores pool all categories; **macro** is the mean F1 of the categories that occur in
  the reference or in the claims.
- **Actor accuracy**: of the reference rows whose sentence has a claim of the same category, the
  share where one such claim has the reference actor.
- **Confusion**: per sentence, categories both coded count on the diagonal; the reference's
  unmatched categories are crossed with the coder's unmatched ones (one count per pair), and
  a side with nothing left is paired with "(none)". Actors are ignored here.
- **Krippendorff's alpha** (nominal, two coders): units are the sentences (every sentence of
  the articles when ``sentences`` is given) x categories; the value is whether the category was
  coded (actor ignored), borderline-only categories left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from korea_notes.codebook import Codebook, load_codebook
from korea_notes.scores import empty_counts, score_rows

NONE = "(none)"
_QUOTES = re.compile(r"[\"„“”«»‚‘’']")
_SPACE = re.compile(r"\s+")
MIN_INSIDE_CHARS = 25
"""A claim sentence shorter than this (normalised) only matches a quote that it contains."""


class ValidationError(ValueError):
    """The reference data and the codebook disagree (e.g. an unknown category)."""


# --- matching ----------------------------------------------------------------------------------


def _normaliser() -> Any:
    from korea_notes.cleaning import normalise
    return normalise


def match_key(text: str) -> str:
    """The form in which texts are compared: normalised, quotation marks and white space
    removed, case folded."""
    return _SPACE.sub("", _QUOTES.sub("", _normaliser()(str(text)))).casefold()


def same_text(sentence: str, quote: str) -> bool:
    """True when the sentence contains the quote or lies inside it (see module docstring)."""
    sentence_key, quote_key = match_key(sentence), match_key(quote)
    if not sentence_key or not quote_key:
        return False
    if quote_key in sentence_key:
        return True
    return len(sentence_key) >= MIN_INSIDE_CHARS and sentence_key in quote_key


def check_reference(reference: pd.DataFrame, codebook: Codebook | None = None) -> None:
    """Raise :class:`ValidationError` naming the line of every reference row whose category
    is not in the codebook."""
    codebook = codebook or load_codebook()
    unknown = reference[~reference["category"].isin(list(codebook.categories))]
    if len(unknown):
        lines = ", ".join(f"line {row.line}: {row.category}" for row in unknown.itertuples())
        raise ValidationError(f"reference rows with categories not in the codebook ({lines}). "
                              "Fix: add the category to korea_notes/codebook.yml or correct "
                              "the reference file.")


def _links(claims: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Every (reference row, claim) pair in the same article whose texts match, with flags
    for same actor and same category. Columns: ref (row position), claim (row position),
    same_actor, same_category."""
    rows = []
    claim_groups = {key: group for key, group in claims.groupby("article_id", sort=False)}
    for ref_index, ref in enumerate(reference.itertuples(index=False)):
        group = claim_groups.get(ref.article_id)
        if group is None:
            continue
        for claim_index, claim in zip(group.index, group.itertuples(index=False), strict=True):
            if same_text(claim.sentence, ref.quote):
                rows.append({"ref": ref_index, "claim": claim_index,
                             "same_actor": claim.actor == ref.actor,
                             "same_category": claim.category == ref.category})
    return pd.DataFrame(rows, columns=["ref", "claim", "same_actor", "same_category"])


def _prepared(claims: pd.DataFrame, reference: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims of the reference articles only, both frames with a fresh index."""
    articles = set(reference["article_id"])
    claims = claims[claims["article_id"].isin(articles)].reset_index(drop=True)
    return claims, reference.reset_index(drop=True)


# --- sentence and article level ---------------------------------------------------------------


def sentence_outcomes(claims: pd.DataFrame, reference: pd.DataFrame
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome of every reference row and every claim at sentence level.

    Returns (reference, claims) copies with an ``outcome`` column: reference rows ``hit``,
    ``miss`` or ``borderline_hit`` / ``borderline_miss``; claims ``hit``, ``false_alarm`` or
    ``borderline`` (matches only borderline rows).
    """
    claims, reference = _prepared(claims, reference)
    links = _links(claims, reference)
    exact = links[links.same_actor & links.same_category]
    borderline = reference["borderline"].astype(bool)
    found = set(exact["ref"])
    ref_out = reference.copy()
    ref_out["outcome"] = [
        ("borderline_" if borderline[i] else "") + ("hit" if i in found else "miss")
        for i in range(len(reference))]
    counted_refs = {i for i in range(len(reference)) if not borderline[i]}
    claim_out = claims.copy()
    outcomes = []
    for index in range(len(claims)):
        matched = set(exact.loc[exact["claim"] == index, "ref"])
        if matched & counted_refs:
            outcomes.append("hit")
        elif matched:
            outcomes.append("borderline")
        else:
            outcomes.append("false_alarm")
    claim_out["outcome"] = outcomes
    return ref_out, claim_out


def sentence_scores(claims: pd.DataFrame, reference: pd.DataFrame,
                    codebook: Codebook | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per category, micro and macro, at sentence level.

    Columns: level ("sentence"), category (or "micro" / "macro"), tp (reference rows found),
    fp (false alarms), fn (misses), n_reference, precision, recall, f1.
    """
    codebook = codebook or load_codebook()
    refs, coded = sentence_outcomes(claims, reference)
    counts: dict[str, dict[str, int]] = {}
    for row in refs.itertuples(index=False):
        c = counts.setdefault(row.category, empty_counts())
        c["tp_ref"] += row.outcome == "hit"
        c["fn"] += row.outcome == "miss"
    for row in coded.itertuples(index=False):
        c = counts.setdefault(row.category, empty_counts())
        c["tp_claim"] += row.outcome == "hit"
        c["fp"] += row.outcome == "false_alarm"
    return pd.DataFrame(score_rows("sentence", counts, list(codebook.categories)))


def article_pairs(claims: pd.DataFrame, reference: pd.DataFrame
                  ) -> tuple[dict[str, set[tuple[str, str]]], dict[str, set[tuple[str, str]]]]:
    """Per article: the coder's and the reference's (actor, category) pairs, with pairs that
    occur only in borderline rows removed from both."""
    claims, reference = _prepared(claims, reference)
    counted = reference[~reference["borderline"].astype(bool)]
    ref_pairs = {a: set(zip(g.actor, g.category, strict=True))
                 for a, g in counted.groupby("article_id")}
    disputed = {a: set(zip(g.actor, g.category, strict=True)) - ref_pairs.get(a, set())
                for a, g in reference[reference["borderline"].astype(bool)].groupby("article_id")}
    coder_pairs = {}
    for article in sorted(set(reference["article_id"])):
        coded = claims[claims["article_id"] == article]
        pairs = {(a, c) for a, c in zip(coded.actor, coded.category, strict=True)
                 if isinstance(a, str)}
        coder_pairs[article] = pairs - disputed.get(article, set())
        ref_pairs.setdefault(article, set())
    return coder_pairs, ref_pairs


def article_scores(claims: pd.DataFrame, reference: pd.DataFrame,
                   codebook: Codebook | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per category, micro and macro, at article level (sets of
    (actor, category) per article). Columns as :func:`sentence_scores`, level "article"."""
    codebook = codebook or load_codebook()
    coder, ref = article_pairs(claims, reference)
    counts: dict[str, dict[str, int]] = {}
    for article in ref:
        for actor, category in coder[article] | ref[article]:
            c = counts.setdefault(category, empty_counts())
            inside_ref = (actor, category) in ref[article]
            inside_coder = (actor, category) in coder[article]
            c["tp_ref"] += inside_ref and inside_coder
            c["tp_claim"] += inside_ref and inside_coder
            c["fn"] += inside_ref and not inside_coder
            c["fp"] += inside_coder and not inside_ref
    return pd.DataFrame(score_rows("article", counts, list(codebook.categories)))


def actor_accuracy(claims: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Actor accuracy at sentence level, one row per non-borderline reference row whose
    sentence has a claim of its category. Columns: article_id, quote, category,
    reference_actor, coder_actors (tuple), correct (bool)."""
    claims, reference = _prepared(claims, reference)
    links = _links(claims, reference)
    rows = []
    for ref_index, group in links[links.same_category].groupby("ref"):
        ref = reference.iloc[ref_index]
        if bool(ref["borderline"]):
            continue
        actors = tuple(sorted({str(a) for a in claims.loc[group["claim"], "actor"]}))
        rows.append({"article_id": ref["article_id"], "quote": ref["quote"],
                     "category": ref["category"], "reference_actor": ref["actor"],
                     "coder_actors": actors, "correct": ref["actor"] in actors})
    return pd.DataFrame(rows, columns=["article_id", "quote", "category", "reference_actor",
                                       "coder_actors", "correct"])


# --- errors, confusion, alpha -----------------------------------------------------------------


def error_table(claims: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Every miss and false alarm at sentence level, with its sentence; borderline rows are
    listed too (counted False).

    Columns: kind (miss | false_alarm | borderline_hit | borderline_miss | borderline_claim),
    counted (bool: part of the scores), article_id, sentence_id (claims only), sentence (the
    claim's sentence or the reference quote), actor, category, other (for a miss: the coder's
    claims on that sentence as "ACTOR:CATEGORY"; for a false alarm: the reference rows on that
    sentence), rule (claims only), note (reference only).
    """
    refs, coded = sentence_outcomes(claims, reference)
    claims_p, _ = _prepared(claims, reference)
    rows = []
    for ref in refs.itertuples(index=False):
        if ref.outcome == "hit":
            continue
        others = [f"{c.actor}:{c.category}" for c in claims_p.itertuples(index=False)
                  if c.article_id == ref.article_id and same_text(c.sentence, ref.quote)]
        rows.append({"kind": ref.outcome, "counted": ref.outcome == "miss",
                     "article_id": ref.article_id, "sentence_id": None, "sentence": ref.quote,
                     "actor": ref.actor, "category": ref.category,
                     "other": "; ".join(others), "rule": None, "note": ref.note})
    for claim in coded.itertuples(index=False):
        if claim.outcome == "hit":
            continue
        others = [f"{r.actor}:{r.category}" for r in refs.itertuples(index=False)
                  if r.article_id == claim.article_id and same_text(claim.sentence, r.quote)]
        kind = "false_alarm" if claim.outcome == "false_alarm" else "borderline_claim"
        rows.append({"kind": kind, "counted": kind == "false_alarm",
                     "article_id": claim.article_id, "sentence_id": claim.sentence_id,
                     "sentence": claim.sentence, "actor": claim.actor,
                     "category": claim.category, "other": "; ".join(others),
                     "rule": claim.rule, "note": None})
    columns = ["kind", "counted", "article_id", "sentence_id", "sentence", "actor", "category",
               "other", "rule", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    order = {"miss": 0, "false_alarm": 1, "borderline_miss": 2, "borderline_hit": 3,
             "borderline_claim": 4}
    return frame.sort_values(["kind", "article_id", "category"], key=lambda s: s.map(order)
                             if s.name == "kind" else s, kind="stable").reset_index(drop=True)


def sentence_units(claims: pd.DataFrame, reference: pd.DataFrame,
                   sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence unit with the categories each coder gave it (actors ignored).

    Units are the sentences of the reference articles (all of them when ``sentences`` is
    given, else those with claims) plus reference quotes found in none of them. Columns: unit,
    article_id, text, reference (frozenset), coder (frozenset), disputed (frozenset:
    categories only in borderline rows).
    """
    claims, reference = _prepared(claims, reference)
    units = _unit_texts(claims, reference, sentences)
    ref_sets: dict[str, set[str]] = {unit: set() for unit in units}
    disputed: dict[str, set[str]] = {unit: set() for unit in units}
    by_article: dict[str, list[str]] = {}
    for unit, (article, _) in units.items():
        by_article.setdefault(article, []).append(unit)
    for ref in reference.itertuples(index=False):
        hit = [u for u in by_article.get(ref.article_id, []) if same_text(units[u][1], ref.quote)]
        if not hit:
            unit = f"{ref.article_id}/quote:{ref.line}"
            units[unit] = (ref.article_id, ref.quote)
            ref_sets[unit], disputed[unit] = set(), set()
            hit = [unit]
        for unit in hit:
            (disputed if bool(ref.borderline) else ref_sets)[unit].add(ref.category)
    coder: dict[str, set[str]] = {unit: set() for unit in units}
    for claim in claims.itertuples(index=False):
        coder.setdefault(claim.sentence_id, set()).add(claim.category)
    rows = []
    for unit, (article, text) in units.items():
        only_disputed = disputed[unit] - ref_sets[unit]
        rows.append({"unit": unit, "article_id": article, "text": text,
                     "reference": frozenset(ref_sets[unit]),
                     "coder": frozenset(coder.get(unit, set()) - only_disputed),
                     "disputed": frozenset(only_disputed)})
    return pd.DataFrame(rows)


def _unit_texts(claims: pd.DataFrame, reference: pd.DataFrame,
                sentences: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Sentence units: every sentence of the reference articles, else the claims'."""
    articles = set(reference["article_id"])
    if sentences is not None:
        chosen = sentences[sentences["article_id"].isin(articles)]
        return {r.sentence_id: (r.article_id, r.text) for r in chosen.itertuples(index=False)}
    return {r.sentence_id: (r.article_id, r.sentence) for r in claims.itertuples(index=False)}


def confusion_table(claims: pd.DataFrame, reference: pd.DataFrame,
                    sentences: pd.DataFrame | None = None,
                    codebook: Codebook | None = None) -> pd.DataFrame:
    """Reference category (rows) by coder category (columns), "(none)" included; see the
    module docstring for how multi-category sentences are counted."""
    codebook = codebook or load_codebook()
    units = sentence_units(claims, reference, sentences)
    counts: Counter[tuple[str, str]] = Counter()
    for unit in units.itertuples(index=False):
        for category in unit.reference & unit.coder:
            counts[(category, category)] += 1
        left_ref = sorted(unit.reference - unit.coder) or [NONE]
        left_coder = sorted(unit.coder - unit.reference) or [NONE]
        if left_ref == [NONE] and left_coder == [NONE]:
            continue
        for ref in left_ref:
            for coded in left_coder:
                counts[(ref, coded)] += 1
    labels = [*codebook.categories, NONE]
    table = pd.DataFrame(0, index=pd.Index(labels, name="reference"),
                         columns=pd.Index(labels, name="coder"))
    for (ref, coded), count in counts.items():
        table.loc[ref, coded] = count
    return table


def krippendorff_alpha(units: Sequence[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha for nominal data.

    ``units``: one sequence per unit with one value per coder (None = not coded). Units with
    fewer than two values are not pairable and are skipped. Returns NaN when the data hold
    fewer than two pairable values or only one distinct value (no expected disagreement).
    """
    coincidences: Counter[tuple[Hashable, Hashable]] = Counter()
    for unit in units:
        values = [value for value in unit if value is not None]
        m = len(values)
        if m < 2:
            continue
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[(first, second)] += 1 / (m - 1)
    totals: Counter[Hashable] = Counter()
    for (first, _), weight in coincidences.items():
        totals[first] += weight
    n = sum(totals.values())
    if n < 2 or len(totals) < 2:
        return float("nan")
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    return 1 - (n - 1) * observed / expected


def alpha_table(claims: pd.DataFrame, reference: pd.DataFrame,
                sentences: pd.DataFrame | None = None,
                codebook: Codebook | None = None) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) between coder and reference, overall and per category.

    Columns: scope ("all categories" or a category), alpha, units (pairable units), reference
    (units the reference codes with it), coder (units the coder codes with it).
    """
    codebook = codebook or load_codebook()
    units = sentence_units(claims, reference, sentences)
    rows, pooled = [], []
    for category in codebook.categories:
        pairs = [(category in u.reference, category in u.coder)
                 for u in units.itertuples(index=False) if category not in u.disputed]
        pooled.extend(pairs)
        rows.append({"scope": category, "alpha": krippendorff_alpha(pairs), "units": len(pairs),
                     "reference": sum(r for r, _ in pairs), "coder": sum(c for _, c in pairs)})
    rows.insert(0, {"scope": "all categories", "alpha": krippendorff_alpha(pooled),
                    "units": len(pooled), "reference": sum(r for r, _ in pooled),
                    "coder": sum(c for _, c in pooled)})
    return pd.DataFrame(rows)


# --- one call for the notebook ------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """All results of :func:`evaluate`; each attribute is a DataFrame."""

    scores: pd.DataFrame
    summary: pd.DataFrame
    actors: pd.DataFrame
    confusion: pd.DataFrame
    alpha: pd.DataFrame
    errors: pd.DataFrame


def evaluate(claims: pd.DataFrame, reference: pd.DataFrame,
             sentences: pd.DataFrame | None = None,
             codebook: Codebook | None = None) -> Evaluation:
    """Score claims against the reference coding (see the module docstring for the rules).

    ``claims`` from :func:`korea_notes.positions.code_positions`; ``reference`` from
    :func:`korea_notes.reference.load_reference_positions`; ``sentences`` (optional) lets the
    confusion table and alpha count every sentence of the articles. Returns an
    :class:`Evaluation`: scores (sentence and article level, per category, micro, macro),
    summary (metric, value), actors (:func:`actor_accuracy`), confusion, alpha, errors.
    """
    codebook = codebook or load_codebook()
    check_reference(reference, codebook)
    scores = pd.concat([sentence_scores(claims, reference, codebook),
                        article_scores(claims, reference, codebook)], ignore_index=True)
    actors = actor_accuracy(claims, reference)
    alpha = alpha_table(claims, reference, sentences, codebook)
    return Evaluation(
        scores=scores, summary=_summary(scores, actors, alpha), actors=actors,
        confusion=confusion_table(claims, reference, sentences, codebook), alpha=alpha,
        errors=error_table(claims, reference),
    )


def _summary(scores: pd.DataFrame, actors: pd.DataFrame, alpha: pd.DataFrame) -> pd.DataFrame:
    """The headline numbers as (metric, value) rows."""
    def pick(level: str, category: str, metric: str) -> float:
        row = scores[(scores.level == level) & (scores.category == category)]
        return float(row[metric].iloc[0]) if len(row) else float("nan")

    rows = [
        ("sentence_micro_precision", pick("sentence", "micro", "precision")),
        ("sentence_micro_recall", pick("sentence", "micro", "recall")),
        ("sentence_micro_f1", pick("sentence", "micro", "f1")),
        ("sentence_macro_f1", pick("sentence", "macro", "f1")),
        ("article_micro_f1", pick("article", "micro", "f1")),
        ("article_macro_f1", pick("article", "macro", "f1")),
        ("actor_accuracy", float(actors["correct"].mean()) if len(actors) else float("nan")),
        ("krippendorff_alpha", float(alpha["alpha"].iloc[0])),
    ]
    return pd.DataFrame(rows, columns=["metric", "value"])


# --- baselines ------------------------------------------------------------------------------------


def majority_claims(sentences: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """The majority-class baseline: every sentence gets one claim with the reference's most
    frequent category and actor (non-borderline rows; ties broken alphabetically). Columns as
    :func:`korea_notes.positions.code_positions` (the other columns empty)."""
    from korea_notes.positions import CLAIM_COLUMNS

    counted = reference[~reference["borderline"].astype(bool)]
    category = _most_common(counted["category"])
    actor = _most_common(counted["actor"])
    rows = [{column: None for column in CLAIM_COLUMNS} | {
        "article_id": s.article_id, "published": getattr(s, "published", None),
        "sentence_id": s.sentence_id, "sentence": s.text, "actor": actor,
        "category": category, "rule": "majority"} for s in sentences.itertuples(index=False)]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


def _most_common(values: Iterable[Hashable]) -> Hashable:
    """The most frequent value; ties broken alphabetically."""
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], str(value)))


def compare_coders(sentences: pd.DataFrame | None = None, reference: pd.DataFrame | None = None,
                   dev: pd.DataFrame | None = None,
                   codebook: Codebook | None = None) -> pd.DataFrame:
    """The coder beside its baselines, one row each: "majority" (:func:`majority_claims`),
    "keywords" (same cues and actor rules, no negation, conditions, frames or overrides:
    :func:`korea_notes.positions.code_keywords`) and "coder" (the full coder).

    Defaults run the real pipeline on the corpus articles, the reference coding and the
    second development set (``dev_sentences_2.jsonl``, each sentence after its context; ``dev``
    is any :func:`korea_notes.reference.load_sentence_set` table). Columns: coder,
    sentence_precision, sentence_recall, sentence_f1, sentence_macro_f1, article_f1,
    actor_accuracy, alpha, dev_f1, dev_actor_accuracy.
    """
    from korea_notes.attribution import attribute_sentences
    from korea_notes.evaluation import score_set
    from korea_notes.positions import code_keywords, code_positions

    codebook = codebook or load_codebook()
    sentences, reference, dev = _defaults(sentences, reference, dev)
    coded = dev[dev["role"] == "coded"]
    attributed = attribute_sentences(dev)
    coders = {
        "majority": (majority_claims(sentences, reference), majority_claims(coded, reference)),
        "keywords": (code_keywords(sentences, codebook), code_keywords(attributed, codebook)),
        "coder": (code_positions(sentences, codebook), code_positions(attributed, codebook)),
    }
    rows = []
    for name, (claims, dev_claims) in coders.items():
        dev_claims = dev_claims[dev_claims["sentence_id"].isin(set(coded["sentence_id"]))]
        on_dev = score_set(dev_claims, dev, codebook)
        rows.append({"coder": name, **_headline(claims, reference, sentences, codebook),
                     "dev_f1": on_dev.metric("micro_f1"),
                     "dev_actor_accuracy": on_dev.metric("actor_accuracy")})
    return pd.DataFrame(rows)


def _headline(claims: pd.DataFrame, reference: pd.DataFrame, sentences: pd.DataFrame,
              codebook: Codebook) -> dict[str, float]:
    """The headline numbers of one coder on the five articles, for compare_coders."""
    sentence = sentence_scores(claims, reference, codebook).set_index("category")
    article = article_scores(claims, reference, codebook).set_index("category")
    actors = actor_accuracy(claims, reference)
    return {
        "sentence_precision": sentence.loc["micro", "precision"],
        "sentence_recall": sentence.loc["micro", "recall"],
        "sentence_f1": sentence.loc["micro", "f1"],
        "sentence_macro_f1": sentence.loc["macro", "f1"],
        "article_f1": article.loc["micro", "f1"],
        "actor_accuracy": float(actors["correct"].mean()) if len(actors) else float("nan"),
        "alpha": float(alpha_table(claims, reference, sentences, codebook)["alpha"].iloc[0]),
    }


def _defaults(sentences: pd.DataFrame | None, reference: pd.DataFrame | None,
              dev: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The real pipeline's sentences, the reference and the dev set where not given."""
    from korea_notes.corpus import load_articles
    from korea_notes.positions import prepare_sentences
    from korea_notes.reference import (
        REFERENCE_DIR,
        load_reference_positions,
        load_sentence_set,
    )

    if sentences is None or reference is None:
        articles = load_articles()
        sentences = prepare_sentences(articles) if sentences is None else sentences
        reference = load_reference_positions(articles) if reference is None else reference
    if dev is None:
        dev = load_sentence_set(REFERENCE_DIR / "dev_sentences_2.jsonl")
    return sentences, reference, dev


# --- the researcher's own validation loop (importable from here, defined in its own modules) ------
# sample -> code blind -> agree -> store: korea_notes.sampling, .sheets, .agreement, .human,
# .estimates. Those modules use this module's scoring (krippendorff_alpha), so they cannot be
# imported here at load time without an import circle; their names are looked up on first use
# instead (PEP 562 module __getattr__), e.g. ``from korea_notes.validation import agree``.

LOOP_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "agreement": ("Agreement", "agree", "disagreements", "human_vs_coder",
                  "intercoder_agreement", "period_scores", "sentence_counts"),
    "estimates": ("corpus_rates", "corrected_counts", "machine_counts"),
    "human": ("apply_human_codes", "load_human_codes", "reference_codes", "store_human_codes",
              "with_human_codes"),
    "sampling": ("draw_sample", "sample_corpus", "sentence_pool", "write_sample"),
    "sheets": ("SheetError", "fill_sheet", "read_sheet", "write_sheet"),
}
"""The validation loop's public names by module, importable from here as well."""

_LOOP_MODULE = {name: module for module, names in LOOP_FUNCTIONS.items() for name in names}


def __getattr__(name: str) -> Any:
    """The validation loop's functions (:data:`LOOP_FUNCTIONS`), from their own modules."""
    module = _LOOP_MODULE.get(name)
    if module is None:
        raise AttributeError(f"module 'korea_notes.validation' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"korea_notes.{module}"), name)
