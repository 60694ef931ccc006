"""Corpus-level counts corrected for the coder's measured errors.

For each category ``c`` the validation sample (:mod:`korea_notes.sampling`) measures the coder's
precision ``P_c`` (of the sentences it codes with ``c``, the share a human codes with ``c``) and
recall ``R_c`` (of the sentences a human codes with ``c``, the share the coder codes with it),
at sentence level, with the scoring rules of :mod:`korea_notes.evaluation`. Because the sample is
stratified by what the coder found, the sample's own shares are biased (coded sentences are
over-drawn); each sampled sentence therefore counts with its weight ``N_h / n_h`` (pool sentences
of its stratum over sampled ones), which makes the weighted sums estimates of the corpus totals:

    P_c = sum(w * tp) / sum(w * (tp + fp))        R_c = sum(w * tp) / sum(w * (tp + fn))

The **corrected count** of a period ``p`` is the machine's count ``M_pc`` (sentences of the
period the coder codes with ``c``, current and background alike: the sheet does not code
tense) times the share of them that are right, divided by the share of the true ones the coder
finds:

    T_pc = M_pc * P_c / R_c

(true positives ``M * P``, scaled up by the misses). It assumes the coder's precision and
recall are the same in every period (the per-period table of :mod:`korea_notes.agreement` shows
whether the sample contradicts that) and it cannot create counts where the coder found nothing
(``M = 0`` gives 0). ``M_pc`` is a census of the corpus and held fixed.

Its **interval** is the percentile interval of a bootstrap: the sampled sentences are resampled
with replacement, each keeping its weight (``resamples`` times, seeded), and ``P_c``, ``R_c``
and ``T_pc`` recomputed each time. Resampling across the strata rather than within them is
deliberate: most strata hold one or two sampled sentences, and a stratum of one sentence never
varies under within-stratum resampling, which would make the interval too narrow; across strata
the interval is, if anything, conservative. A category whose sampled sentences hold no error at
all gets an interval of zero width: the bootstrap cannot see errors the sample does not contain
(a larger sample can). Where a category has no human or no machine code in the sample, ``P`` or
``R`` is not measured and the estimate is NaN, with a note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from korea_notes.codebook import Codebook, load_codebook

RESAMPLES = 2000
SEED = 15
CONFIDENCE = 0.95

UNIT_COLUMNS: tuple[str, ...] = ("id", "stratum", "weight")
"""The sampled sentences the rates are estimated from: id, stratum, weight."""

COUNT_COLUMNS: tuple[str, ...] = ("id", "category", "tp", "fp", "fn")
"""Per sampled sentence and category: tp, fp, fn (of :func:`korea_notes.evaluation.score_set`
on that sentence)."""

RATE_COLUMNS: tuple[str, ...] = (
    "category", "tp", "fp", "fn", "precision", "precision_low", "precision_high", "recall",
    "recall_low", "recall_high",
)
"""Columns of :func:`corpus_rates`: category; tp, fp, fn (weighted sums: estimates of corpus
sentences); precision and recall with their bootstrap interval."""

ESTIMATE_COLUMNS: tuple[str, ...] = (
    "period", "category", "machine", "precision", "recall", "estimate", "ci_low", "ci_high",
    "note",
)
"""Columns of :func:`corrected_counts`: period; category; machine (the coder's count of
sentences); precision, recall (weighted, of the category); estimate (machine * precision /
recall); ci_low, ci_high (bootstrap interval); note (why an estimate is missing, or "")."""


def machine_counts(claims: pd.DataFrame, period: str = "year") -> pd.DataFrame:
    """Sentences per period and category that the coder codes with the category (any actor and
    tense). Columns: period, category, machine."""
    from korea_notes.sampling import period_of

    if claims.empty:
        return pd.DataFrame(columns=["period", "category", "machine"])
    data = claims.assign(period=period_of(claims, period))
    data = data.drop_duplicates(["sentence_id", "category"])
    counts = data.groupby(["period", "category"], sort=True).size().rename("machine")
    return counts.reset_index()


def _matrices(units: pd.DataFrame, counts: pd.DataFrame, categories: list[str]
              ) -> dict[str, np.ndarray]:
    index = {unit: number for number, unit in enumerate(units["id"])}
    column = {category: number for number, category in enumerate(categories)}
    shape = (len(units), len(categories))
    result = {name: np.zeros(shape) for name in ("tp", "fp", "fn")}
    for record in counts.itertuples(index=False):
        if record.category in column and record.id in index:
            for name in result:
                result[name][index[record.id], column[record.category]] += getattr(record, name)
    return result


def _draws(units: pd.DataFrame, resamples: int, seed: int) -> list[np.ndarray]:
    """Row indices of each bootstrap replicate: the sampled sentences resampled with
    replacement (each keeps its weight; see the module)."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, len(units), len(units)) for _ in range(resamples)]


