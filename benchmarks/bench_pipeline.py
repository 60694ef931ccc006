"""Speed and memory of the whole pipeline on synthetic corpora of 100, 1,000 and 10,000 articles.

Run from the repository root::

    python benchmarks/bench_pipeline.py                  # 100, 1,000 and 10,000 articles
    python benchmarks/bench_pipeline.py --sizes 100,1000 # a quicker look
    python benchmarks/bench_pipeline.py --profile 300    # where the time goes (one core)

For each size it prints one line, e.g.
``10000 articles: 95.2 s cold, 3.1 s cached, 850 MB peak (105 articles/s cold, ...)``:

- *cold*: a fresh Python process loads the corpus and runs :func:`korea_notes.pipeline.run_pipeline`
  (load, clean, split, annotate, attribute, code, aggregate) on every core with an empty
  annotation cache;
- *cached*: another fresh process does the same again, with the caches the cold run wrote
  (annotations and claims per article; loading, cleaning, splitting, attribution and the
  aggregates always run);
- *peak*: the largest total resident memory (RSS) of the benchmarked process and all its
  worker processes, sampled every 50 ms over both runs. Forked workers share pages with their
  parent, which the sum counts once per process, so this is an upper bound.

Times are wall-clock from loading the corpus to the last aggregate; starting Python and
importing the package (about 2 s) are not included. The runs use a copy of ``korea_notes/``
taken when the script starts, so edits to the working tree during a run change nothing.

The corpora are SYNTHETIC and written to a temporary directory (never into ``corpus/``), with
their own caches, and deleted afterwards. Each article is built from the real
articles' sentences, resampled across articles (headline, teaser, crossheads, body sentences,
and the captions, credits and video teasers that cleaning removes), with names, places,
weekdays, months and numbers varied, so that nearly every sentence differs from every other and
no per-sentence memo can serve a repeated sentence; the script prints the share of distinct
sentences. The vocabulary is still that of five articles, so per-word memos (lemmas, tags) hit
more often than on a real corpus of that size.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

DEFAULT_SIZES = (100, 1_000, 10_000)
SAMPLE_SECONDS = 0.05
NOISE_SECTIONS = ("caption", "credit", "byline")

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")
OUTLETS = ("dpa", "AFP", "Reuters", "ZDFheute", "RND", "Tagesschau", "Spiegel", "FAZ")
SWAPS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\b(?:Donald Trump|Joe Biden|Barack Obama)\b"),
     ("Donald Trump", "Joe Biden", "Barack Obama")),
    (re.compile(r"(?<!Donald )(?<!Joe )(?<!Barack )\b(?:Trump|Biden|Obama)(?=s?\b)"),
     ("Trump", "Biden", "Obama")),
    (re.compile(r"\b(?:Stephen Biegun|Mike Pompeo|Antony Blinken)\b"),
     ("Stephen Biegun", "Mike Pompeo", "Antony Blinken")),
    (re.compile(r"(?<!Stephen )(?<!Mike )(?<!Antony )\b(?:Biegun|Pompeo|Blinken)(?=s?\b)"),
     ("Biegun", "Pompeo", "Blinken")),
    (re.compile(r"\b(?:Singapur|Hanoi|Stockholm|Genf|Wladiwostok)\b"),
     ("Singapur", "Hanoi", "Stockholm", "Genf", "Wladiwostok")),
    (re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b"), WEEKDAYS),
    (re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b"), MONTHS),
)
NUMBER = re.compile(r"\d+")
FINAL_PUNCTUATION = re.compile(r"[.!?:]?[\"“”»«]?$")


# --- the synthetic corpus ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Real text to resample: sentences by section, and removable noise paragraphs."""

    sentences: dict[str, list[str]]
    noise: list[str]
    video_teasers: list[str]


def real_pools() -> Pools:
    """The pools from the real corpus (loaded, cleaned and split as the pipeline does)."""
    from korea_notes.cleaning import clean_articles
    from korea_notes.corpus import load_articles
    from korea_notes.language import split_sentences

    clean, changes = clean_articles(load_articles())
    sentences = split_sentences(clean)
    by_section = {section: list(group["text"])
                  for section, group in sentences.groupby("section", sort=True)}
    removed = changes[changes["kind"] == "remove"]
    noise = [text.strip() for text in removed.loc[removed["section"].isin(NOISE_SECTIONS), "text"]
             if text.strip() and "\n" not in text.strip()]
    teasers = [text.strip() for text in removed.loc[removed["section"] == "video_teaser", "text"]
               if text.strip() and "|" not in text and "\n" not in text.strip()]
    return Pools(by_section, noise, teasers)


def vary(sentence: str, rng: random.Random) -> str:
    """The sentence with names, places, weekdays, months and numbers drawn afresh; a sentence
    that this leaves unchanged gets a short date in brackets before its final mark."""
    varied = sentence
    for pattern, choices in SWAPS:
        varied = pattern.sub(lambda _match, c=choices: rng.choice(c), varied)
    varied = NUMBER.sub(lambda match: _number(match.group(), rng), varied)
    if varied == sentence:
        note = f" ({rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2013, 2025)})"
        end = FINAL_PUNCTUATION.search(varied).start()
        varied = varied[:end] + note + varied[end:]
    return varied


