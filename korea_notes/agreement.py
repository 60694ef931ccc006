"""Filled coding sheets read back and measured (``python -m korea_notes agree SHEET ...``):
agreement between human coders, and between the humans and the coder.

- **Between human coders** (:func:`intercoder_agreement`, :func:`disagreements`): units are the
  sentences coded by two or more sheets; per category the value is whether a coder codes the
  category in the sentence (actors ignored; a borderline code counts as coded); ``all
  categories`` pools the sentence x category units. Krippendorff's α (nominal,
  :func:`korea_notes.validation.krippendorff_alpha`) and percent agreement (the share of units
  on which all coders agree), each with a percentile bootstrap interval over sentences.
- **Between the humans and the coder** (:func:`human_vs_coder`): the human codes are written as
  a reference set in the claims format (:func:`korea_notes.human.human_records`) and scored
  with :func:`korea_notes.evaluation.score_set`, the scorer of ``evaluate``: precision, recall
  and F1 per category, micro and macro, claim-level scores, actor accuracy, every miss, false
  alarm and wrong actor. ``coding="corpus"`` (default) takes the coder's claims as the analysis
  has them (each sentence coded in its article); ``coding="sentence"`` codes each sentence
  alone after the sentence before it, exactly as ``evaluate`` does. Per period the same counts
  are summed over the sample's sentences of the period (does the coder get the period's counts
  right?), and weighted by the sampling weights they give the corpus-level rates and corrected
  counts of :mod:`korea_notes.estimates`.

The humans are each sheet on its own, or, with ``adjudicated``, the adjudicated sheet alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from korea_notes.codebook import Codebook, load_codebook
from korea_notes.evaluation import SetEvaluation
from korea_notes.sheets import SheetError, SheetProblem, read_sheet, sheet_rows

BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 15
CODINGS: tuple[str, ...] = ("corpus", "sentence")

INTERCODER_COLUMNS: tuple[str, ...] = (
    "scope", "alpha", "alpha_low", "alpha_high", "agreement", "agreement_low",
    "agreement_high", "units", "coded",
)
"""Columns of :func:`intercoder_agreement`: scope ("all categories" or a category); alpha with
its bootstrap interval; agreement (share of units on which all coders agree) with its interval;
units (pairable units); coded (units in which at least one coder codes the category)."""

DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "sample", "row", "sentence_id", "sentence", "categories", "codes",
)
"""Columns of :func:`disagreements`: sample, row, sentence_id, sentence; categories (those the
coders disagree on, "|"-joined; "" when only the claimants differ); codes (each coder's claims
as ``coder: ACTOR:CATEGORY, ...``, coders separated by " | ")."""

PERIOD_COLUMNS: tuple[str, ...] = (
    "human", "period", "category", "human_count", "coder_count", "tp", "fp", "fn",
    "precision", "recall", "f1",
)
"""Columns of :attr:`Agreement.periods`: human (sheet); period (of the sample's key); category
(or "micro"); human_count (sentences of the sample the human codes with it: tp + fn);
coder_count (tp + fp); tp, fp, fn; precision, recall, f1."""


@dataclass
class Agreement:
    """Everything ``agree`` reports, each a DataFrame (a ``human`` column names the sheet).

    ``codes`` (:data:`korea_notes.sheets.CODE_COLUMNS`); ``sample`` (the keys' rows with their
    texts, :data:`korea_notes.sampling.SAMPLE_COLUMNS`); ``intercoder``
    (:data:`INTERCODER_COLUMNS`, empty with one sheet); ``disagreements``
    (:data:`DISAGREEMENT_COLUMNS`); ``summary`` (human, metric, value:
    :data:`korea_notes.evaluation.SUMMARY_METRICS`); ``scores`` (human, then the columns of
    :attr:`korea_notes.evaluation.SetEvaluation.categories`); ``errors`` (human, then
    :data:`korea_notes.evaluation.ERROR_COLUMNS`); ``periods`` (:data:`PERIOD_COLUMNS`);
    ``rates`` (human, then :data:`korea_notes.estimates.RATE_COLUMNS`); ``estimates`` (human,
    then :data:`korea_notes.estimates.ESTIMATE_COLUMNS`); ``records`` (per human, the records
    that ``--store`` writes).
    """

    codes: pd.DataFrame
    sample: pd.DataFrame
    intercoder: pd.DataFrame
    disagreements: pd.DataFrame
    summary: pd.DataFrame
    scores: pd.DataFrame
    errors: pd.DataFrame
    periods: pd.DataFrame
    rates: pd.DataFrame
    estimates: pd.DataFrame
    records: dict[str, list[dict]]


# --- between human coders --------------------------------------------------------------------


def _category_sets(codes: pd.DataFrame) -> dict[str, dict[str, frozenset[str]]]:
    """coder -> sentence id -> the categories the coder codes there."""
    sets: dict[str, dict[str, frozenset[str]]] = {}
    for (coder, sentence), group in codes.groupby(["coder", "sentence_id"], sort=True):
        sets.setdefault(coder, {})[sentence] = frozenset(group["category"].dropna())
    return sets


def _alpha_and_agreement(values: list[list[bool]]) -> tuple[float, float]:
    from korea_notes.validation import krippendorff_alpha

    if not values:
        return float("nan"), float("nan")
    agree = sum(len(set(unit)) == 1 for unit in values) / len(values)
    return krippendorff_alpha(values), agree


def intercoder_agreement(codes: pd.DataFrame, codebook: Codebook | None = None,
                         resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED,
                         confidence: float = 0.95) -> pd.DataFrame:
    """Krippendorff's α and percent agreement between the coders of ``codes`` (see the
    module), overall and per category. Columns: :data:`INTERCODER_COLUMNS`; empty when fewer
    than two coders coded a sentence in common."""
    categories = list((codebook or load_codebook()).categories)
    sets = _category_sets(codes)
    coders = sorted(sets)
    shared = sorted(s for s in {s for c in coders for s in sets[c]}
                    if sum(s in sets[c] for c in coders) >= 2)
    if not shared:
        return pd.DataFrame(columns=list(INTERCODER_COLUMNS))
    units = {s: [sets[c][s] for c in coders if s in sets[c]] for s in shared}

    def measure(chosen: Sequence[str]) -> list[tuple[float, float]]:
        per = [[[category in coded for coded in units[s]] for s in chosen]
               for category in categories]
        pooled = [unit for rows in per for unit in rows]
        return [_alpha_and_agreement(pooled)] + [_alpha_and_agreement(rows) for rows in per]

    point = measure(shared)
    rng = np.random.default_rng(seed)
    draws = [measure([shared[i] for i in rng.integers(0, len(shared), len(shared))])
             for _ in range(resamples)]
    tail = (1 - confidence) / 2 * 100
    rows = []
    for number, scope in enumerate(["all categories", *categories]):
        alphas = np.array([d[number][0] for d in draws], dtype=float)
        agreements = np.array([d[number][1] for d in draws], dtype=float)
        band = [np.nanpercentile(a, [tail, 100 - tail]) if np.isfinite(a).any()
                else (float("nan"), float("nan")) for a in (alphas, agreements)]
        coded = sum(any(scope in coded if number else coded for coded in units[s])
                    for s in shared)
        rows.append({"scope": scope, "alpha": point[number][0], "alpha_low": band[0][0],
                     "alpha_high": band[0][1], "agreement": point[number][1],
                     "agreement_low": band[1][0], "agreement_high": band[1][1],
                     "units": len(shared) * (len(categories) if number == 0 else 1),
                     "coded": coded})
    return pd.DataFrame(rows, columns=list(INTERCODER_COLUMNS))


def disagreements(codes: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Every sentence coded by two or more coders whose claims (claimant and category) differ.
    Columns: :data:`DISAGREEMENT_COLUMNS`."""
    texts = dict(zip(sample["sentence_id"], sample["sentence"], strict=True))
    rows = []
    for sentence, group in codes.groupby("sentence_id", sort=False):
        coders = sorted(group["coder"].unique())
        if len(coders) < 2:
            continue
        claims = {c: frozenset(
            (a, k) for a, k in zip(group.loc[group["coder"] == c, "actor"],
                                   group.loc[group["coder"] == c, "category"], strict=True)
            if isinstance(k, str)) for c in coders}
        if len(set(claims.values())) == 1:
            continue
        categories = [{k for _, k in claims[c]} for c in coders]
        differ = sorted(set.union(*categories) - set.intersection(*categories))
        first = group.iloc[0]
        rows.append({
            "sample": first["sample"], "row": int(first["row"]), "sentence_id": sentence,
            "sentence": texts.get(sentence, ""), "categories": "|".join(differ),
            "codes": " | ".join(f"{c}: " + (", ".join(f"{a}:{k}" for a, k in sorted(claims[c]))
                                            or "NONE") for c in coders)})
    frame = pd.DataFrame(rows, columns=list(DISAGREEMENT_COLUMNS))
    return frame.sort_values(["sample", "row"], kind="stable").reset_index(drop=True)


