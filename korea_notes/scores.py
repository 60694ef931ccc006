"""Precision, recall and F1 from counts: the arithmetic every score table of the package shares
(:mod:`korea_notes.validation` for the articles, :mod:`korea_notes.evaluation` for sets of
sentences)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def prf(tp_ref: int, fn: int, tp_claim: int, fp: int) -> dict[str, float]:
    """Precision, recall and F1 (NaN where undefined)."""
    precision = tp_claim / (tp_claim + fp) if tp_claim + fp else float("nan")
    recall = tp_ref / (tp_ref + fn) if tp_ref + fn else float("nan")
    if precision + recall and precision == precision and recall == recall:
        f1 = 2 * precision * recall / (precision + recall)
    else:
        f1 = float("nan") if precision != precision or recall != recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_rows(level: str, counts: dict[str, dict[str, int]], order: Sequence[str]
                ) -> list[dict[str, Any]]:
    """Score rows per category (codebook order), then micro and macro."""
    rows = []
    for category in order:
        c = counts.get(category)
        if not c or not (c["tp_ref"] + c["fn"] + c["tp_claim"] + c["fp"]):
            continue
        rows.append({"level": level, "category": category, "tp": c["tp_ref"],
                     "fp": c["fp"], "fn": c["fn"], "n_reference": c["tp_ref"] + c["fn"],
                     **prf(c["tp_ref"], c["fn"], c["tp_claim"], c["fp"])})
    total = {key: sum(c[key] for c in counts.values()) for key in ("tp_ref", "fn",
                                                                  "tp_claim", "fp")}
    rows.append({"level": level, "category": "micro", "tp": total["tp_ref"],
                 "fp": total["fp"], "fn": total["fn"],
                 "n_reference": total["tp_ref"] + total["fn"],
                 **prf(total["tp_ref"], total["fn"], total["tp_claim"], total["fp"])})
    f1s = [row["f1"] for row in rows[:-1] if row["f1"] == row["f1"]]
    rows.append({"level": level, "category": "macro", "tp": total["tp_ref"],
                 "fp": total["fp"], "fn": total["fn"],
                 "n_reference": total["tp_ref"] + total["fn"],
                 "precision": mean_of([r["precision"] for r in rows[:-1]]),
                 "recall": mean_of([r["recall"] for r in rows[:-1]]),
                 "f1": sum(f1s) / len(f1s) if f1s else float("nan")})
    return rows


def mean_of(values: Iterable[float]) -> float:
    """The mean of the values that are not NaN (NaN when none is left)."""
    kept = [value for value in values if value == value]
    return sum(kept) / len(kept) if kept else float("nan")


def empty_counts() -> dict[str, int]:
    """Counts of one category before any unit is scored."""
    return {"tp_ref": 0, "fn": 0, "tp_claim": 0, "fp": 0}
