"""Speed and memory of the whole pipeline on synthetic corpora, and the naive textblob-de yardstick.

Run from the repository root::

    python benchmarks/bench_pipeline.py --sizes 1000,10000,100000   # the issue's table (hours)
    python benchmarks/bench_pipeline.py --sizes 100,1000            # a quicker look
    python benchmarks/bench_pipeline.py --profile 300               # where the time goes

For each size it prints one line::

    10000 articles: 95.2 s cold, 3.1 s cached, 30.5 s after a codebook edit, 850 MB peak,
    610 sentences/s/core (1.1x naive textblob-de)

- *cold*: a fresh Python process runs :func:`korea_notes.pipeline.run_pipeline` on the corpus
  folder (load and check the corpus, clean, split, annotate, attribute, find mentions, code,
  aggregate), streaming through an empty cache, on every core;
- *cached*: another fresh process does the same again over the unchanged corpus and code;
- *after a codebook edit*: the benchmark's copy of ``codebook.yml`` gains one cue
  (:data:`CODEBOOK_EDIT`), and a third fresh process runs again (coding and aggregates only);
- *peak*: the largest total resident memory (RSS) of a benchmarked process and all its worker
  processes, sampled every 50 ms over the three runs. Forked workers share pages with their
  parent, which the sum counts once per process, so this is an upper bound; *PSS*, in
  brackets, is the same peak of the proportional set size (a page shared by n processes
  counts 1/n in each, so the sum counts it once), read every 250 ms: the memory the runs
  took from the machine;
- *sentences/s/core*: sentences of the corpus / cold seconds / cores used; on a machine shared
  with other jobs the cores are not all the run's, so the details line also gives sentences
  per CPU-second (user and system time of the run's process and its workers) for both sides;
- *naive textblob-de*: sentences per second of one core for the naive loop (one ``TextBlobDE``
  per article, ``.sentiment`` per sentence, as ``benchmarks/bench_language.py`` runs it) on a
  sample of the same sentences (:data:`NAIVE_SAMPLE`), in a fresh process after the runs; the
  ratio in brackets is the pipeline's sentences/s/core over it.

Times are wall-clock from loading the corpus to the last aggregate; starting Python and
importing the package (about 2 s) are not included. The runs use a copy of ``korea_notes/``
taken when the script starts, so edits to the working tree during a run change nothing. A
second line per size gives the details (what each run computed and served, and whether the
cold and cached runs gave the same claims).

The corpora are SYNTHETIC and written to a temporary directory (never into ``corpus/``), with
their own caches, and deleted afterwards. Each article is built from the real
articles' sentences, resampled across articles (headline, teaser, crossheads, body sentences,
and the captions, credits and video teasers that cleaning removes), with names, places,
weekdays, months and numbers varied, so that most sentences differ from each other; the
script prints the share of distinct sentences (it falls with the size: about 77% at 1,000
articles, 62% at 10,000, 21% at 100,000). The one memo by sentence text in the pipeline (a
text's actor mentions, found once for attribution and the mention finder,
:func:`korea_notes.actors.sentence_mentions`) therefore also serves repeats, more so in the
larger corpora; finding a text's mentions takes about 4% of the CPU time per sentence. The
vocabulary is still that of five articles, so per-word memos (lemmas, tags) hit more often
than on a real corpus of that size.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
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

import numpy as np
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

DEFAULT_SIZES = (1_000, 10_000, 100_000)
NAIVE_SAMPLE = 3_000
"""Sentences (whole articles, from the start of the corpus) the naive loop is timed on."""
PROGRESS_EVERY = 10_000
"""Print a line every so many synthetic articles written."""
CODEBOOK_EDIT = """\
      - id: benchmark_signal_talks
        all: ["signalisieren", "@TALK"]
        window: 8