def _rates(m: dict[str, np.ndarray], weights: np.ndarray, rows: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    w = weights[rows][:, None]
    tp = (m["tp"][rows] * w).sum(axis=0)
    fp = (m["fp"][rows] * w).sum(axis=0)
    fn = (m["fn"][rows] * w).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return tp / (tp + fp), tp / (tp + fn)


def _band(values: np.ndarray, confidence: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return float("nan"), float("nan")
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def corpus_rates(units: pd.DataFrame, counts: pd.DataFrame, codebook: Codebook | None = None,
                 resamples: int = RESAMPLES, seed: int = SEED, confidence: float = CONFIDENCE
                 ) -> pd.DataFrame:
    """The coder's precision and recall per category on the corpus, estimated from the weighted
    sample (see the module). ``units``: :data:`UNIT_COLUMNS`; ``counts``: :data:`COUNT_COLUMNS`.
    Columns: :data:`RATE_COLUMNS`, one row per codebook category."""
    categories = list((codebook or load_codebook()).categories)
    m = _matrices(units, counts, categories)
    weights = units["weight"].to_numpy(dtype=float)
    everything = np.arange(len(units))
    precision, recall = _rates(m, weights, everything)
    replicates = [_rates(m, weights, rows) for rows in _draws(units, resamples, seed)]
    p_draws = np.array([p for p, _ in replicates]).reshape(-1, len(categories))
    r_draws = np.array([r for _, r in replicates]).reshape(-1, len(categories))
    rows = []
    for number, category in enumerate(categories):
        w = weights[:, None]
        rows.append({
            "category": category, "tp": float((m["tp"] * w).sum(axis=0)[number]),
            "fp": float((m["fp"] * w).sum(axis=0)[number]),
            "fn": float((m["fn"] * w).sum(axis=0)[number]),
            "precision": float(precision[number]),
            **dict(zip(("precision_low", "precision_high"),
                       _band(p_draws[:, number], confidence), strict=True)),
            "recall": float(recall[number]),
            **dict(zip(("recall_low", "recall_high"), _band(r_draws[:, number], confidence),
                       strict=True)),
        })
    return pd.DataFrame(rows, columns=list(RATE_COLUMNS))


def corrected_counts(machine: pd.DataFrame, units: pd.DataFrame, counts: pd.DataFrame,
                     codebook: Codebook | None = None, resamples: int = RESAMPLES,
                     seed: int = SEED, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Beside each machine count of :func:`machine_counts`, the count corrected by the
    category's weighted precision and recall, with its bootstrap interval (see the module).
    Columns: :data:`ESTIMATE_COLUMNS`; one row per period and category the coder found."""
    categories = list((codebook or load_codebook()).categories)
    m = _matrices(units, counts, categories)
    weights = units["weight"].to_numpy(dtype=float)
    precision, recall = _rates(m, weights, np.arange(len(units)))
    replicates = [_rates(m, weights, rows) for rows in _draws(units, resamples, seed)]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.array([p / r for p, r in replicates]).reshape(-1, len(categories))
    column = {category: number for number, category in enumerate(categories)}
    rows = []
    for record in machine.itertuples(index=False):
        number = column.get(record.category)
        if number is None:
            continue
        p, r = float(precision[number]), float(recall[number])
        note = ""
        if not np.isfinite(p):
            note = "precision not measured: no sampled sentence the coder codes with it"
        elif not np.isfinite(r):
            note = "recall not measured: no sampled sentence a human codes with it"
        elif r == 0:
            note = "recall 0 in the sample: the coder found none of the human codes"
        estimate = record.machine * p / r if not note else float("nan")
        low, high = _band(record.machine * ratio[:, number], confidence) if not note \
            else (float("nan"), float("nan"))
        rows.append({"period": record.period, "category": record.category,
                     "machine": int(record.machine), "precision": p, "recall": r,
                     "estimate": estimate, "ci_low": low, "ci_high": high, "note": note})
    return pd.DataFrame(rows, columns=list(ESTIMATE_COLUMNS))