# --- between the humans and the coder --------------------------------------------------------


def coder_claims(sentence_set: pd.DataFrame, corpus_claims: pd.DataFrame | None,
                 coding: str = "corpus", codebook: Codebook | None = None) -> pd.DataFrame:
    """The coder's claims on the coded sentences of a human sentence set, keyed by the set's
    sentence ids: as coded in their articles (``corpus``: taken from ``corpus_claims``) or
    each alone after its context sentence (``sentence``: as ``evaluate`` codes them)."""
    from korea_notes.evaluation import code_sentence_set

    if coding not in CODINGS:
        raise ValueError(f"coding {coding!r} is not one of {CODINGS}. Fix: pass 'corpus' "
                         "or 'sentence'.")
    if coding == "sentence":
        return code_sentence_set(sentence_set, codebook)
    coded = sentence_set[sentence_set["role"] == "coded"]
    set_id = dict(zip(coded["article_id"], coded["sentence_id"], strict=True))
    chosen = corpus_claims[corpus_claims["sentence_id"].astype(str).isin(set_id)]
    return chosen.assign(article_id=chosen["sentence_id"].astype(str),
                         sentence_id=chosen["sentence_id"].astype(str).map(set_id)
                         ).reset_index(drop=True)


def sentence_counts(claims: pd.DataFrame, sentence_set: pd.DataFrame,
                    codebook: Codebook | None = None) -> pd.DataFrame:
    """tp, fp and fn per coded sentence and category: :func:`korea_notes.evaluation.score_set`
    of each sentence alone (so the sums over any set of sentences are that set's scores).
    Columns: :data:`korea_notes.estimates.COUNT_COLUMNS` (``id`` the record id)."""
    from korea_notes.evaluation import score_set

    codebook = codebook or load_codebook()
    by_record = {key: group for key, group in sentence_set.groupby("article_id", sort=False)}
    by_claim = {key: group for key, group in claims.groupby("sentence_id", sort=False)}
    rows = []
    for record, part in by_record.items():
        coded = part.loc[part["role"] == "coded", "sentence_id"].iloc[0]
        mine = by_claim.get(coded, claims.iloc[0:0])
        table = score_set(mine, part, codebook).categories
        for row in table[~table["category"].isin(["micro", "macro"])].itertuples(index=False):
            rows.append({"id": record, "category": row.category, "tp": int(row.tp),
                         "fp": int(row.fp), "fn": int(row.fn)})
    return pd.DataFrame(rows, columns=["id", "category", "tp", "fp", "fn"])