"""
"""The cue the benchmark adds to the first category of its copy of the codebook."""
SAMPLE_SECONDS = 0.05
PSS_EVERY = 5
"""A PSS reading (``/proc/<pid>/smaps_rollup``, slower to read than RSS) every so many samples."""
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


def write_corpus(folder: Path, n_articles: int, pools: Pools, seed: int = 0) -> None:
    """Write ``n_articles`` synthetic articles and their metadata.csv into ``folder`` (a corpus
    folder that :func:`korea_notes.corpus.load_articles` accepts)."""
    from korea_notes.corpus import REQUIRED_COLUMNS

    rng = random.Random(seed)
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    first, days = date(2013, 1, 1), (date(2025, 9, 30) - date(2013, 1, 1)).days
    rows = []
    for number in range(n_articles):
        published = first + timedelta(days=rng.randint(0, days))
        article_id = f"{published.isoformat()}_synthetic-{number:06d}"
        data = synthetic_text(pools, rng).encode("utf-8")
        (articles / f"{article_id}.txt").write_bytes(data)
        rows.append({
            "article_id": article_id, "file": f"{article_id}.txt",
            "sha256": hashlib.sha256(data).hexdigest(), "published": published.isoformat(),
            "date_precision": "day", "date_source": "inferred",
            "date_evidence": "synthetic benchmark article", "outlet": rng.choice(OUTLETS),
            "outlet_evidence": "synthetic", "title": "", "event": "synthetic", "language": "de",
            "source_file": f"synthetic_{number:06d}.txt",
        })
        if (number + 1) % PROGRESS_EVERY == 0:
            print(f"  wrote {number + 1:,} of {n_articles:,} synthetic articles", flush=True,
                  file=sys.stderr)
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REQUIRED_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- one measured run (in a child process) ------------------------------------------------------


def run_once(corpus: Path, cache_dir: Path, workers: int | None) -> dict:
    """Run the pipeline on the corpus folder through the cache; what the parent needs."""
    import korea_notes
    from korea_notes.pipeline import PipelineCache, run_pipeline

    started, cpu = time.perf_counter(), _cpu_seconds()
    tables = run_pipeline(corpus=corpus, workers=workers, cache=PipelineCache(cache_dir))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    claims = hashlib.sha256()
    for frame in tables.partitions("claims"):
        claims.update(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    hashes = [pd.util.hash_pandas_object(frame["text"], index=False).to_numpy()
              for frame in tables.partitions("sentences")]
    distinct = np.unique(np.concatenate(hashes)) if hashes else []
    return {
        "seconds": seconds, "cpu": cpu, "articles": len(tables.served["clean"]) + len(
            tables.computed["clean"]), "sentences": tables.rows["sentences"],
        "distinct": len(distinct), "claims": tables.rows["claims"],
        "package": str(Path(korea_notes.__file__).parent), "claims_sha256": claims.hexdigest(),
        "computed": {stage: len(ids) for stage, ids in tables.computed.items()},
    }


def run_naive(cache_dir: Path, corpus: Path, sample: int) -> dict:
    """The naive textblob-de loop on the first ``sample`` sentences (whole articles) of the
    corpus, from the cache the runs wrote; sentences per second of this one process."""
    # The snapshot's package first: bench_language puts the working tree first on sys.path,
    # whose edits (since the benchmark started) would change the stages' keys.
    from korea_notes.pipeline import PipelineCache, run_pipeline

    from bench_language import naive_polarities, warm_up  # isort: skip

    tables = run_pipeline(corpus=corpus, workers=1, cache=PipelineCache(cache_dir),
                          progress=False)
    clean, sentences = [], []
    count = 0
    for clean_part, sentence_part in zip(tables.partitions("clean"),
                                         tables.partitions("sentences"), strict=True):
        clean.append(clean_part)
        sentences.append(sentence_part)
        count += len(sentence_part)
        if count >= sample:
            break
    clean_table, sentence_table = pd.concat(clean), pd.concat(sentences)
    warm_up("naive")
    started, cpu = time.perf_counter(), _cpu_seconds()
    polarities = naive_polarities(clean_table, sentence_table)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"seconds": seconds, "sentences": len(polarities),
            "per_second": len(polarities) / seconds, "per_cpu_second": len(polarities) / cpu}


def _cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class Measured:
    """A finished child run: its result and the peak RSS of its process tree in MB."""

    result: dict
    peak_mb: float
    pss_mb: float = 0.0


def measure(corpus: Path, cache_dir: Path, workers: int | None, code: Path,
            naive: bool = False) -> Measured:
    """Run :func:`run_once` (or :func:`run_naive`) in a fresh Python process on the package
    copy in ``code`` while sampling the memory of its process tree."""
    import psutil

    command = [sys.executable, str(Path(__file__).resolve()), "--run", str(corpus),
               "--cache", str(cache_dir), "--code", str(code)]
    command += ["--workers", str(workers)] if workers else []
    command += ["--naive"] if naive else []
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROJECT_DIR)
    peak = [0]
    done = threading.Event()

    pss = [0]

    def sample() -> None:
        root = psutil.Process(child.pid)
        count = 0
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(root, psutil, "rss"))
            if count % PSS_EVERY == 0:
                pss[0] = max(pss[0], _tree_memory(root, psutil, "pss"))
            count += 1
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"benchmark run on {corpus} failed (exit {child.returncode})")
    return Measured(json.loads(output.strip().splitlines()[-1]), peak[0] / 2**20,
                    pss[0] / 2**20)


def _tree_memory(root, psutil, kind: str) -> int:
    """Bytes of a process and all its descendants (0 for those already gone): resident
    (``rss``: a page shared by several processes counts in each) or proportional (``pss``: a
    shared page counts once, split among them; the RSS where the system does not say)."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            if kind == "pss":
                info = process.memory_full_info()
                total += getattr(info, "pss", info.rss)
            else:
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


