"""How well the coder does on a set of single coded sentences: the measure a researcher takes on
their own coded sample (``python -m korea_notes evaluate SET.jsonl``).

A set is a JSON-lines file in one of the reference formats
(:func:`korea_notes.reference.load_sentence_set`). Each record is read as a tiny article: its
``context_before`` sentence (when there is one and ``context`` is True) and then the coded
sentence, attributed and coded together, so that a pronoun, a carried-over speaker or a
"dafür" can be resolved; only the claims of the coded sentence count.

Scoring rules (the decisions behind every number):

- **Categories** (the headline): per sentence, the set of categories the reference codes
  against the set the coder codes; micro scores pool the sentence x category pairs, macro is the
  mean F1 of the categories that occur on either side. A sentence marked ``borderline`` is set
  aside; a category that the reference codes only in borderline claims of a sentence is set
  aside for that sentence (neither a miss nor, when the coder finds it, a false alarm).
- **Claims**: the same on (actor, category) pairs, for the sentences whose reference pairs each
  category with its actor (``paired``; a record listing several actors and several categories
  without pairing them is left out).
- **Actor accuracy**: of the categories found (true positives), the share where one of the
  coder's claims of that category names a reference actor of that category (of the sentence,
  when the record does not pair them).
- **False-alarm rate**: of the sentences whose reference has no claim at all (and that are not
  borderline), the share where the coder finds one.
- **Errors**: every miss, false alarm and wrong actor, with the sentence, its context and the
  rule that fired.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.codebook import Codebook, load_codebook
from korea_notes.reference import REFERENCE_DIR, load_sentence_set
from korea_notes.scores import empty_counts, score_rows

SETS_FILE: Path = REFERENCE_DIR / "sets.csv"
"""Which reference sets of single sentences exist and whether the rules were tuned on them."""

SETS_COLUMNS: tuple[str, ...] = (
    "file", "material", "tuned_on", "tuned_since", "f1_before_tuning",
    "before_tuning_measured_at",
)
"""Columns of ``sets.csv`` (:func:`reference_sets`): the set's file in ``corpus/annotations/``;
what it holds; ``tuned_on`` yes or no (were rules written or broadened while reading its
errors); since when; the category micro-F1 recorded before the rules were tuned on it (empty
when unknown or never tuned) and where that measurement was made (a commit or a README)."""

VALIDITY_COLUMNS: tuple[str, ...] = (
    "set", "material", "sample", "sentences", "f1_before_tuning", "micro_f1",
    "micro_f1_without_context", "precision", "recall", "claim_f1", "actor_accuracy",
    "false_alarm_rate",
)
"""Columns of :func:`validity_table`."""

ERROR_COLUMNS: tuple[str, ...] = (
    "id", "kind", "category", "reference_actor", "coder_actor", "rule", "text",
    "context_before",
)
"""Columns of :attr:`SetEvaluation.errors`: the record ``id``; ``kind``: ``miss`` (the
reference codes the category, the coder does not), ``false_alarm`` (the coder codes a category
the reference does not) or ``wrong_actor`` (category found, no claim of it names a reference
actor); ``category``; ``reference_actor`` and ``coder_actor`` (actor ids joined by "|", or
None); ``rule`` (the coder's rules for that category, or None); ``text``; ``context_before``."""

SUMMARY_METRICS: tuple[str, ...] = (
    "sentences", "scored_sentences", "no_position_sentences", "precision", "recall",
    "micro_f1", "macro_f1", "claim_precision", "claim_recall", "claim_f1", "actor_accuracy",
    "false_alarm_rate",
)
"""Rows of :attr:`SetEvaluation.summary`, in order (see the module docstring)."""


class EvaluationError(ValueError):
    """The set cannot be scored as it is (e.g. an unknown category); the message names the
    record's line and the fix."""


@dataclass
class SetEvaluation:
    """The scores of the coder on one set of coded sentences.

    ``summary``: one row per metric of :data:`SUMMARY_METRICS` (columns ``metric``,
    ``value``); ``categories``: per category, then ``micro`` and ``macro`` (``category``,
    ``tp``, ``fp``, ``fn``, ``n_reference``, ``precision``, ``recall``, ``f1``); ``errors``:
    :data:`ERROR_COLUMNS`; ``claims``: the coder's claims of the coded sentences
    (:data:`korea_notes.positions.CLAIM_COLUMNS`).
    """

    name: str
    summary: pd.DataFrame
    categories: pd.DataFrame
    errors: pd.DataFrame
    claims: pd.DataFrame

    def metric(self, name: str) -> float:
        """One value of the summary."""
        return float(self.summary.set_index("metric").loc[name, "value"])

    def to_json(self) -> str:
        """Everything as one JSON document (NaN written as null)."""
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return json.loads(frame.to_json(orient="records", force_ascii=False))

        document = {
            "set": self.name,
            "summary": {row.metric: _plain(row.value) for row in self.summary.itertuples()},
            "categories": records(self.categories),
            "errors": records(self.errors),
        }
        return json.dumps(document, ensure_ascii=False, indent=2)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def code_sentence_set(sentence_set: pd.DataFrame, codebook: Codebook | None = None
                      ) -> pd.DataFrame:
    """The coder's claims on the coded sentences of a :func:`load_sentence_set` table (context
    sentences read, not counted). Columns :data:`korea_notes.positions.CLAIM_COLUMNS`."""
    from korea_notes.attribution import attribute_sentences
    from korea_notes.positions import code_positions

    claims = code_positions(attribute_sentences(sentence_set), codebook)
    coded = set(sentence_set.loc[sentence_set["role"] == "coded", "sentence_id"])
    return claims[claims["sentence_id"].isin(coded)].reset_index(drop=True)


def evaluate_set(path: str | Path, *, context: bool = True, codebook: Codebook | None = None
                 ) -> SetEvaluation:
    """Load the set at ``path``, code it and score the coder (see the module docstring)."""
    codebook = codebook or load_codebook()
    sentence_set = load_sentence_set(path, context=context)
    claims = code_sentence_set(sentence_set, codebook)
    return score_set(claims, sentence_set, codebook, name=Path(path).name)


def score_set(claims: pd.DataFrame, sentence_set: pd.DataFrame,
              codebook: Codebook | None = None, name: str = "set") -> SetEvaluation:
    """Score ``claims`` (coded from ``sentence_set``) against the set's reference codes."""
    codebook = codebook or load_codebook()
    coded = sentence_set[sentence_set["role"] == "coded"]
    _check_categories(coded, codebook)
    context = _context_of(sentence_set)
    by_sentence = {key: group for key, group in claims.groupby("sentence_id", sort=False)}
    counts: dict[str, dict[str, int]] = {}
    pair_counts = empty_counts()
    errors: list[dict[str, Any]] = []
    actors_found = actors_right = no_position = alarms = 0
    for record in coded.itertuples(index=False):
        if record.borderline:
            continue
        found = by_sentence.get(record.sentence_id, claims.iloc[0:0])
        wanted, doubtful = _reference_categories(record.claims) if record.paired \
            else ({category: record.actors for category in record.categories}, set())
        coder = _coder_actors(found)
        if not record.categories:
            no_position += 1
            alarms += bool(coder)
        row = {"id": record.article_id, "text": record.text,
               "context_before": context.get(record.article_id)}
        for category in sorted(set(wanted) | (set(coder) - doubtful)):
            c = counts.setdefault(category, empty_counts())
            hit = category in coder and category in wanted
            c["tp_ref"] += hit
            c["tp_claim"] += hit
            c["fn"] += category in wanted and category not in coder
            c["fp"] += category in coder and category not in wanted
            reference_actors = set(wanted.get(category, ())) if record.paired \
                else set(record.actors)
            kind = None if hit else ("miss" if category in wanted else "false_alarm")
            if hit:
                actors_found += 1
                right = bool(coder[category] & reference_actors)
                actors_right += right
                kind = None if right else "wrong_actor"
            if kind:
                errors.append(row | {
                    "kind": kind, "category": category,
                    "reference_actor": _joined(reference_actors if category in wanted else ()),
                    "coder_actor": _joined(coder.get(category, ())),
                    "rule": _rules(found, category)})
        if record.paired:
            _count_pairs(pair_counts, record.claims, found)
    categories = pd.DataFrame(score_rows("set", counts, list(codebook.categories)))
    categories = categories.drop(columns="level")
    pairs = score_rows("claims", {"all": pair_counts}, ["all"])[-2]
    micro = categories.set_index("category").loc["micro"]
    macro = categories.set_index("category").loc["macro"]
    values = [
        len(coded), int((~coded["borderline"]).sum()), no_position, micro["precision"],
        micro["recall"], micro["f1"], macro["f1"], pairs["precision"], pairs["recall"],
        pairs["f1"], actors_right / actors_found if actors_found else float("nan"),
        alarms / no_position if no_position else float("nan"),
    ]
    summary = pd.DataFrame({"metric": list(SUMMARY_METRICS), "value": values})
    error_table = pd.DataFrame(errors, columns=list(ERROR_COLUMNS)).astype(object)
    error_table = error_table.where(error_table.notna(), None)
    return SetEvaluation(name, summary, categories, error_table, claims)


def _check_categories(coded: pd.DataFrame, codebook: Codebook) -> None:
    unknown = sorted({category for categories in coded["categories"] for category in categories}
                     - set(codebook.categories))
    if unknown:
        ids = [row.article_id for row in coded.itertuples()
               if set(row.categories) & set(unknown)]
        raise EvaluationError(
            f"categories {unknown} are not in the codebook (records {ids[:10]}). Fix: correct "
            f"the set, or add the categories to korea_notes/codebook.yml.")


def _context_of(sentence_set: pd.DataFrame) -> dict[str, str]:
    rows = sentence_set[sentence_set["role"] == "context"]
    return dict(zip(rows["article_id"], rows["text"], strict=True))


def _reference_categories(claims: Iterable[tuple[Any, ...]]
                          ) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Category -> actors of the counted claims, and the categories only borderline claims
    give."""
    wanted: dict[str, list[str]] = {}
    doubtful: set[str] = set()
    for actor, _target, category, _type, borderline in claims:
        if borderline:
            doubtful.add(category)
        else:
            wanted.setdefault(category, []).append(actor)
    return {k: tuple(v) for k, v in wanted.items()}, doubtful - set(wanted)


def _coder_actors(found: pd.DataFrame) -> dict[str, set[str]]:
    """Category -> the actors of the coder's claims of it (None for an unknown actor)."""
    actors: dict[str, set[str]] = {}
    for category, actor in zip(found["category"], found["actor"], strict=True):
        actors.setdefault(category, set()).add(actor if isinstance(actor, str) else None)
    return actors


def _count_pairs(counts: dict[str, int], claims: Iterable[tuple[Any, ...]],
                 found: pd.DataFrame) -> None:
    wanted = {(c[0], c[2]) for c in claims if not c[4]}
    doubtful = {(c[0], c[2]) for c in claims if c[4]} - wanted
    coder = {(a if isinstance(a, str) else None, c)
             for a, c in zip(found["actor"], found["category"], strict=True)} - doubtful
    hits = len(wanted & coder)
    counts["tp_ref"] += hits
    counts["tp_claim"] += hits
    counts["fn"] += len(wanted - coder)
    counts["fp"] += len(coder - wanted)


def _joined(actors: Iterable[str | None]) -> str | None:
    names = sorted(str(actor) for actor in actors if actor)
    return "|".join(names) or None


def _rules(found: pd.DataFrame, category: str) -> str | None:
    rules = found.loc[found["category"] == category, "rule"]
    return "; ".join(dict.fromkeys(rules)) or None


def compare_sets(paths: dict[str, str | Path], codebook: Codebook | None = None,
                 context: bool = True) -> pd.DataFrame:
    """The summaries of several sets side by side: one row per set (``set`` the label), one
    column per metric of :data:`SUMMARY_METRICS`."""
    codebook = codebook or load_codebook()
    rows = []
    for label, path in paths.items():
        evaluation = evaluate_set(path, context=context, codebook=codebook)
        rows.append({"set": label} | dict(zip(evaluation.summary["metric"],
                                              evaluation.summary["value"], strict=True)))
    return pd.DataFrame(rows, columns=["set", *SUMMARY_METRICS])


def reference_sets(path: str | Path | None = None) -> pd.DataFrame:
    """The sets of single coded sentences (``corpus/annotations/sets.csv``), checked: every
    file exists, ``tuned_on`` is yes or no, ``f1_before_tuning`` a number or empty, and every
    sentence set in the folder is listed. Columns :data:`SETS_COLUMNS`. Raises
    EvaluationError naming the file, the line and the fix."""
    path = Path(path) if path is not None else SETS_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    if tuple(table.columns) != SETS_COLUMNS:
        problems.append(f"{path}: columns {list(table.columns)}. Fix: use {list(SETS_COLUMNS)}.")
    else:
        for line, row in enumerate(table.itertuples(index=False), start=2):
            where = f"{path}, line {line}"
            if not (path.parent / row.file).is_file():
                problems.append(f"{where}: {row.file} is not in {path.parent}. Fix: correct the "
                                f"name or add the file.")
            if row.tuned_on not in ("yes", "no"):
                problems.append(f"{where}: tuned_on {row.tuned_on!r}. Fix: write yes or no.")
            if row.f1_before_tuning and not _is_number(row.f1_before_tuning):
                problems.append(f"{where}: f1_before_tuning {row.f1_before_tuning!r}. Fix: "
                                f"write a number or leave it empty.")
        listed = set(table["file"])
        for file in sorted(p.name for p in path.parent.glob("*.jsonl")):
            if file not in listed and file != "seed_positions.jsonl":
                problems.append(f"{path}: {file} is not listed. Fix: add a line for it.")
    if problems:
        raise EvaluationError("\n".join(problems))
    table["f1_before_tuning"] = pd.to_numeric(table["f1_before_tuning"].replace("", None))
    return table


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def validity_table(codebook: Codebook | None = None,
                   sets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The coder on every reference set of single sentences, in-sample and out-of-sample side
    by side: per set its ``sample`` (in-sample when the rules were tuned on it), the F1
    recorded before tuning, today's scores (each sentence read after its context sentence) and
    today's micro-F1 without the context sentences. Columns :data:`VALIDITY_COLUMNS`."""
    codebook = codebook or load_codebook()
    sets = reference_sets() if sets is None else sets
    rows = []
    for entry in sets.itertuples(index=False):
        path = SETS_FILE.parent / entry.file
        full = evaluate_set(path, codebook=codebook)
        alone = evaluate_set(path, context=False, codebook=codebook)
        rows.append({
            "set": Path(entry.file).stem, "material": entry.material,
            "sample": "in-sample" if entry.tuned_on == "yes" else "out-of-sample",
            "sentences": int(full.metric("sentences")),
            "f1_before_tuning": entry.f1_before_tuning,
            "micro_f1": full.metric("micro_f1"),
            "micro_f1_without_context": alone.metric("micro_f1"),
            **{name: full.metric(name) for name in ("precision", "recall", "claim_f1",
                                                    "actor_accuracy", "false_alarm_rate")},
        })
    return pd.DataFrame(rows, columns=list(VALIDITY_COLUMNS))