def period_scores(counts: pd.DataFrame, periods: dict[str, str],
                  codebook: Codebook | None = None) -> pd.DataFrame:
    """The per-sentence counts summed per period (``periods``: record id -> period) and scored
    with :func:`korea_notes.scores.score_rows`: per category and ``micro``. Columns:
    :data:`PERIOD_COLUMNS` without ``human``."""
    from korea_notes.scores import empty_counts, score_rows

    categories = list((codebook or load_codebook()).categories)
    rows = []
    data = counts.assign(period=counts["id"].map(periods))
    for period in sorted(set(periods.values())):
        totals: dict[str, dict[str, int]] = {}
        for record in data[data["period"] == period].itertuples(index=False):
            c = totals.setdefault(record.category, empty_counts())
            c["tp_ref"] += record.tp
            c["tp_claim"] += record.tp
            c["fp"] += record.fp
            c["fn"] += record.fn
        for row in score_rows("period", totals, categories):
            if row["category"] == "macro":
                continue
            rows.append({"period": period, "category": row["category"],
                         "human_count": row["tp"] + row["fn"],
                         "coder_count": row["tp"] + row["fp"], "tp": row["tp"],
                         "fp": row["fp"], "fn": row["fn"], "precision": row["precision"],
                         "recall": row["recall"], "f1": row["f1"]})
    return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS[1:]))