def _number(digits: str, rng: random.Random) -> str:
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return str(rng.randint(1950, 2025))
    return str(rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 0,
                           10 ** len(digits) - 1))


def synthetic_text(pools: Pools, rng: random.Random) -> str:
    """One synthetic article: headline, maybe a teaser, body paragraphs with crossheads, and
    the noise that cleaning removes (captions, credits, video teasers)."""
    pick = _picker(pools, rng)
    paragraphs = [pick("headline")]
    if rng.random() < 0.5:
        paragraphs.append(" ".join(pick("teaser") for _ in range(rng.randint(1, 2))))
    if pools.noise and rng.random() < 0.6:
        paragraphs.append(rng.choice(pools.noise))
    for _ in range(rng.randint(3, 9)):
        if rng.random() < 0.15:
            paragraphs.append(pick("crosshead"))
        if pools.video_teasers and rng.random() < 0.1:
            paragraphs += [pick("crosshead"), vary(rng.choice(pools.video_teasers), rng),
                           f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}."
                           f"{rng.randint(2013, 2025)} | {rng.randint(0, 9)}:"
                           f"{rng.randint(0, 59):02d} min"]
        paragraphs.append(" ".join(pick("body") for _ in range(rng.randint(1, 3))))
    if pools.noise and rng.random() < 0.5:
        paragraphs.append(rng.choice(pools.noise))
    return "\n\n".join(paragraphs) + "\n"


def _picker(pools: Pools, rng: random.Random):
    def pick(section: str) -> str:
        candidates = pools.sentences.get(section) or pools.sentences["body"]
        return vary(rng.choice(candidates), rng)
    return pick


def write_corpus(folder: Path, n_articles: int, pools: Pools, seed: int = 0) -> list[str]:
    """Write ``n_articles`` synthetic articles and their metadata.csv into ``folder`` (a corpus
    folder that :func:`korea_notes.corpus.load_articles` accepts); returns their texts."""
    from korea_notes.corpus import REQUIRED_COLUMNS

    rng = random.Random(seed)
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    first, days = date(2013, 1, 1), (date(2025, 9, 30) - date(2013, 1, 1)).days
    rows, texts = [], []
    for number in range(n_articles):
        published = first + timedelta(days=rng.randint(0, days))
        article_id = f"{published.isoformat()}_synthetic-{number:05d}"
        data = synthetic_text(pools, rng).encode("utf-8")
        (articles / f"{article_id}.txt").write_bytes(data)
        texts.append(data.decode("utf-8"))
        rows.append({
            "article_id": article_id, "file": f"{article_id}.txt",
            "sha256": hashlib.sha256(data).hexdigest(), "published": published.isoformat(),
            "date_precision": "day", "date_source": "inferred",
            "date_evidence": "synthetic benchmark article", "outlet": rng.choice(OUTLETS),
            "outlet_evidence": "synthetic", "title": "", "event": "synthetic", "language": "de",
            "source_file": f"synthetic_{number:05d}.txt",
        })
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REQUIRED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return texts


# --- one measured run (in a child process) ------------------------------------------------------


def run_once(corpus: Path, cache_dir: Path, workers: int | None) -> dict:
    """Load the corpus and run the pipeline; what the parent needs, as a dict."""
    import korea_notes
    from korea_notes.cache import AnnotationCache
    from korea_notes.corpus import load_articles
    from korea_notes.pipeline import ClaimsCache, run_pipeline

    cache = AnnotationCache(cache_dir / "language")
    claims_cache = ClaimsCache(cache_dir / "claims")
    started = time.perf_counter()
    articles = load_articles(corpus)
    tables = run_pipeline(articles, workers=workers, cache=cache, claims_cache=claims_cache)
    seconds = time.perf_counter() - started
    claims = tables["claims"].to_csv(index=False, lineterminator="\n").encode("utf-8")
    return {
        "seconds": seconds, "articles": len(articles), "sentences": len(tables["sentences"]),
        "distinct": int(tables["sentences"]["text"].nunique()), "claims": len(tables["claims"]),
        "package": str(Path(korea_notes.__file__).parent),
        "claims_sha256": hashlib.sha256(claims).hexdigest(), "computed": len(cache.misses),
        "served": len(cache.hits), "coded": len(claims_cache.misses),
        "claims_served": len(claims_cache.hits),
    }


@dataclass
class Measured:
    """A finished child run: its result and the peak RSS of its process tree in MB."""

    result: dict
    peak_mb: float