def edit_codebook(code: Path) -> str:
    """Add :data:`CODEBOOK_EDIT` to the snapshot's codebook (after the first ``cues:`` line)
    and return the original text, to put back with :func:`restore_codebook`."""
    path = code / "korea_notes" / "codebook.yml"
    original = path.read_text(encoding="utf-8")
    marker = "\n    cues:\n"
    if marker not in original:
        raise RuntimeError(f"{path}: no '    cues:' line to add the benchmark's edit after")
    path.write_text(original.replace(marker, marker + CODEBOOK_EDIT, 1), encoding="utf-8")
    return original


def restore_codebook(code: Path, original: str) -> None:
    (code / "korea_notes" / "codebook.yml").write_text(original, encoding="utf-8")


def bench_size(n_articles: int, pools: Pools, workers: int | None, seed: int, code: Path
               ) -> dict:
    """Cold, cached and edited runs on a new synthetic corpus, and the naive loop on a sample
    of its sentences; prints its lines."""
    cores = workers or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="korea_notes_bench_") as temporary:
        corpus, cache_dir = Path(temporary) / "corpus", Path(temporary) / "cache"
        write_corpus(corpus, n_articles, pools, seed)
        cold = _report(n_articles, "cold", measure(corpus, cache_dir, workers, code))
        cached = _report(n_articles, "cached", measure(corpus, cache_dir, workers, code))
        original = edit_codebook(code)
        try:
            edited = _report(n_articles, "after a codebook edit",
                             measure(corpus, cache_dir, workers, code))
        finally:
            restore_codebook(code, original)
        naive = measure(corpus, cache_dir, None, code, naive=True).result
    c, w, e = cold.result, cached.result, edited.result
    same = c["claims_sha256"] == w["claims_sha256"]
    peak = max(cold.peak_mb, cached.peak_mb, edited.peak_mb)
    pss = max(cold.pss_mb, cached.pss_mb, edited.pss_mb)
    per_core = c["sentences"] / c["seconds"] / cores
    print(f"{n_articles} articles: {c['seconds']:.1f} s cold, {w['seconds']:.1f} s cached, "
          f"{e['seconds']:.1f} s after a codebook edit, {peak:.0f} MB peak "
          f"(PSS {pss:.0f} MB), "
          f"{per_core:.0f} sentences/s/core ({per_core / naive['per_second']:.1f}x naive "
          "textblob-de)", flush=True)
    print(f"  {c['sentences']:,} sentences ({c['distinct'] / c['sentences']:.1%} distinct), "
          f"{c['claims']:,} claims, {cores} cores; cached {c['seconds'] / w['seconds']:.1f}x "
          f"and after the edit {c['seconds'] / e['seconds']:.1f}x faster than cold; peak "
          f"cold/cached/edit {cold.peak_mb:.0f}/{cached.peak_mb:.0f}/{edited.peak_mb:.0f} MB "
          f"(PSS {cold.pss_mb:.0f}/{cached.pss_mb:.0f}/{edited.pss_mb:.0f} MB); "
          f"computed cold {_counts(c)}, cached {_counts(w)}, after the edit {_counts(e)}; "
          f"same claims cold and cached: {same}; naive textblob-de "
          f"{naive['per_second']:.0f} sentences/s on {naive['sentences']:,} sentences "
          f"({naive['seconds']:.1f} s); per CPU-second (immune to other jobs on the cores): "
          f"pipeline {c['sentences'] / c['cpu']:.0f}, naive {naive['per_cpu_second']:.0f} "
          f"({c['sentences'] / c['cpu'] / naive['per_cpu_second']:.1f}x)", flush=True)
    complete = not any(w["computed"].values()) and all(
        e["computed"][stage] == (n_articles if stage == "claims" else 0)
        for stage in e["computed"])
    return {"articles": n_articles, "cold": c["seconds"], "cached": w["seconds"],
            "edited": e["seconds"], "peak_mb": peak, "pss_mb": pss, "same": same and complete}


def _report(n_articles: int, name: str, measured: Measured) -> Measured:
    """Print one run's figures as soon as it is done (a long benchmark shows its progress)."""
    result = measured.result
    print(f"  ({n_articles} articles, {name} run: {result['seconds']:.1f} s, "
          f"{measured.peak_mb:.0f} MB peak (PSS {measured.pss_mb:.0f} MB), "
          f"{result['sentences']:,} sentences, computed "
          f"{_counts(result)})", flush=True)
    return measured


def _counts(result: dict) -> str:
    return "/".join(str(result["computed"][stage]) for stage in result["computed"])


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
        run_pipeline(articles, workers=1, cache=None, progress=False)
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
                        help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: every core)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--profile", type=int, metavar="N", default=None,
                        help="instead of the table: profile N articles on one core")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--naive", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.run is not None:
        sys.path.insert(0, str(options.code))  # the snapshot, before korea_notes is imported
        if options.naive:
            print(json.dumps(run_naive(options.cache, options.run, NAIVE_SAMPLE)))
        else:
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