# --- one call: read, check, measure ----------------------------------------------------------


def sample_texts(keys: pd.DataFrame, pool: pd.DataFrame, key_files: dict[str, str]
                 ) -> tuple[pd.DataFrame, list[SheetProblem]]:
    """The keys' rows with the texts of their sentences from the corpus (``pool`` of
    :func:`korea_notes.sampling.sentence_pool`), and a problem for every sentence that is no
    longer in the corpus or whose text changed since the sample was drawn."""
    from korea_notes.sampling import text_sha256

    texts = pool.set_index("sentence_id")
    problems, rows = [], []
    for record in keys.to_dict("records"):
        where = key_files[record["sample"]]
        if record["sentence_id"] not in texts.index:
            problems.append(SheetProblem(where, None, record["row"], "sentence_id",
                                         f"sentence {record['sentence_id']} is no longer in "
                                         "the corpus", "draw a new sample of the corpus"))
            continue
        found = texts.loc[record["sentence_id"]]
        if text_sha256(found["sentence"]) != record["sentence_sha256"]:
            problems.append(SheetProblem(where, None, record["row"], "sentence",
                                         f"sentence {record['sentence_id']} has changed in the "
                                         "corpus since the sample was drawn",
                                         "draw a new sample of the corpus"))
            continue
        rows.append(record | {column: found[column] for column in
                              ("outlet", "context_before", "sentence", "context_after")})
    return pd.DataFrame(rows), problems


def _sheet_samples(path: Path) -> list[str]:
    return sorted({cells["sample"] for _, cells in sheet_rows(path) if cells["sample"]})


