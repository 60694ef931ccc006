"""The validation sample: sentences of the corpus drawn for a person to code, stratified by
period and by what the automatic coder found, seeded, blind, never a sentence a human has coded
already (``python -m korea_notes sample``).

Design (the decisions behind every sample):

- **Pool**: every sentence of the corpus (headlines and teasers included), less the sentences
  with stored human codes (:mod:`korea_notes.human`).
- **Strata**: period (``year`` by default, or ``month``, ``article``, or ``all``: the corpus as
  one period) x what the coder found:
  ``none`` for a sentence without any claim (without these, misses and so recall cannot be
  estimated), else the sentence's rarest coded category (least frequent over the corpus; ties
  in codebook order), so that every category the coder uses has a stratum of its own.
- **Allocation**: every stratum gets one sentence, the rest goes to the strata in proportion to
  the square root of their size (a compromise between proportional allocation, which leaves rare
  categories with nothing, and equal allocation, which starves the large ``none`` strata),
  by the highest-averages method, never more than a stratum holds. A sample larger than the
  pool takes the whole pool; one smaller than the number of strata is refused (a stratum with
  no chance of being drawn would bias the corpus estimates).
- **Draw**: within each stratum without replacement, with ``numpy.random.default_rng(seed)``;
  the rows are then shuffled, so that their order tells the coder nothing. Same corpus, same
  coder, same seed: the same sample, and byte-identical files.
- **Weights**: each sampled sentence stands for ``weight = stratum_sentences /
  stratum_sampled`` sentences of the pool (the inverse of its chance of being drawn), which
  :mod:`korea_notes.estimates` uses to turn the sample into corpus-level rates.

:func:`write_sample` writes the sheet (:mod:`korea_notes.sheets`, blind: no machine code in it)
and beside it the key ``<name>.key.csv`` (:data:`KEY_COLUMNS`), which maps each row back to its
sentence, stratum, weight and the machine's codes at the time of drawing.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from korea_notes.codebook import Codebook, load_codebook

NONE_STRATUM = "none"
DEFAULT_SEED = 15
DEFAULT_PERIOD = "year"
ALL_PERIODS = "all"
PERIODS: tuple[str, ...] = ("year", "month", "article", ALL_PERIODS)

SAMPLE_COLUMNS: tuple[str, ...] = (
    "row", "sample", "sentence_id", "article_id", "date", "outlet", "period", "found",
    "stratum", "stratum_sentences", "stratum_sampled", "weight", "machine_claims",
    "context_before", "sentence", "context_after", "sentence_sha256",
)
"""Columns of :func:`draw_sample`: row (1..n, the sheet's order); sample (its name); sentence_id;
article_id; date (ISO); outlet; period (label); found (``none`` or the stratum's category);
stratum (``period:found``); stratum_sentences (pool sentences in the stratum); stratum_sampled
(sampled from it); weight (their ratio); machine_claims (the coder's claims of the sentence as
``ACTOR:CATEGORY`` joined by "|", ``?`` for an unknown actor; "" for none); context_before,
sentence, context_after (the texts; "" at an article's edge); sentence_sha256 (of the
sentence's text)."""

KEY_COLUMNS: tuple[str, ...] = (
    "row", "sample", "sentence_id", "article_id", "date", "period_kind", "period", "found",
    "stratum", "stratum_sentences", "stratum_sampled", "weight", "machine_claims", "seed",
    "sentence_sha256",
)
"""Columns of the key file: those of :data:`SAMPLE_COLUMNS` without the texts, plus
period_kind and seed."""

POOL_COLUMNS: tuple[str, ...] = (
    "sentence_id", "article_id", "date", "outlet", "period", "found", "machine_claims",
    "context_before", "sentence", "context_after",
)
"""Columns of :func:`sentence_pool`."""


class SamplingError(ValueError):
    """The sample cannot be drawn as asked; the message says why and the fix."""


def sentence_pool(sentences: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame,
                  period: str = DEFAULT_PERIOD, exclude: set[str] | frozenset[str] = frozenset(),
                  codebook: Codebook | None = None) -> pd.DataFrame:
    """Every sentence that may be drawn, with its context, period and stratum.

    ``sentences`` (in reading order) and ``claims`` are the coder's input and output
    (:func:`korea_notes.positions.prepare_sentences`, ``code_positions``);
    ``articles`` gives the outlet; ``exclude`` holds sentence ids left out (those coded by a
    human). Columns: :data:`POOL_COLUMNS`.
    """
    codebook = codebook or load_codebook()
    frame = sentences[["article_id", "published", "sentence_id", "text"]].reset_index(drop=True)
    by_article = frame.groupby("article_id", sort=False)["text"]
    before = by_article.shift(1).fillna("")
    after = by_article.shift(-1).fillna("")
    outlets = dict(zip(articles["article_id"].astype(str), articles["outlet"].astype(str),
                       strict=True))
    found = _found(claims, codebook)
    machine = {sid: "|".join(f"{a if isinstance(a, str) else '?'}:{c}"
                             for a, c in zip(g["actor"], g["category"], strict=True))
               for sid, g in claims.groupby("sentence_id", sort=False)}
    pool = pd.DataFrame({
        "sentence_id": frame["sentence_id"].astype(str),
        "article_id": frame["article_id"].astype(str),
        "date": pd.to_datetime(frame["published"]).dt.strftime("%Y-%m-%d"),
        "outlet": frame["article_id"].astype(str).map(outlets).fillna(""),
        "period": period_of(frame, period),
        "found": frame["sentence_id"].map(found).fillna(NONE_STRATUM),
        "machine_claims": frame["sentence_id"].map(machine).fillna(""),
        "context_before": before.astype(str), "sentence": frame["text"].astype(str),
        "context_after": after.astype(str),
    })
    return pool[~pool["sentence_id"].isin(set(exclude))].reset_index(drop=True)


def period_of(frame: pd.DataFrame, period: str) -> list[str]:
    """The period label of each row (``all``: one label for the whole corpus; otherwise
    :func:`korea_notes.timeline.period_labels`)."""
    from korea_notes.timeline import period_labels

    if period == ALL_PERIODS:
        return [ALL_PERIODS] * len(frame)
    return [str(label) for label in period_labels(frame, period)]


def _found(claims: pd.DataFrame, codebook: Codebook) -> dict[str, str]:
    """Sentence id -> its rarest coded category (corpus frequency, ties in codebook order)."""
    frequency = Counter(claims.drop_duplicates(["sentence_id", "category"])["category"])
    order = {name: index for index, name in enumerate(codebook.categories)}
    return {sid: min(group, key=lambda c: (frequency[c], order.get(c, len(order)), c))
            for sid, group in claims.groupby("sentence_id", sort=False)["category"]}


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Sentences to draw per stratum: one each, the rest in proportion to the square root of
    the stratum's size (highest averages, ties in stratum order), at most its size."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    if n < len(sizes):
        raise SamplingError(
            f"a sample of {n} cannot cover the {len(sizes)} strata (period x what the coder "
            f"found). Fix: draw at least {len(sizes)} sentences, or use a coarser --period "
            f"(year, or all: the corpus as one period).")
    counts = {stratum: 1 for stratum in sizes}
    for _ in range(n - len(sizes)):
        open_strata = [s for s in sizes if counts[s] < sizes[s]]
        best = max(open_strata, key=lambda s: (math.sqrt(sizes[s]) / (counts[s] + 1),
                                               -list(sizes).index(s)))
        counts[best] += 1
    return counts


def draw_sample(pool: pd.DataFrame, n: int, name: str, seed: int = DEFAULT_SEED
                ) -> pd.DataFrame:
    """A stratified random sample of ``n`` sentences of the pool (see the module). Columns:
    :data:`SAMPLE_COLUMNS`; rows in shuffled order, numbered from 1."""
    if n < 1:
        raise SamplingError(f"--n {n}: a sample needs at least one sentence. Fix: pass e.g. "
                            "--n 200.")
    if pool.empty:
        raise SamplingError("no sentence left to draw: every sentence of the corpus is "
                            "coded by a human already. Fix: add articles to the corpus.")
    pool = pool.assign(stratum=pool["period"] + ":" + pool["found"])
    strata = pool.groupby("stratum", sort=True)
    sizes = {stratum: len(group) for stratum, group in strata}
    counts = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    drawn = []
    for stratum, group in strata:
        group = group.sort_values("sentence_id", kind="stable")
        chosen = rng.choice(len(group), size=counts[stratum], replace=False)
        part = group.iloc[np.sort(chosen)].assign(
            stratum_sentences=sizes[stratum], stratum_sampled=counts[stratum],
            weight=sizes[stratum] / counts[stratum])
        drawn.append(part)
    sample = pd.concat(drawn, ignore_index=True)
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    sample.insert(0, "row", range(1, len(sample) + 1))
    sample.insert(1, "sample", name)
    sample["sentence_sha256"] = sample["sentence"].map(text_sha256)
    return sample[list(SAMPLE_COLUMNS)]


def text_sha256(text: str) -> str:
    """SHA-256 of a sentence's text (UTF-8)."""
    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()


def key_path(sheet: str | Path, sample: str | None = None) -> Path:
    """Where the key of a sheet lives: ``<sample>.key.csv`` beside it (the sheet's stem when
    ``sample`` is not given)."""
    sheet = Path(sheet)
    return sheet.with_name(f"{sample or sheet.stem}.key.csv")


def key_table(sample: pd.DataFrame, period: str, seed: int) -> pd.DataFrame:
    """The key of a sample: :data:`KEY_COLUMNS`."""
    return sample.assign(period_kind=period, seed=seed)[list(KEY_COLUMNS)]


def write_sample(sample: pd.DataFrame, out: str | Path, period: str, seed: int,
                 codebook: Codebook | None = None, force: bool = False) -> tuple[Path, Path]:
    """Write the blind sheet at ``out`` (.xlsx or .csv) and its key beside it; returns both
    paths. Refuses to overwrite either unless ``force``."""
    from korea_notes.sheets import blank_sheet, write_sheet

    out = Path(out)
    key = key_path(out)
    existing = [str(path) for path in (out, key) if path.exists()]
    if existing and not force:
        raise SamplingError(f"{', '.join(existing)} already exist(s): a filled sheet might be "
                            "lost. Fix: choose another --out, or pass --force to replace them.")
    write_sheet(blank_sheet(sample), out, codebook)
    buffer = io.StringIO()
    key_table(sample, period, seed).to_csv(buffer, index=False, lineterminator="\n")
    key.write_text(buffer.getvalue(), encoding="utf-8")
    return out, key


def read_key(path: str | Path) -> pd.DataFrame:
    """A key file as written by :func:`write_sample` (columns :data:`KEY_COLUMNS`); ValueError
    naming the file and the fix when it is missing or lacks columns."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the sample's key file is missing. Fix: keep the "
                                "<sample>.key.csv written by the sample command beside the "
                                "sheet, or pass --key.")
    key = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in KEY_COLUMNS if column not in key.columns]
    if missing:
        raise ValueError(f"{path}: not a key file (no columns {missing}). Fix: pass the "
                         "<sample>.key.csv written by the sample command.")
    for column in ("row", "stratum_sentences", "stratum_sampled", "seed"):
        key[column] = key[column].astype(int)
    key["weight"] = key["weight"].astype(float)
    return key[list(KEY_COLUMNS)]


def sample_corpus(n: int, name: str, *, period: str = DEFAULT_PERIOD, seed: int = DEFAULT_SEED,
                  articles: pd.DataFrame | None = None, human_dir: str | Path | None = None,
                  codebook: Codebook | None = None) -> pd.DataFrame:
    """Run the coder over the corpus (default: :func:`korea_notes.corpus.load_articles`) and
    draw a sample of ``n`` sentences named ``name`` from the sentences no human has coded
    (:func:`korea_notes.human.human_sentence_ids` of ``human_dir``). Columns:
    :data:`SAMPLE_COLUMNS`."""
    from korea_notes.corpus import load_articles
    from korea_notes.human import human_sentence_ids
    from korea_notes.positions import code_positions, prepare_sentences

    codebook = codebook or load_codebook()
    articles = load_articles() if articles is None else articles
    sentences = prepare_sentences(articles)
    claims = code_positions(sentences, codebook)
    pool = sentence_pool(sentences, claims, articles, period, human_sentence_ids(human_dir),
                         codebook)
    return draw_sample(pool, n, name, seed)