def measure(corpus: Path, cache_dir: Path, workers: int | None, code: Path) -> Measured:
    """Run :func:`run_once` in a fresh Python process on the package copy in ``code`` while
    sampling the memory of its process tree."""
    import psutil

    command = [sys.executable, str(Path(__file__).resolve()), "--run", str(corpus),
               "--cache", str(cache_dir), "--code", str(code)]
    command += ["--workers", str(workers)] if workers else []
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROJECT_DIR)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(child.pid)
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(root, psutil))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"benchmark run on {corpus} failed (exit {child.returncode})")
    return Measured(json.loads(output.strip().splitlines()[-1]), peak[0] / 2**20)


def _tree_rss(root, psutil) -> int:
    """Resident bytes of a process and all its descendants (0 for those already gone)."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


# --- the table ----------------------------------------------------------------------------------


def snapshot_code(folder: Path) -> Path:
    """Copy the package into ``folder``: every run of one benchmark uses the same code, even
    while the working tree is edited (the caches' keys include the code)."""
    shutil.copytree(PROJECT_DIR / "korea_notes", folder / "korea_notes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def bench_size(n_articles: int, pools: Pools, workers: int | None, seed: int, code: Path
               ) -> dict:
    """Cold and cached runs on a new synthetic corpus of ``n_articles``; prints its line."""
    with tempfile.TemporaryDirectory(prefix="korea_notes_bench_") as temporary:
        corpus, cache_dir = Path(temporary) / "corpus", Path(temporary) / "cache"
        write_corpus(corpus, n_articles, pools, seed)
        cold = measure(corpus, cache_dir, workers, code)
        cached = measure(corpus, cache_dir, workers, code)
    same = cold.result["claims_sha256"] == cached.result["claims_sha256"]
    peak = max(cold.peak_mb, cached.peak_mb)
    c, w = cold.result, cached.result
    print(f"{n_articles} articles: {c['seconds']:.1f} s cold, {w['seconds']:.1f} s cached, "
          f"{peak:.0f} MB peak ({n_articles / c['seconds']:.0f} articles/s cold, "
          f"{n_articles / w['seconds']:.0f} articles/s cached; {c['sentences']:,} sentences, "
          f"{c['distinct'] / c['sentences']:.1%} distinct; {c['claims']:,} claims; "
          f"annotations {c['computed']} computed, {w['served']} served; claims {c['coded']} "
          f"coded, {w['claims_served']} served; same claims: {same})", flush=True)
    complete = w["served"] == w["claims_served"] == n_articles
    return {"articles": n_articles, "cold": c["seconds"], "cached": w["seconds"],
            "peak_mb": peak, "same": same and complete}


def linearity(rows: list[dict]) -> str:
    """Seconds per 1,000 articles at each size (constant means linear growth)."""
    parts = [f"{row['articles']}: {1000 * row['cold'] / row['articles']:.1f} s" for row in rows]
    return "cold seconds per 1,000 articles: " + ", ".join(parts)


# --- profile ------------------------------------------------------------------------------------


def profile(n_articles: int, pools: Pools, seed: int, top: int = 30) -> None:
    """cProfile of the pipeline on one core (workers=1, no cache), printed by module function."""
    import cProfile
    import pstats

    from korea_notes.corpus import load_articles
    from korea_notes.pipeline import run_pipeline

    with tempfile.TemporaryDirectory(prefix="korea_notes_profile_") as temporary:
        corpus = Path(temporary) / "corpus"
        write_corpus(corpus, n_articles, pools, seed)
        articles = load_articles(corpus)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        run_pipeline(articles, workers=1, cache=None, claims_cache=None, progress=False)
        profiler.disable()
        seconds = time.perf_counter() - started
    print(f"profile: {n_articles} articles on one core, no cache: {seconds:.1f} s "
          f"({1000 * seconds / n_articles:.0f} ms per article)")
    stats = pstats.Stats(profiler)
    for order in ("cumulative", "tottime"):
        print(f"\n--- top {top} by {order} ---")
        stats.sort_stats(order).print_stats(top)


# --- command line -------------------------------------------------------------------------------


def _sizes(value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r}: give sizes like 100,1000") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give positive sizes like 100,1000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES,
                        help="comma-separated corpus sizes (default 100,1000,10000)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: every core)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--profile", type=int, metavar="N", default=None,
                        help="instead of the table: profile N articles on one core")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.run is not None:
        sys.path.insert(0, str(options.code))  # the snapshot, before korea_notes is imported
        print(json.dumps(run_once(options.run, options.cache, options.workers)))
        return 0
    pools = real_pools()
    if options.profile:
        profile(options.profile, pools, options.seed)
        return 0
    print(f"SYNTHETIC corpora resampled from the {len(pools.sentences.get('body', []))} body "
          f"sentences of the real corpus; workers: {options.workers or 'every core'}; "
          f"python {sys.version.split()[0]}, pandas {pd.__version__}", flush=True)
    with tempfile.TemporaryDirectory(prefix="korea_notes_code_") as code:
        snapshot_code(Path(code))
        rows = [bench_size(size, pools, options.workers, options.seed, Path(code))
                for size in options.sizes]
    print(linearity(rows))
    return 0 if all(row["same"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