def read_sheets(sheets: Sequence[str | Path], pool: pd.DataFrame,
                keys: Sequence[str | Path] = (), codebook: Codebook | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and check every sheet against its sample (keys found beside the sheets as
    ``<sample>.key.csv`` unless given). Returns (codes, sample); raises :class:`SheetError`
    with the problems of all sheets together, and then nothing is returned."""
    from korea_notes.sampling import key_path, read_key

    paths = [Path(sheet) for sheet in sheets]
    names = [path.stem for path in paths]
    problems: list[SheetProblem] = []
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise SheetError([SheetProblem(str(p), None, None, None, f"two sheets named {p.stem}",
                                       "rename one (each sheet's name is its coder's)")
                          for p in paths if p.stem in twice])
    key_files: dict[str, str] = {}
    tables = []
    for key in keys:
        table = read_key(key)
        tables.append(table)
        key_files.update({name: str(key) for name in table["sample"].unique()})
    for path in paths:
        try:
            for name in _sheet_samples(path):
                if name not in key_files:
                    found = key_path(path, name)
                    tables.append(read_key(found))
                    key_files[name] = str(found)
        except (SheetError, FileNotFoundError, ValueError) as error:
            if isinstance(error, SheetError):
                problems += error.problems
                continue
            message, _, fix = str(error).partition(". Fix: ")
            problems.append(SheetProblem(str(path), None, None, None, message,
                                         fix.rstrip(".") or "see the message"))
    if problems:
        raise SheetError(problems)
    keys_table = pd.concat(tables, ignore_index=True).drop_duplicates(["sample", "row"])
    sample, problems = sample_texts(keys_table, pool, key_files)
    codes = []
    for path in paths:
        try:
            codes.append(read_sheet(path, sample, codebook))
        except SheetError as error:
            problems += error.problems
    if problems:
        raise SheetError(problems)
    return pd.concat(codes, ignore_index=True), sample


def human_vs_coder(codes: pd.DataFrame, sample: pd.DataFrame, corpus_claims: pd.DataFrame,
                   coding: str = "corpus", codebook: Codebook | None = None,
                   name: str | None = None, adjudicated_from: Sequence[str] = ()
                   ) -> tuple[SetEvaluation, pd.DataFrame, pd.DataFrame, list[dict]]:
    """The coder against one human's codes: (the :class:`korea_notes.evaluation.SetEvaluation`,
    the per-sentence counts, the per-period scores, the human records; ``adjudicated_from``
    names the coders an adjudicated sheet settles)."""
    from korea_notes.evaluation import score_set
    from korea_notes.human import human_records, records_as_set

    codebook = codebook or load_codebook()
    records = human_records(codes, sample, coding="adjudicated" if adjudicated_from
                            else "single", coders=list(adjudicated_from) or None)
    sentence_set = records_as_set(records)
    claims = coder_claims(sentence_set, corpus_claims, coding, codebook)
    evaluation = score_set(claims, sentence_set, codebook, name=name or "human")
    counts = sentence_counts(claims, sentence_set, codebook)
    period_of = dict(zip(sample["sentence_id"], sample["period"], strict=False))
    periods = period_scores(counts, {r["id"]: period_of[r["id"]] for r in records}, codebook)
    return evaluation, counts, periods, records


def agree(sheets: Sequence[str | Path], *, adjudicated: str | Path | None = None,
          keys: Sequence[str | Path] = (), articles: pd.DataFrame | None = None,
          coding: str = "corpus", codebook: Codebook | None = None,
          resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> Agreement:
    """Read and check the sheets (and the adjudicated one), then measure agreement between the
    coders and between the humans and the coder (see the module). Raises
    :class:`korea_notes.sheets.SheetError` naming every bad cell of every sheet."""
    from korea_notes.corpus import load_articles
    from korea_notes.estimates import corpus_rates, corrected_counts, machine_counts
    from korea_notes.positions import code_positions, prepare_sentences
    from korea_notes.sampling import sentence_pool

    codebook = codebook or load_codebook()
    articles = load_articles() if articles is None else articles
    sentences = prepare_sentences(articles)
    corpus_claims = code_positions(sentences, codebook)
    pool = sentence_pool(sentences, corpus_claims, articles, codebook=codebook)
    everything = [*sheets, *([adjudicated] if adjudicated else [])]
    codes, sample = read_sheets(everything, pool, keys, codebook)
    final = Path(adjudicated).stem if adjudicated else None
    coders = codes[codes["coder"] != final] if final else codes
    intercoder = intercoder_agreement(coders, codebook, resamples, seed)
    humans = [final] if final else sorted(codes["coder"].unique())
    parts: dict[str, list[pd.DataFrame]] = {k: [] for k in ("summary", "scores", "errors",
                                                            "periods", "rates", "estimates")}
    records = {}
    kinds = sorted(sample["period_kind"].unique())
    if len(kinds) > 1:
        raise SheetError([SheetProblem(", ".join(map(str, everything)), None, None, None,
                                       f"the samples were drawn with different periods {kinds}",
                                       "agree the rounds one by one, or draw them with the "
                                       "same --period")])
    machine = machine_counts(corpus_claims, kinds[0])
    settled = sorted(coders["coder"].unique()) if final else []
    for human in humans:
        label = f"{human} (adjudicated)" if human == final else human
        mine = codes[codes["coder"] == human]
        evaluation, counts, periods, records[human] = human_vs_coder(
            mine, sample, corpus_claims, coding, codebook, label,
            settled if human == final else ())
        units = sample[sample["sentence_id"].isin(mine["sentence_id"])].rename(
            columns={"sentence_id": "id"})[["id", "stratum", "weight"]]
        for key, table in (("summary", evaluation.summary), ("scores", evaluation.categories),
                           ("errors", evaluation.errors), ("periods", periods),
                           ("rates", corpus_rates(units, counts, codebook, seed=seed)),
                           ("estimates", corrected_counts(machine, units, counts, codebook,
                                                          seed=seed))):
            parts[key].append(table.assign(human=label)[["human", *table.columns]])
    joined = {key: pd.concat(tables, ignore_index=True) for key, tables in parts.items()}
    return Agreement(codes=codes, sample=sample, intercoder=intercoder,
                     disagreements=disagreements(coders, sample), records=records, **joined)
