"""Speed and memory of the language layer against naive textblob-de, on a synthetic scaled corpus.

Run from the repository root::

    python benchmarks/bench_language.py            # about 5 MB of text, 4 to 5 minutes
    python benchmarks/bench_language.py --size-mb 0.5   # a quick look

The corpus is SYNTHETIC: each article is a marker headline ("SYNTHETIC ARTICLE n ...") and body
paragraphs drawn at random (fixed seed) from the real clean articles, until the clean text
reaches the requested size. It is written to a temporary directory, with the caches, and
deleted afterwards; nothing is written to ``corpus/`` or ``.cache/``. Its vocabulary is that of
five articles, so korea_notes' per-word memos (suffix rules, lemmas) hit more often than on a
real corpus of this size; no result is memoised per sentence, and the caches are keyed per
article, which are all distinct.

Each measured step runs in a fresh Python process on one core, which reads the synthetic
corpus (the clean articles) and loads the models before the clock starts (it annotates one
short sentence and splits one short text); it reports wall time and the rise of peak resident
memory over the step's start, of the run with the median time of ``--repeats`` runs (default
3). Every cold run has its own empty cache directory. The clock covers exactly:

(a) naive textblob-de: one ``TextBlobDE`` per article with ``PatternTokenizer``, then
    ``.sentiment`` of each sentence (textblob-de ``Sentence`` objects built as ``TextBlobDE``
    builds them, sharing the blob's models, on korea_notes' sentence boundaries, so both sides
    score the same sentences). The sentences are split before the clock starts; that split is
    timed on its own and shown as "(a) + splitting".
(a') korea_notes ``annotate`` of the same given sentences with an empty cache: tokens, lemmas,
    tags, noun phrases and both polarities, cache files written; splitting not timed, as in (a).
(b) korea_notes' first run, ``process`` from the clean articles with empty caches: sentence
    splitting and annotation, sentence and annotation entries written.
(c) korea_notes' second run, ``process`` again over the unchanged corpus with the cache (b)
    wrote: sentences and annotations read from disk.

``speedup over naive textblob-de`` is (a) / (a'): both score given sentences, like with like.
``cached re-run speedup`` is (b) / (c): the language layer from clean articles, first run
against second run. Both ratios are of medians. The script checks that (a), (a') and (b) give
identical ``polarity_raw`` values, that (a'), (b) and (c) give identical tables, that (b) split
and annotated every article and (c) none, and that changing one article re-splits and
re-annotates only that article.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from korea_notes.cache import AnnotationCache  # noqa: E402
from korea_notes.cleaning import clean_articles  # noqa: E402
from korea_notes.corpus import load_articles  # noqa: E402
from korea_notes.language import annotate, annotate_sentence, process  # noqa: E402
from korea_notes.sentences import split_sentences, split_text  # noqa: E402

WARM_UP = "Das ist ein kurzer Satz zum Laden der Modelle."
BODY_SECTIONS = ("teaser", "body", "crosshead")


def synthetic_corpus(clean: pd.DataFrame, size_mb: float, seed: int, folder: Path) -> pd.DataFrame:
    """A clean-articles table of resampled real paragraphs, at least ``size_mb`` MB of text.

    Each article is also written to ``folder`` as ``synthetic-NNNNN.txt``.
    """
    paragraphs = [
        text
        for clean_text, sections in zip(clean["clean_text"], clean["sections"], strict=True)
        for text, section in zip(clean_text.split("\n\n"), sections, strict=True)
        if section in BODY_SECTIONS
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows, size, number = [], 0, 0
    while size < size_mb * 1_000_000:
        chosen = [rng.choice(paragraphs) for _ in range(rng.randint(5, 12))]
        headline = f"SYNTHETIC ARTICLE {number:05d} (resampled from the korea_notes corpus)"
        text = "\n\n".join([headline, *chosen])
        article_id = f"synthetic-{number:05d}"
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
        rows.append(
            {
                "article_id": article_id,
                "published": pd.Timestamp("2000-01-01"),
                "clean_text": text,
                "sections": ("headline",) + ("body",) * len(chosen),
            }
        )
        size += len(text.encode("utf-8"))
        number += 1
    return pd.DataFrame(rows)


def read_synthetic(folder: Path) -> pd.DataFrame:
    """The synthetic clean-articles table back from its files."""
    rows = []
    for path in sorted(folder.glob("synthetic-*.txt")):
        text = path.read_text(encoding="utf-8")
        rows.append(
            {
                "article_id": path.stem,
                "published": pd.Timestamp("2000-01-01"),
                "clean_text": text,
                "sections": ("headline",) + ("body",) * text.count("\n\n"),
            }
        )
    return pd.DataFrame(rows)


def naive_polarities(clean: pd.DataFrame, sentences: pd.DataFrame) -> list[float]:
    """(a): textblob-de as a notebook would use it, one TextBlobDE per article."""
    from textblob_de import PatternTokenizer, TextBlobDE
    from textblob_de.blob import Sentence

    texts = dict(zip(clean["article_id"], clean["clean_text"], strict=True))
    values: list[float] = []
    for article_id, group in sentences.groupby("article_id", sort=False):
        blob = TextBlobDE(texts[article_id], tokenizer=PatternTokenizer())
        for text in group["text"]:
            sentence = Sentence(
                text,
                tokenizer=blob.tokenizer,
                pos_tagger=blob.pos_tagger,
                np_extractor=blob.np_extractor,
                analyzer=blob.analyzer,
                parser=blob.parser,
                classifier=blob.classifier,
            )
            values.append(sentence.sentiment.polarity)
    return values


def table_digest(table: pd.DataFrame) -> str:
    """A fingerprint of an annotated table (cheap to send back)."""
    return hashlib.sha256(table.to_csv(index=False).encode("utf-8")).hexdigest()


def run_step(name: str, clean: pd.DataFrame, sentences: pd.DataFrame | None, cache_dir: Path):
    """The measured work of step ``name`` ("naive", "annotate", "first" or "second": (a), (a'),
    (b) and (c) of the module docstring): its output and the cache it used."""
    if name == "naive":
        return naive_polarities(clean, sentences), None
    cache = AnnotationCache(cache_dir)
    if name == "annotate":
        return annotate(sentences, cache=cache), cache
    return process(clean, cache=cache), cache


def summarise(name: str, output, cache: AnnotationCache | None) -> dict:
    """What the parent needs from a step's output (computed after the clock stops)."""
    if name == "naive":
        return {"polarity_raw": output}
    return {
        "polarity_raw": list(output["polarity_raw"]),
        "digest": table_digest(output),
        "annotated": len(cache.misses),
        "annotations_read": len(cache.hits),
        "split": len(cache.split_misses),
        "sentences_read": len(cache.split_hits),
    }


def warm_up(name: str) -> None:
    """Load the models (lexicons, rules, the Punkt model) outside the clock."""
    if name == "naive":
        from textblob_de import PatternTokenizer, TextBlobDE

        TextBlobDE(WARM_UP, tokenizer=PatternTokenizer()).sentiment  # noqa: B018
    else:
        annotate_sentence(WARM_UP)
    split_text(f"{WARM_UP} {WARM_UP}")


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(connection, name: str, folder: Path, cache_dir: Path) -> None:
    clean = read_synthetic(folder)
    warm_up(name)
    sentences, split_seconds = None, None
    if name in ("naive", "annotate"):
        started = time.perf_counter()
        sentences = split_sentences(clean)
        split_seconds = time.perf_counter() - started
    gc.collect()
    start_kb = _resident_kb()
    started = time.perf_counter()
    output, cache = run_step(name, clean, sentences, cache_dir)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = summarise(name, output, cache)
    result["split_seconds"] = split_seconds
    connection.send((seconds, max(0, peak_kb - start_kb) / 1024, result))
    connection.close()


def measure_median(name: str, folder: Path, cache_dirs: list[Path]) -> tuple[float, float, dict]:
    """Run step ``name`` once per cache directory, each in a fresh process; the run with the
    median time (the lower middle one for an even number of runs)."""
    runs = sorted((measure(name, folder, path) for path in cache_dirs), key=lambda run: run[0])
    return runs[(len(runs) - 1) // 2]


def measure(name: str, folder: Path, cache_dir: Path) -> tuple[float, float, dict]:
    """Run step ``name`` in a fresh process: (seconds, peak memory rise in MB, its result)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process_ = context.Process(target=_child, args=(sender, name, folder, cache_dir))
    process_.start()
    sender.close()
    seconds, rise_mb, result = receiver.recv()
    process_.join()
    if process_.exitcode != 0:
        raise RuntimeError(f"benchmark step {name!r} failed with exit code {process_.exitcode}")
    return seconds, rise_mb, result


def report(label: str, count: int, seconds: float, rise_mb: float | None, note: str = "") -> None:
    rate = count / seconds if seconds else float("inf")
    memory = "" if rise_mb is None else f", peak memory +{rise_mb:,.0f} MB"
    print(
        f"{label:<30} {count:>7,} sentences in {seconds:7.2f} s = {rate:>9,.0f} sentences/s"
        f"{memory}{note}"
    )


def changed_article_check(synthetic: pd.DataFrame, cache_dir: Path) -> tuple[int, int, int]:
    """Change one article's text; (articles re-split, articles re-annotated, articles)."""
    changed = synthetic.copy()
    changed.at[0, "clean_text"] = changed.at[0, "clean_text"].replace(
        "SYNTHETIC ARTICLE", "SYNTHETIC ARTICLE (edited)", 1
    )
    cache = AnnotationCache(cache_dir)
    process(changed, cache=cache)
    return len(cache.split_misses), len(cache.misses), len(changed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=5.0, help="clean text size (MB)")
    parser.add_argument("--seed", type=int, default=0, help="seed for resampling paragraphs")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per step, the median is reported"
    )
    options = parser.parse_args()

    clean = clean_articles(load_articles())[0]
    with tempfile.TemporaryDirectory(prefix="korea_notes_bench_") as temporary:
        folder = Path(temporary)
        corpus_dir = folder / "synthetic"
        synthetic = synthetic_corpus(clean, options.size_mb, options.seed, corpus_dir)
        megabytes = synthetic["clean_text"].map(lambda t: len(t.encode("utf-8"))).sum() / 1e6
        count = len(split_sentences(synthetic))
        print(
            f"SYNTHETIC corpus: {len(synthetic):,} articles resampled from the "
            f"{len(clean)} real ones, {megabytes:.2f} MB of clean text, {count:,} sentences "
            f"(in {folder}, deleted afterwards)"
        )

        def cold(step: str) -> list[Path]:
            return [folder / f"cache-{step}-{run}" for run in range(options.repeats)]

        naive_s, naive_mb, naive = measure_median("naive", corpus_dir, cold("naive"))
        report("(a) naive textblob-de", count, naive_s, naive_mb, " (sentences given)")
        split_s = naive["split_seconds"]
        report("(a) + splitting", count, naive_s + split_s, None, " (split timed separately)")
        only_s, only_mb, only = measure_median("annotate", corpus_dir, cold("annotate"))
        report("(a') korea_notes annotate", count, only_s, only_mb, " (sentences given, cold)")
        first_dirs = cold("first")
        first_s, first_mb, first = measure_median("first", corpus_dir, first_dirs)
        report("(b) korea_notes first run", count, first_s, first_mb, " (split + annotate, cold)")
        warm = [first_dirs[-1]] * options.repeats
        second_s, second_mb, second = measure_median("second", corpus_dir, warm)
        report("(c) korea_notes second run", count, second_s, second_mb, " (from the cache)")

        identical = sum(
            a == b == c
            for a, b, c in zip(
                naive["polarity_raw"], only["polarity_raw"], first["polarity_raw"], strict=True
            )
        )
        same_tables = only["digest"] == first["digest"] == second["digest"]
        print(f"polarity_raw identical in (a), (a') and (b): {identical:,} of {count:,} sentences")
        print(
            f"cache: (b) split {first['split']:,} and annotated {first['annotated']:,} articles; "
            f"(c) read {second['sentences_read']:,} sentence and "
            f"{second['annotations_read']:,} annotation entries, split {second['split']} and "
            f"annotated {second['annotated']}; tables of (a'), (b) and (c) identical: {same_tables}"
        )
        resplit, reannotated, total = changed_article_check(synthetic, first_dirs[-1])
        print(
            f"one article changed: {resplit} of {total:,} articles re-split, {reannotated} "
            "re-annotated"
        )
        articles = len(synthetic)
        complete = (
            first["split"] == first["annotated"] == articles
            and second["sentences_read"] == second["annotations_read"] == articles
            and second["split"] == second["annotated"] == 0
        )
        changed_only = (resplit, reannotated) == (1, 1)
        if identical != count or not same_tables or not changed_only or not complete:
            print("CHECK FAILED: results differ; the speed figures are not comparable")
            return 1
        print(
            f"from clean articles: (a) + splitting / (b) = "
            f"{(naive_s + split_s) / first_s:.1f}x"
        )
    print(f"speedup over naive textblob-de: {naive_s / only_s:.1f}x")
    print(f"cached re-run speedup: {first_s / second_s:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
